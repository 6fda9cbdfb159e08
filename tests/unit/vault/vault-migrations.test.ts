import { describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { createVaultService } from '@/lib/vault/background/vault-service';
import { createVaultStorage } from '@/lib/vault/background/vault-storage';
import { CURRENT_ENVELOPE_VERSION, ENVELOPE_ITEM_VERSION, type VaultEnvelope } from '@/lib/vault/background/envelope';
import { ENVELOPE_MIGRATIONS, KEYED_ENVELOPE_MIGRATIONS } from '@/lib/vault/background/migrations/index';
import type { SealedBlob } from '@/lib/vault/background/vault-service.types';
import fixtureV1 from '../../../lib/vault/background/migrations/fixtures/envelope-v1.json';
import fixtureV1Sealed from '../../../lib/vault/background/migrations/fixtures/envelope-v1-with-sealed.json';
import fixtureV2 from '../../../lib/vault/background/migrations/fixtures/envelope-v2.json';
import fixtureV3 from '../../../lib/vault/background/migrations/fixtures/envelope-v3.json';
import { referencedBucketNames } from '@/lib/vault/background/vault-buckets';

// Every stored format has a frozen fixture in lib/vault/background/migrations/fixtures/, written by the version that
// produced it. These tests put those real old bytes into storage first, then start the vault.

async function writeFixture(storageLocal: Record<string, unknown>): Promise<void> {
  await fakeBrowser.storage.local.set(structuredClone(storageLocal));
}

describe('stored vault formats', () => {
  it('knows every format it has a fixture for, and has a keyed migration into each later one', () => {
    expect(CURRENT_ENVELOPE_VERSION).toBe(3);
    for (let v = 2; v <= CURRENT_ENVELOPE_VERSION; v++) expect(KEYED_ENVELOPE_MIGRATIONS[v]).toBeTypeOf('function');
    for (let v = 2; v <= ENVELOPE_ITEM_VERSION; v++) expect(ENVELOPE_MIGRATIONS[v]).toBeTypeOf('function');
  });

  it('v1 fixture: reads as locked without changing a byte, unlocks with its passphrase into format 3, keys intact', { timeout: 30_000 }, async () => {
    await writeFixture(fixtureV1.storageLocal);
    const vault = createVaultService({ idleLimitMs: async () => null });
    expect(await vault.state()).toEqual({ state: 'locked' });
    expect(await fakeBrowser.storage.local.get()).toEqual(fixtureV1.storageLocal);

    expect(await vault.unlock(fixtureV1.passphrase)).toEqual({ ok: true, value: null });
    expect(await vault.listKeys()).toEqual({ ok: true, value: fixtureV1.expectedKeys });
    const stored = (await fakeBrowser.storage.local.get('vault')).vault as VaultEnvelope;
    // 1 → 2 → 3 in one write: the revision moves by one per format.
    expect(stored).toMatchObject({ v: 3, revision: fixtureV1.storageLocal.vault.revision + 2 });
    // Same passphrase, same data key: only the contents were re-encrypted with their new binding.
    expect(stored.wrappedKey).toEqual(fixtureV1.storageLocal.vault.wrappedKey);
    await vault.lock();
    expect(await vault.unlock(fixtureV1.passphrase)).toEqual({ ok: true, value: null });
    expect(await vault.listKeys()).toEqual({ ok: true, value: fixtureV1.expectedKeys });
  });

  it('v1 fixture with sealed items: each is re-sealed bound to its item and still opens', { timeout: 30_000 }, async () => {
    await writeFixture(fixtureV1Sealed.storageLocal);
    const vault = createVaultService({ idleLimitMs: async () => null });
    expect(await vault.unlock(fixtureV1Sealed.passphrase)).toEqual({ ok: true, value: null });
    const local = await fakeBrowser.storage.local.get();
    for (const [key, expected] of Object.entries(fixtureV1Sealed.expectedSealed)) {
      const blob = local[key.slice('local:'.length)] as SealedBlob;
      expect(blob.v).toBe(2);
      expect(await vault.open(blob, key)).toEqual({ ok: true, value: expected });
    }
    // The API bases blob does not open as the listing keys (bound to its item)…
    expect(await vault.open(local.kaneoApiBases as SealedBlob, 'local:kaneoListingKeys')).toMatchObject({ ok: false });
    // …and the old unbound format-1 blob, put back, opens as nothing any more.
    const old = fixtureV1Sealed.storageLocal.kaneoApiBases as unknown as SealedBlob;
    expect(await vault.open(old, 'local:kaneoApiBases')).toMatchObject({ ok: false, reason: 'invalid-input' });
  });

  it('v1 fixture: a crash after the sealed items were migrated but before the envelope is finished by the next unlock', { timeout: 30_000 }, async () => {
    await writeFixture(fixtureV1Sealed.storageLocal);
    const realSet = fakeBrowser.storage.local.set.bind(fakeBrowser.storage.local);
    const spy = vi.spyOn(fakeBrowser.storage.local, 'set').mockImplementation(async (items) => {
      if ('vault' in (items as object)) throw new Error('crashed');
      return realSet(items);
    });
    const first = createVaultService({ idleLimitMs: async () => null });
    expect((await first.unlock(fixtureV1Sealed.passphrase)).ok).toBe(false);
    spy.mockRestore();
    const local = await fakeBrowser.storage.local.get();
    expect((local.vault as VaultEnvelope).v).toBe(1);
    expect((local.kaneoApiBases as SealedBlob).v).toBe(2);

    const restarted = createVaultService({ idleLimitMs: async () => null });
    expect(await restarted.unlock(fixtureV1Sealed.passphrase)).toEqual({ ok: true, value: null });
    expect(await restarted.listKeys()).toEqual({ ok: true, value: fixtureV1Sealed.expectedKeys });
    const after = await fakeBrowser.storage.local.get();
    expect((after.vault as VaultEnvelope).v).toBe(3);
    for (const [key, expected] of Object.entries(fixtureV1Sealed.expectedSealed)) {
      expect(await restarted.open(after[key.slice('local:'.length)] as SealedBlob, key)).toEqual({ ok: true, value: expected });
    }
  });

  it('v2 fixture: reads as locked without changing a byte; unlocks into format 3 (buckets first, envelope last), keys and sealed items open', { timeout: 30_000 }, async () => {
    await writeFixture(fixtureV2.storageLocal);
    const vault = createVaultService({ idleLimitMs: async () => null });
    expect(await vault.state()).toEqual({ state: 'locked' });
    expect(await fakeBrowser.storage.local.get()).toEqual(fixtureV2.storageLocal);
    expect(await vault.unlock(fixtureV2.passphrase)).toEqual({ ok: true, value: null });
    expect(await vault.listKeys()).toEqual({ ok: true, value: fixtureV2.expectedKeys });
    const local = await fakeBrowser.storage.local.get();
    const stored = local.vault as VaultEnvelope;
    expect(stored).toMatchObject({ v: 3, revision: fixtureV2.storageLocal.vault.revision + 1, wrappedKey: fixtureV2.storageLocal.vault.wrappedKey });
    expect(JSON.stringify(stored)).not.toContain('vault":{');
    // Exactly the buckets the envelope names are stored, one per bucket that holds a key.
    const names = referencedBucketNames(stored.buckets);
    expect(names.length).toBeGreaterThan(0);
    expect(Object.keys(local).filter((k) => k.startsWith('vault.b.')).sort()).toEqual([...names].sort());
    for (const [key, expected] of Object.entries(fixtureV2.expectedSealed)) {
      expect(await vault.open(local[key.slice('local:'.length)] as SealedBlob, key)).toEqual({ ok: true, value: expected });
    }
    await vault.lock();
    expect(await createVaultService({ idleLimitMs: async () => null }).unlock(fixtureV2.passphrase)).toEqual({ ok: true, value: null });
  });

  it('v2 fixture: a migration that fails at the envelope write leaves format 2 readable; the next unlock migrates and sweeps the orphans', { timeout: 30_000 }, async () => {
    await writeFixture(fixtureV2.storageLocal);
    const realSet = fakeBrowser.storage.local.set.bind(fakeBrowser.storage.local);
    const realRemove = fakeBrowser.storage.local.remove.bind(fakeBrowser.storage.local);
    // The envelope write fails, and so does the clean-up: the buckets written for it stay behind.
    const set = vi.spyOn(fakeBrowser.storage.local, 'set').mockImplementation(async (items) => {
      if ('vault' in (items as object)) throw new Error('crashed');
      return realSet(items);
    });
    const remove = vi.spyOn(fakeBrowser.storage.local, 'remove').mockRejectedValue(new Error('crashed'));
    expect((await createVaultService({ idleLimitMs: async () => null }).unlock(fixtureV2.passphrase)).ok).toBe(false);
    set.mockRestore();
    remove.mockRestore();
    const local = await fakeBrowser.storage.local.get();
    expect(local.vault).toEqual(fixtureV2.storageLocal.vault);
    const orphans = Object.keys(local).filter((k) => k.startsWith('vault.b.'));
    expect(orphans.length).toBeGreaterThan(0);
    void realRemove;

    const restarted = createVaultService({ idleLimitMs: async () => null });
    expect(await restarted.state()).toEqual({ state: 'locked' });
    expect(await restarted.unlock(fixtureV2.passphrase)).toEqual({ ok: true, value: null });
    await restarted.housekeeping();
    expect(await restarted.listKeys()).toEqual({ ok: true, value: fixtureV2.expectedKeys });
    const after = await fakeBrowser.storage.local.get();
    const named = referencedBucketNames((after.vault as VaultEnvelope).buckets);
    expect(Object.keys(after).filter((k) => k.startsWith('vault.b.')).sort()).toEqual([...named].sort());
    for (const orphan of orphans) if (!named.includes(orphan)) expect(after[orphan], orphan).toBeUndefined();
  });

  it('v3 fixture: unlocks without changing a byte; keys and sealed items open', { timeout: 30_000 }, async () => {
    await writeFixture(fixtureV3.storageLocal);
    const vault = createVaultService({ idleLimitMs: async () => null });
    expect(await vault.unlock(fixtureV3.passphrase)).toEqual({ ok: true, value: null });
    expect(await fakeBrowser.storage.local.get()).toEqual(fixtureV3.storageLocal);
    expect(await vault.listKeys()).toEqual({ ok: true, value: fixtureV3.expectedKeys });
    for (const [key, expected] of Object.entries(fixtureV3.expectedSealed)) {
      const blob = (fixtureV3.storageLocal as Record<string, unknown>)[key.slice('local:'.length)] as SealedBlob;
      expect(await vault.open(blob, key)).toEqual({ ok: true, value: expected });
    }
  });

  it('v1 fixture without WXT version meta (vault$) is read as version 1', async () => {
    const { vault } = fixtureV1.storageLocal as { vault: unknown };
    await writeFixture({ vault });
    expect(await createVaultService({ idleLimitMs: async () => null }).state()).toEqual({ state: 'locked' });
  });

  it('runs the migrations from real old bytes and stores the result with the new version', async () => {
    await writeFixture(fixtureV1.storageLocal);
    const migrate = vi.fn((old: unknown) => ({ ...(old as object), migratedBy: 'test v2' }));
    const storage = createVaultStorage({ version: 2, migrations: { 2: migrate } });
    const read = await storage.readEnvelope();
    expect(migrate).toHaveBeenCalledWith(fixtureV1.storageLocal.vault);
    expect(read).toEqual({ raw: { ...fixtureV1.storageLocal.vault, migratedBy: 'test v2' }, storedVersion: 2 });
  });

  it('a failing migration leaves the stored bytes exactly as they were', async () => {
    await writeFixture(fixtureV1.storageLocal);
    const consoleError = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const storage = createVaultStorage({
      version: 2,
      migrations: {
        2: () => {
          throw new Error('frozen v1 schema did not match');
        },
      },
    });
    expect(await storage.readEnvelope()).toEqual({ raw: fixtureV1.storageLocal.vault, storedVersion: 1 });
    expect(await fakeBrowser.storage.local.get()).toEqual(fixtureV1.storageLocal);
    expect(consoleError).toHaveBeenCalled();
    consoleError.mockRestore();
  });
});
