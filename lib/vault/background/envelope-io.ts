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
 * - The validated envelope is remembered only while the stored item is watched (storage.onChanged):
 *   any change to it that is not exactly the remembered envelope forgets it, so a later read goes
 *   back to storage and validates again. A write still compares what is stored, byte for byte,
 *   with the envelope it started from (one plain read, no re-validation), so a writer that got in
 *   before the change event arrived is never overwritten.
 */
import { err, ok, type Result } from '../../result';
import { ENVELOPE_ITEM_VERSION, readEnvelope, type EnvelopeBounds, type EnvelopeRead, type VaultEnvelope } from './envelope';
import { envelopeBytes, type VaultStorage } from './vault-storage';
import type { LockRunner } from './write-lock';
import type { VaultErrorReason } from './vault-errors';

const WRITE_LOCK = 'kaneo-key-manager:vault-write';
/** How often a read-modify-write is retried when another writer got in between. */
export const MAX_WRITE_ATTEMPTS = 5;
export const NOTHING_CHANGED = 'Nothing was changed.';

function mebibytes(bytes: number): string {
  return (bytes / 1024 / 1024).toFixed(1);
}

/**
 * Whether a stored value is exactly `envelope` (same fields, same strings). Comparing the
 * ciphertext string costs a memory compare, far less than validating it again (base64 check,
 * SHA-256 over the whole vault).
 */
export function isSameEnvelope(stored: unknown, envelope: VaultEnvelope): boolean {
  return samePlain(stored, envelope);
}

function samePlain(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) || Array.isArray(b)) return false;
  const aKeys = Object.keys(a);
  if (aKeys.length !== Object.keys(b).length) return false;
  return aKeys.every((key) => Object.hasOwn(b, key) && samePlain((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]));
}

export interface EnvelopeIo {
  /** The stored envelope, classified; the remembered one while it is known to be what is stored. */
  load(): Promise<EnvelopeRead>;
  /** The stored envelope, or why there is none to use (uninitialized, damaged). */
  require(): Promise<Result<VaultEnvelope, VaultErrorReason>>;
  /** The revision check: nobody replaced the envelope since `read` was read. */
  storedIsStill(read: VaultEnvelope): Promise<boolean>;
  /** Writes `next` (whose predecessor is `previous`, null for a new vault). Never throws. */
  writeChecked(next: VaultEnvelope, previous: VaultEnvelope | null): Promise<Result<null, VaultErrorReason>>;
  /** Runs `run` under the vault's one write lock. */
  locked<T>(run: () => Promise<T>): Promise<T>;
}

export function createEnvelopeIo(deps: {
  storage: VaultStorage;
  lock: LockRunner;
  maxEnvelopeBytes: number;
  /** KDF cost bounds a stored envelope must keep (see envelope.ts). */
  bounds?: EnvelopeBounds;
}): EnvelopeIo {
  const { storage, maxEnvelopeBytes } = deps;
  /** The last envelope validated or written, while it is what is stored. */
  let known: VaultEnvelope | null = null;
  /** Counts changes seen, so a read that raced a change does not remember what it read. */
  let changes = 0;
  const forget = () => {
    known = null;
    changes++;
  };
  // Without a watch there is no way to learn of another writer: then every read goes to storage.
  const watched =
    storage.watchEnvelope?.((value) => {
      if (!known || !isSameEnvelope(value, known)) forget();
    }) !== undefined;

  async function load(): Promise<EnvelopeRead> {
    if (known) return { kind: 'ok', envelope: known };
    const before = changes;
    const stored = await storage.readEnvelope();
    const read = await readEnvelope(stored.raw, stored.storedVersion, deps.bounds);
    if (watched && read.kind === 'ok' && changes === before) known = read.envelope;
    return read;
  }

  return {
    load,
    async require() {
      const read = await load();
      if (read.kind === 'empty') return err('uninitialized', 'There is no vault yet. Set a passphrase first.');
      if (read.kind === 'damaged') return err('damaged', read.message);
      return ok(read.envelope);
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
    async writeChecked(next, previous) {
      const size = envelopeBytes(next);
      if (size > maxEnvelopeBytes) {
        return err(
          'too-large',
          `The vault would grow to ${mebibytes(size)} MiB, over its limit of ${mebibytes(maxEnvelopeBytes)} MiB. ${NOTHING_CHANGED} ` +
            'Delete keys you no longer need or shorten long notes to make room.',
        );
      }
      try {
        await storage.writeEnvelope(next);
        if (watched) known = next;
        return ok(null);
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
        if (after?.kind === 'ok' && after.envelope.digest === next.digest) return ok(null);
        const unchanged =
          after !== null &&
          (previous === null ? after.kind === 'empty' : after.kind === 'ok' && after.envelope.digest === previous.digest);
        return err(
          'write-failed',
          `The vault could not be saved: ${why}. ${unchanged ? NOTHING_CHANGED : 'Check that your keys are all there.'}`,
        );
      }
    },
    locked(run) {
      return deps.lock(WRITE_LOCK, run);
    },
  };
}
