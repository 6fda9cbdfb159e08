import { describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { finishEnvelope, KDF_ITERATIONS_MAX, KDF_ITERATIONS_MIN, type VaultEnvelope } from '@/lib/vault/background/envelope';
import { createVaultService } from '@/lib/vault/background/vault-service';
import { draft, fastVault, localSnapshot, STRONG_PASSPHRASE } from './vault-test-helpers';

// The envelope's checksum is not a MAC: someone with write access to the profile can set any KDF
// cost and recompute it. A cost outside the accepted range is "damaged" — never derived (100,000,000
// rounds would hang every unlock), never re-wrapped, and the stored bytes stay as they are.

async function storedWithIterations(iterations: number): Promise<void> {
  const vault = fastVault();
  await vault.create(STRONG_PASSPHRASE);
  await vault.addKey(draft());
  await vault.lock();
  const envelope = (await fakeBrowser.storage.local.get('vault')).vault as VaultEnvelope;
  await fakeBrowser.storage.local.set({ vault: await finishEnvelope({ ...envelope, kdf: { ...envelope.kdf, iterations } }) });
}

describe('envelope KDF bounds', () => {
  it('accepts 600,000 … 5,000,000 rounds', () => {
    expect([KDF_ITERATIONS_MIN, KDF_ITERATIONS_MAX]).toEqual([600_000, 5_000_000]);
  });

  for (const iterations of [1_000, 599_999, 5_000_001, 100_000_000]) {
    it(`${iterations.toLocaleString('en')} rounds (checksum recomputed) → damaged, nothing derived, bytes kept`, async () => {
      await storedWithIterations(iterations);
      const before = await localSnapshot();
      const deriveKey = vi.spyOn(crypto.subtle, 'deriveKey');
      const vault = createVaultService({ idleLimitMs: async () => null });

      const state = await vault.state();
      expect(state).toMatchObject({ state: 'damaged' });
      expect(state.state === 'damaged' && state.message).toMatch(/key-derivation rounds.*600,000 … 5,000,000/);
      expect(await vault.unlock(STRONG_PASSPHRASE)).toMatchObject({ ok: false, reason: 'damaged' });
      expect(deriveKey).not.toHaveBeenCalled();
      // Still downloadable exactly as stored, for whoever wants to look at it.
      const exported = await vault.exportDamaged();
      expect(exported.ok).toBe(true);
      expect(await localSnapshot()).toEqual(before);
      expect(await fakeBrowser.storage.session.get()).toEqual({});
      deriveKey.mockRestore();
    });
  }

  for (const iterations of [600_000, 5_000_000]) {
    it(`${iterations.toLocaleString('en')} rounds → a normal locked vault`, async () => {
      await storedWithIterations(iterations);
      expect(await createVaultService({ idleLimitMs: async () => null }).state()).toEqual({ state: 'locked' });
    });
  }
});
