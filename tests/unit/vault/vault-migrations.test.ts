import { describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { createVaultService } from '@/lib/vault/background/vault-service';
import { createVaultStorage } from '@/lib/vault/background/vault-storage';
import { CURRENT_ENVELOPE_VERSION } from '@/lib/vault/background/envelope';
import { ENVELOPE_MIGRATIONS } from '@/lib/vault/background/migrations/index';
import fixtureV1 from '../../../lib/vault/background/migrations/fixtures/envelope-v1.json';

// Every stored format has a frozen fixture in lib/vault/background/migrations/fixtures/, written by the version that
// produced it. These tests put those real old bytes into storage first, then start the vault.

async function writeFixture(storageLocal: Record<string, unknown>): Promise<void> {
  await fakeBrowser.storage.local.set(structuredClone(storageLocal));
}

describe('stored vault formats', () => {
  it('knows every version it has a fixture for, and has a migration into each later one', () => {
    expect(CURRENT_ENVELOPE_VERSION).toBe(1);
    for (let v = 2; v <= CURRENT_ENVELOPE_VERSION; v++) expect(ENVELOPE_MIGRATIONS[v]).toBeTypeOf('function');
  });

  it('v1 fixture: reads as locked without changing a byte, unlocks with its passphrase, keys intact', { timeout: 30_000 }, async () => {
    await writeFixture(fixtureV1.storageLocal);
    const vault = createVaultService({ idleLimitMs: async () => null });
    expect(await vault.state()).toEqual({ state: 'locked' });
    expect(await fakeBrowser.storage.local.get()).toEqual(fixtureV1.storageLocal);

    expect(await vault.unlock(fixtureV1.passphrase)).toEqual({ ok: true, value: null });
    const keys = await vault.listKeys();
    expect(keys).toEqual({ ok: true, value: fixtureV1.expectedKeys });
    // Unlocking at the current cost re-wraps nothing: the bytes are still the fixture's.
    expect(await fakeBrowser.storage.local.get()).toEqual(fixtureV1.storageLocal);
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
