// Issue 11: every save reads the stored envelope and WXT's version metadata (`vault$`) to check
// for other writers. After the item's first read (through WXT, which waits for its migration),
// the default storage reads both in one storage call, and answers exactly what WXT would.
import { describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { createVaultStorage } from '@/lib/vault/background/vault-storage';

const ENVELOPE = { format: 'kaneo-key-manager/vault', v: 3, vaultId: 'v-1', revision: 4 };

/** What a storage that reads through WXT (its first read) answers for what is stored now. */
async function throughWxt() {
  return createVaultStorage().readEnvelope();
}

describe('reading the stored envelope', () => {
  it('after the first read, reads value and version in one storage call', async () => {
    await fakeBrowser.storage.local.set({ vault: ENVELOPE, vault$: { v: 1 } });
    const storage = createVaultStorage();
    expect(await storage.readEnvelope()).toEqual({ raw: ENVELOPE, storedVersion: 1 });
    const get = vi.spyOn(fakeBrowser.storage.local, 'get');
    expect(await storage.readEnvelope()).toEqual({ raw: ENVELOPE, storedVersion: 1 });
    expect(get).toHaveBeenCalledTimes(1);
    expect(get.mock.calls[0]![0]).toEqual(['vault', 'vault$']);
  });

  it.each([
    ['an envelope and its version', { vault: ENVELOPE, vault$: { v: 1 } }],
    ['a newer version', { vault: ENVELOPE, vault$: { v: 99, other: true } }],
    ['an envelope without a version', { vault: ENVELOPE }],
    ['a version that is not a number', { vault: ENVELOPE, vault$: { v: '1' } }],
    ['metadata that is not an object', { vault: ENVELOPE, vault$: [1] }],
    ['nothing', {}],
    ['only a version', { vault$: { v: 1 } }],
    ['a value that is not an envelope', { vault: 'hello', vault$: { v: 1 } }],
    ['null', { vault: null }],
  ])('answers what WXT answers for %s, also when it changes after the first read', async (_what, stored) => {
    const storage = createVaultStorage();
    await fakeBrowser.storage.local.set({ vault: { ...ENVELOPE, revision: 1 }, vault$: { v: 1 } });
    await storage.readEnvelope();
    await fakeBrowser.storage.local.remove(['vault', 'vault$']);
    await fakeBrowser.storage.local.set(stored as Record<string, unknown>);
    const expected = await throughWxt();
    expect(await storage.readEnvelope()).toEqual(expected);
  });
});
