/**
 * Sync records: how the vault's entries are stored in `storage.sync`, sealed with the sync data
 * key, and read back.
 *
 * Protects: every key's secret, name, instance URL, notes and dates, from the sync provider
 * (Google, Mozilla), from anyone who can read the synced data, and from anyone who can write it.
 * Against: reading (only ciphertext, random-looking ids and counters are stored), tampering (a
 * changed byte fails AES-GCM), swapping (a record moved under another id, another revision or
 * another set fails its additional data) and injection (a record made without the data key
 * fails AES-GCM). Refused records are reported and never applied.
 * Invariants — must not change:
 * - Record ids are HMAC-SHA-256(entry id) under a key derived from the data key: stable per
 *   entry, not linkable to anything outside, and never a name.
 * - The additional data of every record names the set (syncId), the record id, its revision
 *   (c, d) and its chunk count. The decrypted payload must name the entry the record id is for.
 * - The plaintext is padded to a multiple of PAD_BYTES so record sizes say little about notes.
 * - Nothing here logs or throws a secret; a record that fails any check is refused with a reason.
 */
import * as z from 'zod/mini';
import { keyEntrySchema, type KeyEntry } from '../../keys/key-entry';
import { base64ToBytes, bytesToBase64 } from '../../vault/background/base64';
import { GCM_TAG_BYTES, IV_BYTES, DATA_KEY_BYTES, SALT_BYTES, decryptBytes, encryptBytes } from '../../vault/background/vault-crypto';
import type { SyncedItem, Version } from './merge';
import { CHUNK_CHARS, itemBytes } from './sync-quota';

/** Every item sync writes starts with this (catalogue: STORAGE.syncRecords). */
export { SYNC_ITEMS_PREFIX as SYNC_ITEM_PREFIX } from './sync-store';
import { SYNC_ITEMS_PREFIX as SYNC_ITEM_PREFIX } from './sync-store';
export const KEY_RECORD_KEY = `${SYNC_ITEM_PREFIX}key`;
const RECORD_PREFIX = `${SYNC_ITEM_PREFIX}r.`;
const RECORD_KEY = /^kkm\.r\.([A-Za-z0-9_-]{22})$/;
const CHUNK_KEY = /^kkm\.r\.([A-Za-z0-9_-]{22})\.([1-9]\d?)$/;
export const PAD_BYTES = 64;
const MAX_CHUNKS = 12;

const encoder = new TextEncoder();
const decoder = new TextDecoder();
const subtle = () => globalThis.crypto.subtle;

export type SyncedEntry = SyncedItem<KeyEntry>;

/** The keys one sync set uses, derived from its data key. */
export interface SyncKeys {
  syncId: string;
  enc: CryptoKey;
  mac: CryptoKey;
}

export async function deriveSyncKeys(rawDataKey: Uint8Array<ArrayBuffer>, syncId: string): Promise<SyncKeys> {
  if (rawDataKey.length !== DATA_KEY_BYTES) throw new Error('data key has the wrong length');
  const base = await subtle().importKey('raw', rawDataKey, 'HKDF', false, ['deriveKey']);
  const params = (info: string) => ({ name: 'HKDF', hash: 'SHA-256', salt: new Uint8Array(0), info: encoder.encode(`kaneo-key-manager/sync/${info}/v1`) });
  const enc = await subtle().deriveKey(params('records'), base, { name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);
  const mac = await subtle().deriveKey(params('record-ids'), base, { name: 'HMAC', hash: 'SHA-256', length: 256 }, false, ['sign']);
  return { syncId, enc, mac };
}

function base64Url(bytes: Uint8Array): string {
  return bytesToBase64(bytes).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** 22 characters (128 bits) of HMAC over the entry id. */
export async function recordIdFor(keys: SyncKeys, entryId: string): Promise<string> {
  const mac = new Uint8Array(await subtle().sign('HMAC', keys.mac, encoder.encode(`entry/${entryId}`)));
  return base64Url(mac.slice(0, 16));
}

function recordAad(keys: SyncKeys, rid: string, v: Pick<Version, 'c' | 'd'>, chunks: number) {
  return encoder.encode(`kaneo-key-manager/sync-record/v1/${keys.syncId}/${rid}/${v.c}/${v.d}/${chunks}`);
}

const deviceIdSchema = z.string().check(z.regex(/^[A-Za-z0-9_-]{8,32}$/));
const base64 = z.string().check(z.regex(/^[A-Za-z0-9+/]*={0,2}$/));

const headSchema = z.strictObject({
  v: z.literal(1),
  c: z.int().check(z.gte(1), z.lte(Number.MAX_SAFE_INTEGER)),
  d: deviceIdSchema,
  n: z.int().check(z.gte(1), z.lte(MAX_CHUNKS)),
  iv: base64,
  ct: base64,
});

const payloadSchema = z.strictObject({
  id: z.string().check(z.minLength(1), z.maxLength(200)),
  vv: z.record(deviceIdSchema, z.int().check(z.gte(0))),
  at: z.iso.datetime(),
  entry: z.nullable(keyEntrySchema),
});

/** The stored items (head + chunks) for one version of one entry. */
export async function sealRecord(keys: SyncKeys, item: SyncedEntry): Promise<{ rid: string; items: Record<string, unknown>; bytes: number }> {
  const rid = await recordIdFor(keys, item.id);
  let text = JSON.stringify({ id: item.id, vv: item.v.vv, at: item.at, entry: item.entry });
  const length = encoder.encode(text).length;
  text += ' '.repeat((PAD_BYTES - (length % PAD_BYTES)) % PAD_BYTES);
  const plain = encoder.encode(text);
  // The chunk count is part of the additional data, so it must be known before encrypting:
  // AES-GCM adds 16 bytes, base64 makes 4 characters of every 3 bytes.
  const ctChars = Math.ceil((plain.length + GCM_TAG_BYTES) / 3) * 4;
  const n = Math.max(1, Math.ceil(ctChars / CHUNK_CHARS));
  if (n > MAX_CHUNKS) throw new Error('entry too large to sync');
  const { iv, ct } = await encryptBytes(keys.enc, plain, recordAad(keys, rid, item.v, n));
  const all = bytesToBase64(ct);
  const key = `${RECORD_PREFIX}${rid}`;
  const items: Record<string, unknown> = {
    [key]: { v: 1, c: item.v.c, d: item.v.d, n, iv: bytesToBase64(iv), ct: all.slice(0, CHUNK_CHARS) },
  };
  for (let i = 1; i < n; i++) items[`${key}.${i}`] = all.slice(i * CHUNK_CHARS, (i + 1) * CHUNK_CHARS);
  const bytes = Object.entries(items).reduce((sum, [k, v]) => sum + itemBytes(k, v), 0);
  return { rid, items, bytes };
}

export type RefusalReason = 'malformed' | 'missing-part' | 'not-authentic' | 'misplaced' | 'unknown-item';

export interface RecordRefusal {
  /** The storage.sync item key (random-looking; no name). */
  item: string;
  reason: RefusalReason;
}

export interface StoredRecord {
  rid: string;
  version: Pick<Version, 'c' | 'd'>;
  /** Every item key this record occupies (head and chunks) and their bytes. */
  itemKeys: string[];
  bytes: number;
}

export interface OpenedRecords {
  /** Records that opened and checked out, by entry id. */
  items: SyncedEntry[];
  /** What is stored, by record id (opened or not), for upload and clean-up decisions. */
  stored: Map<string, StoredRecord>;
  /** Entry id → record id for opened records. */
  ridOf: Map<string, string>;
  refused: RecordRefusal[];
  /** Chunk items no record claims (left by an interrupted write): safe to remove. */
  orphans: string[];
}

export const REFUSAL_TEXT: Record<RefusalReason, string> = {
  malformed: 'not in the sync record format',
  'missing-part': 'a part of it is missing (it may still be arriving)',
  'not-authentic': 'it was not made with this vault’s key, or it was changed',
  misplaced: 'it was moved from another place in the synced data',
  'unknown-item': 'an item this extension never writes',
};

/** Read every sync record in a `storage.sync` dump. Never throws; refuses what does not check out. */
export async function openRecords(keys: SyncKeys, dump: Record<string, unknown>): Promise<OpenedRecords> {
  const out: OpenedRecords = { items: [], stored: new Map(), ridOf: new Map(), refused: [], orphans: [] };
  const claimed = new Set<string>();
  for (const [key, value] of Object.entries(dump)) {
    if (!key.startsWith(SYNC_ITEM_PREFIX) || key === KEY_RECORD_KEY) continue;
    if (CHUNK_KEY.test(key)) continue;
    const match = RECORD_KEY.exec(key);
    if (!match) {
      out.refused.push({ item: key, reason: 'unknown-item' });
      continue;
    }
    const rid = match[1]!;
    const head = headSchema.safeParse(value);
    if (!head.success) {
      out.refused.push({ item: key, reason: 'malformed' });
      continue;
    }
    const { c, d, n, iv } = head.data;
    const itemKeys = [key];
    let ct = head.data.ct;
    let missing = false;
    for (let i = 1; i < n; i++) {
      const part = dump[`${key}.${i}`];
      if (typeof part !== 'string' || !base64.safeParse(part).success) missing = true;
      else ct += part;
      itemKeys.push(`${key}.${i}`);
    }
    itemKeys.forEach((k) => claimed.add(k));
    const bytes = itemKeys.reduce((sum, k) => sum + (k in dump ? itemBytes(k, dump[k]) : 0), 0);
    out.stored.set(rid, { rid, version: { c, d }, itemKeys, bytes });
    if (missing) {
      out.refused.push({ item: key, reason: 'missing-part' });
      continue;
    }
    let plain: Uint8Array;
    try {
      const ivBytes = base64ToBytes(iv);
      if (ivBytes.length !== IV_BYTES) throw new Error('iv');
      plain = await decryptBytes(keys.enc, { iv: ivBytes, ct: base64ToBytes(ct) }, recordAad(keys, rid, { c, d }, n));
    } catch {
      out.refused.push({ item: key, reason: 'not-authentic' });
      continue;
    }
    let payload: z.infer<typeof payloadSchema>;
    try {
      payload = payloadSchema.parse(JSON.parse(decoder.decode(plain)));
    } catch {
      out.refused.push({ item: key, reason: 'malformed' });
      continue;
    }
    if ((await recordIdFor(keys, payload.id)) !== rid || (payload.entry && payload.entry.id !== payload.id) || (payload.vv[d] ?? 0) < 1) {
      out.refused.push({ item: key, reason: 'misplaced' });
      continue;
    }
    out.items.push({ id: payload.id, v: { c, d, vv: payload.vv }, at: payload.at, entry: payload.entry });
    out.ridOf.set(payload.id, rid);
  }
  for (const key of Object.keys(dump)) if (CHUNK_KEY.test(key) && !claimed.has(key)) out.orphans.push(key);
  return out;
}

// ── The wrapped-key record ─────────────────────────────────────────────────────────────────

const keyRecordSchema = z.strictObject({
  v: z.literal(1),
  /** The sync set's id: the additional data of the wrapped key and of every record. */
  syncId: z.uuid(),
  kdf: z.strictObject({
    name: z.literal('PBKDF2'),
    hash: z.literal('SHA-256'),
    iterations: z.int().check(z.gte(1)),
    salt: base64.check(z.refine((s) => base64ToBytes(s).length === SALT_BYTES)),
  }),
  wrappedKey: z.strictObject({
    alg: z.literal('AES-GCM'),
    iv: base64.check(z.refine((s) => base64ToBytes(s).length === IV_BYTES)),
    ct: base64.check(z.refine((s) => base64ToBytes(s).length === DATA_KEY_BYTES + GCM_TAG_BYTES)),
  }),
});
export type KeyRecord = z.infer<typeof keyRecordSchema>;

export type KeyRecordRead = { kind: 'none' } | { kind: 'ok'; record: KeyRecord } | { kind: 'damaged' };

export function readKeyRecord(dump: Record<string, unknown>): KeyRecordRead {
  const raw = dump[KEY_RECORD_KEY];
  if (raw === undefined || raw === null) return { kind: 'none' };
  const parsed = keyRecordSchema.safeParse(raw);
  return parsed.success ? { kind: 'ok', record: parsed.data } : { kind: 'damaged' };
}
