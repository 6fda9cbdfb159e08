/**
 * The sync merge rules, as pure functions (no storage, no crypto): what a replica does with a
 * local edit, and with a version of an entry that arrived from another device.
 *
 * Protects: the keys themselves — that every device ends with the same vault, and that no
 * version a person wrote is lost without a trace.
 * Invariants (tests/unit/sync/merge.property.test.ts checks them over random interleavings):
 * - Each version of an entry carries a Lamport counter `c`, the writing device `d`, and a
 *   version vector `vv` (device → edits it has seen). `(c, d)` is a total order; the merged value
 *   of an entry is always the greatest version by `(c, d)`, so merging is commutative,
 *   associative and idempotent: any order of delivery converges.
 * - A local edit gets `c` greater than every counter this replica has seen, so an edit made after
 *   seeing another version always wins over it (causality is respected).
 * - Two versions neither of which saw the other (their vectors are incomparable) are concurrent:
 *   the greater one wins on every device alike, and the loser is kept as a conflict to review.
 * - A delete is a version with `entry: null` (a tombstone), merged like any edit, so a delete and
 *   a concurrent edit also become a conflict (the edit can be brought back). Tombstones are
 *   dropped only after TOMBSTONE_TTL_MS (see pruneTombstones).
 */

export interface Version {
  /** Lamport counter. */
  c: number;
  /** The device that wrote this version (random id, not secret). */
  d: string;
  /** Version vector: per device, how many of its edits of this entry this version includes. */
  vv: Record<string, number>;
}

export interface SyncedItem<T> {
  /** The entry's id (the vault's own key id). */
  id: string;
  v: Version;
  /** When this version was written (ISO), for tombstone expiry. */
  at: string;
  /** The entry, or null for a delete. */
  entry: T | null;
}

export interface ReplicaState<T> {
  device: string;
  /** Greatest counter seen. */
  clock: number;
  /** Latest merged version per entry id (live entries and tombstones). */
  items: Record<string, SyncedItem<T>>;
}

export interface MergeConflict<T> {
  entryId: string;
  /** The version that lost: kept so a person can look at it and choose it instead. */
  loser: SyncedItem<T>;
  /** The version that won, by (c, d). */
  winner: { c: number; d: string };
}

/**
 * How long a delete is remembered: 90 days. A device that was offline for a month still finds
 * the tombstone when it comes back, so its old copy is deleted instead of coming back to life;
 * three times that month leaves room for a holiday and a flat battery. Longer would cost sync
 * quota (each tombstone is one small record).
 */
export const TOMBSTONE_TTL_MS = 90 * 24 * 60 * 60 * 1000;

/** JSON with object keys sorted: equal values give equal text, whatever their key order. */
export function stableJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      return Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    }
    return v;
  });
}

export function emptyReplica<T>(device: string): ReplicaState<T> {
  return { device, clock: 0, items: {} };
}

/** Greater by (c, then d). */
export function isNewer(a: Version, b: Version): boolean {
  return a.c !== b.c ? a.c > b.c : a.d > b.d;
}

export function sameVersion(a: Version, b: Version): boolean {
  return a.c === b.c && a.d === b.d;
}

function dominates(a: Record<string, number>, b: Record<string, number>): boolean {
  return Object.entries(b).every(([device, n]) => (a[device] ?? 0) >= n);
}

function maxVector(a: Record<string, number>, b: Record<string, number>): Record<string, number> {
  const out: Record<string, number> = { ...a };
  for (const [device, n] of Object.entries(b)) out[device] = Math.max(out[device] ?? 0, n);
  return out;
}

/** Merge two versions of one entry: the winner (with both histories) and, if concurrent, the loser. */
export function mergeItem<T>(local: SyncedItem<T>, remote: SyncedItem<T>): { item: SyncedItem<T>; loser: SyncedItem<T> | null } {
  if (sameVersion(local.v, remote.v)) {
    return { item: { ...local, v: { ...local.v, vv: maxVector(local.v.vv, remote.v.vv) } }, loser: null };
  }
  const concurrent = !dominates(local.v.vv, remote.v.vv) && !dominates(remote.v.vv, local.v.vv);
  const [winner, loser] = isNewer(remote.v, local.v) ? [remote, local] : [local, remote];
  const item = { ...winner, v: { ...winner.v, vv: maxVector(local.v.vv, remote.v.vv) } };
  // Two concurrent versions with the same content are no conflict worth showing.
  const differs = stableJson(winner.entry) !== stableJson(loser.entry);
  return { item, loser: concurrent && differs ? loser : null };
}

/**
 * Record what changed in the vault since the replica last looked: a new or edited entry gets a
 * new version, an entry gone from the vault gets a tombstone. Answers the ids that changed.
 */
export function recordLocalChanges<T extends { id: string }>(
  state: ReplicaState<T>,
  entries: readonly T[],
  nowIso: string,
): { state: ReplicaState<T>; changed: string[] } {
  const items = { ...state.items };
  let clock = state.clock;
  const changed: string[] = [];
  const bump = (id: string, entry: T | null) => {
    const previous = items[id];
    const vv = { ...(previous?.v.vv ?? {}) };
    vv[state.device] = (vv[state.device] ?? 0) + 1;
    clock += 1;
    items[id] = { id, v: { c: clock, d: state.device, vv }, at: nowIso, entry };
    changed.push(id);
  };
  const present = new Set<string>();
  for (const entry of entries) {
    present.add(entry.id);
    const known = items[entry.id];
    if (!known || known.entry === null || stableJson(known.entry) !== stableJson(entry)) bump(entry.id, entry);
  }
  for (const [id, item] of Object.entries(state.items)) {
    if (item.entry !== null && !present.has(id)) bump(id, null);
  }
  return { state: { ...state, clock, items }, changed };
}

/** Merge versions that arrived from elsewhere. Answers the new state and any conflicts found. */
export function mergeRemote<T>(
  state: ReplicaState<T>,
  incoming: readonly SyncedItem<T>[],
): { state: ReplicaState<T>; conflicts: MergeConflict<T>[]; changed: string[] } {
  const items = { ...state.items };
  let clock = state.clock;
  const conflicts: MergeConflict<T>[] = [];
  const changed: string[] = [];
  for (const remote of incoming) {
    clock = Math.max(clock, remote.v.c);
    const local = items[remote.id];
    if (!local) {
      items[remote.id] = remote;
      changed.push(remote.id);
      continue;
    }
    const { item, loser } = mergeItem(local, remote);
    if (!sameVersion(item.v, local.v)) changed.push(remote.id);
    items[remote.id] = item;
    if (loser) conflicts.push({ entryId: remote.id, loser, winner: { c: item.v.c, d: item.v.d } });
  }
  return { state: { ...state, clock, items }, conflicts, changed };
}

/** A version that brings back `entry` (the loser of a conflict) over the current one. */
export function chooseVersion<T>(state: ReplicaState<T>, id: string, entry: T | null, nowIso: string): ReplicaState<T> {
  const previous = state.items[id];
  const vv = { ...(previous?.v.vv ?? {}) };
  vv[state.device] = (vv[state.device] ?? 0) + 1;
  const clock = state.clock + 1;
  return { ...state, clock, items: { ...state.items, [id]: { id, v: { c: clock, d: state.device, vv }, at: nowIso, entry } } };
}

/** The live entries, in id order (the vault keeps its own order; see orderLike). */
export function liveEntries<T>(state: ReplicaState<T>): T[] {
  return Object.values(state.items)
    .filter((item) => item.entry !== null)
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .map((item) => item.entry as T);
}

/** Drop tombstones older than the TTL. Answers the ids dropped (their records can go too). */
export function pruneTombstones<T>(state: ReplicaState<T>, nowMs: number, ttlMs = TOMBSTONE_TTL_MS): { state: ReplicaState<T>; dropped: string[] } {
  const items: Record<string, SyncedItem<T>> = {};
  const dropped: string[] = [];
  for (const [id, item] of Object.entries(state.items)) {
    if (item.entry === null && nowMs - Date.parse(item.at) > ttlMs) dropped.push(id);
    else items[id] = item;
  }
  return { state: { ...state, items }, dropped };
}

/** Items whose merged version differs from what the shared store holds: they must be written. */
export function itemsToUpload<T>(state: ReplicaState<T>, stored: ReadonlyMap<string, Version>): SyncedItem<T>[] {
  return Object.values(state.items).filter((item) => {
    const there = stored.get(item.id);
    return !there || !sameVersion(there, item.v);
  });
}
