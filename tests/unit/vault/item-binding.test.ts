import { describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { createApiBaseStore } from '@/lib/kaneo/background/api-base-store';
import { createListingKeyStore } from '@/lib/kaneo/background/listing-key-store';
import { createTesterHistory } from '@/lib/tester/background/history';
import { fastVault, STRONG_PASSPHRASE } from './vault-test-helpers';

// Someone with write access to the profile copies one sealed item's blob over another. Before the
// blobs named their item (format 1), the copy opened as the other item's data.
describe('sealed items are bound to their storage item', () => {
  it('an API-bases blob copied over the listing keys, or over the history, does not open there and is kept', async () => {
    const vault = fastVault();
    await vault.create(STRONG_PASSPHRASE);
    const apiBases = createApiBaseStore(vault);
    // An API-bases mapping shaped like a listing record would pass the listing schema if it opened.
    expect((await apiBases.set('https://kaneo.example.org', 'https://api.example.org/api')).ok).toBe(true);
    const { kaneoApiBases } = await fakeBrowser.storage.local.get('kaneoApiBases');

    await fakeBrowser.storage.local.set({ 'tester.history': kaneoApiBases, kaneoListingKeys: kaneoApiBases });
    const history = createTesterHistory({ vault });
    expect(await history.list('k1')).toMatchObject({ ok: false, reason: 'undecryptable' });
    expect(await createListingKeyStore(vault).get('https://kaneo.example.org')).toBeNull();
    // Nothing was overwritten by reading.
    expect((await fakeBrowser.storage.local.get('tester.history'))['tester.history']).toEqual(kaneoApiBases);
    // The real item still opens.
    expect(await apiBases.get('https://kaneo.example.org')).toBe('https://api.example.org/api');
  });

  it('a history blob swapped into the API bases does not open as API bases', async () => {
    const vault = fastVault();
    await vault.create(STRONG_PASSPHRASE);
    const sealed = await vault.seal({ v: 1, entries: [{ webOrigin: 'https://evil.example', apiBaseUrl: 'https://evil.example/api' }] }, 'local:tester.history');
    if (!sealed.ok) throw new Error(sealed.message);
    await fakeBrowser.storage.local.set({ kaneoApiBases: sealed.value });
    const apiBases = createApiBaseStore(vault);
    expect(await apiBases.get('https://evil.example')).toBeNull();
    expect(await apiBases.list()).toMatchObject({ ok: false, reason: 'undecryptable' });
  });
});
