/**
 * The decrypted vault contents: reading them, and the one read-modify-write every change goes
 * through.
 *
 * Protects: the keys inside the vault from lost updates and from writes over a vault that could
 * not be read.
 * Invariants:
 * - A write always starts from what is stored now: the stored (small) envelope must still be the
 *   one the cached contents came from (revision + digest check), all under the one write lock.
 *   The check reads storage while the change is being sealed; nothing is written, not even a
 *   bucket, before it has answered.
 * - A write never happens unless the stored envelope and every bucket it names validated and
 *   decrypted.
 * - A save re-seals only the buckets whose keys changed (vault-buckets.ts), under the new
 *   revision as generation, and writes them before the envelope (envelope-io.ts writeChecked).
 *   It does no whole-vault work: no re-validating every key, no whole-vault checksum.
 * - The decrypted contents are kept in memory while the vault is unlocked, for the one envelope
 *   they came from (its digest): a vault is decrypted once per wake of the background, not once
 *   per operation. They are replaced only after a write landed, so a failed write leaves them
 *   matching what is stored, and dropped by `forget` (every lock, auto-lock included). They are
 *   frozen: a caller cannot change them by mistake.
 * - A bucket that does not open, is bound to another place, or disagrees with the sealed index
 *   makes the vault "damaged": reported, never repaired, never read without its keys. * - Pages keep the key list and ask what changed (`changes`): every write this store lands is
 *   logged (which key ids it touched) against the envelope digests before and after it. A chain
 *   of logged writes is the only way to answer "changed since"; anything else (a write not made
 *   here, a restarted background, a lock) answers the whole list. The log holds ids, no keys.
 */
import { err, ok, type Result } from '../../result';
import type { KeyEntry } from '../../keys/key-entry';
import type { KeyChanges } from '../protocol';
import { finishEnvelope, type VaultEnvelope } from './envelope';
import { MAX_WRITE_ATTEMPTS, NOTHING_CHANGED, type BucketItems, type EnvelopeIo } from './envelope-io';
import {
  BUCKET_COUNT,
  bucketItemName,
  bucketOf,
  bucketPlainBatchSchema,
  contentsFields,
  openBucket,
  openIndex,
  referencedBucketNames,
  sealBucket,
  sealIndex,
  type BucketTable,
  type PlacedKey,
  type StoredBucket,
} from './vault-buckets';
import type { VaultContents } from './vault-contents';
import type { VaultErrorReason } from './vault-errors';
import type { Unlocked, UnlockedSession } from './vault-session';
import type { VaultStorage } from './vault-storage';

/** A pure change of the contents; may run more than once when another writer got in between. */
export type ContentsChange<T> = (contents: VaultContents) => Result<{ contents: VaultContents; value: T }, VaultErrorReason>;

export interface VaultContentsStore {
  read(unlocked: Unlocked): Promise<Result<VaultContents, VaultErrorReason>>;
  /** The key list since the list `since` named (its cursor), or the whole list (see KeyChanges). */
  changes(unlocked: Unlocked, since?: string): Promise<Result<KeyChanges<KeyEntry>, VaultErrorReason>>;
  mutate<T>(change: ContentsChange<T>): Promise<Result<T, VaultErrorReason>>;
  /**
   * Removes bucket items no envelope names (left by a crash between a bucket and an index write).
   * Runs under the write lock, only beside a readable format-3 envelope, and removes only names
   * that envelope does not name, after checking it is still the stored one: a save before or
   * after it (each under the same lock) never loses a bucket to it. Never throws.
   */
  sweepOrphans(): Promise<void>;
  /** Drop the decrypted contents (the vault locked). */
  forget(): void;
}

/** Where one key is stored: its place in the list (`o`), its bucket (`n`), and the entry itself. */
interface Placement {
  o: number;
  n: number;
  key: KeyEntry;
  /** The last planned save that met this key in its new list (to find ids listed twice, and removed keys). */
  seen: number;
}

/** Decrypted contents, the envelope they came from, and where each key is stored. */
interface Decrypted {
  digest: string;
  contents: VaultContents;
  /**
   * Every key's placement by id. A landed write updates it in place for the contents it wrote
   * (the Decrypted it came from is replaced at that moment), so a save does not rebuild a map of
   * every key (issue 11: at 10,000 keys that was most of a save's own work).
   */
  placements: Map<string, Placement>;
}

const DAMAGED_LEFT = 'It has been left exactly as it is.';

/** One write this store landed: the envelope digests before and after, and the key ids it touched. */
interface LoggedWrite {
  from: string;
  to: string;
  touched: readonly string[];
}

/** Writes kept for `changes`: a page that missed more than this gets the whole list. */
export const CHANGE_LOG_WRITES = 64;
/** A chain touching more ids than this answers the whole list (as cheap, and simpler for the page). */
const MAX_CHANGED_IDS = 1_000;

/**
 * What changed between the list `since` names and `current`, following the logged writes, or
 * null when the log does not reach back to `since` unbroken.
 */
function changedSince(log: readonly LoggedWrite[], since: string, current: Decrypted): { changed: KeyEntry[]; removed: string[] } | null {
  const touched = new Set<string>();
  let at = since;
  for (let steps = 0; at !== current.digest; steps++) {
    const write = steps < log.length ? log.find((w) => w.from === at) : undefined;
    if (!write) return null;
    for (const id of write.touched) touched.add(id);
    if (touched.size > MAX_CHANGED_IDS) return null;
    at = write.to;
  }
  const changed: KeyEntry[] = [];
  const removed: string[] = [];
  for (const id of touched) {
    const key = current.placements.get(id)?.key;
    if (key) changed.push(key);
    else removed.push(id);
  }
  return { changed, removed };
}

function freezeKey(key: KeyEntry): void {
  if (Object.isFrozen(key)) return;
  Object.freeze(key.instance);
  Object.freeze(key);
}

function frozen(contents: VaultContents): VaultContents {
  for (const key of contents.keys) freezeKey(key);
  Object.freeze(contents.keys);
  return Object.freeze(contents);
}

/**
 * Opens a format-3 vault: the sealed index and every bucket the envelope's table names. Answers
 * the contents in list order with each key's place. Throws a message (string) when anything does
 * not open or agree.
 *
 * The index and the buckets are decrypted all at once, and nothing is used before all of them
 * settled: one after another, each of up to 256 buckets waited for its own decryption's answer
 * before the next was asked, and on a busy worker every such wait let other queued work in first
 * (issue 11). What is wrong is then reported in the order a one-by-one read would meet it: the
 * index first, then bucket 0, 1, … (a table row the index disagrees with, a missing item, one
 * that does not open). Decrypting a bucket before its row was checked against the index changes
 * nothing: each bucket is bound to its number and generation by its own additional data, and
 * nothing is answered unless every check passed.
 */
export async function openVault(
  key: CryptoKey,
  envelope: VaultEnvelope,
  buckets: BucketItems,
): Promise<{ contents: VaultContents; placements: Map<string, Placement> }> {
  // One parser for all buckets: each distinct instance is checked once (keyEntryBatchSchema).
  const schema = bucketPlainBatchSchema();
  const opening = Array.from({ length: BUCKET_COUNT }, (_, n) => {
    const row = envelope.buckets[n] ?? null;
    const stored = row ? buckets[bucketItemName(n, row.g)] : undefined;
    return row && stored ? openBucket(key, envelope.vaultId, n, row.g, stored, schema) : null;
  });
  const [indexRead, ...bucketReads] = await Promise.allSettled([openIndex(key, envelope), ...opening]);
  if (indexRead!.status === 'rejected') throw new Error('Its index could not be decrypted with its key.');
  const index = indexRead!.value;
  const placed: (PlacedKey & { n: number })[] = [];
  for (let n = 0; n < BUCKET_COUNT; n++) {
    const row = envelope.buckets[n] ?? null;
    if ((row?.g ?? null) !== index.generations[n]) throw new Error(`Its bucket ${n} is not the one its index names.`);
    if (!row) continue;
    const read = bucketReads[n]!;
    if (opening[n] === null) throw new Error(`Its bucket ${n} is missing.`);
    if (read.status === 'rejected') throw new Error(`Its bucket ${n} could not be decrypted with its key, or holds something else.`);
    for (const { o, key: entry } of read.value ?? []) placed.push({ o, key: entry, n });
  }
  placed.sort((a, b) => a.o - b.o);
  const placements = new Map<string, Placement>();
  for (let i = 0; i < placed.length; i++) {
    const { o, key: entry, n } = placed[i]!;
    if (placements.has(entry.id) || (i > 0 && placed[i - 1]!.o === o)) throw new Error('It holds a key twice.');
    placements.set(entry.id, { o, n, key: entry, seen: 0 });
  }
  return { contents: { ...index.contents, keys: placed.map((p) => p.key) }, placements };
}

/** What a save changes: placements that differ (by id), ids removed, buckets to re-seal, ids touched. */
interface SavePlan {
  changed: Map<string, Placement>;
  removed: string[];
  dirty: Set<number>;
  /** Added, replaced or removed (a key only moved in the list is not: pages sort the list). */
  touched: string[];
}

let plans = 0;

/**
 * Places for the new key list, reusing every place that still increases along the list, and the
 * buckets whose keys changed (a key added, removed, replaced or moved). Reads `previous` and
 * changes nothing of it but the `seen` marks; throws when an id is listed twice.
 */
function planSave(previous: Decrypted, next: readonly KeyEntry[]): SavePlan {
  const mark = ++plans;
  const changed = new Map<string, Placement>();
  const dirty = new Set<number>();
  const touched: string[] = [];
  let kept = 0;
  let last = -1;
  for (const key of next) {
    const before = previous.placements.get(key.id);
    if (before ? before.seen === mark : changed.has(key.id)) throw new Error('a key id appears twice');
    if (before) {
      before.seen = mark;
      kept++;
    }
    const same = before?.key === key;
    if (!same) touched.push(key.id);
    const n = before ? before.n : bucketOf(key.id);
    let place = before?.o;
    if (place === undefined || place <= last) {
      place = last + 1;
      dirty.add(n);
    } else if (!same) {
      dirty.add(n);
    }
    if (!before || !same || before.o !== place) changed.set(key.id, { o: place, n, key, seen: mark });
    last = place;
  }
  const removed: string[] = [];
  if (kept < previous.placements.size) {
    for (const [id, before] of previous.placements) {
      if (before.seen === mark) continue;
      removed.push(id);
      dirty.add(before.n);
      touched.push(id);
    }
  }
  return { changed, removed, dirty, touched };
}

export function createVaultContentsStore(deps: {
  storage: VaultStorage;
  envelopes: EnvelopeIo;
  session: UnlockedSession;
  emit: () => void;
}): VaultContentsStore {
  const { envelopes, session } = deps;
  let decrypted: Decrypted | null = null;
  let log: LoggedWrite[] = [];

  async function decrypt(unlocked: Unlocked): Promise<Result<Decrypted, VaultErrorReason>> {
    if (decrypted && decrypted.digest === unlocked.envelope.digest) return ok(decrypted);
    const buckets = await envelopes.bucketsOf(unlocked.envelope);
    if (!buckets.ok) return buckets;
    try {
      const opened = await openVault(unlocked.key, unlocked.envelope, buckets.value);
      decrypted = { digest: unlocked.envelope.digest, contents: frozen(opened.contents), placements: opened.placements };
      return ok(decrypted);
    } catch (error) {
      const why = error instanceof Error ? error.message : '';
      return err('damaged', `The stored vault is damaged: ${why} ${DAMAGED_LEFT}`);
    }
  }

  /**
   * The new envelope and the bucket items for `next`: only the buckets whose keys changed are
   * re-sealed (under the new revision as generation); the index is sealed beside them (it names
   * generations, which are known before any bucket is sealed).
   */
  async function sealChanges(
    envelope: VaultEnvelope,
    key: CryptoKey,
    previous: Decrypted,
    next: VaultContents,
  ): Promise<{ envelope: VaultEnvelope; items: Record<string, StoredBucket>; obsolete: string[]; plan: SavePlan }> {
    const plan = planSave(previous, next.keys);
    const revision = envelope.revision + 1;
    const grouped = new Map<number, PlacedKey[]>();
    for (const n of plan.dirty) grouped.set(n, []);
    if (grouped.size > 0) {
      for (const entry of next.keys) {
        const placement = plan.changed.get(entry.id) ?? previous.placements.get(entry.id)!;
        grouped.get(placement.n)?.push({ o: placement.o, key: entry });
      }
    }
    const table: BucketTable = [...envelope.buckets];
    const obsolete: string[] = [];
    const sealing: Promise<{ n: number; bucket: Awaited<ReturnType<typeof sealBucket>> }>[] = [];
    for (const [n, keys] of grouped) {
      const old = table[n];
      if (old) obsolete.push(bucketItemName(n, old.g));
      table[n] = null;
      if (keys.length > 0) sealing.push(sealBucket(key, envelope.vaultId, n, revision, keys).then((bucket) => ({ n, bucket })));
    }
    const generations = table.map((row, n) => (grouped.get(n)?.length ? revision : (row?.g ?? null)));
    const [index, sealed] = await Promise.all([
      sealIndex(key, { vaultId: envelope.vaultId, revision }, { v: 1, generations, contents: contentsFields(next) }),
      Promise.all(sealing),
    ]);
    const items: Record<string, StoredBucket> = {};
    for (const { n, bucket } of sealed) {
      items[bucket.name] = bucket.value;
      table[n] = bucket.row;
    }
    const written = await finishEnvelope({ ...envelope, revision, buckets: table, index });
    return { envelope: written, items, obsolete, plan };
  }

  return {
    async read(unlocked) {
      const read = await decrypt(unlocked);
      return read.ok ? ok(read.value.contents) : read;
    },
    async changes(unlocked, since) {
      const read = await decrypt(unlocked);
      if (!read.ok) return read;
      const current = read.value;
      const delta = since === undefined ? null : changedSince(log, since, current);
      if (delta && since !== undefined) return ok({ cursor: current.digest, whole: false, since, ...delta });
      return ok({ cursor: current.digest, whole: true, keys: current.contents.keys });
    },
    forget() {
      decrypted = null;
      log = [];
    },
    sweepOrphans() {
      return envelopes.locked(async () => {
        try {
          const read = await envelopes.load();
          // Only beside a readable current envelope: a damaged vault is left exactly as it is.
          if (read.kind !== 'ok' || read.envelope.v !== 3) return;
          const referenced = new Set(referencedBucketNames(read.envelope.buckets));
          const orphans = (await deps.storage.listBucketNames()).filter((name) => !referenced.has(name));
          if (orphans.length > 0 && (await envelopes.storedIsStill(read.envelope))) await deps.storage.removeBuckets(orphans);
        } catch {
          // Tried again after the next unlock; an orphan is only wasted space.
        }
      });
    },
    mutate<T>(change: ContentsChange<T>) {
      return envelopes.locked(async (): Promise<Result<T, VaultErrorReason>> => {
        try {
          for (let attempt = 0; attempt < MAX_WRITE_ATTEMPTS; attempt++) {
            const unlocked = await session.requireUnlocked();
            if (!unlocked.ok) return unlocked;
            const current = await decrypt(unlocked.value);
            if (!current.ok) return current;
            const changed = change(current.value.contents);
            if (!changed.ok) return changed;
            const { envelope, key } = unlocked.value;
            // The check against other writers reads storage while the change is sealed; nothing is
            // written before both are done, and nothing at all unless the check passed.
            const still = envelopes.storedIsStill(envelope);
            still.catch(() => undefined);
            const next = await sealChanges(envelope, key, current.value, changed.value.contents);
            if (!(await still)) continue;
            const written = await envelopes.writeChecked(next.envelope, envelope, next.items, next.obsolete);
            if (!written.ok) return written;
            // Landed: the placements become those of what was written (see Decrypted).
            const { placements } = current.value;
            for (const id of next.plan.removed) placements.delete(id);
            for (const [id, placement] of next.plan.changed) placements.set(id, placement);
            decrypted = { digest: next.envelope.digest, contents: frozen({ ...changed.value.contents }), placements };
            log = [...log.slice(1 - CHANGE_LOG_WRITES), { from: envelope.digest, to: next.envelope.digest, touched: next.plan.touched }];
            deps.emit();
            return ok(changed.value.value);
          }
          return err('conflict', 'The vault kept changing while saving. Nothing was lost; try again.');
        } catch {
          // Everything that can throw here runs before the one write (which answers a Result).
          return err('internal', `The vault could not be saved: something went wrong while preparing the change. ${NOTHING_CHANGED}`);
        }
      });
    },
  };
}
