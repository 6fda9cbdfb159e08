/**
 * The backup file format, shared by both sides: the page checks a file's size before reading it;
 * the background parses and opens it (lib/backup/background/backup-file.ts).
 *
 * Nothing in a backup file is plain text except this header: format, version, KDF parameters and
 * the AES-GCM IV. Everything else — every key, name, note, instance, API base, remote id, date —
 * is inside `cipher.ct`.
 */
import * as z from 'zod/mini';
import { instanceSchema, keyEntrySchema } from '../keys/key-entry';
import { comparableKeyName } from '../keys/key-names';

export const BACKUP_FORMAT = 'kaneo-key-manager/backup';
export const BACKUP_VERSION = 1;
/** The largest backup file read (checked with `File.size` before reading, and again on the text). */
export const MAX_BACKUP_BYTES = 32 * 1024 * 1024;
export const BACKUP_FILE_EXTENSION = '.kkmbackup';

/** `kaneo-keys-backup-2026-12-01.kkmbackup` (the UTC day it was made). */
export function backupFileName(createdAt: Date): string {
  return `kaneo-keys-backup-${createdAt.toISOString().slice(0, 10)}${BACKUP_FILE_EXTENSION}`;
}

const base64 = z.string().check(z.minLength(1), z.maxLength(MAX_BACKUP_BYTES), z.regex(/^[A-Za-z0-9+/]*={0,2}$/, 'is not base64'));

/** The file as written: JSON, only this in plain text. */
export const backupFileSchema = z.strictObject({
  format: z.literal(BACKUP_FORMAT),
  v: z.literal(BACKUP_VERSION),
  kdf: z.strictObject({
    name: z.literal('PBKDF2'),
    hash: z.literal('SHA-256'),
    iterations: z.int().check(z.gte(1)),
    salt: base64,
  }),
  cipher: z.strictObject({
    alg: z.literal('AES-GCM'),
    iv: base64,
    ct: base64,
  }),
});
export type BackupFile = z.infer<typeof backupFileSchema>;

/** What `cipher.ct` decrypts to: the whole vault, and the API bases set by hand. */
export const backupPayloadSchema = z
  .strictObject({
    v: z.literal(1),
    createdAt: z.iso.datetime(),
    keys: z.array(keyEntrySchema),
    apiBases: z._default(z.array(instanceSchema), []),
  })
  .check(
    z.refine((p) => new Set(p.keys.map((k) => k.id)).size === p.keys.length, 'two keys share an id'),
    z.refine(
      (p) => new Set(p.keys.map((k) => `${k.instance.webOrigin}\n${comparableKeyName(k.name)}`)).size === p.keys.length,
      'two keys of one instance share a name',
    ),
  );
export type BackupPayload = z.infer<typeof backupPayloadSchema>;

/** "12.3 MB" — for messages about file sizes. */
export function describeBytes(bytes: number): string {
  if (bytes < 1024 * 1024) return `${Math.max(1, Math.round(bytes / 1024))} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1).replace(/\.0$/, '')} MB`;
}

export function tooLargeMessage(bytes: number, limit: number = MAX_BACKUP_BYTES): string {
  return `This file is ${describeBytes(bytes)}; at most ${describeBytes(limit)} is read. It was not read, and nothing was changed.`;
}
