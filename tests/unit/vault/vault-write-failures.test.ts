// Issue 8.1 and 8.3: a vault write the browser refuses, or one that would not fit, answers an
// error result and changes nothing — it never throws, and a vault that grew large stays readable.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { KeyDraft } from '@/lib/keys/key-entry';
import { createVaultHandlers } from '@/lib/vault/background/vault-handlers';
import { MAX_ENVELOPE_BYTES, vaultBytes } from '@/lib/vault/background/vault-storage';
import type { VaultEnvelope } from '@/lib/vault/background/envelope';
import { draft, fastVault, localSnapshot, STRONG_PASSPHRASE } from './vault-test-helpers';

const PAGE = { id: 'test-extension-id', url: 'chrome-extension://test-extension-id/options.html' };

afterEach(() => {
  vi.restoreAllMocks();
});

/** Makes every `storage.local.set` fail the way Chrome does when its quota is used up. */
function refuseLocalWrites() {
  return vi.spyOn(fakeBrowser.storage.local, 'set').mockRejectedValue(new Error('QUOTA_BYTES quota exceeded'));
}

function noted(index: number, notesLength = 2000): KeyDraft {
  return draft({ name: `bulk key ${index}`, secret: `kaneo_${String(index).padStart(58, '0')}`, notes: 'n'.repeat(notesLength) });
}

describe('a vault write the browser refuses', () => {
  it('addKey answers write-failed with a plain message, and the stored vault is unchanged', async () => {
    const vault = fastVault();
    await vault.create(STRONG_PASSPHRASE);
    await vault.addKey(draft({ name: 'kept' }));
    const before = await localSnapshot();
    refuseLocalWrites();
    const answer = await vault.addKey(draft({ name: 'new one' }));
    expect(answer).toEqual({
      ok: false,
      reason: 'write-failed',
      message: 'The vault could not be saved: the browser’s storage for the extension is full. Nothing was changed.',
    });
    expect(await localSnapshot()).toEqual(before);
    const keys = await vault.listKeys();
    expect(keys.ok && keys.value.map((k) => k.name)).toEqual(['kept']);
  });

  it.each([
    ['updateKey', (v: ReturnType<typeof fastVault>, id: string) => v.updateKey(id, { name: 'renamed' })],
    ['deleteKey', (v: ReturnType<typeof fastVault>, id: string) => v.deleteKey(id)],
    ['changePassphrase', (v: ReturnType<typeof fastVault>) => v.changePassphrase(STRONG_PASSPHRASE, 'velvet cactus harbour nine grapes')],
  ])('%s answers write-failed instead of throwing', async (_name, act) => {
    const vault = fastVault();
    await vault.create(STRONG_PASSPHRASE);
    const added = await vault.addKey(draft());
    if (!added.ok) throw new Error(added.message);
    const before = await localSnapshot();
    vi.spyOn(fakeBrowser.storage.local, 'set').mockRejectedValue(new Error('IO error: disk'));
    expect(await act(vault, added.value.id)).toMatchObject({
      ok: false,
      reason: 'write-failed',
      message: 'The vault could not be saved: the browser refused to store it. Nothing was changed.',
    });
    expect(await localSnapshot()).toEqual(before);
  });

  it('creating a vault answers write-failed and leaves nothing stored', async () => {
    const vault = fastVault();
    refuseLocalWrites();
    expect(await vault.create(STRONG_PASSPHRASE)).toMatchObject({ ok: false, reason: 'write-failed' });
    expect(await vault.state()).toEqual({ state: 'uninitialized' });
  });

  it('the keys.add message answers the reason, not "something went wrong"', async () => {
    const vault = fastVault();
    await vault.create(STRONG_PASSPHRASE);
    const handlers = createVaultHandlers({ vault });
    refuseLocalWrites();
    expect(await handlers['keys.add']({ draft: draft() }, PAGE)).toMatchObject({ ok: false, reason: 'write-failed' });
  });
});

describe('the vault size limit', () => {
  it('is 40 MiB: room for 10,000 keys with 2,000-character notes', () => {
    expect(MAX_ENVELOPE_BYTES).toBe(40 * 1024 * 1024);
  });

  it('refuses a write over the limit before storing anything, and the vault stays readable', async () => {
    // A 1 MiB limit stands in for 40 MiB, so the test needs about 316 keys, not 13,000.
    const limit = 1024 * 1024;
    const vault = fastVault({ maxEnvelopeBytes: limit });
    await vault.create(STRONG_PASSPHRASE);
    // Keys with 2,000-character notes take about 3.3 KB each: 300 in one write, then one at a time
    // until the next one no longer fits (how many depends on how the random ids fill the buckets).
    const bulk = await vault.addKeys(Array.from({ length: 300 }, (_, i) => noted(i)));
    if (!bulk.ok) throw new Error(bulk.message);
    let count = 300;
    for (; count < 340; count++) {
      const one = await vault.addKey(noted(10_000 + count));
      if (!one.ok) {
        expect(one).toMatchObject({ ok: false, reason: 'too-large' });
        break;
      }
    }
    expect(count).toBeLessThan(340);
    const stored = (await fakeBrowser.storage.local.get('vault')).vault as VaultEnvelope;
    const size = vaultBytes(stored);
    expect(size).toBeGreaterThan(limit - 20_000);
    expect(size).toBeLessThanOrEqual(limit);

    const set = vi.spyOn(fakeBrowser.storage.local, 'set');
    const refused = await vault.addKeys(Array.from({ length: 10 }, (_, i) => noted(20_000 + i)));
    expect(refused).toEqual({
      ok: false,
      reason: 'too-large',
      message: expect.stringMatching(
        /^The vault would grow to 1\.0\d? MiB, over its limit of 1\.0 MiB\. Nothing was changed\. Delete keys you no longer need or shorten long notes to make room\.$/,
      ),
    });
    expect(await vault.addKey(noted(30_000))).toMatchObject({ ok: false, reason: 'too-large' });
    expect(set).not.toHaveBeenCalled();
    expect((await fakeBrowser.storage.local.get('vault')).vault).toEqual(stored);

    // Still opens after a lock, with every key; and a change that fits is still taken.
    await vault.lock();
    expect(await vault.unlock(STRONG_PASSPHRASE)).toEqual({ ok: true, value: null });
    const keys = await vault.listKeys();
    expect(keys.ok && keys.value.length).toBe(count);
    if (!keys.ok) throw new Error(keys.message);
    expect(await vault.deleteKey(keys.value[0]!.id)).toMatchObject({ ok: true });
    expect(await vault.addKey(draft({ name: 'one more, short' }))).toMatchObject({ ok: true });
  });

  it('a vault past 5 MB unlocks, lists and saves (the old base64 check threw from ~4.3 MiB in Chromium)', async () => {
    const vault = fastVault();
    await vault.create(STRONG_PASSPHRASE);
    const bulk = await vault.addKeys(Array.from({ length: 1_800 }, (_, i) => noted(i)));
    if (!bulk.ok) throw new Error(bulk.message);
    expect(vaultBytes((await fakeBrowser.storage.local.get('vault')).vault as VaultEnvelope)).toBeGreaterThan(5_000_000);
    await vault.lock();
    expect(await vault.unlock(STRONG_PASSPHRASE)).toEqual({ ok: true, value: null });
    expect(await vault.state()).toEqual({ state: 'unlocked' });
    expect(await vault.addKey(noted(5_000))).toMatchObject({ ok: true });
    const keys = await vault.listKeys();
    expect(keys.ok && keys.value.length).toBe(1_801);
  }, 30_000);
});
