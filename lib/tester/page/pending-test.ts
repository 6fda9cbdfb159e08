import { storage } from 'wxt/utils/storage';
import { STORAGE } from '../../storage/catalogue';

/**
 * A popup test waiting for the browser's host-permission answer.
 *
 * Firefox may close the toolbar popup when its permission prompt opens, and the click that asked
 * would be lost with it. So the popup notes which key it is testing before it asks, in
 * `storage.session` (memory only; the key's id and a time, never its secret, name or instance),
 * and the popup opened again finishes the test once access was granted. A note older than a few
 * minutes is dropped: the person has moved on.
 */
export interface PendingTest {
  keyId: string;
  /** Epoch ms when the popup asked. */
  at: number;
}

export const PENDING_TEST_MAX_AGE_MS = 5 * 60_000;

const pendingTestItem = storage.defineItem<PendingTest | null>(STORAGE.testerPendingTest.key, { fallback: null });

/** Not awaited by the click handler: the permission prompt must be asked for in the same turn. */
export function rememberPendingTest(keyId: string, now = Date.now()): Promise<void> {
  return pendingTestItem.setValue({ keyId, at: now });
}

export function forgetPendingTest(): Promise<void> {
  return pendingTestItem.removeValue();
}

/** Whether a recent test waits to be finished (the popup then opens on its Test tab). */
export async function hasPendingTest(now = Date.now()): Promise<boolean> {
  const pending = await pendingTestItem.getValue();
  return pending !== null && now - pending.at >= 0 && now - pending.at <= PENDING_TEST_MAX_AGE_MS;
}

/** The key id of a recent pending test, removed as it is read (one resume per ask). */
export async function takePendingTest(now = Date.now()): Promise<string | null> {
  const pending = await pendingTestItem.getValue();
  if (!pending) return null;
  await pendingTestItem.removeValue();
  const age = now - pending.at;
  return age >= 0 && age <= PENDING_TEST_MAX_AGE_MS ? pending.keyId : null;
}
