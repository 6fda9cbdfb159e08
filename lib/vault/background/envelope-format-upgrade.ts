/**
 * Bringing a stored envelope of an older FORMAT up to the current one at unlock, with the data
 * key (the keyed migrations in ./migrations/index.ts).
 *
 * Protects: the stored vault and sealed items from being lost or left half-migrated.
 * Invariants:
 * - Runs under the vault's write lock, only while the stored envelope is still the one unlocked.
 * - The migrated envelope must read back as a valid current-format envelope before anything is
 *   written.
 * - Sealed items and bucket items (format 3) are written first and the envelope last: until the
 *   envelope is written the old one still unlocks, the migration skips items already migrated,
 *   and buckets written for an envelope that never landed are only orphans (swept after unlock),
 *   so a crash in between is finished by the next unlock.
 * - The buckets a migration produced are checked against its envelope (present, checksums) before
 *   anything is written.
 */
import { err, ok, type Result } from '../../result';
import { CURRENT_ENVELOPE_VERSION, isCurrentEnvelope, readEnvelope, type AnyEnvelope, type EnvelopeBounds, type VaultEnvelope } from './envelope';
import type { EnvelopeIo } from './envelope-io';
import { KEYED_ENVELOPE_MIGRATIONS } from './migrations/index';
import type { VaultErrorReason } from './vault-errors';
import type { VaultStorage } from './vault-storage';

export async function upgradeEnvelopeFormat(
  deps: { storage: VaultStorage; envelopes: EnvelopeIo; bounds?: EnvelopeBounds },
  unlocked: AnyEnvelope,
  dataKey: CryptoKey,
): Promise<Result<VaultEnvelope, VaultErrorReason>> {
  if (isCurrentEnvelope(unlocked)) return ok(unlocked);
  return deps.envelopes.locked(async (): Promise<Result<VaultEnvelope, VaultErrorReason>> => {
    if (!(await deps.envelopes.storedIsStill(unlocked))) {
      return err('conflict', 'The vault changed while it was being unlocked. Try again.');
    }
    const failed = err<VaultErrorReason>('internal', 'The vault could not be updated to the new format. It has been left exactly as it is.');
    // Each step's output feeds the next in memory; only the last envelope is written.
    let current: AnyEnvelope = unlocked;
    let sealed = await deps.storage.readSealedItems();
    const sealedChanged: Record<string, unknown> = {};
    let buckets: Record<string, unknown> = {};
    for (let format = unlocked.v + 1; format <= CURRENT_ENVELOPE_VERSION; format++) {
      const migrate = KEYED_ENVELOPE_MIGRATIONS[format];
      if (!migrate) return err('damaged', `There is no way to update a vault of format ${current.v}. It has been left exactly as it is.`);
      let migrated: Awaited<ReturnType<typeof migrate>>;
      try {
        migrated = await migrate({ dataKey, envelope: current, sealed });
      } catch {
        return err('damaged', 'The stored vault could not be updated to the new format: its contents do not open. It has been left exactly as it is.');
      }
      const read = await readEnvelope(migrated.envelope, undefined, deps.bounds);
      if (read.kind !== 'ok' || read.envelope.v !== format) return failed;
      Object.assign(sealedChanged, migrated.sealed);
      sealed = { ...sealed, ...migrated.sealed };
      buckets = migrated.buckets ?? {};
      current = read.envelope;
    }
    if (!isCurrentEnvelope(current)) return failed;
    const checked = await deps.envelopes.checkBuckets(current, buckets);
    if (!checked.ok) return failed;
    try {
      await deps.storage.writeSealedItems(sealedChanged);
    } catch {
      return err('write-failed', 'The vault could not be updated to the new format: the browser refused to store it. It has been left as it was.');
    }
    const written = await deps.envelopes.writeChecked(current, unlocked, checked.value);
    if (!written.ok) return written;
    return ok(current);
  });
}
