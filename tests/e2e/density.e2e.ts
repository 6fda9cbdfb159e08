// Issue 14, density: the popup shows at least 10 key rows at 360 × 520 without scrolling, and the
// options page's rows are about 48 px tall (they were 80). Measured in the built extension, with
// a vault of two instances whose keys have notes and expiry dates (the rows' full content).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KeyDraft } from '../../lib/keys/key-entry';
import { launchExtension, type ExtensionHarness } from './fixtures/extension';
import { buildVault, storeVault } from './fixtures/seed-vault';
import { keyRowsInView } from './pages/geometry';
import { OptionsPage } from './pages/options-page';
import { PopupPage } from './pages/popup-page';

const PASSPHRASE = 'quiet-lantern-folds-58-over-grey-hills';
const NAMES = ['CI deploy', 'Backup job', 'Reporting', 'Grafana export', 'Nightly sync', 'Docs bot', 'Release', 'Staging', 'Zapier', 'Slack bridge', 'Metrics', 'Audit'];

function draft(name: string, i: number): KeyDraft {
  const web = i % 3 === 0 ? 'https://kaneo.acme.test' : 'https://kaneo.example.com';
  return {
    name,
    secret: `kaneo_${String(i).padStart(58, '0')}`,
    instance: { webOrigin: web, apiBaseUrl: `${web}/api` },
    notes: i % 2 ? 'Used by the deploy pipeline; rotate before the quarter ends.' : '',
    expiresAt: i % 4 === 0 ? new Date(Date.now() + (i + 2) * 86_400_000).toISOString() : null,
  };
}

let ext: ExtensionHarness;

beforeAll(async () => {
  ext = await launchExtension();
  await storeVault(ext, await buildVault(PASSPHRASE, NAMES.map(draft)));
});

afterAll(async () => {
  await ext?.close();
});

describe('density', () => {
  it('the popup shows at least 10 whole key rows at 360 × 520', async () => {
    const popup = new PopupPage(await ext.openPage('popup.html', { width: 360, height: 520 }));
    await popup.waitUntilLoaded();
    await popup.unlock(PASSPHRASE);
    await popup.copyButton('CI deploy').waitFor();
    const panel = popup.page.getByRole('tabpanel');
    await expect.poll(async () => (await keyRowsInView(panel)).length).toBeGreaterThanOrEqual(10);
    await popup.page.close();
  });

  it('the options page’s key rows are about 48 px tall, notes and dates included', async () => {
    const options = await OptionsPage.open(ext);
    const locked = options.page.getByRole('form', { name: 'Vault locked' });
    await options.copyButton('CI deploy').or(locked).first().waitFor();
    if (await locked.isVisible()) await options.unlock(PASSPHRASE);
    await options.copyButton('CI deploy').waitFor();
    const heights = await keyRowsInView(options.page.getByRole('region', { name: 'Keys' }));
    expect(heights.length).toBeGreaterThanOrEqual(5);
    for (const height of heights) {
      expect(height).toBeGreaterThanOrEqual(40);
      expect(height).toBeLessThanOrEqual(56);
    }
  });
});
