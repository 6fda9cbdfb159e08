import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { readEnvelope, type VaultEnvelope } from '@/lib/vault/background/envelope';
import { draft, fastVault, FAST_ITERATIONS, localSnapshot, STRONG_PASSPHRASE } from './vault-test-helpers';

// Attacks on the stored envelope: whatever is stored, the reader answers (never throws), a changed
// envelope is refused, and the stored bytes stay exactly as they were.

async function lockedEnvelope(): Promise<VaultEnvelope> {
  const vault = fastVault();
  await vault.create(STRONG_PASSPHRASE);
  await vault.addKey(draft());
  await vault.lock();
  return (await fakeBrowser.storage.local.get('vault')).vault as VaultEnvelope;
}

const bounds = { minIterations: FAST_ITERATIONS };

describe('envelope reader under attack', () => {
  it('never throws and never says "ok" for generated JSON values, __proto__-laden objects included', async () => {
    await fc.assert(
      fc.asyncProperty(fc.jsonValue(), fc.boolean(), async (value, proto) => {
        const raw = proto ? JSON.parse(`{"__proto__":{"v":1,"polluted":true},"v":1,"x":${JSON.stringify(value)}}`) : value;
        const read = await readEnvelope(raw, 1, bounds);
        expect(['empty', 'damaged']).toContain(read.kind);
        expect(({} as { polluted?: unknown }).polluted).toBeUndefined();
      }),
      { numRuns: 300 },
    );
  });

  it('refuses every one-byte change anywhere in the stored text, and every truncation', async () => {
    const envelope = await lockedEnvelope();
    const text = JSON.stringify(envelope);
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: text.length - 1 }), fc.integer({ min: 1, max: 127 }), async (at, xor) => {
        const changed = text.slice(0, at) + String.fromCharCode(text.charCodeAt(at) ^ xor) + text.slice(at + 1);
        if (changed === text) return;
        let raw: unknown = changed;
        try {
          raw = JSON.parse(changed);
        } catch {
          // Stored as text: still a value the reader must classify.
        }
        const read = await readEnvelope(raw, 1, bounds);
        // Some changes keep the meaning (e.g. an escaped character in a key): those must still
        // be the same envelope; everything else is damaged.
        if (read.kind === 'ok') expect(read.envelope).toEqual(envelope);
        else expect(read.kind).toBe('damaged');
      }),
      { numRuns: 400 },
    );
    for (let cut = 1; cut < text.length; cut += 37) {
      expect((await readEnvelope(text.slice(0, cut), 1, bounds)).kind).toBe('damaged');
    }
  });

  it('a newer version, other JSON, or a __proto__-laden copy stored → damaged, kept byte for byte, never throws', async () => {
    const envelope = await lockedEnvelope();
    const hostile: unknown[] = [
      { ...envelope, v: 4 },
      { hello: 'world' },
      [envelope],
      JSON.parse(`{"__proto__":${JSON.stringify(envelope)}}`),
      { ...envelope, kdf: JSON.parse(`{"__proto__":${JSON.stringify(envelope.kdf)}}`) },
      { ...envelope, constructor: { prototype: { polluted: true } } },
    ];
    for (const value of hostile) {
      await fakeBrowser.storage.local.set({ vault: value });
      const before = await localSnapshot();
      const vault = fastVault();
      expect((await vault.state()).state).toBe('damaged');
      expect(await vault.unlock(STRONG_PASSPHRASE)).toMatchObject({ ok: false, reason: 'damaged' });
      expect(await localSnapshot()).toEqual(before);
    }
  });

  it('20 wrong passphrases change nothing; the right one still unlocks', async () => {
    await lockedEnvelope();
    const before = await localSnapshot();
    const vault = fastVault();
    for (let i = 0; i < 20; i += 1) {
      expect(await vault.unlock(`wrong passphrase number ${i}`)).toMatchObject({ ok: false, reason: 'wrong-passphrase' });
    }
    expect(await localSnapshot()).toEqual(before);
    expect(await vault.unlock(STRONG_PASSPHRASE)).toEqual({ ok: true, value: null });
    expect((await vault.listKeys()).ok).toBe(true);
  });
});
