import '@/lib/zod-jitless';
// Chrome offscreen document (reason CLIPBOARD). The background opens it when a secret was copied;
// it waits until the deadline, overwrites the clipboard, reports back and is then closed. Its own
// timer keeps running while the service worker sleeps.
import { clearClipboardText } from '@/lib/clipboard/clear-clipboard-text';
import { offscreenMessaging } from '@/lib/clipboard/offscreen-protocol';
import { isExtensionPageSender } from '@/lib/messaging/sender-check';

let timer: ReturnType<typeof setTimeout> | undefined;

offscreenMessaging.onMessage('offscreen.clipboard.clearAt', ({ data, sender }) => {
  if (!isExtensionPageSender(sender) || typeof data?.clearAt !== 'number') return false;
  clearTimeout(timer);
  const { clearAt } = data;
  timer = setTimeout(() => {
    timer = undefined;
    clearClipboardText();
    offscreenMessaging.sendMessage('offscreen.clipboard.cleared', { clearAt }).catch(() => undefined);
  }, Math.max(0, clearAt - Date.now()));
  return true;
});
