/**
 * Applies a `keys.changes` delta to the list a page holds (components/app/use-vault-state.ts).
 * At 10,000 keys the whole list is a 3 MB message (hundreds of milliseconds in Chromium); after a
 * save, an open page asks only for what changed.
 */
import type { KeySummary } from '@/lib/keys/key-entry';

export interface KeyDelta {
  changed: readonly KeySummary[];
  removed: readonly string[];
}

/**
 * The list with `delta` applied: changed keys replace theirs (by id), new ones are appended,
 * removed ones leave. Answers `keys` itself when nothing differs, so nothing re-renders.
 */
export function applyKeyChanges(keys: KeySummary[], delta: KeyDelta): KeySummary[] {
  if (delta.changed.length === 0 && delta.removed.length === 0) return keys;
  const removed = new Set(delta.removed);
  const changed = new Map(delta.changed.map((key) => [key.id, key]));
  const next: KeySummary[] = [];
  for (const key of keys) {
    if (removed.has(key.id)) continue;
    const replacement = changed.get(key.id);
    next.push(replacement ?? key);
    changed.delete(key.id);
  }
  for (const key of changed.values()) if (!removed.has(key.id)) next.push(key);
  return next;
}
