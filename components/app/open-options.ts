import { browser } from 'wxt/browser';

/**
 * Opens the options page (in a tab), at one section when asked (`#kaneo`); from the popup this
 * also closes the popup. An options tab that is already open is reused: its hash is changed
 * (use-hash-route.ts follows it) and the browser brings it to the front.
 */
export async function openOptionsPage(section?: string): Promise<void> {
  if (section) {
    const page = browser.runtime.getURL('/options.html');
    // The polyfill types a view as its own Window; it is the page's global window object.
    const views = (browser.extension?.getViews?.({ type: 'tab' }) ?? []) as unknown as globalThis.Window[];
    const open = views.find((view) => view.location.href.startsWith(page));
    if (!open) {
      await browser.tabs.create({ url: `${page}#${section}` });
      return;
    }
    open.location.hash = section;
  }
  await browser.runtime.openOptionsPage();
}
