/**
 * Envelope format 3: the keys live in 256 bucket items beside the small envelope, so a change
 * re-seals and rewrites only the bucket(s) it touches.
 *
 * Protects: every stored key (secret, name, instance, notes) and the order of the key list.
 * Against: readers of `storage.local` (buckets and index are AES-256-GCM under the data key) and
 * someone with write access to the profile moving ciphertext around: each bucket's additional
 * data binds vault id + bucket number + generation, and the sealed index (bound to vault id +
 * envelope revision) names each bucket's current generation. A bucket copied to another number,
 * an older generation put back under the current name, or a bucket from another vault never opens.
 * Not against: putting back a whole older state (envelope and its buckets together) — the same
 * limit as format 2, where an older envelope can be put back.
 *
 * Invariants:
 * - The bucket of a key is FNV-1a(key id) % 256; a key found in another bucket is damage.
 * - A generation is the envelope revision that first held the bucket; a save gives every
 *   re-sealed bucket the new revision, so its storage name (`vault.b.<n>.<generation>`) is new
 *   and the previous one is still there until the envelope that stops naming it is written.
 * - Each key carries its place in the list (`o`, increasing along the list), so the list reads
 *   back in the order it was written without the index holding every id.
 */
import { z } from 'zod/mini';
import { keyEntryBatchSchema, keyEntrySchema, type KeyEntry } from '../../keys/key-entry';
import { isBase64 } from './base64';
import { decryptJson, encryptJson, sha256Base64 } from './vault-crypto';
import type { VaultContents } from './vault-contents';
import { STORAGE, storageName } from '../../storage/catalogue';

export const BUCKET_COUNT = 256;

/** 32-bit FNV-1a over the UTF-16 code units of `text`. */
export function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}

export function bucketOf(keyId: string): number {
  return fnv1a(keyId) % BUCKET_COUNT;
}

/** `vault.b` — the storage-name prefix of every bucket item (a key prefix, like sync records). */
export const BUCKET_PREFIX = `${storageName(STORAGE.vaultBuckets)}.`;

/** The storage name (browser.storage.local key) of bucket `n` at `generation`. */
export function bucketItemName(n: number, generation: number): string {
  return `${BUCKET_PREFIX}${n}.${generation}`;
}

const encoder = new TextEncoder();

export function bucketAdditionalData(vaultId: string, n: number, generation: number): Uint8Array<ArrayBuffer> {
  return encoder.encode(`kaneo-key-manager/bucket/v3/${vaultId}/${n}/${generation}`);
}

export function indexAdditionalData(envelope: { vaultId: string; revision: number }): Uint8Array<ArrayBuffer> {
  return encoder.encode(`kaneo-key-manager/index/v3/${envelope.vaultId}/${envelope.revision}`);
}

const base64 = z.string().check(z.refine(isBase64, 'not base64'), z.minLength(1));

/** A bucket item as stored: AES-GCM ciphertext of its keys. */
export const storedBucketSchema = z.strictObject({ alg: z.literal('AES-GCM'), iv: base64, ct: base64 });
export type StoredBucket = z.infer<typeof storedBucketSchema>;

/** The envelope's plaintext row for a bucket (covered by the envelope digest); null = empty, no item. */
export interface BucketRow {
  /** Generation: the revision that wrote it. */
  g: number;
  /** SHA-256 (base64) of the stored item, a checksum like the envelope's digest. */
  d: string;
  /** Its size as storage.local counts it (name + JSON), for the vault's size limit. */
  size: number;
}
export type BucketTable = (BucketRow | null)[];

/** What a bucket decrypts to, for `entry`: keyEntrySchema, or its batch form (keyEntryBatchSchema). */
function bucketPlainSchemaOf(entry: typeof keyEntrySchema | ReturnType<typeof keyEntryBatchSchema>) {
  return z.strictObject({
    v: z.literal(1),
    keys: z.array(z.strictObject({ o: z.int().check(z.minimum(0)), key: entry })),
  });
}
const bucketPlainSchema = bucketPlainSchemaOf(keyEntrySchema);

/**
 * What the buckets of one vault decrypt to, parsed with keyEntryBatchSchema: each distinct
 * instance is checked once across all of them. One per opening of a vault (vault-contents-store.ts).
 */
export function bucketPlainBatchSchema(): BucketPlainSchema {
  return bucketPlainSchemaOf(keyEntryBatchSchema());
}
export type BucketPlainSchema = typeof bucketPlainSchema;

/** What the sealed index decrypts to: the authoritative generations and the non-key contents. */
export const indexPlainSchema = z.strictObject({
  v: z.literal(1),
  generations: z.array(z.nullable(z.int().check(z.minimum(0)))).check(z.length(BUCKET_COUNT)),
  /** The vault contents' own fields other than `keys`. */
  contents: z.strictObject({ v: z.literal(1) }),
});
export type IndexPlain = z.infer<typeof indexPlainSchema>;

export function bucketDigest(bucket: StoredBucket): Promise<string> {
  return sha256Base64(JSON.stringify([bucket.alg, bucket.iv, bucket.ct]));
}

export function storedBucketBytes(name: string, bucket: StoredBucket): number {
  return name.length + JSON.stringify(bucket).length;
}

/** A key and its place in the list. */
export interface PlacedKey {
  o: number;
  key: KeyEntry;
}

export async function sealBucket(
  dataKey: CryptoKey,
  vaultId: string,
  n: number,
  generation: number,
  keys: PlacedKey[],
): Promise<{ name: string; value: StoredBucket; row: BucketRow }> {
  const sealed = await encryptJson(dataKey, { v: 1, keys }, bucketAdditionalData(vaultId, n, generation));
  const value: StoredBucket = { alg: 'AES-GCM', ...sealed };
  const name = bucketItemName(n, generation);
  return { name, value, row: { g: generation, d: await bucketDigest(value), size: storedBucketBytes(name, value) } };
}

/** Throws when the bucket does not open for this vault, number and generation, or holds a stray key. */
export async function openBucket(
  dataKey: CryptoKey,
  vaultId: string,
  n: number,
  generation: number,
  bucket: StoredBucket,
  schema: BucketPlainSchema = bucketPlainSchema,
): Promise<PlacedKey[]> {
  const plain = schema.parse(await decryptJson(dataKey, bucket, bucketAdditionalData(vaultId, n, generation)));
  for (const { key } of plain.keys) if (bucketOf(key.id) !== n) throw new Error('a key is in the wrong bucket');
  return plain.keys;
}

export async function sealIndex(dataKey: CryptoKey, envelope: { vaultId: string; revision: number }, index: IndexPlain) {
  return { alg: 'AES-GCM' as const, ...(await encryptJson(dataKey, index, indexAdditionalData(envelope))) };
}

export async function openIndex(
  dataKey: CryptoKey,
  envelope: { vaultId: string; revision: number; index: { iv: string; ct: string } },
): Promise<IndexPlain> {
  return indexPlainSchema.parse(await decryptJson(dataKey, envelope.index, indexAdditionalData(envelope)));
}

/** The contents' fields other than keys, as the index keeps them. */
export function contentsFields(contents: VaultContents): IndexPlain['contents'] {
  return { v: contents.v };
}

/** Groups a key list into buckets with places 0, 1, 2 … (a whole vault sealed afresh). */
export function placeAll(keys: readonly KeyEntry[]): PlacedKey[][] {
  const buckets: PlacedKey[][] = Array.from({ length: BUCKET_COUNT }, () => []);
  keys.forEach((key, o) => buckets[bucketOf(key.id)]!.push({ o, key }));
  return buckets;
}

export interface SealedLayout {
  table: BucketTable;
  items: Record<string, StoredBucket>;
  index: IndexPlain;
}

/** Seals a whole key list (new vault, re-key, migration) at one generation. */
export async function sealAll(dataKey: CryptoKey, vaultId: string, generation: number, contents: VaultContents): Promise<SealedLayout> {
  const table: BucketTable = [];
  const items: Record<string, StoredBucket> = {};
  const placed = placeAll(contents.keys);
  for (let n = 0; n < BUCKET_COUNT; n++) {
    const keys = placed[n]!;
    if (keys.length === 0) {
      table.push(null);
      continue;
    }
    const sealed = await sealBucket(dataKey, vaultId, n, generation, keys);
    items[sealed.name] = sealed.value;
    table.push(sealed.row);
  }
  return { table, items, index: { v: 1, generations: table.map((row) => row?.g ?? null), contents: contentsFields(contents) } };
}

/** The storage names an envelope's table refers to. */
export function referencedBucketNames(table: BucketTable): string[] {
  const names: string[] = [];
  table.forEach((row, n) => {
    if (row) names.push(bucketItemName(n, row.g));
  });
  return names;
}
