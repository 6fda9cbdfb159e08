/**
 * Bringing a stored envelope of an older FORMAT up to the current one at unlock, with the data
 * key (the keyed migrations in ./migrations/index.ts).
 *
 * Protects: the stored vault and sealed items from being lost or left half-migrated.
 * Invariants:
 * - Runs under the vault's write lock, only while the stored envelope is still the one unlocked.
 * - The migrated envelope must read back as a valid current-format envelope before anything is
 *   written.
 * - Sealed items are written first and the envelope last: until the envelope is written the old
 *   one still unlocks, and the migration skips items already migrated, so a crash in between is
 *   finished by the next unlock.
 */
import { err, ok, type Result } from '../../result';
import { CURRENT_ENVELOPE_VERSION, readEnvelope, type EnvelopeBounds, type VaultEnvelope } from './envelope';
import type { EnvelopeIo } from './envelope-io';
import { KEYED_ENVELOPE_MIGRATIONS } from './migrations/index';
import type { VaultErrorReason } from './vault-errors';
import type { VaultStorage } from './vault-storage';

export async function upgradeEnvelopeFormat(
  deps: { storage: VaultStorage; envelopes: EnvelopeIo; bounds?: EnvelopeBounds },
  unlocked: VaultEnvelope,
  dataKey: CryptoKey,
): Promise<Result<VaultEnvelope, VaultErrorReason>> {
  if (unlocked.v === CURRENT_ENVELOPE_VERSION) return ok(unlocked);
  return deps.envelopes.locked(async (): Promise<Result<VaultEnvelope, VaultErrorReason>> => {
    if (!(await deps.envelopes.storedIsStill(unlocked))) {
      return err('conflict', 'The vault changed while it was being unlocked. Try again.');
    }
    let current: VaultEnvelope = unlocked;
    for (let format = unlocked.v + 1; format <= CURRENT_ENVELOPE_VERSION; format++) {
      const migrate = KEYED_ENVELOPE_MIGRATIONS[format];
      if (!migrate) return err('damaged', `There is no way to update a vault of format ${current.v}. It has been left exactly as it is.`);
      let migrated: Awaited<ReturnType<typeof migrate>>;
      try {
        migrated = await migrate({ dataKey, envelope: current, sealed: await deps.storage.readSealedItems() });
      } catch {
        return err('damaged', 'The stored vault could not be updated to the new format: its contents do not open. It has been left exactly as it is.');
      }
      const read = await readEnvelope(migrated.envelope, undefined, deps.bounds);
      if (read.kind !== 'ok' || read.envelope.v !== format) {
        return err('internal', 'The vault could not be updated to the new format. It has been left exactly as it is.');
      }
      await deps.storage.writeSealedItems(migrated.sealed);
      const written = await deps.envelopes.writeChecked(read.envelope, current);
      if (!written.ok) return written;
      current = read.envelope;
    }
    return ok(current);
  });
}
