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
 * removed ones leave. Answers `keys` itself when nothing differs, so nothing re-renders — also
 * when the page already shows exactly what the delta brings (its own save, shown at once from
 * the save's answer: use-vault-state.ts applySaved / applyDeleted), so the list that follows a
 * save does not render the list a second time.
 */
export function applyKeyChanges(keys: KeySummary[], delta: KeyDelta): KeySummary[] {
  if (delta.changed.length === 0 && delta.removed.length === 0) return keys;
  const removed = new Set(delta.removed);
  const changed = new Map(delta.changed.map((key) => [key.id, key]));
  let differs = false;
  const next: KeySummary[] = [];
  for (const key of keys) {
    if (removed.has(key.id)) {
      differs = true;
      continue;
    }
    const replacement = changed.get(key.id);
    if (replacement && !sameSummary(replacement, key)) {
      differs = true;
      next.push(replacement);
    } else {
      next.push(key);
    }
    changed.delete(key.id);
  }
  for (const key of changed.values()) {
    if (removed.has(key.id)) continue;
    differs = true;
    next.push(key);
  }
  return differs ? next : keys;
}

/** Field for field the same (a summary's only nested value is its instance). */
function sameSummary(a: KeySummary, b: KeySummary): boolean {
  const fields = Object.keys(a) as (keyof KeySummary)[];
  if (fields.length !== Object.keys(b).length) return false;
  return fields.every((field) => {
    const x = a[field];
    const y = b[field];
    if (field === 'instance') {
      const i = x as KeySummary['instance'];
      const j = y as KeySummary['instance'] | undefined;
      return !!j && i.webOrigin === j.webOrigin && i.apiBaseUrl === j.apiBaseUrl && Object.keys(i).length === Object.keys(j).length;
    }
    return Object.hasOwn(b, field) && x === y;
  });
}
