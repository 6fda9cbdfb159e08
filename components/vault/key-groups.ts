import type { KeySummary } from '@/lib/keys/key-entry';
import { hostOf } from '@/lib/request/host-of';

export interface InstanceGroup {
  /** Stable grouping key: web origin + API base. */
  id: string;
  webOrigin: string;
  apiBaseUrl: string;
  /** What a person recognises: the host of the web origin. */
  host: string;
  keys: KeySummary[];
}


/** Case-insensitive match on the key's name and its instance (host, web origin, API base). */
export function matchesQuery(key: KeySummary, query: string): boolean {
  const q = query.trim().toLowerCase();
  if (!q) return true;
  return [key.name, key.instance.webOrigin, key.instance.apiBaseUrl, hostOf(key.instance.webOrigin)].some((field) =>
    field.toLowerCase().includes(q),
  );
}

/** Keys grouped by instance, groups sorted by host, keys by name. */
export function groupByInstance(keys: readonly KeySummary[]): InstanceGroup[] {
  const groups = new Map<string, InstanceGroup>();
  for (const key of keys) {
    const id = `${key.instance.webOrigin} ${key.instance.apiBaseUrl}`;
    let group = groups.get(id);
    if (!group) {
      group = {
        id,
        webOrigin: key.instance.webOrigin,
        apiBaseUrl: key.instance.apiBaseUrl,
        host: hostOf(key.instance.webOrigin),
        keys: [],
      };
      groups.set(id, group);
    }
    group.keys.push(key);
  }
  const byName = (a: KeySummary, b: KeySummary) => a.name.localeCompare(b.name, undefined, { sensitivity: 'base' });
  return [...groups.values()]
    .map((group) => ({ ...group, keys: group.keys.sort(byName) }))
    .sort((a, b) => a.host.localeCompare(b.host) || a.apiBaseUrl.localeCompare(b.apiBaseUrl));
}

export type KeyHealth =
  | { kind: 'ok' }
  | { kind: 'revoked' }
  | { kind: 'expired' }
  | { kind: 'expiring'; days: number };

const DAY_MS = 24 * 60 * 60 * 1000;

/** What a key's dates say about it today. "Expiring" means within 7 days. */
export function keyHealth(key: KeySummary, now: Date = new Date()): KeyHealth {
  if (key.revokedAt) return { kind: 'revoked' };
  if (!key.expiresAt) return { kind: 'ok' };
  const left = new Date(key.expiresAt).getTime() - now.getTime();
  if (left <= 0) return { kind: 'expired' };
  if (left <= 7 * DAY_MS) return { kind: 'expiring', days: Math.max(1, Math.ceil(left / DAY_MS)) };
  return { kind: 'ok' };
}
