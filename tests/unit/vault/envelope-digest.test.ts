// The stored format must not move when the write path gets faster: the checksum of a format 1/2
// envelope (still read, then migrated) is SHA-256 over the UTF-8 of one JSON array (envelope.ts), and the size limit counts the envelope's
// JSON text. Both are computed here the plain, slow way and compared with what the vault uses.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { bytesToBase64 } from '@/lib/vault/background/base64';
import { envelopeDigest, readEnvelope, type LegacyEnvelope } from '@/lib/vault/background/envelope';

type UnsealedEnvelope = Omit<LegacyEnvelope, 'digest'>;
type VaultEnvelope = LegacyEnvelope;
import { envelopeBytes } from '@/lib/vault/background/vault-storage';

function plainDigest(e: UnsealedEnvelope): string {
  const text = JSON.stringify([
    e.format, e.v, e.vaultId, e.revision, e.kdf.name, e.kdf.hash, e.kdf.iterations, e.kdf.salt,
    e.wrappedKey.alg, e.wrappedKey.iv, e.wrappedKey.ct, e.vault.alg, e.vault.iv, e.vault.ct,
  ]);
  return createHash('sha256').update(text, 'utf8').digest('base64');
}

function envelope(ctBytes: number, overrides: Partial<UnsealedEnvelope> = {}): UnsealedEnvelope {
  const bytes = Uint8Array.from({ length: ctBytes }, (_, i) => (i * 197 + 11) & 255);
  return {
    format: 'kaneo-key-manager/vault',
    v: 2,
    vaultId: '0b9f3c1e-6a47-4d2b-9a55-3c2f8e1d7a60',
    revision: 41,
    kdf: { name: 'PBKDF2', hash: 'SHA-256', iterations: 600_000, salt: bytesToBase64(new Uint8Array(16).fill(7)) },
    wrappedKey: { alg: 'AES-GCM', iv: bytesToBase64(new Uint8Array(12).fill(1)), ct: bytesToBase64(new Uint8Array(48).fill(2)) },
    vault: { alg: 'AES-GCM', iv: bytesToBase64(new Uint8Array(12).fill(3)), ct: bytesToBase64(bytes) },
    ...overrides,
  };
}

describe('the envelope checksum', () => {
  it.each([17, 18, 19, 1_000_001])('is SHA-256 over the canonical JSON text (%i ciphertext bytes)', async (ctBytes) => {
    const e = envelope(ctBytes);
    expect(await envelopeDigest(e)).toBe(plainDigest(e));
  });

  it('is the same for text that is not base64 (the plain path), so such an envelope still reads as damaged, not as a mismatch of our making', async () => {
    const e = envelope(17, { vault: { alg: 'AES-GCM', iv: 'AAAAAAAAAAAAAAAA', ct: 'é"\\\n not base64' } });
    expect(await envelopeDigest(e)).toBe(plainDigest(e));
  });

  it('a vault sealed with the plain digest reads back; one changed byte of ciphertext is damaged', async () => {
    const e = envelope(5_000, { revision: 0 });
    const sealed: VaultEnvelope = { ...e, digest: plainDigest(e) };
    expect((await readEnvelope(sealed, 1, { minIterations: 1 })).kind).toBe('ok');
    const ct = sealed.vault.ct;
    const changed = { ...sealed, vault: { ...sealed.vault, ct: `${ct[0] === 'A' ? 'B' : 'A'}${ct.slice(1)}` } };
    expect(await readEnvelope(changed, 1, { minIterations: 1 })).toMatchObject({ kind: 'damaged' });
  });
});

describe('the envelope size', () => {
  it.each([17, 1_000_001])('is the key plus the JSON text, as storage.local counts it (%i ciphertext bytes)', async (ctBytes) => {
    const e = envelope(ctBytes);
    const sealed: VaultEnvelope = { ...e, digest: await envelopeDigest(e) };
    expect(envelopeBytes(sealed)).toBe('vault'.length + JSON.stringify(sealed).length);
  });

  it('counts escaped text the plain way', () => {
    const odd = { ...envelope(17), vault: { alg: 'AES-GCM' as const, iv: 'AAAAAAAAAAAAAAAA', ct: 'a"b\\c\n' }, digest: 'x' };
    expect(envelopeBytes(odd)).toBe('vault'.length + JSON.stringify(odd).length);
  });
});
