import type { KeyEntry } from '@/lib/keys/key-entry';
import { err, ok } from '@/lib/result';
import type { SealedBlob, VaultService } from '@/lib/vault/background/vault-service.types';
import { testKeyEntry } from '../../fixtures/key-entry';

/**
 * A stub of the vault service for tester tests, with real AES-GCM sealing (so "stored encrypted" is really tested) and
 * an in-memory key list. `locked = true` makes everything answer `locked` like the real vault.
 */
export function createSealingVaultStub(keys: KeyEntry[] = []) {
  let cryptoKey: CryptoKey | null = null;
  const state = { locked: false, keys: [...keys], touches: 0 };
  const getKey = async () => {
    cryptoKey ??= await crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);
    return cryptoKey;
  };
  const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');
  const unb64 = (text: string) => new Uint8Array(Buffer.from(text, 'base64'));
  const locked = () => err('locked', 'The vault is locked.');

  const vault: Pick<VaultService, 'seal' | 'open' | 'getKey' | 'listKeys' | 'onChange' | 'touch'> = {
    async seal(value) {
      if (state.locked) return locked();
      const iv = crypto.getRandomValues(new Uint8Array(12));
      const ct = await crypto.subtle.encrypt({ name: 'AES-GCM', iv }, await getKey(), new TextEncoder().encode(JSON.stringify(value)));
      return ok({ v: 1, iv: b64(iv), ct: b64(new Uint8Array(ct)) } satisfies SealedBlob);
    },
    async open(blob) {
      if (state.locked) return locked();
      try {
        const plain = await crypto.subtle.decrypt({ name: 'AES-GCM', iv: unb64(blob.iv) }, await getKey(), unb64(blob.ct));
        return ok(JSON.parse(new TextDecoder().decode(plain)));
      } catch {
        return err('damaged', 'Could not decrypt.');
      }
    },
    async getKey(id) {
      if (state.locked) return locked();
      const key = state.keys.find((k) => k.id === id);
      return key ? ok(key) : err('not-found', 'No such key.');
    },
    async listKeys() {
      if (state.locked) return locked();
      return ok(state.keys);
    },
    onChange() {
      return () => {};
    },
    async touch() {
      state.touches += 1;
    },
  };
  return { vault, state };
}

export function keyEntry(overrides: Partial<KeyEntry> = {}): KeyEntry {
  return testKeyEntry({ start: 's3cr3t', ...overrides });
}
