import { browser } from 'wxt/browser';

/**
 * The one place that builds host-permission match patterns, for every `permissions.request`,
 * `contains` and `remove` the extension makes (tester, lookup pickers, Options → Kaneo, the
 * background's checks before it sends a key).
 *
 * Why port-less: Firefox match patterns carry no port. `http://localhost:5173/*` matches nothing
 * there (Firefox still records it as granted, so the user is never asked again while every
 * request fails), and Kaneo's self-hosted defaults are :5173 and :1337. `http://localhost/*`
 * covers every port in both browsers. Granting is per host, which is what a person reads in the
 * prompt anyway.
 */

/** `scheme://host/*` for any URL on that host; the port (explicit or default) is dropped. */
export function hostPermissionPattern(url: string): string {
  const { protocol, hostname } = new URL(url);
  if (protocol !== 'http:' && protocol !== 'https:') throw new Error(`Not an http(s) URL: ${protocol}`);
  // `hostname` keeps IPv6 brackets (`[::1]`), which match patterns need.
  return `${protocol}//${hostname}/*`;
}

/**
 * The pattern builds before the fix asked for (`scheme://host:port/*`), or null when the URL has
 * no explicit port (then it was already port-less). Chromium honours such a grant, so a Chrome
 * user who allowed it keeps working without a new prompt; Firefox never does.
 */
export function portPattern(url: string): string | null {
  const { protocol, hostname, port } = new URL(url);
  return port === '' ? null : `${protocol}//${hostname}:${port}/*`;
}

type Permissions = Pick<typeof browser.permissions, 'contains' | 'request' | 'remove'>;

export interface HostPermissionDeps {
  permissions: Permissions;
  /** Firefox ignores ports in match patterns, so a port-specific grant covers nothing there. */
  firefox: boolean;
}

const defaults = (): HostPermissionDeps => ({ permissions: browser.permissions, firefox: import.meta.env.FIREFOX === true });

/** Whether requests to `url` are allowed: the port-less grant, or (Chromium) an older port-specific one. */
export async function hasHostPermission(url: string, deps: HostPermissionDeps = defaults()): Promise<boolean> {
  if (await deps.permissions.contains({ origins: [hostPermissionPattern(url)] })) return true;
  const legacy = deps.firefox ? null : portPattern(url);
  return legacy !== null && (await deps.permissions.contains({ origins: [legacy] }));
}

/**
 * Asks for the port-less pattern. Must be the first thing a click handler awaits (browsers only
 * prompt during a user gesture). If the person declines but Chromium still holds an older
 * port-specific grant, that grant keeps the instance reachable, so the answer is still "allowed".
 */
export async function requestHostPermission(url: string, deps: HostPermissionDeps = defaults()): Promise<boolean> {
  const granted = await deps.permissions.request({ origins: [hostPermissionPattern(url)] });
  if (granted) return true;
  return hasHostPermission(url, deps);
}

/** Gives up access to the host of `url`: the port-less pattern and any older port-specific one. */
export async function removeHostPermission(url: string, deps: HostPermissionDeps = defaults()): Promise<boolean> {
  const origins = [hostPermissionPattern(url), portPattern(url)].filter((p): p is string => p !== null);
  return deps.permissions.remove({ origins });
}
