import { browser } from 'wxt/browser';

/**
 * Leaving the DevTools panel for another extension surface. A panel is an extension page inside
 * DevTools: `tabs.create` opens the tab next to the inspected one; where a browser withholds
 * `tabs` from DevTools pages, a plain `window.open` is the fallback.
 */
export async function openExtensionTab(url: string): Promise<void> {
  try {
    if (browser.tabs?.create) {
      await browser.tabs.create({ url });
      return;
    }
  } catch {
    // Fall through to window.open.
  }
  if (!window.open(url, '_blank')) throw new Error('The browser refused to open a tab.');
}

/**
 * The toolbar popup, where the browser lets an extension open it (Chrome 127+ `action.openPopup`,
 * Firefox `browserAction.openPopup` on a click). Answers whether it opened.
 */
export async function openToolbarPopup(): Promise<boolean> {
  const api = browser as unknown as {
    action?: { openPopup?: () => Promise<void> };
    browserAction?: { openPopup?: () => Promise<void> };
  };
  const owner = api.action?.openPopup ? api.action : api.browserAction?.openPopup ? api.browserAction : null;
  if (!owner?.openPopup) return false;
  try {
    await owner.openPopup();
    return true;
  } catch {
    return false;
  }
}
