import { createClipboardClearer, registerClipboardClearing, type ClipboardClearerDeps } from './clipboard-clearer';
import { registerClipboardHandlers } from './clipboard-handlers';

/**
 * The clipboard's background wiring: the page message that schedules a clear, and the backup
 * alarm and offscreen report that carry it out. Synchronous; answers a function that removes it.
 */
export function setupClipboard(deps: { touch: () => Promise<void> } & ClipboardClearerDeps): () => void {
  const { touch, ...clearerDeps } = deps;
  const clipboard = createClipboardClearer(clearerDeps);
  const removers = [registerClipboardHandlers({ clipboard, touch }), registerClipboardClearing(clipboard)];
  return () => removers.forEach((remove) => remove());
}
