/**
 * The two ways out of a damaged vault: download it as stored, and start over with it kept aside.
 *
 * Protects: a readable vault from being destroyed or replaced by whoever sits at the browser.
 * Invariant: both answer only while the stored vault is damaged, decided here from what is
 * stored (under the write lock for the reset), never on a page's word. A vault that is merely
 * locked is never reset, not even when its passphrase is forgotten: the extension can't tell a
 * person who forgot it from someone else, and "start over" on a readable vault would let that
 * person destroy (or, with a restored backup, replace) the real owner's keys.
 */
import { err, ok, type Result } from '../../result';
import { STORAGE } from '../../storage/catalogue';
import type { DamagedVaultExport } from '../protocol';
import type { EnvelopeRead } from './envelope';
import type { EnvelopeIo } from './envelope-io';
import type { VaultErrorReason } from './vault-errors';
import type { DamagedVaultRecovery } from './vault-service.types';
import type { UnlockedSession } from './vault-session';
import type { VaultStorage } from './vault-storage';

/** `format` of a damaged-vault export file. */
export const DAMAGED_EXPORT_FORMAT = 'kaneo-key-manager/damaged-vault-export';

function notDamaged(read: EnvelopeRead): Result<never, VaultErrorReason> {
  if (read.kind === 'empty') return err('uninitialized', 'There is no vault, so there is nothing to recover.');
  return err('not-damaged', 'The vault is not damaged. Only a damaged vault can be downloaded or replaced this way.');
}

export function createDamagedVaultRecovery(deps: {
  storage: VaultStorage;
  envelopes: EnvelopeIo;
  session: UnlockedSession;
  nowIso: () => string;
  emit: () => void;
}): DamagedVaultRecovery {
  const { storage, envelopes, nowIso } = deps;
  return {
    async exportDamaged() {
      const read = await envelopes.load();
      if (read.kind !== 'damaged') return notDamaged(read);
      const { value, meta } = await storage.readRawEnvelope();
      // Format 3 keeps the keys in bucket items: every one stored goes into the file, named or not.
      const buckets = await storage.readBuckets(await storage.listBucketNames());
      const exportedAt = nowIso();
      const file: DamagedVaultExport = {
        fileName: `kaneo-key-manager-damaged-vault-${exportedAt.slice(0, 10)}.json`,
        json: JSON.stringify(
          { format: DAMAGED_EXPORT_FORMAT, v: 1, exportedAt, storageKey: STORAGE.vaultEnvelope.key, value, meta, buckets },
          null,
          2,
        ),
      };
      return ok(file);
    },

    async resetDamaged() {
      const result = await envelopes.locked(
        async (): Promise<Result<{ backupSavedAt: string; replacedBackupSavedAt: string | null }, VaultErrorReason>> => {
          // Decided again under the lock, from what is stored now: never on the page's word.
          const read = await envelopes.load();
          if (read.kind !== 'damaged') return notDamaged(read);
          const previous = await storage.readDamagedBackup();
          const backup = await storage.setAsideDamaged(nowIso());
          deps.session.forgetKey();
          await storage.clearSession();
          return ok({ backupSavedAt: backup.savedAt, replacedBackupSavedAt: previous?.savedAt ?? null });
        },
      );
      // Listeners (the expiry index, the badge) see an uninitialized vault and clear what they
      // derived from the old one.
      if (result.ok) deps.emit();
      return result;
    },
  };
}
