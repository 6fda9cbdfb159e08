// Issue 8.1, in the built extension: a vault past 5 MB — written by the real vault code — unlocks,
// lists every key and takes one more save through the options page. Before the fix Chromium's
// service worker threw RangeError while checking the base64 of any vault past ~4.3 MiB, and the
// vault was reported as damaged.
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { KeyDraft } from '../../lib/keys/key-entry';
import type { ExtensionHarness } from './fixtures/extension';
import { launchWithSeededVault } from './fixtures/seed-vault';
import { OptionsPage } from './pages/options-page';
import { PopupPage } from './pages/popup-page';

const PASSPHRASE = 'copper-heron-sleeps-41-under-wide-dunes';
// 300 keys whose secrets are 16,000 characters long make 7 MB: past the old ~4.3 MiB breaking
// point. (10,000 ordinary keys with 2,000-character notes: ten-thousand-keys.e2e.ts.)
const KEYS = 300;
const WEB = 'https://kaneo.large.test';

function seeded(i: number): KeyDraft {
  return {
    name: `seeded ${String(i).padStart(4, '0')}`,
    secret: `kaneo_${String(i).padStart(16_000, '0')}`,
    instance: { webOrigin: WEB, apiBaseUrl: `${WEB}/api` },
    notes: `note ${i} `.padEnd(2000, 'x'),
  };
}

let ext: ExtensionHarness;
let storedBytes = 0;

beforeAll(async () => {
  ({ ext, storedBytes } = await launchWithSeededVault(PASSPHRASE, KEYS, seeded));
});

afterAll(async () => {
  await ext?.close();
});

it(`a vault of ${KEYS} long keys with 2,000-character notes is over 5 MB as stored`, async () => {
  expect(storedBytes).toBeGreaterThan(5 * 1024 * 1024);
  const local = await ext.dumpStorage('local');
  // The envelope plus every bucket item it names (format 3), as storage.local counts them.
  const buckets = Object.entries(local).filter(([name]) => name.startsWith('vault.b.'));
  expect(buckets.length).toBeGreaterThan(1);
  const counted = buckets.reduce((total, [name, value]) => total + name.length + JSON.stringify(value).length, 'vault'.length + JSON.stringify(local.vault).length);
  expect(counted).toBe(storedBytes);
});

it('unlocks and lists every key in the options page', async () => {
  const options = await OptionsPage.open(ext);
  await options.unlock(PASSPHRASE);
  // The list is virtualised: the count says every key is there, search reaches the last one.
  await expect.poll(() => options.keyCount(), { timeout: 30_000 }).toBe(`${KEYS} keys`);
  await options.search('seeded 0299');
  await expect.poll(() => options.keyNames(), { timeout: 30_000 }).toEqual(['seeded 0299']);
  await options.search('');
  await options.page.close();
}, 240_000);

it('takes one more save through the "Add a key" dialog, and keeps it after lock and unlock', async () => {
  const options = await OptionsPage.open(ext);
  await options.addKey({ name: 'one more', secret: 'kaneo_one_more_secret', webOrigin: WEB, notes: 'y'.repeat(2000) });
  await options.lock();
  await options.unlock(PASSPHRASE);
  await expect.poll(() => options.keyCount(), { timeout: 30_000 }).toBe(`${KEYS + 1} keys`);
  expect(await options.revealKey('one more')).toBe('kaneo_one_more_secret');
  await options.page.close();
}, 240_000);

it('the popup lists and finds the keys too', async () => {
  const popup = await PopupPage.open(ext);
  if (await popup.isLocked()) await popup.unlock(PASSPHRASE);
  await popup.search('seeded 0042');
  await expect.poll(() => popup.keyNames(), { timeout: 30_000 }).toEqual(['seeded 0042']);
  expect(await popup.revealKey('seeded 0042')).toBe(seeded(42).secret);
  await popup.page.close();
}, 240_000);

it('scrolling to the end of the list shows its last key, in the popup and in the options page', async () => {
  // The rows are virtual: they only exist once the list's scroller (the popup's body, the options
  // page's window) has been scrolled to them. A list watching the wrong scroller stays blank here.
  const last = `seeded ${String(KEYS - 1).padStart(4, '0')}`;
  const popup = await PopupPage.open(ext);
  if (await popup.isLocked()) await popup.unlock(PASSPHRASE);
  await expect.poll(() => popup.keyNames(), { timeout: 30_000 }).toContain('seeded 0000');
  expect(await popup.keyNames()).not.toContain(last);
  await popup.page.evaluate(() => {
    const scroller = document.querySelector('[data-scroller]');
    if (scroller) scroller.scrollTop = scroller.scrollHeight;
  });
  await expect.poll(() => popup.keyNames(), { timeout: 30_000 }).toContain(last);
  await popup.page.close();

  const options = await OptionsPage.open(ext);
  await expect.poll(() => options.keyCount(), { timeout: 30_000 }).toMatch(/keys$/);
  expect(await options.keyNames()).not.toContain(last);
  await options.page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
  await expect.poll(() => options.keyNames(), { timeout: 30_000 }).toContain(last);
  await options.page.close();
}, 240_000);

it('reported no page errors', () => {
  expect(ext.extensionErrors().filter((e) => !/Failed to load resource/.test(e))).toEqual([]);
});
