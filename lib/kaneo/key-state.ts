import type { KeySummary } from '../keys/key-entry';
import type { ServerKey } from './kaneo-schemas';
import type { KeyState, MatchedVaultKey } from './protocol';

const DAY_MS = 86_400_000;

/** Expiry choices, as Kaneo's own dialog offers them (plus 365 days, the server's maximum). */
export const EXPIRY_CHOICES_DAYS = [1, 7, 30, 90, 365] as const;
export type ExpiryChoice = (typeof EXPIRY_CHOICES_DAYS)[number] | null;
export const DEFAULT_EXPIRY_DAYS: ExpiryChoice = 30;
export const KEY_NAME_MIN = 3;
export const KEY_NAME_MAX = 32;
/** Days before expiry that count as "expiring soon" (badge) and that trigger a notification. */
export const EXPIRING_SOON_DAYS = 7;
export const NOTIFY_BEFORE_DAYS = 3;

/**
 * Calendar days left, in local time: on the evening of Dec 1 a key expiring on Dec 4 "expires in
 * 3 days", and one expiring later today "expires today" (0). Counted between local midnights,
 * rounded, so a daylight-saving day of 23 or 25 hours still counts as one.
 */
export function daysUntil(iso: string, now: number): number {
  const startOfDay = (ms: number) => {
    const day = new Date(ms);
    day.setHours(0, 0, 0, 0);
    return day.getTime();
  };
  return Math.round((startOfDay(new Date(iso).getTime()) - startOfDay(now)) / DAY_MS);
}

/** Kaneo's advice is to remove keys no longer needed: after this long unused a key is flagged. */
export const UNUSED_FLAG_DAYS = 90;
/** A key never used is flagged once it is this old (a key made today is not "unused" yet). */
export const NEVER_USED_GRACE_DAYS = 7;

/** Why a server key looks unneeded, or null: unused for 90+ days, or never used since a week. */
export function unusedFlag(server: Pick<ServerKey, 'lastRequest' | 'createdAt'>, now: number): { kind: 'never' } | { kind: 'unused'; days: number } | null {
  if (server.lastRequest === null) {
    return now - new Date(server.createdAt).getTime() >= NEVER_USED_GRACE_DAYS * DAY_MS ? { kind: 'never' } : null;
  }
  const days = Math.floor((now - new Date(server.lastRequest).getTime()) / DAY_MS);
  return days >= UNUSED_FLAG_DAYS ? { kind: 'unused', days } : null;
}

/**
 * Match vault keys of one instance to the server's keys: by remote id, else by `start` when
 * exactly one server key has it. Revoked entries stay revoked whatever the server says.
 */
export function matchKeys(
  vaultKeys: KeySummary[],
  serverKeys: ServerKey[],
  now: number,
): { vaultKeys: MatchedVaultKey[]; otherServerKeys: ServerKey[] } {
  const claimed = new Set<string>();
  const matched = vaultKeys.map((key): MatchedVaultKey => {
    let server: ServerKey | null = null;
    if (key.remoteId) {
      server = serverKeys.find((s) => s.id === key.remoteId) ?? null;
    } else if (key.start) {
      const same = serverKeys.filter((s) => s.start === key.start);
      server = same.length === 1 ? same[0]! : null;
    }
    if (server) claimed.add(server.id);
    return { key, server, state: stateOf(key, server, now) };
  });
  return { vaultKeys: matched, otherServerKeys: serverKeys.filter((s) => !claimed.has(s.id)) };
}

export function stateOf(key: KeySummary, server: ServerKey | null, now: number): KeyState {
  if (key.revokedAt) return { kind: 'revoked' };
  const expiresAt = server?.expiresAt ?? key.expiresAt;
  if (expiresAt && new Date(expiresAt).getTime() <= now) return { kind: 'expired' };
  if (!server) return key.remoteId ? { kind: 'gone' } : { kind: 'unknown' };
  if (!server.enabled) return { kind: 'disabled' };
  return { kind: 'active', expiresInDays: expiresAt ? daysUntil(expiresAt, now) : null };
}

/** A server key's own state (keys not in the vault). */
export function serverKeyState(server: ServerKey, now: number): KeyState {
  if (server.expiresAt && new Date(server.expiresAt).getTime() <= now) return { kind: 'expired' };
  if (!server.enabled) return { kind: 'disabled' };
  return { kind: 'active', expiresInDays: server.expiresAt ? daysUntil(server.expiresAt, now) : null };
}

/**
 * The expiry policy of an existing key, for rotation: the lifetime it was created with,
 * snapped to the nearest choice Kaneo accepts; `null` when it never expires.
 */
export function expiryPolicyOf(key: Pick<KeySummary, 'createdAt' | 'expiresAt'>): ExpiryChoice {
  if (!key.expiresAt) return null;
  const lifetimeDays = (new Date(key.expiresAt).getTime() - new Date(key.createdAt).getTime()) / DAY_MS;
  let best: (typeof EXPIRY_CHOICES_DAYS)[number] = EXPIRY_CHOICES_DAYS[0];
  for (const choice of EXPIRY_CHOICES_DAYS) {
    if (Math.abs(choice - lifetimeDays) < Math.abs(best - lifetimeDays)) best = choice;
  }
  return best;
}
