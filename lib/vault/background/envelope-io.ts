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
 */
import { err, ok, type Result } from '../../result';
import { readEnvelope, type EnvelopeBounds, type EnvelopeRead, type VaultEnvelope } from './envelope';
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

export interface EnvelopeIo {
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

  async function load(): Promise<EnvelopeRead> {
    const stored = await storage.readEnvelope();
    return readEnvelope(stored.raw, stored.storedVersion, deps.bounds);
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
      const now = await load();
      return now.kind === 'ok' && now.envelope.revision === read.revision && now.envelope.digest === read.digest;
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
        return ok(null);
      } catch (error) {
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
