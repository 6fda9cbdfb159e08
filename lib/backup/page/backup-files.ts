/**
 * For pages: reading a chosen file and copying one key's `.env` lines.
 *
 * Protects: the page from reading a huge file into memory (the size is checked with `File.size`
 * before a byte is read), and a copied key from lingering on the clipboard (the `.env` lines hold
 * the secret, so they go through copySensitiveText, which has the background clear it).
 */
import { err, ok, type Result } from '../../result';
import { copySensitiveText, type Copied, type CopyDeps } from '../../clipboard/page/copy';
import { sendMessage as protocolSendMessage } from '../../messaging/protocol';
import type { KeySummary } from '../../keys/key-entry';
import { MAX_BACKUP_BYTES, tooLargeMessage } from '../backup-schemas';
import { formatKeyEnv, MAX_ENV_TEXT_CHARS } from '../env-import';

/** The text of a chosen file, refused before reading when it is larger than `limit` bytes. */
export async function readChosenFile(file: Blob, limit: number = MAX_BACKUP_BYTES): Promise<Result<string>> {
  if (file.size > limit) return err('too-large', tooLargeMessage(file.size, limit));
  try {
    return ok(await file.text());
  } catch {
    return err('unreadable', 'The browser could not read that file. Nothing was changed.');
  }
}

/** The largest `.env` file read. */
export const MAX_ENV_FILE_BYTES = MAX_ENV_TEXT_CHARS;

/** Copies `KANEO_API_URL` and `KANEO_API_KEY` for one key; the clipboard is cleared after the delay. */
export async function copyKeyEnv(key: KeySummary, deps: CopyDeps = {}): Promise<Result<Copied>> {
  const send = deps.sendMessage ?? protocolSendMessage;
  let revealed: Awaited<ReturnType<typeof protocolSendMessage<'keys.reveal'>>>;
  try {
    revealed = await send('keys.reveal', { id: key.id });
  } catch {
    return err('unavailable', 'The extension did not answer. Try again.');
  }
  if (!revealed.ok) return revealed;
  return copySensitiveText(formatKeyEnv(key.instance.apiBaseUrl, revealed.value.secret), deps);
}
