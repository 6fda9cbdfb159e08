// Issue 8 item 5: one long key name (the limit is 64 characters) must not push any row's buttons
// out of the 360 px popup, nor make the options page scroll sideways at a narrow width. Names are
// cut short with an ellipsis, and the full name stays in the text (screen readers) and the tooltip.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchExtension, type ExtensionHarness } from './fixtures/extension';
import { OptionsPage } from './pages/options-page';
import { TesterSection } from './pages/tester-page';
import { PopupPage } from './pages/popup-page';

const PASSPHRASE = 'amber-orchard-walks-73-past-silent-dunes';
// 64 characters without a space to break at, in wide letters: the worst case for a row.
const LONG = `Deploy-${'W'.repeat(57)}`;
const SHORT = 'CI';

let ext: ExtensionHarness;
let options: OptionsPage;

beforeAll(async () => {
  expect(LONG).toHaveLength(64);
  ext = await launchExtension();
  options = await OptionsPage.open(ext);
  await options.setPassphrase(PASSPHRASE);
  await options.addKey({ name: SHORT, secret: `kaneo_${'a'.repeat(58)}`, webOrigin: 'https://kaneo.example.com' });
  await options.addKey({ name: LONG, secret: `kaneo_${'b'.repeat(58)}`, webOrigin: 'https://kaneo.example.com' });
});

afterAll(async () => {
  await ext?.close();
});

describe('the popup with a 64-character key name', () => {
  let popup: PopupPage;
  beforeAll(async () => {
    popup = await PopupPage.open(ext);
  });

  it('keeps every key row’s buttons inside the popup in the Keys list', async () => {
    await popup.openTab('Keys');
    await popup.copyButton(LONG).waitFor();
    expect(await popup.buttonCount()).toBeGreaterThanOrEqual(4);
    expect(await popup.buttonsOutsidePopup()).toEqual([]);
    expect(await popup.shownName(LONG)).toEqual({ text: LONG, cut: true });
  });

  it('keeps every Test and Copy curl button inside the popup in the Test tab', async () => {
    await popup.openTab('Test');
    await popup.page.getByRole('button', { name: `Test ${LONG}`, exact: true }).waitFor();
    expect(await popup.buttonCount()).toBeGreaterThanOrEqual(4);
    expect(await popup.buttonsOutsidePopup()).toEqual([]);
    expect(await popup.shownName(LONG)).toEqual({ text: LONG, cut: true });
  });
});

describe('the options page at a narrow width', () => {
  beforeAll(async () => {
    await options.page.bringToFront();
    await options.resize(420);
  });

  it('does not scroll sideways in the Keys section, and its buttons stay in the window', async () => {
    await options.goTo('Keys');
    expect(await options.horizontalOverflow()).toBe(0);
    expect(await options.buttonsOutsideWindow('Keys')).toEqual([]);
    expect(await options.shownName('Keys', LONG)).toEqual({ text: LONG, cut: true });
  });

  it('fits the Edit dialog of the long-named key, its title wrapped in full', async () => {
    const dialog = await options.openEditDialog(LONG);
    expect(await dialog.getByRole('heading').innerText()).toContain(LONG.slice(-20));
    expect(await options.dialogOverflowsSideways()).toBe(false);
    expect(await options.horizontalOverflow()).toBe(0);
    expect(await options.buttonsOutsideWindow('dialog')).toEqual([]);
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'detached' });
  });

  it('does not scroll sideways in the Tester section with the long name picked', async () => {
    await options.goTo('Tester');
    await new TesterSection(options.page).pickKey(LONG);
    expect(await options.horizontalOverflow()).toBe(0);
    expect(await options.buttonsOutsideWindow('Tester')).toEqual([]);
  });
});
