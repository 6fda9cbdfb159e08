// Issue 11, in the built extension: a vault of 10,000 keys with 2,000-character notes (about
// 31 MB as stored, written by the real vault code) opens, lists, searches and saves — in the
// options page and the popup, in Chromium and Firefox. The lists are virtualised: the DOM holds a
// screenful of rows, not 10,000.
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { KeyDraft } from '../../lib/keys/key-entry';
import type { ExtensionHarness } from './fixtures/extension';
import { launchWithSeededVault } from './fixtures/seed-vault';
import { OptionsPage } from './pages/options-page';
import { PopupPage } from './pages/popup-page';

const PASSPHRASE = 'copper-heron-sleeps-41-under-wide-dunes';
const KEYS = 10_000;
const WEBS = ['https://kaneo.alpha.test', 'https://kaneo.beta.test'];

function seeded(i: number): KeyDraft {
  const web = WEBS[i % WEBS.length]!;
  return {
    name: `key ${String(i).padStart(5, '0')}`,
    secret: `kaneo_${String(i).padStart(58, '0')}`,
    instance: { webOrigin: web, apiBaseUrl: `${web}/api` },
    notes: `note ${i} `.padEnd(2000, 'x'),
  };
}

let ext: ExtensionHarness;
let storedBytes = 0;

beforeAll(async () => {
  ({ ext, storedBytes } = await launchWithSeededVault(PASSPHRASE, KEYS, seeded));
}, 300_000);

afterAll(async () => {
  await ext?.close();
});

it('the seeded vault is about 31 MB as stored', () => {
  expect(storedBytes).toBeGreaterThan(25 * 1024 * 1024);
});

it('the options page unlocks it, counts every key and renders only a screenful of rows', async () => {
  const options = await OptionsPage.open(ext);
  await options.unlock(PASSPHRASE);
  await expect.poll(() => options.keyCount(), { timeout: 120_000 }).toBe('10,000 keys');
  const rendered = (await options.keyNames()).length;
  expect(rendered).toBeGreaterThan(5);
  expect(rendered).toBeLessThan(200);
  await options.search('key 09999');
  await expect.poll(() => options.keyNames(), { timeout: 30_000 }).toEqual(['key 09999']);
  expect(await options.revealKey('key 09999')).toBe(seeded(9999).secret);
  await options.page.close();
}, 300_000);

it('saves one more key at this size, and keeps it after lock and unlock', async () => {
  const options = await OptionsPage.open(ext);
  // "a…" sorts first in its group, so the new row is in view without searching.
  // Firefox's background takes well over the driver's 20-second default to save into this vault
  // (how long is `npm run bench`'s business, not this test's): the save gets the spec's limit.
  await options.addKey({ name: 'a new key', secret: 'kaneo_a_new_key_secret', webOrigin: WEBS[0]!, notes: 'y'.repeat(2000) }, { timeout: 120_000 });
  await expect.poll(() => options.keyCount(), { timeout: 60_000 }).toBe('10,001 keys');
  await options.lock();
  await options.unlock(PASSPHRASE);
  await expect.poll(() => options.keyCount(), { timeout: 120_000 }).toBe('10,001 keys');
  await options.search('a new key');
  await expect.poll(() => options.keyNames(), { timeout: 30_000 }).toEqual(['a new key']);
  expect(await options.revealKey('a new key')).toBe('kaneo_a_new_key_secret');
  await options.page.close();
}, 300_000);

it('the popup lists and finds the keys too', async () => {
  const popup = await PopupPage.open(ext, { timeout: 120_000 });
  if (await popup.isLocked()) await popup.unlock(PASSPHRASE);
  await expect.poll(async () => (await popup.keyNames()).length, { timeout: 120_000 }).toBeGreaterThanOrEqual(10);
  expect((await popup.keyNames()).length).toBeLessThan(200);
  await popup.search('key 04242');
  await expect.poll(() => popup.keyNames(), { timeout: 30_000 }).toEqual(['key 04242']);
  expect(await popup.revealKey('key 04242')).toBe(seeded(4242).secret);
  await popup.page.close();
}, 300_000);

it('reported no page errors', () => {
  expect(ext.extensionErrors().filter((e) => !/Failed to load resource/.test(e))).toEqual([]);
});
