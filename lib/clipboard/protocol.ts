import type { Result } from '../result';

/**
 * Clipboard messages from pages. A page writes the clipboard itself (it has the user's gesture);
 * only clearing it later, after the page may have closed, needs the background.
 */
export interface ClipboardProtocol {
  /** Clear the clipboard after `delaySeconds`, even when the page that copied has closed. */
  'clipboard.scheduleClear'(data: { delaySeconds: number }): Result<null>;
}
