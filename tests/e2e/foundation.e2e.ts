// Issue 2, end to end in the built extension: passphrase, two keys, lock/unlock, copy, nothing
// readable in extension storage, a service-worker restart that keeps the vault unlocked, and lock.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchExtension, type ExtensionHarness } from './fixtures/extension';
import { OptionsPage } from './pages/options-page';
import { PopupPage } from './pages/popup-page';

const PASSPHRASE = 'violet-harbour-quietly-87-lanterns';
const token = () => randomBytes(12).toString('hex');

// Distinctive values, so a hit in a storage dump can only come from them.
const KEYS = [
  {
    name: `Acme deploy ${token().slice(0, 6)}`,
    secret: `kaneo_e2e_${token()}`,
    webOrigin: 'https://kaneo.acme-e2e.example',
  },
  {
    name: `Globex reporting ${token().slice(0, 6)}`,
    secret: `kaneo_e2e_${token()}`,
    webOrigin: 'https://projects.globex-e2e.example',
    apiBaseUrl: 'https://api.globex-e2e.example/kaneo',
  },
] as const;

let ext: ExtensionHarness;

beforeAll(async () => {
  ext = await launchExtension();
});
afterAll(async () => {
  await ext?.close();
});

describe('Foundation: the vault and named keys in the built extension', () => {
  let options: OptionsPage;

  it('opens the options page on install', () => {
    expect(ext.openedOnInstall).toBe(ext.url('options.html'));
  });

  it('sets a passphrase and adds two keys', async () => {
    options = await OptionsPage.open(ext);
    await options.setPassphrase(PASSPHRASE);
    for (const key of KEYS) await options.addKey(key);
    // The list renders after unlock answers: wait for it rather than read it once.
    await expect.poll(async () => (await options.keyNames()).sort()).toEqual(KEYS.map((k) => k.name).sort());
  });

  it('locks; refuses a wrong passphrase, changing nothing; unlocks with the right one', async () => {
    await options.lock();
    const envelope = JSON.stringify((await ext.dumpStorage('local')).vault);
    expect(await options.unlockExpectingRefusal(`${PASSPHRASE}x`)).toMatch(/passphrase is not right/i);
    await options.expectLocked();
    expect(JSON.stringify((await ext.dumpStorage('local')).vault)).toBe(envelope);
    await options.unlock(PASSPHRASE);
    // The list renders after unlock answers: wait for it rather than read it once.
    await expect.poll(async () => (await options.keyNames()).sort()).toEqual(KEYS.map((k) => k.name).sort());
  });

  it('copies a key from the popup: the clipboard holds exactly its secret', async () => {
    await ext.writeClipboard('something else');
    const popup = await PopupPage.open(ext);
    expect(await popup.isUnlocked()).toBe(true);
    await popup.copyKey(KEYS[1].name);
    await expect.poll(() => ext.readClipboard()).toBe(KEYS[1].secret);
    await popup.page.close();
  });

  it('finds keys in the popup by name and by instance', async () => {
    const popup = await PopupPage.open(ext);
    await popup.search(KEYS[0].name.slice(0, 8).toLowerCase());
    await expect.poll(() => popup.keyNames()).toEqual([KEYS[0].name]);
    await popup.search(new URL(KEYS[1].webOrigin).hostname);
    await expect.poll(() => popup.keyNames()).toEqual([KEYS[1].name]);
    await popup.search('');
    await expect.poll(async () => (await popup.keyNames()).length).toBe(2);
    await popup.page.close();
  });

  it('clears the clipboard after the chosen delay, also when the popup has closed', async () => {
    await options.setClipboardClearing(10);
    const popup = await PopupPage.open(ext);
    await popup.copyKey(KEYS[0].name);
    await expect.poll(() => ext.readClipboard()).toBe(KEYS[0].secret);
    await popup.page.close();
    await expect.poll(() => ext.readClipboard(), { timeout: 40_000, interval: 1_000 }).not.toBe(KEYS[0].secret);
    expect((await ext.readClipboard()).trim()).toBe('');
    await options.goTo('Keys');
  });

  it('keeps no secret, key name or instance URL readable in storage.local or storage.sync', async () => {
    const local = await ext.dumpStorage('local');
    const sync = await ext.dumpStorage('sync');
    // The vault is there (so the dump is a real one), and it is only ciphertext.
    expect(Object.keys(local)).toContain('vault');
    const text = JSON.stringify({ local, sync });
    const forbidden = KEYS.flatMap((key) => [
      key.secret,
      key.name,
      key.webOrigin,
      new URL(key.webOrigin).host,
      ...('apiBaseUrl' in key ? [key.apiBaseUrl, new URL(key.apiBaseUrl).host] : []),
    ]);
    for (const value of forbidden) {
      expect(text, `storage must not contain ${JSON.stringify(value)}`).not.toContain(value);
    }
    // Case changes or partial names would not hide a leak either.
    expect(text.toLowerCase()).not.toMatch(/acme|globex|kaneo_e2e_/);
  });

  it('stays unlocked after the service worker is stopped and started again', async () => {
    // No app page stays open to wake the worker by itself in between.
    await options.page.close();
    await ext.serviceWorker.waitUntilRunning();
    await ext.serviceWorker.evaluate(`self.__e2eBeforeRestart = true`);
    // stop() returns once that worker is gone; whether a new one is already running (anything
    // may wake it) is not asserted here: the missing global below is the proof of a restart.
    await ext.serviceWorker.stop();

    // Opening the popup asks the background for the vault's state, which starts a new worker.
    const popup = await PopupPage.open(ext);
    expect(await ext.serviceWorker.isRunning()).toBe(true);
    expect(await ext.serviceWorker.evaluate(`typeof self.__e2eBeforeRestart`)).toBe('undefined');
    expect(await popup.isUnlocked()).toBe(true);
    expect((await popup.keyNames()).sort()).toEqual(KEYS.map((k) => k.name).sort());
    await popup.page.close();
  });

  it('locks from the popup: the popup asks for the passphrase again, and the data key is gone', async () => {
    const popup = await PopupPage.open(ext);
    await popup.lock();
    expect(await popup.isLocked()).toBe(true);
    expect(await popup.copyButton(KEYS[0].name).count()).toBe(0);
    await popup.page.close();

    const reopened = await PopupPage.open(ext);
    expect(await reopened.isLocked()).toBe(true);
    const session = JSON.stringify(await ext.dumpStorage('session'));
    expect(session).not.toContain('dataKey');
    await reopened.page.close();
  });

  it('reports no page errors along the way', () => {
    expect(ext.pageErrors).toEqual([]);
  });
});
