import { browser } from 'wxt/browser';

/** Brings a tab (and its window) to the front; from the popup this also closes the popup. */
export async function focusTab(tabId: number): Promise<void> {
  const tab = await browser.tabs.update(tabId, { active: true });
  if (tab?.windowId !== undefined) await browser.windows.update(tab.windowId, { focused: true }).catch(() => undefined);
  window.close();
}
