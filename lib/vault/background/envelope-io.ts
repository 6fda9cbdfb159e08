/**
 * Reading and writing the vault envelope: the only code that writes `local:vault`.
 *
 * Protects: the stored vault from lost or partial writes and from being silently replaced.
 * Against: two writers at once (one write lock, and a revision + digest check right before each
 * write), a write the browser refuses (quota, storage errors), and a vault grown past its limit.
 * Invariants:
 * - `writeChecked` is the one way the envelope is written; it answers a Result and never throws.
 * - A write that would exceed the size limit is refused before anything is stored.
 * - Reading never writes.
 * - Format 3: an envelope counts as readable only when every bucket item it names is stored,
 *   well-formed and matches its checksum; a missing or changed bucket makes the vault "damaged",
 *   reported and left alone (never repaired, never read without the keys it held).
 * - A save writes its new bucket items (new names) first, the envelope last — the commit point —
 *   and only then removes the buckets the old envelope named. A failure before the envelope
 *   lands leaves the old envelope and its buckets as they were.
 * - The validated envelope is remembered only while the stored item is watched (storage.onChanged):
 *   any change to it that is not exactly the remembered envelope forgets it, so a later read goes
 *   back to storage and validates again. A write still compares what is stored, byte for byte,
 *   with the envelope it started from (one plain read, no re-validation), so a writer that got in
 *   before the change event arrived is never overwritten.
 */
import { err, ok, type Result } from '../../result';
import {
  ENVELOPE_ITEM_VERSION,
  readEnvelope,
  type AnyEnvelope,
  type EnvelopeBounds,
  type EnvelopeRead,
  type VaultEnvelope,
} from './envelope';
import { bucketDigest, bucketItemName, referencedBucketNames, storedBucketBytes, storedBucketSchema, type StoredBucket } from './vault-buckets';
import { vaultBytes, type VaultStorage } from './vault-storage';
import type { LockRunner } from './write-lock';
import type { VaultErrorReason } from './vault-errors';

const WRITE_LOCK = 'kaneo-key-manager:vault-write';
/** How often a read-modify-write is retried when another writer got in between. */
export const MAX_WRITE_ATTEMPTS = 5;
export const NOTHING_CHANGED = 'Nothing was changed.';
const LEFT_ALONE = 'It has been left exactly as it is.';

function mebibytes(bytes: number): string {
  return (bytes / 1024 / 1024).toFixed(1);
}

/**
 * Whether a stored value is exactly `envelope` (same fields, same strings). Comparing the
 * ciphertext string costs a memory compare, far less than validating it again (base64 check,
 * SHA-256 over the whole vault).
 */
export function isSameEnvelope(stored: unknown, envelope: AnyEnvelope): boolean {
  return samePlain(stored, envelope);
}

function samePlain(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((item, i) => samePlain(item, b[i]));
  }
  const aKeys = Object.keys(a);
  if (aKeys.length !== Object.keys(b).length) return false;
  return aKeys.every((key) => Object.hasOwn(b, key) && samePlain((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]));
}

/** Bucket items by storage name. */
export type BucketItems = Readonly<Record<string, StoredBucket>>;

export interface EnvelopeIo {
  /** The stored envelope, classified (its buckets checked); the remembered one while it is known to be what is stored. */
  load(): Promise<EnvelopeRead>;
  /** The stored envelope, or why there is none to use (uninitialized, damaged). */
  require(): Promise<Result<AnyEnvelope, VaultErrorReason>>;
  /** The bucket items `envelope` names, checked against its table (damaged when one is missing or changed). */
  bucketsOf(envelope: VaultEnvelope): Promise<Result<BucketItems, VaultErrorReason>>;
  /** The revision check: nobody replaced the envelope since `read` was read. */
  storedIsStill(read: AnyEnvelope): Promise<boolean>;
  /**
   * Writes `buckets` (new names only), then `next` (whose predecessor is `previous`, null for a
   * new vault), then removes `obsolete` (the bucket names `next` no longer refers to). Never throws.
   */
  writeChecked(
    next: VaultEnvelope,
    previous: AnyEnvelope | null,
    buckets?: BucketItems,
    obsolete?: readonly string[],
  ): Promise<Result<null, VaultErrorReason>>;
  /** Runs `run` under the vault's one write lock. */
  locked<T>(run: () => Promise<T>): Promise<T>;
  /** Checks the bucket items `envelope` names, from storage or from `given` (a migration's output). */
  checkBuckets(envelope: VaultEnvelope, given?: Record<string, unknown>): Promise<Result<BucketItems, VaultErrorReason>>;
}

export function createEnvelopeIo(deps: {
  storage: VaultStorage;
  lock: LockRunner;
  maxEnvelopeBytes: number;
  /** KDF cost bounds a stored envelope must keep (see envelope.ts). */
  bounds?: EnvelopeBounds;
}): EnvelopeIo {
  const { storage, maxEnvelopeBytes } = deps;
  /** The last envelope validated or written (with its buckets), while it is what is stored. */
  let known: { envelope: AnyEnvelope; buckets: BucketItems | null } | null = null;
  /** Counts changes seen, so a read that raced a change does not remember what it read. */
  let changes = 0;
  const forget = () => {
    known = null;
    changes++;
  };
  /** Removing a bucket nothing names any more: a failure only leaves an orphan for the sweep. */
  const removeQuietly = async (names: readonly string[]) => {
    if (names.length === 0) return;
    try {
      await storage.removeBuckets(names);
    } catch {
      // Swept after the next unlock (vault-contents-store.ts sweepOrphans).
    }
  };
  // Without a watch there is no way to learn of another writer: then every read goes to storage.
  const watched =
    storage.watchEnvelope?.(
      (value) => {
        if (!known || !isSameEnvelope(value, known.envelope)) forget();
      },
      (changed) => {
        // Our own saves add buckets under new names (the event then carries what we remember)
        // and remove unnamed ones; any other change to a remembered bucket is someone else's.
        const buckets = known?.buckets;
        if (buckets && Object.entries(changed).some(([name, value]) => Object.hasOwn(buckets, name) && !samePlain(value, buckets[name]))) forget();
      },
    ) !== undefined;

  /** Reads and checks the buckets `envelope` names: present, well-formed, matching its checksum and size. */
  async function checkBuckets(envelope: VaultEnvelope, given?: Record<string, unknown>): Promise<Result<BucketItems, VaultErrorReason>> {
    const names = referencedBucketNames(envelope.buckets);
    const stored = given ?? (await storage.readBuckets(names));
    const items: Record<string, StoredBucket> = {};
    for (let n = 0; n < envelope.buckets.length; n++) {
      const row = envelope.buckets[n];
      if (!row) continue;
      const name = bucketItemName(n, row.g);
      const raw = stored[name];
      const damaged = (what: string) =>
        err<VaultErrorReason>('damaged', `The stored vault is damaged: its bucket ${n} (${name}) ${what}, so keys would be missing. ${LEFT_ALONE}`);
      if (raw === undefined || raw === null) return damaged('is missing');
      const parsed = storedBucketSchema.safeParse(raw);
      if (!parsed.success) return damaged('is not a vault bucket');
      if ((await bucketDigest(parsed.data)) !== row.d || storedBucketBytes(name, parsed.data) !== row.size) {
        return damaged('does not match its checksum');
      }
      items[name] = parsed.data;
    }
    return ok(items);
  }

  async function load(): Promise<EnvelopeRead> {
    if (known) return { kind: 'ok', envelope: known.envelope };
    const before = changes;
    const stored = await storage.readEnvelope();
    const read = await readEnvelope(stored.raw, stored.storedVersion, deps.bounds);
    if (read.kind !== 'ok') return read;
    let buckets: BucketItems | null = null;
    if (read.envelope.v === 3) {
      try {
        const checked = await checkBuckets(read.envelope);
        if (!checked.ok) return { kind: 'damaged', message: checked.message };
        buckets = checked.value;
      } catch {
        return { kind: 'damaged', message: `The stored vault's buckets could not be checked (the browser failed while reading them). ${LEFT_ALONE}` };
      }
    }
    if (watched && changes === before) known = { envelope: read.envelope, buckets };
    return read;
  }

  return {
    load,
    checkBuckets,
    async require() {
      const read = await load();
      if (read.kind === 'empty') return err('uninitialized', 'There is no vault yet. Set a passphrase first.');
      if (read.kind === 'damaged') return err('damaged', read.message);
      return ok(read.envelope);
    },
    async bucketsOf(envelope) {
      if (known?.buckets && known.envelope.digest === envelope.digest) return ok(known.buckets);
      return checkBuckets(envelope);
    },
    async storedIsStill(read) {
      // Straight from storage, never the remembered envelope: this is the check against other writers.
      const stored = await storage.readEnvelope();
      // The WXT item version (not the envelope's format version, which lives in its `v` field).
      const same = isSameEnvelope(stored.raw, read) && (stored.storedVersion ?? ENVELOPE_ITEM_VERSION) === ENVELOPE_ITEM_VERSION;
      if (!same) forget();
      return same;
    },
    /**
     * The error's own text is not echoed: it is the browser's, and says nothing a person can act on.
     */
    async writeChecked(next, previous, buckets = {}, obsolete = []) {
      const size = vaultBytes(next);
      if (size > maxEnvelopeBytes) {
        return err(
          'too-large',
          `The vault would grow to ${mebibytes(size)} MiB, over its limit of ${mebibytes(maxEnvelopeBytes)} MiB. ${NOTHING_CHANGED} ` +
            'Delete keys you no longer need or shorten long notes to make room.',
        );
      }
      const written = Object.keys(buckets);
      // What is remembered of the predecessor's buckets, taken before our own writes' change events arrive.
      const before = known && previous && known.envelope.digest === previous.digest ? known.buckets : previous === null ? {} : null;
      try {
        await storage.writeBuckets(buckets);
        await storage.writeEnvelope(next);
      } catch (error) {
        forget();
        const full = /quota|full|space/i.test(error instanceof Error ? `${error.name} ${error.message}` : String(error));
        const why = full ? 'the browser’s storage for the extension is full' : 'the browser refused to store it';
        let after: EnvelopeRead | null = null;
        try {
          after = await load();
        } catch {
          after = null;
        }
        // A write that reported failure but landed all the same is a success.
        if (after?.kind === 'ok' && after.envelope.digest === next.digest) {
          await removeQuietly(obsolete);
          return ok(null);
        }
        // The new buckets are named by no envelope: drop them (what is left over is swept after unlock).
        await removeQuietly(written);
        const unchanged =
          after !== null &&
          (previous === null ? after.kind === 'empty' : after.kind === 'ok' && after.envelope.digest === previous.digest);
        return err(
          'write-failed',
          `The vault could not be saved: ${why}. ${unchanged ? NOTHING_CHANGED : 'Check that your keys are all there.'}`,
        );
      }
      if (watched) {
        const kept: Record<string, StoredBucket> = { ...(before ?? {}), ...buckets };
        for (const name of obsolete) delete kept[name];
        const referenced = new Set(referencedBucketNames(next.buckets));
        const complete = referencedBucketNames(next.buckets).every((name) => Object.hasOwn(kept, name));
        for (const name of Object.keys(kept)) if (!referenced.has(name)) delete kept[name];
        known = complete ? { envelope: next, buckets: kept } : null;
        if (!complete) changes++;
      }
      // After the commit point, and not waited for: nothing names these any more, and a removal
      // that does not land leaves an orphan for the sweep after the next unlock.
      void removeQuietly(obsolete);
      return ok(null);
    },
    locked(run) {
      return deps.lock(WRITE_LOCK, run);
    },
  };
}
