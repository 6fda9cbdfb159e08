import { call } from '@/lib/messaging/page/call';
import { sendMessage } from '@/lib/messaging/protocol';
import { err, ok, type Result } from '@/lib/result';
import { getSettings } from '@/lib/settings/settings';

export async function writeClipboard(text: string): Promise<Result<null>> {
  try {
    await navigator.clipboard.writeText(text);
    return ok(null);
  } catch {
    return err('clipboard', 'Could not write to the clipboard. Click into the page and try again.');
  }
}

/**
 * Copies text that contains a secret, then has the background clear the clipboard after the
 * configured delay (also when this page closes). Answers the delay used (0 = never cleared).
 */
export async function writeSecretToClipboard(text: string): Promise<Result<{ clearAfterSeconds: number }>> {
  const written = await writeClipboard(text);
  if (!written.ok) return written;
  const { clipboardClearSeconds } = await getSettings();
  if (clipboardClearSeconds > 0) {
    const scheduled = await call(() => sendMessage('clipboard.scheduleClear', { delaySeconds: clipboardClearSeconds }));
    if (!scheduled.ok) return err(scheduled.reason, `Copied, but the clipboard will not be cleared automatically: ${scheduled.message}`);
  }
  return ok({ clearAfterSeconds: clipboardClearSeconds });
}
