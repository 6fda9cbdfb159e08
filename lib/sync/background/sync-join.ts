/**
 * Joining a synced set from a device that already has keys: which of its keys are new, which the
 * set already has (identical), and which clash (same name on the same instance, or the same
 * server key, with other contents) — and what the vault becomes for the choices a person made.
 * Pure: the preview is computed before anything changes, and applying it is one vault write.
 */
import type { KeyEntry } from '../../keys/key-entry';
import { VAULT_KEY_NAME_MAX } from '../../keys/key-names';
import { sameKeyName } from '../../keys/key-names';
import type { ConflictChoice, SyncPreviewConflict, SyncPreviewEntry } from '../protocol';
import { stableJson, type SyncedItem } from './merge';

const COMPARED = ['name', 'secret', 'instance', 'notes', 'expiresAt', 'remoteId', 'start', 'revokedAt'] as const;

export interface JoinPlan {
  fromSync: KeyEntry[];
  fromHere: KeyEntry[];
  identical: { local: KeyEntry; remote: KeyEntry }[];
  conflicts: { local: KeyEntry; remote: KeyEntry; differs: string[] }[];
}

function host(entry: KeyEntry): string {
  return new URL(entry.instance.webOrigin).host;
}

export function previewEntry(entry: KeyEntry, ref = entry.id): SyncPreviewEntry {
  return { ref, name: entry.name, host: host(entry) };
}

export function differingFields(a: KeyEntry, b: KeyEntry): string[] {
  return COMPARED.filter((field) => stableJson(a[field]) !== stableJson(b[field]));
}

function matches(local: KeyEntry, remote: KeyEntry): boolean {
  if (local.instance.webOrigin !== remote.instance.webOrigin) return false;
  if (sameKeyName(local.name, remote.name)) return true;
  return local.remoteId !== null && local.remoteId === remote.remoteId;
}

/** Pair this device's keys with the synced ones. Keys with the same id merge by revision instead. */
export function planJoin(local: readonly KeyEntry[], remote: readonly SyncedItem<KeyEntry>[]): JoinPlan {
  const remoteIds = new Set(remote.map((item) => item.id));
  const localIds = new Set(local.map((entry) => entry.id));
  const candidates = remote.filter((item) => item.entry !== null && !localIds.has(item.id)).map((item) => item.entry as KeyEntry);
  const taken = new Set<string>();
  const plan: JoinPlan = { fromSync: [], fromHere: [], identical: [], conflicts: [] };
  for (const entry of local) {
    if (remoteIds.has(entry.id)) continue;
    const match = candidates.find((r) => !taken.has(r.id) && matches(entry, r));
    if (!match) {
      plan.fromHere.push(entry);
      continue;
    }
    taken.add(match.id);
    const differs = differingFields(entry, match);
    if (differs.length === 0) plan.identical.push({ local: entry, remote: match });
    else plan.conflicts.push({ local: entry, remote: match, differs });
  }
  plan.fromSync = candidates.filter((r) => !taken.has(r.id));
  return plan;
}

export function previewConflicts(plan: JoinPlan): SyncPreviewConflict[] {
  return plan.conflicts.map((c) => ({ ...previewEntry(c.local), differs: c.differs }));
}

/** A name for this device's copy in "keep both" that no key on its instance has. */
function bothName(entry: KeyEntry, all: readonly KeyEntry[]): string {
  for (let n = 1; n < 100; n++) {
    const suffix = n === 1 ? ' (this device)' : ` (this device ${n})`;
    const name = `${entry.name.slice(0, VAULT_KEY_NAME_MAX - suffix.length)}${suffix}`;
    if (!all.some((k) => k.id !== entry.id && k.instance.webOrigin === entry.instance.webOrigin && sameKeyName(k.name, name))) return name;
  }
  return entry.name;
}

export interface AppliedJoin {
  /** The vault's key list after joining: this device's keys as chosen, plus the synced ones. */
  keys: KeyEntry[];
  /** Versions set aside by the choices, to keep as conflicts (viewable, can be brought back). */
  setAside: { entryId: string; entry: KeyEntry }[];
}

/** Apply the choices. Every conflict needs one; answers null when one is missing. */
export function applyJoin(
  local: readonly KeyEntry[],
  remote: readonly SyncedItem<KeyEntry>[],
  plan: JoinPlan,
  choices: Record<string, ConflictChoice>,
): AppliedJoin | null {
  const keys: KeyEntry[] = [];
  const setAside: AppliedJoin['setAside'] = [];
  const identical = new Map(plan.identical.map((p) => [p.local.id, p.remote]));
  const conflicts = new Map(plan.conflicts.map((c) => [c.local.id, c]));
  for (const c of plan.conflicts) if (!choices[c.local.id]) return null;
  const remoteLive = remote.filter((item) => item.entry !== null).map((item) => item.entry as KeyEntry);
  const replaced = new Set<string>();
  for (const entry of local) {
    if (identical.has(entry.id)) continue;
    const conflict = conflicts.get(entry.id);
    if (!conflict) {
      keys.push(entry);
      continue;
    }
    const choice = choices[entry.id];
    if (choice === 'theirs') {
      setAside.push({ entryId: conflict.remote.id, entry: { ...entry, id: conflict.remote.id } });
    } else if (choice === 'mine') {
      // This device's contents become the synced entry's next version; the synced one is kept.
      keys.push({ ...entry, id: conflict.remote.id, createdAt: conflict.remote.createdAt });
      replaced.add(conflict.remote.id);
      setAside.push({ entryId: conflict.remote.id, entry: conflict.remote });
    } else {
      keys.push({ ...entry, name: bothName(entry, [...local, ...remoteLive]) });
    }
  }
  const present = new Set(keys.map((k) => k.id));
  for (const entry of remoteLive) if (!present.has(entry.id) && !replaced.has(entry.id)) keys.push(entry);
  return { keys, setAside };
}
