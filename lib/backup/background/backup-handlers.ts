/**
 * Background handlers for every message in lib/backup/protocol.ts, behind the one guard
 * (lib/messaging/background/guarded-handlers.ts).
 *
 * Protects: the vault's keys across the messaging boundary. Against: messages from anything but
 * this extension's pages (the guard's sender check) and malformed input (strict schemas below,
 * sizes bounded before anything is parsed or derived).
 * Invariant: no answer carries a secret — an export answers ciphertext, a preview summaries.
 */
import * as z from 'zod/mini';
import { createGuardedHandlers, type ExposedHandler } from '../../messaging/background/guarded-handlers';
import { createApiBaseStore, type ApiBaseStore } from '../../kaneo/background/api-base-store';
import type { BackgroundVaultService } from '../../vault/background/vault-service';
import { MAX_BACKUP_BYTES, tooLargeMessage } from '../backup-schemas';
import { MAX_ENV_TEXT_CHARS } from '../env-import';
import type { BackupProtocol } from '../protocol';
import { createBackupService, type BackupService } from './backup-service';

const passphrase = z.string().check(z.minLength(1, 'Enter the passphrase.'), z.maxLength(1024, 'That passphrase is too long.'));
// Characters, not bytes: the byte limit is checked again on the text in backup-file.ts.
const backupText = z.string().check(
  z.minLength(1, 'Choose a backup file.'),
  z.maxLength(MAX_BACKUP_BYTES, { error: (issue) => tooLargeMessage(Number((issue.input as string | undefined)?.length ?? MAX_BACKUP_BYTES)) }),
);
const source = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('backup'), text: backupText, passphrase }),
  z.strictObject({
    kind: z.literal('env'),
    text: z.string().check(z.minLength(1, 'Paste or choose a key list.'), z.maxLength(MAX_ENV_TEXT_CHARS, 'That list is too long.')),
    instance: z.strictObject({ webOrigin: z.string().check(z.maxLength(2048)), apiBaseUrl: z.string().check(z.maxLength(2048)) }),
  }),
]);
const choice = z.enum(['keep-mine', 'take-theirs', 'keep-both']);

export const backupInputSchemas = {
  'backup.export': z.strictObject({ passphrase, separate: z.boolean() }),
  'backup.preview': z.strictObject({ source }),
  'backup.apply': z.strictObject({ source, choices: z.record(z.string().check(z.maxLength(1024)), choice) }),
  'backup.restoreNew': z.strictObject({ text: backupText, passphrase }),
} satisfies Record<keyof BackupProtocol, z.ZodMiniType>;

export type BackupGuardedHandlers = { [K in keyof BackupProtocol]: ExposedHandler<K> };

/**
 * Every backup message behind the one guard. Built in the background's lazy script
 * (lib/lazy/background/lazy-features.ts); the core worker registers their listeners. `service`
 * is for tests.
 */
export function createBackupGuardedHandlers(deps: {
  vault: BackgroundVaultService;
  apiBases?: ApiBaseStore;
  service?: BackupService;
}): BackupGuardedHandlers {
  const service = deps.service ?? createBackupService({ vault: deps.vault, apiBases: deps.apiBases ?? createApiBaseStore(deps.vault) });
  return createGuardedHandlers<keyof BackupProtocol, typeof backupInputSchemas>({
    schemas: backupInputSchemas,
    activity: new Set(Object.keys(backupInputSchemas) as (keyof BackupProtocol)[]),
    touch: () => deps.vault.touch(),
    internalReason: 'internal',
    internalMessage: 'Something went wrong in the extension. Nothing was changed; try again.',
    invalidMessage: 'first-issue',
    handlers: {
      'backup.export': (input) => service.exportBackup(input),
      'backup.preview': ({ source: from }) => service.preview(from),
      'backup.apply': ({ source: from, choices }) => service.apply(from, choices),
      'backup.restoreNew': (input) => service.restoreNew(input),
    },
  });
}
