import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { createVaultService } from '@/lib/vault/background/vault-service';
import type { VaultEnvelope } from '@/lib/vault/background/envelope';
import { PBKDF2_ITERATIONS } from '@/lib/vault/background/vault-crypto';
import { draft, FAST_ITERATIONS, fastVault, STRONG_PASSPHRASE } from './vault-test-helpers';

// These tests run the real default cost (600,000 PBKDF2 rounds, ~0.3 s per derivation in Node).

async function storedEnvelope(): Promise<VaultEnvelope> {
  return (await fakeBrowser.storage.local.get('vault')).vault as VaultEnvelope;
}

function spyOnKdf() {
  const subtle = globalThis.crypto.subtle;
  return {
    deriveKey: vi.spyOn(subtle, 'deriveKey'),
    deriveBits: vi.spyOn(subtle, 'deriveBits'),
    importKey: vi.spyOn(subtle, 'importKey'),
  };
}

function pbkdf2Imports(importKey: ReturnType<typeof spyOnKdf>['importKey']) {
  return importKey.mock.calls.filter(([, , algorithm]) => algorithm === 'PBKDF2' || (algorithm as { name?: string })?.name === 'PBKDF2');
}

afterEach(() => {
  vi.restoreAllMocks();
});

// Real-cost derivations are slow on a busy machine; a generous timeout, no timing assertions.
describe('PBKDF2 parameters', { timeout: 60_000 }, () => {
  it('defaults to 600,000 rounds of PBKDF2-SHA-256 with a 16-byte salt, recorded in the envelope', async () => {
    expect(PBKDF2_ITERATIONS).toBe(600_000);
    const spies = spyOnKdf();
    const vault = createVaultService({ idleLimitMs: async () => null });
    await vault.create(STRONG_PASSPHRASE);

    expect(spies.deriveKey).toHaveBeenCalledTimes(1);
    const [algorithm, baseKey, derivedAlgorithm] = spies.deriveKey.mock.calls[0]!;
    expect(algorithm).toMatchObject({ name: 'PBKDF2', hash: 'SHA-256', iterations: 600_000 });
    expect((algorithm as Pbkdf2Params).salt).toBeInstanceOf(Uint8Array);
    expect(((algorithm as Pbkdf2Params).salt as Uint8Array).byteLength).toBe(16);
    expect((baseKey as CryptoKey).algorithm.name).toBe('PBKDF2');
    expect(derivedAlgorithm).toEqual({ name: 'AES-GCM', length: 256 });

    const envelope = await storedEnvelope();
    expect(envelope.kdf).toMatchObject({ name: 'PBKDF2', hash: 'SHA-256', iterations: 600_000 });
    expect(atob(envelope.kdf.salt)).toHaveLength(16);
    expect(atob(envelope.wrappedKey.iv)).toHaveLength(12);
    expect(atob(envelope.index.iv)).toHaveLength(12);
    // 32-byte data key + 16-byte GCM tag.
    expect(atob(envelope.wrappedKey.ct)).toHaveLength(48);
  });

  it('runs exactly one key derivation per unlock, with the stored salt and rounds', async () => {
    const vault = createVaultService({ idleLimitMs: async () => null });
    await vault.create(STRONG_PASSPHRASE);
    await vault.lock();
    const envelope = await storedEnvelope();

    const spies = spyOnKdf();
    expect(await vault.unlock(STRONG_PASSPHRASE)).toEqual({ ok: true, value: null });
    expect(spies.deriveKey).toHaveBeenCalledTimes(1);
    expect(spies.deriveBits).not.toHaveBeenCalled();
    expect(pbkdf2Imports(spies.importKey)).toHaveLength(1);
    const params = spies.deriveKey.mock.calls[0]![0] as Pbkdf2Params;
    expect(params).toMatchObject({ name: 'PBKDF2', hash: 'SHA-256', iterations: 600_000 });
    expect(btoaBytes(params.salt as Uint8Array)).toBe(envelope.kdf.salt);

    // Using the unlocked vault derives nothing more.
    await vault.addKey(draft());
    await vault.listKeys();
    expect(spies.deriveKey).toHaveBeenCalledTimes(1);

    // A wrong passphrase costs one derivation too, and nothing else.
    await vault.lock();
    spies.deriveKey.mockClear();
    await vault.unlock('wrong passphrase here');
    expect(spies.deriveKey).toHaveBeenCalledTimes(1);
  });

  it('re-wraps an envelope with fewer rounds on the next successful unlock, keeping the data key', async () => {
    const old = fastVault();
    await old.create(STRONG_PASSPHRASE);
    await old.addKey(draft());
    await old.lock();
    const before = await storedEnvelope();
    expect(before.kdf.iterations).toBe(1_000);

    // Reading a 1,000-round test vault needs the test-only lower bound; the cost it re-wraps at is the default.
    const current = createVaultService({ idleLimitMs: async () => null, kdfMinIterations: FAST_ITERATIONS });
    // A wrong passphrase does not re-wrap anything.
    await current.unlock('wrong passphrase here');
    expect(await storedEnvelope()).toEqual(before);

    const spies = spyOnKdf();
    expect(await current.unlock(STRONG_PASSPHRASE)).toEqual({ ok: true, value: null });
    // The old derivation to unlock, one new one to re-wrap.
    expect(spies.deriveKey.mock.calls.map(([a]) => (a as Pbkdf2Params).iterations)).toEqual([1_000, 600_000]);

    const after = await storedEnvelope();
    expect(after.kdf.iterations).toBe(600_000);
    expect(after.kdf.salt).not.toBe(before.kdf.salt);
    expect(after.wrappedKey.ct).not.toBe(before.wrappedKey.ct);
    // Same data key; the index is re-sealed because it is bound to the revision, the buckets stay.
    expect(after.index).not.toEqual(before.index);
    expect(after.buckets).toEqual(before.buckets);
    expect(after.revision).toBe(before.revision + 1);

    await current.lock();
    spies.deriveKey.mockClear();
    expect(await current.unlock(STRONG_PASSPHRASE)).toEqual({ ok: true, value: null });
    expect(spies.deriveKey).toHaveBeenCalledTimes(1);
    const keys = await current.listKeys();
    expect(keys.ok && keys.value.map((k) => k.name)).toEqual([draft().name]);
  });
});

function btoaBytes(bytes: Uint8Array): string {
  return btoa(String.fromCharCode(...bytes));
}
