import type { KeySummary } from '@/lib/keys/key-entry';
import { hostOf } from '@/lib/request/host-of';
import { compareInstances, NAME_ORDER } from '@/lib/keys/key-order';
import { EXPIRING_SOON_DAYS, daysUntil } from '@/lib/kaneo/key-state';

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

/**
 * Keys grouped by instance, groups sorted by host, keys by name (lib/keys/key-order.ts). A list
 * that comes in that order already (the background sends it so) is sorted in one pass.
 */
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
  const byName = (a: KeySummary, b: KeySummary) => NAME_ORDER.compare(a.name, b.name);
  return [...groups.values()]
    .map((group) => ({ ...group, keys: group.keys.sort(byName) }))
    .sort(compareInstances);
}

export type KeyHealth =
  | { kind: 'ok' }
  | { kind: 'revoked' }
  | { kind: 'expired' }
  | { kind: 'expiring'; days: number };

/**
 * What a key's dates say about it today. "Expiring" means within EXPIRING_SOON_DAYS calendar days
 * (daysUntil: on the evening of Dec 1 a key ending Dec 4 has 3 days left, 0 means today), the
 * same count the server list and the expiry notification use.
 */
export function keyHealth(key: KeySummary, now: Date = new Date()): KeyHealth {
  if (key.revokedAt) return { kind: 'revoked' };
  if (!key.expiresAt) return { kind: 'ok' };
  if (new Date(key.expiresAt).getTime() <= now.getTime()) return { kind: 'expired' };
  const days = daysUntil(key.expiresAt, now.getTime());
  if (days <= EXPIRING_SOON_DAYS) return { kind: 'expiring', days: Math.max(0, days) };
  return { kind: 'ok' };
}
