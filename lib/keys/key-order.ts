/**
 * The order the key list is shown in: by instance (host, then API base), then by name, ignoring
 * case and accents. Pages group and sort with it (components/vault/key-groups.ts); the background
 * sends the whole list already in this order, so a page's sort of 10,000 keys is one pass (the
 * engine's sort is adaptive) instead of ~130,000 collator comparisons on the page's first paint.
 */
import { hostOf } from '../request/host-of';

/** One collator for every comparison: `localeCompare` with options builds one per call (slow at 10,000 keys). */
export const NAME_ORDER = new Intl.Collator(undefined, { sensitivity: 'base' });

export interface InstanceOrderKey {
  host: string;
  apiBaseUrl: string;
}

export function compareInstances(a: InstanceOrderKey, b: InstanceOrderKey): number {
  return a.host.localeCompare(b.host) || a.apiBaseUrl.localeCompare(b.apiBaseUrl);
}

/** `keys` sorted into list order (a new array). */
export function inListOrder<K extends { name: string; instance: { webOrigin: string; apiBaseUrl: string } }>(keys: readonly K[]): K[] {
  const hosts = new Map<string, string>();
  const decorated = keys.map((key) => {
    let host = hosts.get(key.instance.webOrigin);
    if (host === undefined) {
      host = hostOf(key.instance.webOrigin);
      hosts.set(key.instance.webOrigin, host);
    }
    return { key, order: { host, apiBaseUrl: key.instance.apiBaseUrl } };
  });
  decorated.sort((a, b) => compareInstances(a.order, b.order) || NAME_ORDER.compare(a.key.name, b.key.name));
  return decorated.map((d) => d.key);
}
