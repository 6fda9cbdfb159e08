// Issue 11: the background decrypts the vault once per wake and does not re-validate the whole
// envelope on every operation — while a write still starts from what is stored, a failed write
// leaves the cache matching storage, and a lock drops the decrypted contents.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { createVaultStorage, vaultBytes, type VaultStorage } from '@/lib/vault/background/vault-storage';
import type { VaultEnvelope } from '@/lib/vault/background/envelope';
import { draft, fastVault, localSnapshot, STRONG_PASSPHRASE, TestClock } from './vault-test-helpers';

afterEach(() => {
  vi.restoreAllMocks();
});

/** A storage that counts reads of the envelope (validated reads and the write check alike). */
function countingStorage(base: VaultStorage = createVaultStorage()) {
  const counts = { envelopeReads: 0 };
  const storage: VaultStorage = {
    ...base,
    async readEnvelope() {
      counts.envelopeReads++;
      return base.readEnvelope();
    },
  };
  return { storage, counts };
}

function countDecrypts() {
  return vi.spyOn(globalThis.crypto.subtle, 'decrypt');
}

async function stored(): Promise<VaultEnvelope> {
  return (await fakeBrowser.storage.local.get('vault')).vault as VaultEnvelope;
}

const names = (r: Awaited<ReturnType<ReturnType<typeof fastVault>['listKeys']>>) => (r.ok ? r.value.map((k) => k.name) : r);

describe('the decrypted contents cache', () => {
  it('one add at steady state reads the stored envelope once (the check before writing) and decrypts nothing', async () => {
    const { storage, counts } = countingStorage();
    const vault = fastVault({ storage });
    await vault.create(STRONG_PASSPHRASE);
    await vault.addKey(draft({ name: 'first' }));
    await vault.listKeys();
    counts.envelopeReads = 0;
    const decrypts = countDecrypts();

    expect((await vault.addKey(draft({ name: 'second' }))).ok).toBe(true);
    expect(counts.envelopeReads).toBe(1);
    // …and what pages ask right after (status, list) and other features (seal/open) are answered from memory.
    expect(await vault.state()).toEqual({ state: 'unlocked' });
    expect(names(await vault.listKeys())).toEqual(['first', 'second']);
    expect(counts.envelopeReads).toBe(1);
    expect(decrypts).not.toHaveBeenCalled();
  });

  it('unlock decrypts once; listing afterwards decrypts nothing', async () => {
    const vault = fastVault();
    await vault.create(STRONG_PASSPHRASE);
    await vault.addKey(draft({ name: 'kept' }));
    await vault.lock();
    const decrypts = countDecrypts();
    expect((await vault.unlock(STRONG_PASSPHRASE)).ok).toBe(true);
    const afterUnlock = decrypts.mock.calls.length; // the data key's unwrap + the index + each stored bucket
    expect(afterUnlock).toBe(2 + (await stored()).buckets.filter(Boolean).length);
    await vault.listKeys();
    await vault.getKey((await vault.listKeys()).ok ? 'x' : 'y');
    expect(decrypts.mock.calls.length).toBe(afterUnlock);
  });

  it('a write that fails leaves the cache matching storage: nothing changed, in memory either', async () => {
    const vault = fastVault();
    await vault.create(STRONG_PASSPHRASE);
    await vault.addKey(draft({ name: 'kept' }));
    const before = await localSnapshot();
    vi.spyOn(fakeBrowser.storage.local, 'set').mockRejectedValue(new Error('QUOTA_BYTES quota exceeded'));
    expect(await vault.addKey(draft({ name: 'lost' }))).toMatchObject({ ok: false, reason: 'write-failed' });
    expect(await vault.deleteKey((await vault.listKeys()).ok ? ((await vault.listKeys()) as { value: { id: string }[] }).value[0]!.id : '')).toMatchObject({
      ok: false,
      reason: 'write-failed',
    });
    vi.restoreAllMocks();
    expect(await localSnapshot()).toEqual(before);
    expect(names(await vault.listKeys())).toEqual(['kept']);
    // A fresh background (nothing cached) sees the same.
    const fresh = fastVault();
    expect(names(await fresh.listKeys())).toEqual(['kept']);
  });

  it('a write over the size limit is refused before anything is stored, and the cache keeps the old contents', async () => {
    await fastVault().create(STRONG_PASSPHRASE);
    // The same (unlocked) vault, through a service whose limit leaves room for less than one such key.
    const vault = fastVault({ maxEnvelopeBytes: vaultBytes(await stored()) + 1_000 });
    const before = await localSnapshot();
    expect(await vault.addKey(draft({ name: 'too big', notes: 'n'.repeat(2000) }))).toMatchObject({ ok: false, reason: 'too-large' });
    expect(await localSnapshot()).toEqual(before);
    expect(names(await vault.listKeys())).toEqual([]);
  });

  it('another writer (another background, a restore) is seen: the cache is dropped on the storage change', async () => {
    const a = fastVault();
    await a.create(STRONG_PASSPHRASE);
    await a.addKey(draft({ name: 'from a' }));
    await a.listKeys();
    const b = fastVault();
    await b.addKey(draft({ name: 'from b' }));
    expect(names(await a.listKeys())).toEqual(['from a', 'from b']);
  });

  it('an envelope replaced in storage without a change event is still never written over (the write check reads storage)', async () => {
    const base = createVaultStorage();
    // No watch: the envelope I/O cannot know of changes, so it must not remember anything either.
    const { watchEnvelope: _none, ...unwatched } = base;
    const vault = fastVault({ storage: unwatched });
    await vault.create(STRONG_PASSPHRASE);
    await vault.addKey(draft({ name: 'mine' }));
    const other = fastVault();
    await other.addKey(draft({ name: 'theirs' }));
    expect((await vault.addKey(draft({ name: 'mine too' }))).ok).toBe(true);
    expect(names(await fastVault().listKeys()).toString()).toBe(['mine', 'theirs', 'mine too'].toString());
  });

  it('a damaged stored envelope is reported, not answered from the cache', async () => {
    const vault = fastVault();
    await vault.create(STRONG_PASSPHRASE);
    await vault.addKey(draft({ name: 'kept' }));
    const envelope = await stored();
    await fakeBrowser.storage.local.set({ vault: { ...envelope, index: { ...envelope.index, ct: `${envelope.index.ct.slice(0, -4)}AAAA` } } });
    expect(await vault.state()).toMatchObject({ state: 'damaged' });
    expect(await vault.listKeys()).toMatchObject({ ok: false, reason: 'damaged' });
    expect(await vault.addKey(draft({ name: 'not written' }))).toMatchObject({ ok: false, reason: 'damaged' });
  });

  it('lock and auto-lock drop the decrypted contents: the next unlock decrypts again', async () => {
    const clock = new TestClock();
    const vault = fastVault({ clock, idleLimitMs: async () => 60_000 });
    await vault.create(STRONG_PASSPHRASE);
    await vault.addKey(draft({ name: 'kept' }));
    await vault.listKeys();

    clock.advanceMinutes(2);
    expect(await vault.listKeys()).toMatchObject({ ok: false, reason: 'locked' });
    const perUnlock = 2 + (await stored()).buckets.filter(Boolean).length; // unwrap, index, each bucket
    const decrypts = countDecrypts();
    await vault.unlock(STRONG_PASSPHRASE);
    expect(decrypts.mock.calls.length).toBe(perUnlock);

    await vault.lock();
    await vault.unlock(STRONG_PASSPHRASE);
    expect(decrypts.mock.calls.length).toBe(2 * perUnlock);
    expect(names(await vault.listKeys())).toEqual(['kept']);
  });

  it('hands out frozen contents, so a caller cannot change the cache by mistake', async () => {
    const vault = fastVault();
    await vault.create(STRONG_PASSPHRASE);
    await vault.addKey(draft({ name: 'kept' }));
    const keys = await vault.listKeys();
    if (!keys.ok) throw new Error(keys.message);
    expect(() => {
      (keys.value[0] as { name: string }).name = 'changed';
    }).toThrow(TypeError);
    expect(() => (keys.value as unknown[]).push({})).toThrow(TypeError);
    expect(names(await vault.listKeys())).toEqual(['kept']);
  });
});

describe('the decrypted contents cache when the session ends elsewhere', () => {
  it('drops the contents once the session copy of the data key is gone', async () => {
    const vault = fastVault();
    await vault.create(STRONG_PASSPHRASE);
    await vault.addKey(draft({ name: 'kept' }));
    await vault.listKeys();
    await fakeBrowser.storage.session.clear();
    expect(await vault.listKeys()).toMatchObject({ ok: false, reason: 'locked' });
    const decrypts = countDecrypts();
    await vault.unlock(STRONG_PASSPHRASE);
    expect(decrypts.mock.calls.length).toBe(2 + (await stored()).buckets.filter(Boolean).length);
  });
});
