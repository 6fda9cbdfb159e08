/**
 * The vault envelope: the only thing the vault keeps in `storage.local`.
 *
 * Protects: the integrity of the stored vault against accidental damage (a changed, lost or
 * truncated byte, a foreign value, a newer format) — so that such an envelope is reported and left
 * alone instead of being "repaired", overwritten or mistaken for a wrong passphrase.
 * Against: storage corruption, sync/backup tools, a downgrade of the extension. (Deliberate
 * tampering is caught by AES-GCM when decrypting; `digest` is a checksum, not a MAC.)
 *
 * Invariants:
 * - Every field is validated (zod) on every read; byte lengths are checked, not just shapes.
 * - `digest` is SHA-256 over all other fields; any mismatch means "damaged". Since format 3 the
 *   envelope is small (the keys are in bucket items, vault-buckets.ts): it names each bucket's
 *   generation and checksum, and envelope-io.ts checks the buckets it names are all there and
 *   unchanged before the vault counts as readable.
 * - Nothing in the envelope is secret or identifying in plaintext: ids, counters, KDF parameters,
 *   IVs and ciphertext only.
 * - `v` is the format version. A reader never accepts a version it does not know.
 * - The KDF cost is bounded on read (KDF_ITERATIONS_MIN … KDF_ITERATIONS_MAX): the digest is only a
 *   checksum, so someone with write access to the profile can set any count and recompute it. Too
 *   few rounds would make guessing the passphrase cheap once we re-wrap at that cost; too many
 *   (100,000,000) make every unlock hang. Either is "damaged", never derived.
 */
import { z } from 'zod/mini';
import { base64ByteLength, isBase64 } from './base64';
import { DATA_KEY_BYTES, GCM_TAG_BYTES, IV_BYTES, PBKDF2_ITERATIONS, SALT_BYTES, sha256Base64, sha256BytesBase64 } from './vault-crypto';
import { BUCKET_COUNT, type BucketTable } from './vault-buckets';
import { STORAGE } from '../../storage/catalogue';

export const ENVELOPE_FORMAT = 'kaneo-key-manager/vault';
/**
 * The envelope's format (its `v` field). Format 2 binds the contents to the revision and sealed
 * blobs to their items (see vault-crypto.ts). Format 3 keeps the keys in 256 bucket items beside
 * a small envelope (vault-buckets.ts). Formats 1 and 2 are still read: unlocking one runs the
 * keyed migrations in ./migrations/ (they need the data key, so WXT's migrations cannot do it).
 */
export const CURRENT_ENVELOPE_VERSION = 3;
/** Formats this version reads; anything else is damaged. */
export const READABLE_ENVELOPE_VERSIONS = [1, 2, 3] as const;
/** WXT's item version of `local:vault` (its storage layout), separate from the format. */
export const ENVELOPE_ITEM_VERSION = STORAGE.vaultEnvelope.version;

/** Fewest PBKDF2 rounds a stored envelope may ask for: the cost this version writes. */
export const KDF_ITERATIONS_MIN = PBKDF2_ITERATIONS;
/** Most PBKDF2 rounds a stored envelope may ask for: about 8× today's cost, a few seconds per unlock. */
export const KDF_ITERATIONS_MAX = 5_000_000;

export interface EnvelopeBounds {
  /** TESTS ONLY lower this (fast vaults); the extension always reads with KDF_ITERATIONS_MIN. */
  minIterations?: number;
}

function base64Bytes(label: string, exactLength?: number, minLength = 1) {
  return z.string().check(
    z.refine(isBase64, `${label} is not base64`),
    z.refine(
      (s) => (exactLength === undefined ? base64ByteLength(s) >= minLength : base64ByteLength(s) === exactLength),
      exactLength === undefined ? `${label} is too short` : `${label} must be ${exactLength} bytes`,
    ),
  );
}

const commonFields = {
  format: z.literal(ENVELOPE_FORMAT),
  /** Random id of this vault; part of every ciphertext's additional data. */
  vaultId: z.uuid(),
  /** Incremented by every write; a writer checks it has not moved before replacing the envelope. */
  revision: z.int().check(z.minimum(0)),
  kdf: z.strictObject({
    name: z.literal('PBKDF2'),
    hash: z.literal('SHA-256'),
    iterations: z.int().check(z.minimum(1)),
    salt: base64Bytes('kdf.salt', SALT_BYTES),
  }),
  /** The data key, AES-256-GCM-encrypted with the passphrase-derived key. */
  wrappedKey: z.strictObject({
    alg: z.literal('AES-GCM'),
    iv: base64Bytes('wrappedKey.iv', IV_BYTES),
    ct: base64Bytes('wrappedKey.ct', DATA_KEY_BYTES + GCM_TAG_BYTES),
  }),
  /** SHA-256 (base64) over every other field; see `envelopeDigest`. */
  digest: base64Bytes('digest', 32),
};

/** Formats 1 and 2 have the same fields; they differ in what the ciphertexts are bound to. */
export const legacyEnvelopeSchema = z.strictObject({
  ...commonFields,
  v: z.union([z.literal(1), z.literal(2)]),
  /** The vault contents (JSON), AES-256-GCM-encrypted with the data key. */
  vault: z.strictObject({
    alg: z.literal('AES-GCM'),
    iv: base64Bytes('vault.iv', IV_BYTES),
    ct: base64Bytes('vault.ct', undefined, GCM_TAG_BYTES + 1),
  }),
});

const bucketRowSchema = z.nullable(
  z.strictObject({
    g: z.int().check(z.minimum(0)),
    d: base64Bytes('bucket digest', 32),
    size: z.int().check(z.minimum(1)),
  }),
);

/** Format 3: no keys inside; they are in the bucket items the table names (vault-buckets.ts). */
export const envelopeSchema = z.strictObject({
  ...commonFields,
  v: z.literal(3),
  /**
   * Each bucket's generation, checksum and size (null: empty, no item), so a missing or changed
   * bucket is reported while the vault is still locked. The sealed index is the authority.
   */
  buckets: z.array(bucketRowSchema).check(z.length(BUCKET_COUNT)),
  /** The sealed index (vault-buckets.ts IndexPlain), bound to vault id + revision. */
  index: z.strictObject({
    alg: z.literal('AES-GCM'),
    iv: base64Bytes('index.iv', IV_BYTES),
    ct: base64Bytes('index.ct', undefined, GCM_TAG_BYTES + 1),
  }),
});

export const anyEnvelopeSchema = z.discriminatedUnion('v', [legacyEnvelopeSchema, envelopeSchema]);

/** A current (format 3) envelope: what the vault writes and an unlocked vault holds. */
export type VaultEnvelope = z.infer<typeof envelopeSchema>;
/** A format 1 or 2 envelope: only read, and migrated on unlock. */
export type LegacyEnvelope = z.infer<typeof legacyEnvelopeSchema>;
export type AnyEnvelope = VaultEnvelope | LegacyEnvelope;
export type UnsealedEnvelope = Omit<VaultEnvelope, 'digest'>;
type UnsealedAny = Omit<VaultEnvelope, 'digest'> | Omit<LegacyEnvelope, 'digest'>;

export function isCurrentEnvelope(envelope: AnyEnvelope): envelope is VaultEnvelope {
  return envelope.v === CURRENT_ENVELOPE_VERSION;
}

function head(e: UnsealedAny): unknown[] {
  return [e.format, e.v, e.vaultId, e.revision, e.kdf.name, e.kdf.hash, e.kdf.iterations, e.kdf.salt, e.wrappedKey.alg, e.wrappedKey.iv, e.wrappedKey.ct];
}

const utf8 = new TextEncoder();

/**
 * The UTF-8 bytes of a format 1/2 envelope's canonical text. Its ciphertext is nearly all of it
 * (30 MB at 10,000 keys): rather than copy it into a second string (JSON.stringify) and encode
 * that, its characters go straight into the byte buffer. That is only the same bytes when JSON
 * would write it as it is, in ASCII — true of base64; anything else takes the plain path.
 */
function legacyCanonicalBytes(e: Omit<LegacyEnvelope, 'digest'>): Uint8Array<ArrayBuffer> {
  const fields = (ct: string) => [...head(e), e.vault.alg, e.vault.iv, ct];
  const ct = e.vault.ct;
  if (typeof ct !== 'string' || !isBase64(ct)) return utf8.encode(JSON.stringify(fields(ct)));
  const around = JSON.stringify(fields(''));
  const before = utf8.encode(around.slice(0, -2));
  const after = utf8.encode(around.slice(-2));
  const bytes = new Uint8Array(before.length + ct.length + after.length);
  bytes.set(before, 0);
  utf8.encodeInto(ct, bytes.subarray(before.length, before.length + ct.length));
  bytes.set(after, before.length + ct.length);
  return bytes;
}

/** SHA-256 over every field but `digest`, in a fixed order (not JSON key order). */
export function envelopeDigest(e: UnsealedAny): Promise<string> {
  if (e.v === 1 || e.v === 2) return sha256BytesBase64(legacyCanonicalBytes(e));
  const current = e as Omit<VaultEnvelope, 'digest'>;
  const table: BucketTable = current.buckets;
  return sha256Base64(
    JSON.stringify([...head(e), table.map((row) => (row ? [row.g, row.d, row.size] : null)), current.index.alg, current.index.iv, current.index.ct]),
  );
}

export async function finishEnvelope(e: UnsealedEnvelope): Promise<VaultEnvelope> {
  const { digest: _ignored, ...rest } = e as VaultEnvelope;
  return { ...rest, digest: await envelopeDigest(rest) };
}

export type EnvelopeRead =
  | { kind: 'empty' }
  | { kind: 'ok'; envelope: AnyEnvelope }
  | { kind: 'damaged'; message: string };

const LEFT_ALONE = 'It has been left exactly as it is.';

/**
 * Classify a raw stored value. Never throws, never writes: the caller shows `message` and keeps
 * the bytes.
 */
export async function readEnvelope(
  raw: unknown,
  storedVersion?: number,
  bounds: EnvelopeBounds = {},
): Promise<EnvelopeRead> {
  try {
    return await classify(raw, storedVersion, bounds);
  } catch {
    // A check that fails (it once overflowed the stack on a large vault) says nothing about the
    // stored bytes: report it, keep them, and do not let the error escape to the caller.
    return {
      kind: 'damaged',
      message: `The stored vault could not be checked (the browser failed while reading it). ${LEFT_ALONE}`,
    };
  }
}

async function classify(raw: unknown, storedVersion: number | undefined, bounds: EnvelopeBounds): Promise<EnvelopeRead> {
  if (raw === null || raw === undefined) return { kind: 'empty' };
  if (typeof raw === 'string') {
    try {
      JSON.parse(raw);
    } catch {
      return { kind: 'damaged', message: `The stored vault is damaged: it is not JSON. ${LEFT_ALONE}` };
    }
    return { kind: 'damaged', message: `The stored vault is damaged: it is text, not a vault envelope. ${LEFT_ALONE}` };
  }
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    return { kind: 'damaged', message: `The stored vault is damaged: it is not a vault envelope. ${LEFT_ALONE}` };
  }
  const version = (raw as { v?: unknown }).v;
  const fieldVersion = typeof version === 'number' ? version : 0;
  if (fieldVersion > CURRENT_ENVELOPE_VERSION || (storedVersion ?? 0) > ENVELOPE_ITEM_VERSION) {
    const newest = fieldVersion > CURRENT_ENVELOPE_VERSION ? fieldVersion : (storedVersion ?? 0);
    return {
      kind: 'damaged',
      message: `The stored vault uses format version ${newest}, which this version of Kaneo Key Manager does not know (it reads version ${CURRENT_ENVELOPE_VERSION}). Update the extension. ${LEFT_ALONE}`,
    };
  }
  if (!READABLE_ENVELOPE_VERSIONS.includes(version as 1 | 2 | 3)) {
    return {
      kind: 'damaged',
      message: `The stored vault has an unknown format version (${JSON.stringify(version) ?? 'none'}). ${LEFT_ALONE}`,
    };
  }
  const parsed = anyEnvelopeSchema.safeParse(raw);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    const where = first ? `${first.path.map(String).join('.') || 'envelope'}: ${first.message}` : 'invalid';
    return { kind: 'damaged', message: `The stored vault is damaged (${where}). ${LEFT_ALONE}` };
  }
  const { digest, ...rest } = parsed.data;
  if ((await envelopeDigest(rest)) !== digest) {
    return {
      kind: 'damaged',
      message: `The stored vault is damaged: its checksum does not match, so some bytes have changed. ${LEFT_ALONE}`,
    };
  }
  const minIterations = bounds.minIterations ?? KDF_ITERATIONS_MIN;
  const { iterations } = parsed.data.kdf;
  if (iterations < minIterations || iterations > KDF_ITERATIONS_MAX) {
    return {
      kind: 'damaged',
      message: `The stored vault is damaged: it asks for ${iterations.toLocaleString('en')} key-derivation rounds, outside the ${minIterations.toLocaleString('en')} … ${KDF_ITERATIONS_MAX.toLocaleString('en')} this version accepts, so it was not unlocked. ${LEFT_ALONE}`,
    };
  }
  return { kind: 'ok', envelope: parsed.data };
}
