/**
 * Envelope format 2 → 3 (frozen: imports nothing that may change; never edit once released).
 *
 * Format 3 moves the keys out of the one envelope into 256 bucket items `vault.b.<n>.<generation>`
 * (bucket = FNV-1a(key id) % 256), each AES-GCM-sealed with additional data binding vault id +
 * bucket number + generation, and leaves in the envelope a sealed index (bound to vault id +
 * revision) of each bucket's generation, plus a plaintext table of generation, checksum and size.
 * Re-encrypting needs the data key, so this is a KEYED migration (run at unlock).
 *
 * Protects: the same data as the vault; the output is ciphertext only. Against: a half-migrated
 * vault — the caller writes the buckets first and the envelope last, so until the envelope lands
 * the format-2 envelope is untouched and still unlocks (buckets written for nothing are orphans,
 * swept after a later unlock).
 * Throws when the envelope is not format 2 or its contents do not open: the caller writes nothing.
 */
import { z } from 'zod/mini';

const base64 = z.string().check(z.minLength(1));
const envelopeFormat2Schema = z.strictObject({
  format: z.literal('kaneo-key-manager/vault'),
  v: z.literal(2),
  vaultId: z.string().check(z.minLength(1)),
  revision: z.int().check(z.minimum(0)),
  kdf: z.strictObject({ name: z.literal('PBKDF2'), hash: z.literal('SHA-256'), iterations: z.int(), salt: base64 }),
  wrappedKey: z.strictObject({ alg: z.literal('AES-GCM'), iv: base64, ct: base64 }),
  vault: z.strictObject({ alg: z.literal('AES-GCM'), iv: base64, ct: base64 }),
  digest: base64,
});
/** Format-2 contents as far as this migration needs them: each key's id; the rest is carried as it is. */
const contentsFormat2Schema = z.object({
  v: z.literal(1),
  keys: z.array(z.looseObject({ id: z.string().check(z.minLength(1)) })),
});

const BUCKETS = 256;
const encoder = new TextEncoder();
const decoder = new TextDecoder();

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

function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}

async function sha256(text: string): Promise<string> {
  return toBase64(new Uint8Array(await globalThis.crypto.subtle.digest('SHA-256', encoder.encode(text))));
}

async function seal(key: CryptoKey, value: unknown, aad: string): Promise<{ alg: 'AES-GCM'; iv: string; ct: string }> {
  const iv = globalThis.crypto.getRandomValues(new Uint8Array(12));
  const ct = await globalThis.crypto.subtle.encrypt(
    { name: 'AES-GCM', iv, additionalData: encoder.encode(aad), tagLength: 128 },
    key,
    encoder.encode(JSON.stringify(value)),
  );
  return { alg: 'AES-GCM', iv: toBase64(iv), ct: toBase64(new Uint8Array(ct)) };
}

export interface EnvelopeFormat2To3Input {
  dataKey: CryptoKey;
  /** The stored format-2 envelope. */
  envelope: unknown;
  /** Sealed items (not changed by this migration). */
  sealed: Record<string, unknown>;
}

export interface EnvelopeFormat2To3Output {
  /** The format-3 envelope, revision + 1, digest included. */
  envelope: Record<string, unknown>;
  /** No sealed item changes format here. */
  sealed: Record<string, never>;
  /** The bucket items to write before the envelope, by storage name. */
  buckets: Record<string, { alg: 'AES-GCM'; iv: string; ct: string }>;
}

export async function migrateEnvelopeFormat2To3(input: EnvelopeFormat2To3Input): Promise<EnvelopeFormat2To3Output> {
  const v2 = envelopeFormat2Schema.parse(input.envelope);
  const plain = await globalThis.crypto.subtle.decrypt(
    {
      name: 'AES-GCM',
      iv: fromBase64(v2.vault.iv),
      additionalData: encoder.encode(`kaneo-key-manager/vault/v2/${v2.vaultId}/${v2.revision}`),
      tagLength: 128,
    },
    input.dataKey,
    fromBase64(v2.vault.ct),
  );
  const contents = contentsFormat2Schema.parse(JSON.parse(decoder.decode(plain)));
  const revision = v2.revision + 1;

  const grouped: { o: number; key: unknown }[][] = Array.from({ length: BUCKETS }, () => []);
  contents.keys.forEach((key, o) => grouped[fnv1a(key.id) % BUCKETS]!.push({ o, key }));
  const buckets: EnvelopeFormat2To3Output['buckets'] = {};
  const table: ({ g: number; d: string; size: number } | null)[] = [];
  for (let n = 0; n < BUCKETS; n++) {
    const keys = grouped[n]!;
    if (keys.length === 0) {
      table.push(null);
      continue;
    }
    const value = await seal(input.dataKey, { v: 1, keys }, `kaneo-key-manager/bucket/v3/${v2.vaultId}/${n}/${revision}`);
    const name = `vault.b.${n}.${revision}`;
    buckets[name] = value;
    table.push({ g: revision, d: await sha256(JSON.stringify([value.alg, value.iv, value.ct])), size: name.length + JSON.stringify(value).length });
  }
  const index = await seal(
    input.dataKey,
    { v: 1, generations: table.map((row) => row?.g ?? null), contents: { v: contents.v } },
    `kaneo-key-manager/index/v3/${v2.vaultId}/${revision}`,
  );

  const body = { format: v2.format, v: 3 as const, vaultId: v2.vaultId, revision, kdf: v2.kdf, wrappedKey: v2.wrappedKey, buckets: table, index };
  const digest = await sha256(
    JSON.stringify([
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
      table.map((row) => (row ? [row.g, row.d, row.size] : null)),
      index.alg,
      index.iv,
      index.ct,
    ]),
  );
  return { envelope: { ...body, digest }, sealed: {}, buckets };
}
