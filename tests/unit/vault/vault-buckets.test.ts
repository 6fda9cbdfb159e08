// Envelope format 3: the keys live in bucket items beside a small envelope. A bucket cannot be
// swapped, replayed or lost without the vault saying "damaged"; a save writes only what changed;
// a crash between the bucket write and the envelope write loses nothing; orphans are swept.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { finishEnvelope, type VaultEnvelope } from '@/lib/vault/background/envelope';
import { BUCKET_COUNT, bucketItemName, bucketOf, fnv1a, referencedBucketNames, sealBucket } from '@/lib/vault/background/vault-buckets';
import { base64ToBytes } from '@/lib/vault/background/base64';
import { importDataKey } from '@/lib/vault/background/vault-crypto';
import { createVaultStorage } from '@/lib/vault/background/vault-storage';
import { draft, fastVault, flipByte, localSnapshot, STRONG_PASSPHRASE } from './vault-test-helpers';

afterEach(() => {
  vi.restoreAllMocks();
});

async function local(): Promise<Record<string, unknown>> {
  return localSnapshot();
}

function envelopeOf(snapshot: Record<string, unknown>): VaultEnvelope {
  return snapshot.vault as VaultEnvelope;
}

function bucketNames(snapshot: Record<string, unknown>): string[] {
  return Object.keys(snapshot).filter((name) => name.startsWith('vault.b.')).sort();
}

/** A vault with keys in at least two different buckets, locked. */
async function lockedWithKeys(count = 6) {
  const vault = fastVault();
  await vault.create(STRONG_PASSPHRASE);
  const added = await vault.addKeys(Array.from({ length: count }, (_, i) => draft({ name: `key ${i}` })));
  if (!added.ok) throw new Error(added.message);
  await vault.lock();
  return { vault, keys: added.value };
}

/** A locked vault whose one key was edited once, and what was stored before the edit. */
async function lockedAfterOneEdit() {
  const vault = fastVault();
  await vault.create(STRONG_PASSPHRASE);
  const added = await vault.addKey(draft({ name: 'before' }));
  if (!added.ok) throw new Error(added.message);
  const older = await local();
  await vault.updateKey(added.value.id, { name: 'after' });
  await vault.lock();
  return { added, older };
}

async function expectDamagedLeftAlone(pattern: RegExp): Promise<void> {
  const before = await local();
  const vault = fastVault();
  const state = await vault.state();
  expect(state.state).toBe('damaged');
  expect(state.state === 'damaged' && state.message).toMatch(pattern);
  expect(await vault.unlock(STRONG_PASSPHRASE)).toMatchObject({ ok: false, reason: 'damaged' });
  expect(await local()).toEqual(before);
}

describe('bucket of a key', () => {
  it('is FNV-1a(id) % 256', () => {
    // FNV-1a 32-bit test vectors.
    expect(fnv1a('')).toBe(0x811c9dc5);
    expect(fnv1a('a')).toBe(0xe40c292c);
    expect(fnv1a('foobar')).toBe(0xbf9cf968);
    expect(bucketOf('foobar')).toBe(0xbf9cf968 % 256);
    expect(BUCKET_COUNT).toBe(256);
  });
});

describe('format 3 storage', () => {
  it('stores only the envelope and the buckets it names; every key sits in its own bucket', async () => {
    const { keys } = await lockedWithKeys();
    const snapshot = await local();
    const envelope = envelopeOf(snapshot);
    expect(envelope.v).toBe(3);
    expect(bucketNames(snapshot)).toEqual(referencedBucketNames(envelope.buckets).sort());
    for (const key of keys) expect(envelope.buckets[bucketOf(key.id)]).not.toBeNull();
    expect(envelope.buckets.filter(Boolean).length).toBe(new Set(keys.map((k) => bucketOf(k.id))).size);
  });

  it('a save writes only the changed bucket and the envelope, then removes the old generation of that bucket', async () => {
    const vault = fastVault();
    await vault.create(STRONG_PASSPHRASE);
    const added = await vault.addKeys(Array.from({ length: 20 }, (_, i) => draft({ name: `key ${i}` })));
    if (!added.ok) throw new Error(added.message);
    const before = await local();
    const target = added.value[7]!;
    const n = bucketOf(target.id);
    const set = vi.spyOn(fakeBrowser.storage.local, 'set');
    const remove = vi.spyOn(fakeBrowser.storage.local, 'remove');

    expect(await vault.updateKey(target.id, { notes: 'changed' })).toMatchObject({ ok: true });
    const written = set.mock.calls.flatMap(([items]) => Object.keys(items as object));
    const revision = envelopeOf(before).revision + 1;
    expect(written.sort()).toEqual([bucketItemName(n, revision), 'vault'].sort());
    const oldName = bucketItemName(n, envelopeOf(before).buckets[n]!.g);
    expect(remove.mock.calls.flatMap(([names]) => [names].flat())).toEqual([oldName]);

    const after = await local();
    // Every other bucket is exactly as it was.
    for (const name of bucketNames(before)) if (name !== oldName) expect(after[name], name).toEqual(before[name]);
    expect(after[oldName]).toBeUndefined();
    expect(bucketNames(after)).toEqual(referencedBucketNames(envelopeOf(after).buckets).sort());
  });

  it('a delete that empties a bucket leaves no item for it', async () => {
    const vault = fastVault();
    await vault.create(STRONG_PASSPHRASE);
    const added = await vault.addKey(draft());
    if (!added.ok) throw new Error(added.message);
    expect(bucketNames(await local())).toHaveLength(1);
    expect(await vault.deleteKey(added.value.id)).toMatchObject({ ok: true });
    const after = await local();
    expect(bucketNames(after)).toEqual([]);
    expect(envelopeOf(after).buckets.every((row) => row === null)).toBe(true);
  });

  it('keeps the order of the key list across a lock and unlock, after edits and deletes', async () => {
    const vault = fastVault();
    await vault.create(STRONG_PASSPHRASE);
    const added = await vault.addKeys(Array.from({ length: 12 }, (_, i) => draft({ name: `key ${i}` })));
    if (!added.ok) throw new Error(added.message);
    await vault.updateKey(added.value[3]!.id, { notes: 'edited' });
    await vault.deleteKey(added.value[5]!.id);
    await vault.addKey(draft({ name: 'last' }));
    const listed = await vault.listKeys();
    await vault.lock();
    await vault.unlock(STRONG_PASSPHRASE);
    expect(await vault.listKeys()).toEqual(listed);
    expect(listed.ok && listed.value.map((k) => k.name).at(-1)).toBe('last');
  });
});

describe('damaged buckets', () => {
  it('a missing bucket → damaged, named, left alone (never a silent drop of keys)', async () => {
    await lockedWithKeys();
    const [first] = referencedBucketNames(envelopeOf(await local()).buckets);
    await fakeBrowser.storage.local.remove(first!);
    await expectDamagedLeftAlone(/bucket \d+ .* is missing/);
  });

  it('one changed byte in a bucket → damaged (its checksum)', async () => {
    await lockedWithKeys();
    const snapshot = await local();
    const [first] = referencedBucketNames(envelopeOf(snapshot).buckets);
    const bucket = snapshot[first!] as { alg: string; iv: string; ct: string };
    await fakeBrowser.storage.local.set({ [first!]: { ...bucket, ct: flipByte(bucket.ct, 3) } });
    await expectDamagedLeftAlone(/does not match its checksum/);
  });

  it('a bucket that is not a bucket → damaged', async () => {
    await lockedWithKeys();
    const [first] = referencedBucketNames(envelopeOf(await local()).buckets);
    await fakeBrowser.storage.local.set({ [first!]: 'hello' });
    await expectDamagedLeftAlone(/is not a vault bucket/);
  });

  it('a changed bucket byte with the checksum recomputed is still caught (AES-GCM) on unlock', async () => {
    await lockedWithKeys();
    const snapshot = await local();
    const envelope = envelopeOf(snapshot);
    const n = envelope.buckets.findIndex(Boolean);
    const name = bucketItemName(n, envelope.buckets[n]!.g);
    const bucket = snapshot[name] as { alg: 'AES-GCM'; iv: string; ct: string };
    const changed = { ...bucket, ct: flipByte(bucket.ct, 3) };
    const { bucketDigest, storedBucketBytes } = await import('@/lib/vault/background/vault-buckets');
    const table = [...envelope.buckets];
    table[n] = { g: table[n]!.g, d: await bucketDigest(changed), size: storedBucketBytes(name, changed) };
    const { digest: _d, ...rest } = envelope;
    await fakeBrowser.storage.local.set({ [name]: changed, vault: await finishEnvelope({ ...rest, buckets: table }) });
    const before = await local();
    const vault = fastVault();
    expect(await vault.state()).toEqual({ state: 'locked' });
    expect(await vault.unlock(STRONG_PASSPHRASE)).toMatchObject({ ok: false, reason: 'damaged', message: expect.stringMatching(/bucket \d+/) });
    expect(await fakeBrowser.storage.session.get()).toEqual({});
    expect(await local()).toEqual(before);
  });

  it('a bucket moved to another number (swap) does not open, even with the table and checksum made to fit', async () => {
    await lockedWithKeys();
    const snapshot = await local();
    const envelope = envelopeOf(snapshot);
    const from = envelope.buckets.findIndex(Boolean);
    const to = envelope.buckets.findIndex((row) => row === null);
    const g = envelope.buckets[from]!.g;
    const table = [...envelope.buckets];
    // Put bucket `from` under number `to` as well (same generation, same checksum, size for its new name).
    const moved = snapshot[bucketItemName(from, g)] as { alg: 'AES-GCM'; iv: string; ct: string };
    const { storedBucketBytes } = await import('@/lib/vault/background/vault-buckets');
    table[to] = { g, d: table[from]!.d, size: storedBucketBytes(bucketItemName(to, g), moved) };
    const { digest: _d, ...rest } = envelope;
    await fakeBrowser.storage.local.set({ [bucketItemName(to, g)]: moved, vault: await finishEnvelope({ ...rest, buckets: table }) });
    const vault = fastVault();
    expect(await vault.unlock(STRONG_PASSPHRASE)).toMatchObject({ ok: false, reason: 'damaged' });
  });

  it('an older generation of a bucket put back under the current name (replay) does not open', async () => {
    const { added, older } = await lockedAfterOneEdit();
    const snapshot = await local();
    const envelope = envelopeOf(snapshot);
    const n = bucketOf(added.value.id);
    const oldValue = older[bucketItemName(n, envelopeOf(older).buckets[n]!.g)] as { alg: 'AES-GCM'; iv: string; ct: string };
    const name = bucketItemName(n, envelope.buckets[n]!.g);
    const { bucketDigest, storedBucketBytes } = await import('@/lib/vault/background/vault-buckets');
    const table = [...envelope.buckets];
    table[n] = { g: table[n]!.g, d: await bucketDigest(oldValue), size: storedBucketBytes(name, oldValue) };
    const { digest: _d, ...rest } = envelope;
    await fakeBrowser.storage.local.set({ [name]: oldValue, vault: await finishEnvelope({ ...rest, buckets: table }) });
    expect(await fastVault().unlock(STRONG_PASSPHRASE)).toMatchObject({ ok: false, reason: 'damaged' });
  });

  it('a table whose generation disagrees with the sealed index does not open', async () => {
    const { added, older } = await lockedAfterOneEdit();
    // The old generation's item is put back and the table pointed at it (checksum recomputed).
    const envelope = envelopeOf(await local());
    const n = bucketOf(added.value.id);
    const oldRow = envelopeOf(older).buckets[n]!;
    const oldName = bucketItemName(n, oldRow.g);
    const table = [...envelope.buckets];
    table[n] = oldRow;
    const { digest: _d, ...rest } = envelope;
    await fakeBrowser.storage.local.set({ [oldName]: older[oldName], vault: await finishEnvelope({ ...rest, buckets: table }) });
    expect(await fastVault().unlock(STRONG_PASSPHRASE)).toMatchObject({ ok: false, reason: 'damaged', message: expect.stringMatching(/index/) });
  });

  it('with two buckets that do not open, the lower-numbered one is named, whichever finishes first', async () => {
    await lockedWithKeys(12);
    const snapshot = await local();
    const envelope = envelopeOf(snapshot);
    const numbers = envelope.buckets.flatMap((row, n) => (row ? [n] : []));
    expect(numbers.length).toBeGreaterThan(1);
    const { bucketDigest, storedBucketBytes } = await import('@/lib/vault/background/vault-buckets');
    const table = [...envelope.buckets];
    const changed: Record<string, unknown> = {};
    for (const n of [numbers[0]!, numbers.at(-1)!]) {
      const name = bucketItemName(n, table[n]!.g);
      const bucket = snapshot[name] as { alg: 'AES-GCM'; iv: string; ct: string };
      const broken = { ...bucket, ct: flipByte(bucket.ct, 3) };
      changed[name] = broken;
      table[n] = { g: table[n]!.g, d: await bucketDigest(broken), size: storedBucketBytes(name, broken) };
    }
    const { digest: _d, ...rest } = envelope;
    await fakeBrowser.storage.local.set({ ...changed, vault: await finishEnvelope({ ...rest, buckets: table }) });
    // The lower bucket's decryption is made to finish last.
    const subtle = globalThis.crypto.subtle;
    const decrypt = subtle.decrypt.bind(subtle);
    const lower = `/bucket/v3/${envelope.vaultId}/${numbers[0]}/`;
    vi.spyOn(subtle, 'decrypt').mockImplementation(async (...args: Parameters<SubtleCrypto['decrypt']>) => {
      const aad = new TextDecoder().decode((args[0] as AesGcmParams).additionalData as Uint8Array);
      const answer = decrypt(...args);
      answer.catch(() => undefined);
      if (aad.includes(lower)) await new Promise((resolve) => setTimeout(resolve, 20));
      return answer;
    });
    expect(await fastVault().unlock(STRONG_PASSPHRASE)).toMatchObject({
      ok: false,
      reason: 'damaged',
      message: expect.stringContaining(`bucket ${numbers[0]} could not be decrypted`),
    });
  });

  it('the index and every bucket are decrypted at once, not one after another', async () => {
    await lockedWithKeys(40);
    const named = envelopeOf(await local()).buckets.filter(Boolean).length;
    expect(named).toBeGreaterThan(10);
    const vault = fastVault();
    const subtle = globalThis.crypto.subtle;
    const decrypt = subtle.decrypt.bind(subtle);
    let inFlight = 0;
    let most = 0;
    vi.spyOn(subtle, 'decrypt').mockImplementation(async (...args: Parameters<SubtleCrypto['decrypt']>) => {
      most = Math.max(most, ++inFlight);
      try {
        await new Promise((resolve) => setTimeout(resolve, 1));
        return await decrypt(...args);
      } finally {
        inFlight--;
      }
    });
    expect(await vault.unlock(STRONG_PASSPHRASE)).toEqual({ ok: true, value: null });
    // The data key's unwrap comes first, on its own; then the index and all buckets together.
    expect(most).toBe(named + 1);
    const listed = await vault.listKeys();
    expect(listed.ok && listed.value).toHaveLength(40);
  });

  it('a bucket sealed with the right key whose key does not parse (an instance that is no URL) → damaged, left alone', async () => {
    const vault = fastVault();
    await vault.create(STRONG_PASSPHRASE);
    // Two keys on one instance in two buckets: the instance is checked once, and still checked.
    const added = await vault.addKeys(Array.from({ length: 6 }, (_, i) => draft({ name: `key ${i}` })));
    if (!added.ok) throw new Error(added.message);
    const session = (await fakeBrowser.storage.session.get())['vault.session'] as { dataKey: string };
    const dataKey = await importDataKey(base64ToBytes(session.dataKey));
    await vault.lock();
    const snapshot = await local();
    const envelope = envelopeOf(snapshot);
    const numbers = [...new Set(added.value.map((k) => bucketOf(k.id)))].sort((a, b) => a - b);
    expect(numbers.length).toBeGreaterThan(1);
    const n = numbers.at(-1)!;
    const g = envelope.buckets[n]!.g;
    const inBucket = added.value.map((key, o) => ({ o, key })).filter(({ key }) => bucketOf(key.id) === n);
    const bad = inBucket.map(({ o, key }, i) => ({ o, key: i === 0 ? { ...key, instance: { ...key.instance, webOrigin: 'not a url' } } : key }));
    const sealed = await sealBucket(dataKey, envelope.vaultId, n, g, bad);
    const table = [...envelope.buckets];
    table[n] = sealed.row;
    const { digest: _d, ...rest } = envelope;
    await fakeBrowser.storage.local.set({ [sealed.name]: sealed.value, vault: await finishEnvelope({ ...rest, buckets: table }) });
    const before = await local();
    expect(await fastVault().unlock(STRONG_PASSPHRASE)).toMatchObject({
      ok: false,
      reason: 'damaged',
      message: expect.stringContaining(`bucket ${n} could not be decrypted with its key, or holds something else`),
    });
    expect(await local()).toEqual(before);
  });

  it('start over copies the buckets into the damaged backup and clears them', async () => {
    await lockedWithKeys();
    const snapshot = await local();
    const names = bucketNames(snapshot);
    await fakeBrowser.storage.local.remove(names[0]!);
    const vault = fastVault();
    expect((await vault.resetDamaged()).ok).toBe(true);
    const after = await local();
    expect(bucketNames(after)).toEqual([]);
    const backup = after.vaultDamagedBackup as { buckets: Record<string, unknown>; value: unknown };
    expect(backup.value).toEqual(snapshot.vault);
    expect(Object.keys(backup.buckets).sort()).toEqual(names.slice(1));
    for (const name of names.slice(1)) expect(backup.buckets[name]).toEqual(snapshot[name]);
    // The export of a damaged vault carries the buckets too.
  });

  it('the damaged-vault export carries the buckets as stored', async () => {
    await lockedWithKeys();
    const snapshot = await local();
    const names = bucketNames(snapshot);
    await fakeBrowser.storage.local.remove(names[0]!);
    const exported = await fastVault().exportDamaged();
    if (!exported.ok) throw new Error(exported.message);
    const file = JSON.parse(exported.value.json) as { buckets: Record<string, unknown> };
    expect(Object.keys(file.buckets).sort()).toEqual(names.slice(1));
  });
});

const ORPHAN = 'vault.b.3.999';
const ORPHAN_VALUE = { alg: 'AES-GCM', iv: 'AAAA', ct: 'AAAA' };

/** A new background unlocks what is stored and finds every key as expected. */
async function expectWholeInAFreshBackground(expected: { notes: string; added?: string; deleted?: string; count: number }) {
  const fresh = fastVault();
  expect(await fresh.unlock(STRONG_PASSPHRASE)).toEqual({ ok: true, value: null });
  await fresh.housekeeping();
  const listed = await fresh.listKeys();
  if (!listed.ok) throw new Error(listed.message);
  expect(listed.value).toHaveLength(expected.count);
  expect(listed.value[0]!.notes).toBe(expected.notes);
  if (expected.added) expect(listed.value.at(-1)!.name).toBe(expected.added);
  if (expected.deleted) expect(listed.value.map((k) => k.id)).not.toContain(expected.deleted);
}

describe('crashes and orphans', () => {
  it('a crash between the bucket write and the envelope write: the old generation still reads, nothing lost', async () => {
    const vault = fastVault();
    await vault.create(STRONG_PASSPHRASE);
    const added = await vault.addKeys(Array.from({ length: 5 }, (_, i) => draft({ name: `key ${i}` })));
    if (!added.ok) throw new Error(added.message);
    const before = await local();
    const realSet = fakeBrowser.storage.local.set.bind(fakeBrowser.storage.local);
    vi.spyOn(fakeBrowser.storage.local, 'set').mockImplementation(async (items) => {
      if ('vault' in (items as object)) throw new Error('the worker stopped');
      return realSet(items);
    });
    // The clean-up of the new bucket fails too, as when the worker really stops there.
    vi.spyOn(fakeBrowser.storage.local, 'remove').mockRejectedValue(new Error('the worker stopped'));
    expect(await vault.updateKey(added.value[2]!.id, { notes: 'lost' })).toMatchObject({ ok: false, reason: 'write-failed' });
    vi.restoreAllMocks();
    const crashed = await local();
    expect(crashed.vault).toEqual(before.vault);
    const orphans = bucketNames(crashed).filter((name) => !(name in before));
    expect(orphans).toHaveLength(1);

    // A fresh background reads the old generation whole, and the unlock sweeps the orphan.
    const fresh = fastVault();
    await fresh.lock();
    expect(await fresh.unlock(STRONG_PASSPHRASE)).toEqual({ ok: true, value: null });
    await fresh.housekeeping();
    const listed = await fresh.listKeys();
    expect(listed.ok && listed.value.map((k) => k.notes)).toEqual(added.value.map((k) => k.notes));
    expect(await local()).toEqual(before);
  });

  it('the sweep never removes a bucket the envelope names, and leaves a damaged vault alone', async () => {
    await lockedWithKeys();
    const snapshot = await local();
    await fakeBrowser.storage.local.set({ 'vault.b.3.999': { alg: 'AES-GCM', iv: 'AAAA', ct: 'AAAA' } });
    const vault = fastVault();
    expect(await vault.unlock(STRONG_PASSPHRASE)).toEqual({ ok: true, value: null });
    await vault.housekeeping();
    await vault.lock();
    expect(await local()).toEqual(snapshot);

    // Damaged: a named bucket goes missing; an orphan beside it stays too.
    const [first] = bucketNames(snapshot);
    await fakeBrowser.storage.local.remove(first!);
    await fakeBrowser.storage.local.set({ 'vault.b.3.999': { alg: 'AES-GCM', iv: 'AAAA', ct: 'AAAA' } });
    const damaged = await local();
    expect(await fastVault().unlock(STRONG_PASSPHRASE)).toMatchObject({ ok: false, reason: 'damaged' });
    expect(await local()).toEqual(damaged);
  });

  it('unlock answers without waiting for the orphan sweep; saves asked for meanwhile wait for it and lose nothing', async () => {
    const { keys } = await lockedWithKeys(8);
    await fakeBrowser.storage.local.set({ [ORPHAN]: ORPHAN_VALUE });
    const storage = createVaultStorage();
    let release: () => void = () => {};
    const listing = new Promise<void>((resolve) => (release = resolve));
    const vault = fastVault({ storage: { ...storage, listBucketNames: async () => (await listing, storage.listBucketNames()) } });

    expect(await vault.unlock(STRONG_PASSPHRASE)).toEqual({ ok: true, value: null });
    // The sweep is still waiting for the list of stored buckets; saves asked for now queue behind it.
    const saves = [vault.updateKey(keys[0]!.id, { notes: 'after unlock' }), vault.addKey(draft({ name: 'new' })), vault.deleteKey(keys[1]!.id)];
    let swept = false;
    void vault.housekeeping().then(() => (swept = true));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(swept).toBe(false);
    expect((await local())[ORPHAN]).toEqual(ORPHAN_VALUE);

    release();
    expect(await Promise.all(saves)).toMatchObject([{ ok: true }, { ok: true }, { ok: true }]);
    await vault.housekeeping();
    expect(swept).toBe(true);
    await vi.waitFor(async () => {
      const after = await local();
      expect(after[ORPHAN]).toBeUndefined();
      expect(bucketNames(after)).toEqual(referencedBucketNames(envelopeOf(after).buckets).sort());
    });
    await expectWholeInAFreshBackground({ notes: 'after unlock', added: 'new', deleted: keys[1]!.id, count: 8 });
  });

  it('a sweep never removes the buckets of a save another context was making when it asked', async () => {
    const storage = createVaultStorage();
    let holdEnvelope: Promise<void> | null = null;
    const writer = fastVault({ storage: { ...storage, writeEnvelope: async (envelope) => (await holdEnvelope, storage.writeEnvelope(envelope)) } });
    await writer.create(STRONG_PASSPHRASE);
    const added = await writer.addKeys(Array.from({ length: 8 }, (_, i) => draft({ name: `key ${i}` })));
    if (!added.ok) throw new Error(added.message);
    await fakeBrowser.storage.local.set({ [ORPHAN]: ORPHAN_VALUE });

    // The writer's save stops between its new bucket and its envelope, holding the write lock.
    let release: () => void = () => {};
    holdEnvelope = new Promise<void>((resolve) => (release = resolve));
    const before = bucketNames(await local());
    const save = writer.updateKey(added.value[0]!.id, { notes: 'after unlock' });
    await vi.waitFor(async () => expect(bucketNames(await local()).filter((name) => !before.includes(name))).toHaveLength(1));
    // Another background unlocks meanwhile (it reads the envelope before the save), and sweeps.
    const other = fastVault();
    const unlocked = other.unlock(STRONG_PASSPHRASE);
    await new Promise((resolve) => setTimeout(resolve, 10));
    release();
    expect(await save).toMatchObject({ ok: true });
    expect(await unlocked).toEqual({ ok: true, value: null });
    await other.housekeeping();
    await vi.waitFor(async () => {
      const after = await local();
      expect(after[ORPHAN]).toBeUndefined();
      expect(bucketNames(after)).toEqual(referencedBucketNames(envelopeOf(after).buckets).sort());
    });
    await expectWholeInAFreshBackground({ notes: 'after unlock', count: 8 });
  });

  it('a re-key writes every bucket under the new key and generation, and removes the old ones', async () => {
    const vault = fastVault();
    await vault.create(STRONG_PASSPHRASE);
    const added = await vault.addKeys(Array.from({ length: 8 }, (_, i) => draft({ name: `key ${i}` })));
    if (!added.ok) throw new Error(added.message);
    const before = await local();
    expect(await vault.changePassphrase(STRONG_PASSPHRASE, 'a different strong passphrase 81')).toEqual({ ok: true, value: null });
    const after = await local();
    const envelope = envelopeOf(after);
    expect(bucketNames(after)).toEqual(referencedBucketNames(envelope.buckets).sort());
    for (const name of bucketNames(before)) expect(after[name], name).toBeUndefined();
    for (const row of envelope.buckets) if (row) expect(row.g).toBe(envelope.revision);
    await vault.lock();
    expect(await vault.unlock('a different strong passphrase 81')).toEqual({ ok: true, value: null });
    const listed = await vault.listKeys();
    expect(listed.ok && listed.value.map((k) => k.id)).toEqual(added.value.map((k) => k.id));
  });
});
