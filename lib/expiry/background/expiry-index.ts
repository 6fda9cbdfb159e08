import { storage } from 'wxt/utils/storage';
import * as z from 'zod/mini';
import type { KeyEntry } from '../../keys/key-entry';
import { EXPIRING_SOON_DAYS, NOTIFY_BEFORE_DAYS } from '../../kaneo/key-state';
import { STORAGE } from '../../storage/catalogue';

/**
 * The one unencrypted trace of the vault's keys: on which DAY they expire, nothing else — no name,
 * id, instance or secret. It lets the toolbar badge and the expiry notification work while the
 * vault is locked. Rebuilt from the vault on every change while unlocked; while locked only
 * rounded (an index written by an older version). `notified` remembers which days were announced.
 *
 * Protects: which keys you have, against someone who reads the profile. An exact millisecond
 * equals the server's `expiresAt` and so identifies the key on the server (and when it was
 * created); a UTC day is shared by every key created that day with the same lifetime.
 */
export const expiryIndexSchema = z.object({
  v: z.literal(1),
  /** Expiry instants (ms since epoch) of keys that are not revoked, sorted. */
  expiresAt: z.array(z.int().check(z.gte(0))).check(z.maxLength(10_000)),
  notified: z.array(z.int().check(z.gte(0))).check(z.maxLength(10_000)),
});
export type ExpiryIndex = z.infer<typeof expiryIndexSchema>;

export const EMPTY_EXPIRY_INDEX: ExpiryIndex = { v: 1, expiresAt: [], notified: [] };

export const expiryIndexItem = storage.defineItem<ExpiryIndex>(STORAGE.expiryIndex.key, {
  fallback: EMPTY_EXPIRY_INDEX,
  version: STORAGE.expiryIndex.version,
});

const DAY_MS = 86_400_000;

/** The UTC midnight starting the day of `t`: what the index stores instead of the exact instant. */
export function expiryDayOf(t: number): number {
  return Math.floor(t / DAY_MS) * DAY_MS;
}

/** The index with every time rounded down to its day (so warnings come early, never late). */
export function roundIndex(index: ExpiryIndex): ExpiryIndex {
  return {
    v: 1,
    expiresAt: index.expiresAt.map(expiryDayOf).sort((a, b) => a - b),
    notified: [...new Set(index.notified.map(expiryDayOf))],
  };
}

/** Read and validate; a damaged index is derived data and is treated as empty (rebuilt on unlock). */
export async function readExpiryIndex(item = expiryIndexItem): Promise<ExpiryIndex> {
  const parsed = expiryIndexSchema.safeParse(await item.getValue());
  return parsed.success ? parsed.data : EMPTY_EXPIRY_INDEX;
}

export function expiryInstantsOf(keys: Pick<KeyEntry, 'expiresAt' | 'revokedAt'>[]): number[] {
  return keys
    .filter((k) => k.expiresAt && !k.revokedAt)
    .map((k) => new Date(k.expiresAt!).getTime())
    .filter((t) => Number.isFinite(t) && t >= 0)
    .sort((a, b) => a - b);
}

/** Keys expired or expiring within 7 days: the badge number. */
export function countExpiringSoon(index: ExpiryIndex, now: number): number {
  return index.expiresAt.filter((t) => t <= now + EXPIRING_SOON_DAYS * DAY_MS).length;
}

/** Expiry instants within the notice window (not yet expired, within 3 days) not yet announced. */
export function dueNotices(index: ExpiryIndex, now: number): number[] {
  const announced = new Set(index.notified);
  return index.expiresAt.filter((t) => t > now && t <= now + NOTIFY_BEFORE_DAYS * DAY_MS && !announced.has(t));
}

/** A new index for the given instants (stored as days), keeping only announcements that still apply. */
export function rebuildIndex(previous: ExpiryIndex, instants: number[]): ExpiryIndex {
  const days = instants.map(expiryDayOf).sort((a, b) => a - b);
  const live = new Set(days);
  return { v: 1, expiresAt: days, notified: [...new Set(previous.notified.map(expiryDayOf))].filter((t) => live.has(t)) };
}
