// Issue 8.3, in the built extension against the Kaneo-compatible server: the vault write fails
// (storage.local refuses it as full) while a key is created through the signed-in Kaneo tab.
// The server keeps the key, the popup shows its secret once with a copy button and a warning,
// the vault is left as it was, and once writes work again "Try saving again" stores it: nothing
// is lost. Before the fix the popup said "Something went wrong inside the extension" and the
// secret was gone.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { capabilities, launchExtension, type ExtensionHarness, type Page } from './fixtures/extension';
import { listServerKeys, signInTab, startKaneo, type KaneoServerHandle } from './fixtures/kaneo';
import { allowVaultWrites, refuseVaultWrites } from './fixtures/storage-faults';
import { tabIdOf } from './fixtures/tabs';
import { KaneoTabPage, type UnsavedNotice } from './pages/kaneo-tab-page';
import { OptionsPage } from './pages/options-page';
import { PopupPage } from './pages/popup-page';

const PASSPHRASE = 'saffron-otter-drifts-58-over-calm-weirs';
const KEY_NAME = `unsaved ${randomBytes(3).toString('hex')}`;

let ext: ExtensionHarness;
let kaneo: KaneoServerHandle;
let tab: Page;
let popup: KaneoTabPage;
let notice: UnsavedNotice;
let secret = '';
let vaultBefore: unknown;

async function serverKeyNames(): Promise<string[]> {
  return (await listServerKeys(kaneo)).map((k) => k.name);
}


// The fault is injected into the running background (capabilities.inspectsBackground): Chromium's
// service worker is reachable over CDP, Firefox's background page is not, so this file runs in
// Chromium only.
describe.runIf(capabilities.inspectsBackground)('a key created while the vault cannot be written', () => {
  beforeAll(async () => {
    kaneo = await startKaneo();
    ext = await launchExtension();
    const options = await OptionsPage.open(ext);
    await options.setPassphrase(PASSPHRASE);
    await options.addKey({ name: 'kept', secret: 'kaneo_kept_secret_value', webOrigin: kaneo.url });
    await options.page.close();
  });

  it('signs in to Kaneo in a tab and opens the popup on it', async () => {
    // In a test, not beforeAll: the sign-in helper polls with expect.
    tab = await signInTab(ext, kaneo);
    popup = await KaneoTabPage.openFor(ext, await tabIdOf(ext, kaneo.url), PASSPHRASE);
  });

  afterAll(async () => {
    await ext?.close();
    await kaneo?.close();
  });

  it('a create whose vault write is refused shows the secret once, with a warning', async () => {
    vaultBefore = (await ext.dumpStorage('local')).vault;
    await refuseVaultWrites(ext);
    await popup.submitNewKey(KEY_NAME, '7 days', 'made while the disk was full');
    notice = await popup.unsavedNotice();
    const text = await notice.text();
    expect(text).toContain('Key created but not saved');
    expect(text).toContain(
      `The key was created on ${new URL(kaneo.url).host} but could not be saved in the vault (The vault could not be saved: the browser’s storage for the extension is full. Nothing was changed.). Copy it now — it won't be shown again — or revoke it on the server.`,
    );
    expect(text).not.toContain('Something went wrong');
    secret = await notice.secret(KEY_NAME);
    expect(secret).toMatch(/^[A-Za-z0-9]{64}$/);
  });

  it('the server keeps the key and it works; the vault is unchanged', async () => {
    expect(await serverKeyNames()).toContain(KEY_NAME);
    const res = await fetch(`${kaneo.apiUrl}/auth/organization/list`, { headers: { authorization: `Bearer ${secret}` } });
    expect(res.status).toBe(200);
    expect((await ext.dumpStorage('local')).vault).toEqual(vaultBefore);
    // The secret is in the notice only: never in storage.
    expect(JSON.stringify(await ext.dumpStorage('local'))).not.toContain(secret);
  });

  it('copies the secret', async () => {
    await notice.copy();
    await expect.poll(() => ext.readClipboard()).toBe(secret);
  });

  it('"Try saving again" says why while writes still fail, and stores the key once they work', async () => {
    expect(await notice.trySavingAgain()).toMatch(/^Still not saved: The vault could not be saved: the browser’s storage for the extension is full\. Nothing was changed\.$/);
    await allowVaultWrites(ext);
    expect(await notice.trySavingAgain()).toBeNull();

    const keys = await PopupPage.open(ext);
    if (await keys.isLocked()) await keys.unlock(PASSPHRASE);
    await expect.poll(() => keys.keyNames()).toEqual(expect.arrayContaining(['kept', KEY_NAME]));
    expect(await keys.revealKey(KEY_NAME)).toBe(secret);
    expect(await keys.revealKey('kept')).toBe('kaneo_kept_secret_value');
    await keys.page.close();
    void tab;
  });

  it('reported no page errors', () => {
    expect(ext.extensionErrors().filter((e) => !/Failed to load resource/.test(e))).toEqual([]);
  });
});
