import { defineExtensionMessaging } from '@webext-core/messaging';

/**
 * Messages between the background and the Chrome offscreen document that clears the clipboard.
 * Internal to lib/clipboard and entrypoints/offscreen; pages never send these. Kept out of the
 * page ProtocolMap so a page cannot address the offscreen document by accident.
 */
export interface OffscreenClipboardProtocol {
  /** Background → offscreen: clear the clipboard at `clearAt` (ms since epoch); replaces any earlier timer. */
  'offscreen.clipboard.clearAt'(data: { clearAt: number }): boolean;
  /** Offscreen → background: the clipboard was cleared; the document may be closed. */
  'offscreen.clipboard.cleared'(data: { clearAt: number }): void;
}

export const offscreenMessaging = defineExtensionMessaging<OffscreenClipboardProtocol>();
