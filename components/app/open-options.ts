import { browser } from 'wxt/browser';

/** Opens the options page (in a tab); from the popup this also closes the popup. */
export async function openOptionsPage(): Promise<void> {
  await browser.runtime.openOptionsPage();
}
