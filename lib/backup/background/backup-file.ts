/**
 * Writing and opening an encrypted backup file. Background only.
 *
 * Protects: every key in a backup file (secret, name, note, instance, API base, remote id, dates)
 * against whoever gets the file — a cloud drive, a lost USB stick, a mail attachment. They see the
 * header (format, version, PBKDF2 rounds and salt, the IV) and ciphertext; each passphrase guess
 * costs one PBKDF2-SHA-256 run at the recorded rounds (at least 600,000).
 * Against also: a changed, cut or foreign file (zod on every field, the header bound to the
 * ciphertext as AES-GCM additional data, so a changed header fails like a changed byte), a file
 * that asks for a cheap or huge KDF cost (refused, as for the vault: KDF_ITERATIONS_MIN … MAX).
 *
 * Which context holds what:
 * - The page holds the passphrase the person types (as for unlock) and the file's text, which is
 *   ciphertext. It never gets the decrypted vault: it gets only the file text back from an export,
 *   and summaries (no secrets) in a merge preview.
 * - The background derives the key, encrypts and decrypts here, and merges the decrypted keys into
 *   the vault (lib/backup/background/backup-service.ts). Nothing decrypted is stored or kept after
 *   the message is answered.
 * - Nothing here is new cryptography: PBKDF2-SHA-256 and AES-256-GCM with a fresh salt and IV, from
 *   the vault's own module (lib/vault/background/vault-crypto.ts), WebCrypto only.
 *
 * Must not change: nothing but the header is plain text; the header is in the additional data; an
 * unknown or newer `v` is refused, never guessed at.
 */
import { err, ok, type Result } from '../../result';
import { base64ToBytes, bytesToBase64 } from '../../vault/background/base64';
import { KDF_ITERATIONS_MAX, KDF_ITERATIONS_MIN } from '../../vault/background/envelope';
import {
  decryptBytes,
  deriveWrappingKey,
  encryptBytes,
  GCM_TAG_BYTES,
  IV_BYTES,
  PBKDF2_ITERATIONS,
  randomBytes,
  SALT_BYTES,
} from '../../vault/background/vault-crypto';
import {
  BACKUP_FORMAT,
  BACKUP_VERSION,
  backupFileSchema,
  backupPayloadSchema,
  MAX_BACKUP_BYTES,
  tooLargeMessage,
  type BackupFile,
  type BackupPayload,
} from '../backup-schemas';
import type { BackupErrorReason } from '../protocol';

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export interface BackupKdfOptions {
  /** PBKDF2 rounds for a new file. TESTS ONLY lower it; the extension always uses PBKDF2_ITERATIONS. */
  iterations?: number;
  /** Fewest rounds a file may ask for. TESTS ONLY lower it. */
  minIterations?: number;
}

type Header = Pick<BackupFile, 'format' | 'v' | 'kdf'> & { cipher: { alg: 'AES-GCM' } };

/** The header, in a fixed order, as additional data: changing any of it makes decryption fail. */
function headerAad(file: Header): Uint8Array<ArrayBuffer> {
  return encoder.encode(
    `kaneo-key-manager/backup/v1/${JSON.stringify([file.format, file.v, file.kdf.name, file.kdf.hash, file.kdf.iterations, file.kdf.salt, file.cipher.alg])}`,
  );
}

/** The file's text: the payload encrypted under a key derived from `passphrase`. */
export async function sealBackup(payload: BackupPayload, passphrase: string, options: BackupKdfOptions = {}): Promise<string> {
  const iterations = options.iterations ?? PBKDF2_ITERATIONS;
  const salt = randomBytes(SALT_BYTES);
  const header: Header = {
    format: BACKUP_FORMAT,
    v: BACKUP_VERSION,
    kdf: { name: 'PBKDF2', hash: 'SHA-256', iterations, salt: bytesToBase64(salt) },
    cipher: { alg: 'AES-GCM' },
  };
  const key = await deriveWrappingKey(passphrase, { iterations, salt });
  const sealed = await encryptBytes(key, encoder.encode(JSON.stringify(backupPayloadSchema.parse(payload))), headerAad(header));
  const file: BackupFile = { ...header, cipher: { alg: 'AES-GCM', iv: bytesToBase64(sealed.iv), ct: bytesToBase64(sealed.ct) } };
  return `${JSON.stringify(file, null, 2)}\n`;
}

const NOTHING_CHANGED = 'Nothing was changed.';
const fail = (reason: BackupErrorReason, message: string) => err(reason, `${message} ${NOTHING_CHANGED}`);

/** Checks the header without deriving anything: size, JSON, format, version, every field. */
export function readBackupHeader(text: string, options: BackupKdfOptions = {}): Result<BackupFile, BackupErrorReason> {
  const bytes = encoder.encode(text).length;
  if (bytes > MAX_BACKUP_BYTES) return err('too-large', tooLargeMessage(bytes));
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    if (text.includes(BACKUP_FORMAT)) return fail('damaged', 'This backup is damaged or cut short: it is not complete JSON.');
    return fail('not-a-backup', 'This is not a Kaneo Key Manager backup file.');
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw) || (raw as { format?: unknown }).format !== BACKUP_FORMAT) {
    const format = typeof raw === 'object' && raw !== null ? (raw as { format?: unknown }).format : undefined;
    if (typeof format === 'string' && format.startsWith('kaneo-key-manager/')) {
      return fail('not-a-backup', `This file is a Kaneo Key Manager “${format.slice('kaneo-key-manager/'.length)}” file, not a backup.`);
    }
    return fail('not-a-backup', 'This is not a Kaneo Key Manager backup file.');
  }
  const version = (raw as { v?: unknown }).v;
  if (typeof version === 'number' && version > BACKUP_VERSION) {
    return fail(
      'newer-version',
      `This backup was made by a newer version of Kaneo Key Manager (format ${version}; this one reads ${BACKUP_VERSION}). Update the extension to restore it.`,
    );
  }
  const parsed = backupFileSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue ? `${issue.path.join('.') || 'file'}: ${issue.message}` : 'invalid';
    return fail('damaged', `This backup is damaged (${where}).`);
  }
  const file = parsed.data;
  const min = options.minIterations ?? KDF_ITERATIONS_MIN;
  if (file.kdf.iterations < min || file.kdf.iterations > KDF_ITERATIONS_MAX) {
    return fail(
      'damaged',
      `This backup is damaged: it asks for ${file.kdf.iterations.toLocaleString('en')} key-derivation rounds, outside the ${min.toLocaleString('en')} … ${KDF_ITERATIONS_MAX.toLocaleString('en')} accepted.`,
    );
  }
  try {
    if (base64ToBytes(file.kdf.salt).length !== SALT_BYTES) return fail('damaged', 'This backup is damaged (its salt has the wrong length).');
    if (base64ToBytes(file.cipher.iv).length !== IV_BYTES) return fail('damaged', 'This backup is damaged (its IV has the wrong length).');
    if (base64ToBytes(file.cipher.ct).length <= GCM_TAG_BYTES) return fail('damaged', 'This backup is damaged or cut short (no ciphertext).');
  } catch {
    return fail('damaged', 'This backup is damaged (a field is not valid base64).');
  }
  return ok(file);
}

/** Header check, one key derivation, decrypt, contents check. */
export async function openBackup(
  text: string,
  passphrase: string,
  options: BackupKdfOptions = {},
): Promise<Result<BackupPayload, BackupErrorReason>> {
  const header = readBackupHeader(text, options);
  if (!header.ok) return header;
  const file = header.value;
  const key = await deriveWrappingKey(passphrase, { iterations: file.kdf.iterations, salt: base64ToBytes(file.kdf.salt) });
  let plain: Uint8Array<ArrayBuffer>;
  try {
    plain = await decryptBytes(key, { iv: base64ToBytes(file.cipher.iv), ct: base64ToBytes(file.cipher.ct) }, headerAad(file));
  } catch {
    return fail('wrong-passphrase', 'That passphrase does not open this backup (or the file was changed after it was made).');
  }
  let raw: unknown;
  try {
    raw = JSON.parse(decoder.decode(plain));
  } catch {
    return fail('damaged', 'This backup opened, but what is inside is not readable.');
  }
  const payload = backupPayloadSchema.safeParse(raw);
  if (!payload.success) {
    const issue = payload.error.issues[0];
    return fail('damaged', `This backup opened, but its contents are not valid (${issue ? `${issue.path.join('.')} ${issue.message}`.trim() : 'invalid'}).`);
  }
  return ok(payload.data);
}
