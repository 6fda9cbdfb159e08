import { browser } from 'wxt/browser';

// Host-permission patterns (request, contains, remove) live in lib/permissions/host-permission.ts.

/**
 * Which tab the popup works on: the active tab of its window. The e2e build (and only it) lets a
 * test point the popup at a tab with `popup.html?tab=<id>`: a popup opened as a normal page is
 * its own active tab. `import.meta.env.MODE` is replaced at build time, so in the shipped bundle
 * the branch is dead code and removed.
 */
export async function resolvePopupTabId(): Promise<number | null> {
  if (import.meta.env.MODE === 'e2e') {
    const requested = new URLSearchParams(location.search).get('tab');
    if (requested && /^\d+$/.test(requested)) return Number(requested);
  }
  const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
  return tab?.id ?? null;
}

/**
 * The web origin of the tab the popup works on, or null (no tab, a browser page, or a URL the
 * popup may not read: it can when the toolbar click granted activeTab).
 */
export async function popupTabOrigin(): Promise<string | null> {
  try {
    const tabId = await resolvePopupTabId();
    if (tabId === null) return null;
    const { url } = await browser.tabs.get(tabId);
    if (!url) return null;
    const parsed = new URL(url);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.origin : null;
  } catch {
    return null;
  }
}
