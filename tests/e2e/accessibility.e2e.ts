// Issue 14, accessibility: axe-core finds 0 serious and 0 critical violations in every main state
// of the popup and the options page, in light and in dark (prefers-color-scheme emulated by the
// browser: Chromium's colorScheme, Firefox's ui.systemUsesDarkTheme pref), in both browsers.
// Also: every control reached by Tab shows a visible focus indicator.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seriousViolations } from './fixtures/axe';
import { launchExtension, type ExtensionHarness, type Page } from './fixtures/extension';
import { signInTab, signedOutTab, startKaneo, type KaneoServerHandle } from './fixtures/kaneo';
import { tabIdOf } from './fixtures/tabs';
import { OptionsPage } from './pages/options-page';
import { PopupPage } from './pages/popup-page';
import { TesterSection } from './pages/tester-page';

const PASSPHRASE = 'granite-swallow-mends-72-under-amber-skies';

let kaneo: KaneoServerHandle;
beforeAll(async () => {
  kaneo = await startKaneo();
});
afterAll(async () => {
  await kaneo?.close();
});

async function expectClean(page: Page, state: string): Promise<void> {
  const found = await seriousViolations(page);
  expect(found, `${state}:\n${found.join('\n')}`).toEqual([]);
}

/**
 * Whether the focused element draws a focus indicator: an outline, or the focus ring of
 * tokens.css (`--focus-ring`, a 4 px spread) — not merely a button's resting shadow.
 */
function focusShown(): { tag: string; label: string; shown: boolean } | null {
  const el = document.activeElement as HTMLElement | null;
  if (!el || el === document.body) return null;
  const style = getComputedStyle(el);
  const shown = (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0) || /0px 0px 0px 4px/.test(style.boxShadow);
  return { tag: el.tagName, label: `${el.getAttribute('aria-label') ?? el.textContent?.trim().slice(0, 30) ?? ''} [${style.boxShadow}]`, shown };
}

describe.each(['light', 'dark'] as const)('axe, %s theme', (colorScheme) => {
  let ext: ExtensionHarness;
  let options: OptionsPage;
  beforeAll(async () => {
    ext = await launchExtension({ colorScheme });
    options = await OptionsPage.open(ext);
  });
  afterAll(async () => {
    await ext?.close();
  });

  it('onboarding', async () => {
    await options.page.getByRole('form', { name: 'Set up Kaneo Key Manager' }).waitFor();
    await expectClean(options.page, 'onboarding');
    await options.setPassphrase(PASSPHRASE);
  });

  it('This tab, signed out', async () => {
    const tab = await signedOutTab(ext, kaneo);
    const page = await ext.openPage(`popup.html?tab=${await tabIdOf(ext, kaneo.url)}`, { width: 360, height: 520 });
    const popup = new PopupPage(page);
    await popup.waitUntilLoaded();
    await popup.openTab('This tab');
    await page.getByRole('region', { name: 'Signed out' }).waitFor();
    await expectClean(page, 'This tab, signed out');
    await page.close();
    await tab.close();
  });

  it('This tab, signed in with a key, and the popup with keys', async () => {
    const tab = await signInTab(ext, kaneo);
    const page = await ext.openPage(`popup.html?tab=${await tabIdOf(ext, kaneo.url)}`, { width: 360, height: 520 });
    const popup = new PopupPage(page);
    await popup.waitUntilLoaded();
    await popup.openTab('This tab');
    await page.getByRole('button', { name: 'New API key', exact: true }).click();
    await expectClean(page, 'This tab, create form');
    await page.getByRole('form', { name: 'New API key' }).getByLabel('Name', { exact: true }).fill(`axe ${colorScheme}`);
    await page.getByRole('button', { name: 'Create key', exact: true }).click();
    // The first key for this origin is asked once (look-alike pages): check that dialog too.
    const confirm = page.getByRole('button', { name: /^Create key for / });
    await confirm.or(page.getByRole('group', { name: 'Key saved to the vault' })).first().waitFor();
    if (await confirm.isVisible()) {
      await expectClean(page, 'This tab, first key for this origin');
      await confirm.click();
    }
    await page.getByRole('group', { name: 'Key saved to the vault' }).waitFor();
    await page.getByRole('region', { name: 'In your vault' }).waitFor();
    await expectClean(page, 'This tab, signed in, key created');
    await popup.openTab('Keys');
    await page.getByRole('searchbox', { name: 'Search keys' }).waitFor();
    await expectClean(page, 'popup, unlocked with keys');
    await popup.openTab('Test');
    await page.getByRole('button', { name: `Test axe ${colorScheme}`, exact: true }).click();
    await page.getByRole('region', { name: 'Response' }).getByTestId('response-status').waitFor();
    await expectClean(page, 'popup, test with a response');
    await page.close();
    await tab.close();
  });

  it('options: keys, add dialog, delete confirm', async () => {
    await options.goTo('Keys');
    await options.copyButton(`axe ${colorScheme}`).waitFor();
    await expectClean(options.page, 'options, unlocked with keys');
    await options.page.getByRole('region', { name: 'Keys' }).getByRole('button', { name: 'Add key' }).first().click();
    const dialog = options.page.getByRole('dialog', { name: 'Add a key' });
    await dialog.waitFor();
    await expectClean(options.page, 'add dialog');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'detached' });
    await options.page.getByRole('button', { name: `Delete axe ${colorScheme}`, exact: true }).click();
    const confirm = options.page.getByRole('alertdialog');
    await confirm.waitFor();
    await expectClean(options.page, 'delete confirm');
    await confirm.getByRole('button', { name: 'Cancel' }).click();
    await confirm.waitFor({ state: 'detached' });
  });

  it('options: tester with a response, and copy-as', async () => {
    await options.goTo('Tester');
    const tester = new TesterSection(options.page);
    await tester.testThisKey();
    expect(await tester.status()).toBe('200 OK');
    await tester.region.getByRole('region', { name: 'Copy as' }).waitFor();
    await expectClean(options.page, 'tester with a response and copy-as');
  });

  it('options: Kaneo and security settings', async () => {
    await options.goTo('Kaneo');
    await expectClean(options.page, 'options, Kaneo');
    await options.goTo('Security');
    await expectClean(options.page, 'security settings');
  });

  // Chromium only: headless Firefox driven over BiDi does not match :focus-visible after a
  // synthetic Tab (computed box-shadow stays "none" on every control, the ring rule included), so
  // there the check cannot tell a missing ring from the harness. The CSS is the same in both.
  it.skipIf(process.env.E2E_BROWSER === 'firefox')('shows a focus indicator on every control reached by Tab in the popup', async () => {
    const page = await ext.openPage('popup.html', { width: 360, height: 520 });
    const popup = new PopupPage(page);
    await popup.waitUntilLoaded();
    await page.getByRole('searchbox', { name: 'Search keys' }).waitFor();
    // :focus-visible follows the window's focus: the page must be the front tab.
    await page.bringToFront();
    const seen: Array<{ tag: string; label: string; shown: boolean }> = [];
    for (let i = 0; i < 12; i += 1) {
      await page.keyboard.press('Tab');
      const focused = await page.evaluate(focusShown);
      if (focused) seen.push(focused);
    }
    expect(seen.length).toBeGreaterThan(4);
    expect(seen.filter((f) => !f.shown)).toEqual([]);
    await page.close();
  });

  it('locked (popup and options)', async () => {
    await options.lock();
    await expectClean(options.page, 'options, locked');
    const popup = await PopupPage.open(ext);
    await popup.unlockForm().waitFor();
    await expectClean(popup.page, 'popup, locked');
    await popup.page.close();
  });

  it('damaged vault', async () => {
    await ext.evaluateInExtension(async () => {
      type Api = { storage: { local: { set(items: object): Promise<void> } } };
      const g = globalThis as unknown as { browser?: Api; chrome: Api };
      await (g.browser ?? g.chrome).storage.local.set({ vault: { version: 99, junk: true } });
    }, undefined);
    const page = await ext.openPage('options.html');
    await page.getByText('The vault can’t be read').waitFor();
    await expectClean(page, 'damaged vault');
    await page.close();
  });
});
