// Issue 11: Kaneo, the request tester, sync and backup are in the background's lazy script
// (background-features.js, docs/ARCHITECTURE.md "The lazy script"), loaded on first use: in
// Chromium with importScripts from the copy the service worker kept at install, in Firefox with a
// <script> element in the background page. Here, in the built extension: the lazy features work
// from a fresh start, and after the background restarts (Chromium: a new worker instance, which
// never ran `install`); a popup and an unlock after a restart do not load the lazy script.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { capabilities, launchExtension, type ExtensionHarness } from './fixtures/extension';
import { createServerKey, startKaneo, type KaneoServerHandle } from './fixtures/kaneo';
import { BackupPage } from './pages/backup-page';
import { OptionsPage } from './pages/options-page';
import { PopupPage } from './pages/popup-page';
import { TesterSection } from './pages/tester-page';

const PASSPHRASE = 'amber-kettle-wanders-58-past-silent-dunes';
/** The lazy script's one global (lib/lazy/background/lazy-contract.ts LAZY_GLOBAL). */
const LAZY_GLOBAL = '__kaneoKeyManagerBackgroundFeatures';
const KEY = { name: 'Lazy e2e key', secret: '' };

let ext: ExtensionHarness;
let kaneo: KaneoServerHandle;

beforeAll(async () => {
  kaneo = await startKaneo();
  ext = await launchExtension();
  KEY.secret = (await createServerKey(kaneo, 'lazy e2e')).key;
});

afterAll(async () => {
  await ext?.close();
  await kaneo?.close();
});

/** The tester, from the options page: "Test this key" against the Kaneo server answers 200. */
async function testerAnswers200(options: OptionsPage): Promise<void> {
  await options.goTo('Tester');
  const tester = new TesterSection(options.page);
  await tester.pickKey(KEY.name);
  await tester.testThisKey();
  expect(await tester.status()).toBe('200 OK');
  await expect.poll(() => tester.response().innerText()).toContain('Demo Workspace');
}

/** A backup export, from the options page: an encrypted file that names nothing. */
async function backupDownloads(options: OptionsPage): Promise<void> {
  const section = new BackupPage(options.page);
  await section.open();
  const backup = await section.download(PASSPHRASE);
  expect(Object.keys(JSON.parse(backup.text)).sort()).toEqual(['cipher', 'format', 'kdf', 'v']);
  expect(backup.text).not.toContain(KEY.secret);
}

describe('the background’s lazy script', () => {
  it('from a fresh start: the tester reaches the Kaneo server and a backup downloads', async () => {
    const options = await OptionsPage.open(ext);
    await options.setPassphrase(PASSPHRASE);
    await options.addKey({ name: KEY.name, secret: KEY.secret, webOrigin: kaneo.url });
    await testerAnswers200(options);
    await backupDownloads(options);
    await options.page.close();
  });

  it('after a restart, a popup and its unlock load nothing of it; then the tester and a backup load it and work', async () => {
    // No app page stays open to wake the background by itself in between.
    await ext.background.restart();

    // Opening the popup asks the background for the vault's state, which starts it again.
    const popup = await PopupPage.open(ext);
    if (!capabilities.restartKeepsUnlock) {
      expect(await popup.isLocked()).toBe(true);
      await popup.unlock(PASSPHRASE);
    }
    await popup.copyButton(KEY.name).waitFor();
    if (capabilities.inspectsBackground) {
      // A new worker instance: it never ran `install`, and the popup asked only the core.
      expect(await ext.background.evaluate(`typeof self.${LAZY_GLOBAL}`)).toBe('undefined');
    }
    await popup.page.close();

    const options = await OptionsPage.open(ext);
    await testerAnswers200(options);
    if (capabilities.inspectsBackground) {
      // Loaded now, by the worker that never installed: from the copy kept at install.
      expect(await ext.background.evaluate(`typeof self.${LAZY_GLOBAL}`)).toBe('function');
    }
    await backupDownloads(options);
    await options.page.close();
  });

  it.runIf(capabilities.inspectsBackground)('after another stop, a backup (the first lazy message of that worker) works too', async () => {
    await ext.background.restart();
    const options = await OptionsPage.open(ext);
    expect(await ext.background.evaluate(`typeof self.${LAZY_GLOBAL}`)).toBe('undefined');
    await backupDownloads(options);
    expect(await ext.background.evaluate(`typeof self.${LAZY_GLOBAL}`)).toBe('function');
    await options.page.close();
  });

  it('reported no error from the extension', () => {
    expect(ext.extensionErrors()).toEqual([]);
  });
});
