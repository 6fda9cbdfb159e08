import { browser } from 'wxt/browser';

/**
 * The host permission pattern for one instance's API. Match patterns carry no port in Firefox
 * (and a port-less pattern covers every port in Chromium), so the pattern is scheme + host name.
 */
export function originPattern(url: string): string {
  const { protocol, hostname } = new URL(url);
  return `${protocol}//${hostname}/*`;
}

export function hasHostPermission(url: string): Promise<boolean> {
  return browser.permissions.contains({ origins: [originPattern(url)] });
}

/**
 * Ask for access to one instance's API origin. Must be called straight from a click handler
 * (a user gesture), before any other await.
 */
export function requestHostPermission(url: string): Promise<boolean> {
  return browser.permissions.request({ origins: [originPattern(url)] });
}

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
