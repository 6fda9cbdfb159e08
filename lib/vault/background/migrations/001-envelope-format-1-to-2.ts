/**
 * Envelope format 1 → 2 (frozen: imports nothing that may change; never edit once released).
 *
 * Format 2 binds what format 1 left unbound: the vault contents to the envelope revision that
 * holds them, and each sealed blob to the storage item it is kept in. Both are ciphertexts, so
 * this is a KEYED migration: it runs at unlock, with the data key, not in WXT's `migrations`.
 *
 * Protects: the same data as the vault (contents) and the sealed items; the output is
 * ciphertext only. Against: a half-migrated vault — the caller writes the re-sealed items first
 * and the envelope last, and this function is idempotent on items already in format 2 (they are
 * left out of its output), so a crash in between is finished by the next unlock.
 * A v1 blob that does not open is left out too (its bytes stay as they are; its owner reports it).
 * Throws when the envelope is not format 1 or its contents do not open: the caller writes nothing.
 */
import { z } from 'zod/mini';

const base64 = z.string().check(z.minLength(1));
const envelopeFormat1Schema = z.strictObject({
  format: z.literal('kaneo-key-manager/vault'),
  v: z.literal(1),
  vaultId: z.string().check(z.minLength(1)),
  revision: z.int().check(z.minimum(0)),
  kdf: z.strictObject({ name: z.literal('PBKDF2'), hash: z.literal('SHA-256'), iterations: z.int(), salt: base64 }),
  wrappedKey: z.strictObject({ alg: z.literal('AES-GCM'), iv: base64, ct: base64 }),
  vault: z.strictObject({ alg: z.literal('AES-GCM'), iv: base64, ct: base64 }),
  digest: base64,
});
const sealedFormat1Schema = z.strictObject({ v: z.literal(1), iv: base64, ct: base64 });

const encoder = new TextEncoder();

function fromBase64(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary);
}

async function reencrypt(
  key: CryptoKey,
  blob: { iv: string; ct: string },
  fromAad: string,
  toAad: string,
): Promise<{ iv: string; ct: string }> {
  const subtle = globalThis.crypto.subtle;
  const plain = await subtle.decrypt(
    { name: 'AES-GCM', iv: fromBase64(blob.iv), additionalData: encoder.encode(fromAad), tagLength: 128 },
    key,
    fromBase64(blob.ct),
  );
  const iv = globalThis.crypto.getRandomValues(new Uint8Array(12));
  const ct = await subtle.encrypt({ name: 'AES-GCM', iv, additionalData: encoder.encode(toAad), tagLength: 128 }, key, plain);
  return { iv: toBase64(iv), ct: toBase64(new Uint8Array(ct)) };
}

export interface EnvelopeFormat1To2Input {
  dataKey: CryptoKey;
  /** The stored format-1 envelope. */
  envelope: unknown;
  /** Each sealed item's stored value, by storage key (absent items left out). */
  sealed: Record<string, unknown>;
}

export interface EnvelopeFormat1To2Output {
  /** The format-2 envelope, revision + 1, digest included. */
  envelope: Record<string, unknown>;
  /** Format-2 blobs for the items that were format 1 and opened, by storage key. */
  sealed: Record<string, { v: 2; iv: string; ct: string }>;
}

export async function migrateEnvelopeFormat1To2(input: EnvelopeFormat1To2Input): Promise<EnvelopeFormat1To2Output> {
  const v1 = envelopeFormat1Schema.parse(input.envelope);
  const revision = v1.revision + 1;
  const vault = await reencrypt(
    input.dataKey,
    v1.vault,
    `kaneo-key-manager/vault/v1/${v1.vaultId}`,
    `kaneo-key-manager/vault/v2/${v1.vaultId}/${revision}`,
  );

  const sealed: EnvelopeFormat1To2Output['sealed'] = {};
  for (const [itemKey, stored] of Object.entries(input.sealed)) {
    const blob = sealedFormat1Schema.safeParse(stored);
    if (!blob.success) continue;
    try {
      const next = await reencrypt(
        input.dataKey,
        blob.data,
        `kaneo-key-manager/sealed/v1/${v1.vaultId}`,
        `kaneo-key-manager/sealed/v2/${v1.vaultId}/${itemKey}`,
      );
      sealed[itemKey] = { v: 2, ...next };
    } catch {
      // Not openable with this vault's key: left as stored.
    }
  }

  const body = {
    format: v1.format,
    v: 2 as const,
    vaultId: v1.vaultId,
    revision,
    kdf: v1.kdf,
    wrappedKey: v1.wrappedKey,
    vault: { alg: 'AES-GCM' as const, ...vault },
  };
  const canonical = JSON.stringify([
    body.format,
    body.v,
    body.vaultId,
    body.revision,
    body.kdf.name,
    body.kdf.hash,
    body.kdf.iterations,
    body.kdf.salt,
    body.wrappedKey.alg,
    body.wrappedKey.iv,
    body.wrappedKey.ct,
    body.vault.alg,
    body.vault.iv,
    body.vault.ct,
  ]);
  const digest = toBase64(new Uint8Array(await globalThis.crypto.subtle.digest('SHA-256', encoder.encode(canonical))));
  return { envelope: { ...body, digest }, sealed };
}
