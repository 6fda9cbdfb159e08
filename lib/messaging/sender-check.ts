/**
 * Who may talk to the vault.
 *
 * Protects: key secrets (`keys.reveal`) and every vault operation.
 * Against: content scripts of this extension running inside web pages (a hostile page can
 * influence them), and any message whose claim about its origin is not backed by the browser.
 * Invariant: only the extension's own pages (popup, options, offscreen), as identified by the
 * browser-filled `sender.id` and `sender.url`, are answered.
 */
import { browser } from 'wxt/browser';

export interface MessageSenderLike {
  id?: string;
  url?: string;
}

export interface ExtensionIdentity {
  id: string;
  /** `runtime.getURL('/')`: the extension's own origin with a trailing slash. */
  baseUrl: string;
}

export function currentExtensionIdentity(): ExtensionIdentity {
  return { id: browser.runtime.id, baseUrl: browser.runtime.getURL('/') };
}

export function isExtensionPageSender(
  sender: MessageSenderLike | undefined,
  self: ExtensionIdentity = currentExtensionIdentity(),
): boolean {
  if (!sender || typeof sender.id !== 'string' || sender.id !== self.id) return false;
  if (typeof sender.url !== 'string' || !self.baseUrl) return false;
  let url: URL;
  let base: URL;
  try {
    url = new URL(sender.url);
    base = new URL(self.baseUrl);
  } catch {
    return false;
  }
  // Compare parsed scheme and host, not string prefixes, so `chrome-extension://<id>.evil/` can't
  // pass. (Not `URL.origin`: for non-web schemes it is "null" in some engines, equal for all.)
  return base.host !== '' && url.protocol === base.protocol && url.host === base.host;
}
