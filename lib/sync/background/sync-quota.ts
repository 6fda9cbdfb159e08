/**
 * storage.sync's limits and the arithmetic sync does with them. Pure; runs anywhere in the background.
 *
 * Chrome (chrome.storage.sync): QUOTA_BYTES 102,400 in total, QUOTA_BYTES_PER_ITEM 8,192 (the
 * item's key plus the JSON text of its value), MAX_ITEMS 512, MAX_WRITE_OPERATIONS_PER_HOUR 1,800,
 * MAX_WRITE_OPERATIONS_PER_MINUTE 120 (each set/remove call is one operation, however many items
 * it carries). Firefox (its storage.sync area, MDN): the same three size limits (102,400 bytes,
 * 8,192 per item, 512 items); it publishes no write-rate limits, but its sync server throttles,
 * so the same batching and retry apply.
 */

export const SYNC_LIMITS = {
  QUOTA_BYTES: 102_400,
  QUOTA_BYTES_PER_ITEM: 8_192,
  MAX_ITEMS: 512,
  MAX_WRITE_OPERATIONS_PER_HOUR: 1_800,
  MAX_WRITE_OPERATIONS_PER_MINUTE: 120,
} as const;

/**
 * What sync lets itself use: the quota less 4 KiB (the wrapped-key record, and room so an edit
 * that grows a record does not fail at the edge), and 8 items fewer than the limit.
 */
export const SYNC_BUDGET_BYTES = SYNC_LIMITS.QUOTA_BYTES - 4_096;
export const SYNC_BUDGET_ITEMS = SYNC_LIMITS.MAX_ITEMS - 8;

/** Base64 characters of ciphertext per stored item: an item stays well under 8,192 bytes. */
export const CHUNK_CHARS = 7_800;

/** Bytes an item counts against the quota, as Chrome counts them (all our text is ASCII). */
export function itemBytes(key: string, value: unknown): number {
  return key.length + JSON.stringify(value).length;
}

export function totalBytes(items: Record<string, unknown>): number {
  return Object.entries(items).reduce((sum, [key, value]) => sum + itemBytes(key, value), 0);
}

export type SyncWriteProblem =
  | { kind: 'quota'; message: string; retryAfterMs: null }
  | { kind: 'rate'; message: string; retryAfterMs: number }
  | { kind: 'failed'; message: string; retryAfterMs: number };

const NOTHING_LOST = 'Nothing was lost: your keys are safe on this device.';

/** Turn an error thrown by storage.sync.set/remove into a sentence and when to try again. */
export function classifySyncError(error: unknown): SyncWriteProblem {
  const text = error instanceof Error ? error.message : String(error);
  if (/MAX_WRITE_OPERATIONS_PER_HOUR/.test(text)) {
    return { kind: 'rate', message: `The browser's sync allows ${SYNC_LIMITS.MAX_WRITE_OPERATIONS_PER_HOUR} writes an hour and that was reached. Sync tries again in 10 minutes. ${NOTHING_LOST}`, retryAfterMs: 10 * 60_000 };
  }
  if (/MAX_WRITE_OPERATIONS_PER_MINUTE/.test(text)) {
    return { kind: 'rate', message: `The browser's sync allows ${SYNC_LIMITS.MAX_WRITE_OPERATIONS_PER_MINUTE} writes a minute and that was reached. Sync tries again in a minute. ${NOTHING_LOST}`, retryAfterMs: 60_000 };
  }
  if (/QUOTA_BYTES|MAX_ITEMS|quota/i.test(text)) {
    return { kind: 'quota', message: `The browser's sync storage is full (about 100 KB). New keys stay on this device only. ${NOTHING_LOST}`, retryAfterMs: null };
  }
  return { kind: 'failed', message: `The browser's sync storage refused the write. Sync tries again in a minute. ${NOTHING_LOST}`, retryAfterMs: 60_000 };
}
