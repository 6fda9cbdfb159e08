import type { KeySummary } from '@/lib/keys/key-entry';
import { groupByInstance, type InstanceGroup } from './key-groups';

/**
 * The key list's search index, built once per key list (not per keystroke): keys already grouped
 * and sorted, each with one lowercase text of everything search looks at. A keystroke is then one
 * `includes` per key — no lowercasing, URL parsing or sorting of 10,000 keys while typing.
 *
 * The texts are not needed to show the list, only to search it, so they are made on first use:
 * `prepareSearch` (the list calls it in idle time after its first paint) or the first search.
 * Opening the popup does not wait for them (issue 11).
 */
export interface KeyIndex {
  groups: readonly IndexedGroup[];
  size: number;
}

export interface IndexedGroup {
  group: InstanceGroup;
  /** Lowercase "name \n webOrigin \n apiBase \n host" per key, in the group's order; made on first use. */
  haystacks: readonly string[] | null;
}

/** A group as shown for one query: its keys that match, in order. */
export interface VisibleGroup {
  group: InstanceGroup;
  keys: readonly KeySummary[];
}

export function buildKeyIndex(keys: readonly KeySummary[]): KeyIndex {
  const groups = groupByInstance(keys).map((group): IndexedGroup => ({ group, haystacks: null }));
  return { groups, size: keys.length };
}

function haystacksOf(entry: IndexedGroup): readonly string[] {
  const { group } = entry;
  // Filled in place on purpose: an index is made once per key list and only ever gains its texts.
  entry.haystacks ??= group.keys.map((key) =>
    `${key.name}\n${key.instance.webOrigin}\n${key.instance.apiBaseUrl}\n${group.host}`.toLowerCase(),
  );
  return entry.haystacks;
}

/** Makes every search text now (idempotent), so that the first keystroke does not pay for it. */
export function prepareSearch(index: KeyIndex): void {
  for (const entry of index.groups) haystacksOf(entry);
}

/** The groups with their keys that match `query` (case-insensitive; empty query: everything). */
export function searchKeyIndex(index: KeyIndex, query: string): { groups: VisibleGroup[]; count: number } {
  const q = query.trim().toLowerCase();
  if (!q) return { groups: index.groups.map(({ group }) => ({ group, keys: group.keys })), count: index.size };
  const groups: VisibleGroup[] = [];
  let count = 0;
  for (const entry of index.groups) {
    const { group } = entry;
    const haystacks = haystacksOf(entry);
    const keys: KeySummary[] = [];
    // A query with a line break never matches across two fields: search fields are one line each.
    for (let i = 0; i < haystacks.length; i++) if (haystacks[i]!.includes(q)) keys.push(group.keys[i]!);
    if (keys.length > 0) groups.push({ group, keys });
    count += keys.length;
  }
  return { groups, count };
}
