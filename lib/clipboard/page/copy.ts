/**
 * The one way a page copies text: every copy button goes through here.
 *
 * Protects: a copied secret (a key, or a snippet that includes one) from lingering in the
 * clipboard, even after the page that copied it has closed.
 * Against: clipboard managers, a later paste into the wrong place, screen sharing.
 * Invariants:
 * - Text that holds a secret is copied with `copySensitiveText` (or `copySecret`), which always
 *   asks the background to clear the clipboard after the configured delay (unless the person
 *   turned clearing off). `copyText` is for text without a secret only.
 * - A secret is fetched (`keys.reveal`) only at the moment of copying and kept nowhere else.
 * - When the clear cannot be scheduled the answer says so: a person must know to clear it by hand.
 */
import { err, ok, type Result } from '../../result';
import { sendMessage as protocolSendMessage } from '../../messaging/protocol';
import { getSettings as readSettings } from '../../settings/settings';

export interface CopyDeps {
  sendMessage?: typeof protocolSendMessage;
  writeText?: (text: string) => Promise<void>;
  getSettings?: typeof readSettings;
}

export interface Copied {
  /** Seconds until the clipboard is cleared; 0 = clearing is off. */
  clearAfterSeconds: number;
}

/** Copy text that holds no secret (a snippet reading the key from a variable, a setup line). */
export async function copyText(text: string, deps: Pick<CopyDeps, 'writeText'> = {}): Promise<Result<null>> {
  const writeText = deps.writeText ?? ((t: string) => navigator.clipboard.writeText(t));
  try {
    await writeText(text);
    return ok(null);
  } catch {
    return err('clipboard-denied', 'The browser did not allow copying. Click into the page and try again.');
  }
}

/**
 * For pages: copy any sensitive text (a secret, a snippet that includes one) and have the
 * background clear the clipboard after the configured delay, even if this page closes.
 */
export async function copySensitiveText(text: string, deps: CopyDeps = {}): Promise<Result<Copied>> {
  const send = deps.sendMessage ?? protocolSendMessage;
  const written = await copyText(text, deps);
  if (!written.ok) return written;
  let seconds: number;
  try {
    seconds = (await (deps.getSettings ?? readSettings)()).clipboardClearSeconds;
  } catch {
    seconds = 30;
  }
  if (seconds === 0) return ok({ clearAfterSeconds: 0 });
  try {
    const scheduled = await send('clipboard.scheduleClear', { delaySeconds: seconds });
    if (!scheduled.ok) {
      return err('clear-not-scheduled', `Copied, but the clipboard will not be cleared automatically (${scheduled.message}).`);
    }
  } catch {
    return err('clear-not-scheduled', 'Copied, but the clipboard will not be cleared automatically. Clear it by hand.');
  }
  return ok({ clearAfterSeconds: seconds });
}

/**
 * For pages: copy a key's secret — `keys.reveal`, then the clipboard, then the scheduled clear
 * (settings.clipboardClearSeconds). The secret is not kept anywhere else.
 */
export async function copySecret(id: string, deps: CopyDeps = {}): Promise<Result<Copied>> {
  return copySecretAs(id, (secret) => secret, deps);
}

/**
 * For pages: copy text built around a key's secret (e.g. `export KANEO_API_KEY=…` and a curl),
 * cleared like the secret itself. `build` gets the secret only for this call; answer null when
 * the text cannot be written for this secret (nothing is copied then).
 */
export async function copySecretAs(
  id: string,
  build: (secret: string) => string | null,
  deps: CopyDeps = {},
): Promise<Result<Copied>> {
  const send = deps.sendMessage ?? protocolSendMessage;
  let revealed: Awaited<ReturnType<typeof protocolSendMessage<'keys.reveal'>>>;
  try {
    revealed = await send('keys.reveal', { id });
  } catch {
    return err('unavailable', 'The extension did not answer. Try again.');
  }
  if (!revealed.ok) return revealed;
  let text: string | null;
  try {
    text = build(revealed.value.secret);
  } catch {
    text = null;
  }
  if (text === null) return err('not-writable', 'This key cannot be written into that command. Copy the key and set it by hand.');
  return copySensitiveText(text, deps);
}
