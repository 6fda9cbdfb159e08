/**
 * Merging keys from elsewhere (a backup file, a `.env` list, later another device) into the vault.
 * Pure: contents in, plan out; plan and choices in, contents out. Runs anywhere, but only the
 * background calls it with secrets (pages get the plan as summaries, see lib/backup/protocol.ts).
 *
 * The rules, per incoming entry, in this order (only keys of the same instance — web origin —
 * are ever compared):
 * 1. the same secret as one of mine → `identical`: skipped, mine is kept as it is;
 * 2. the same Kaneo remote id as one of mine (different secret) → conflict `same-remote-id`;
 * 3. the same name as one of mine (ignoring case, different secret) → conflict `same-name`;
 * 4. otherwise → `added`.
 * An incoming entry that repeats an earlier incoming one (same secret for the same instance) is
 * `duplicate` and skipped. Incoming ids are not trusted to be unique: a taken id is replaced.
 *
 * Invariants of `applyMergePlan` (tests/unit/backup/merge-plan.property.test.ts):
 * - names stay unique per instance and ids unique, whatever the choices: a name that is taken is
 *   renamed `name (2)`, `name (3)`, …; an id that is taken gets a fresh one;
 * - none of mine is lost or changed, except the one a `take-theirs` choice replaces (it keeps its
 *   id, so what refers to it — history, listing keys — still does). A `take-theirs` keeps both
 *   instead when mine was already replaced, or when the incoming list also holds mine as it is;
 * - after `take-theirs` or `keep-both` for every conflict, every incoming secret is in the result,
 *   so planning the same entries again finds only `identical`.
 */
import { comparableKeyName, VAULT_KEY_NAME_MAX } from '../keys/key-names';
import type { KeyEntry } from '../keys/key-entry';
import type { ConflictChoice, ConflictReason } from './merge-plan.types';

export type { ConflictChoice, ConflictReason } from './merge-plan.types';

export interface MergeConflict {
  /** Stable for the same incoming list and vault: `<index in theirs>:<theirs id>:<mine id>`. */
  id: string;
  reason: ConflictReason;
  mine: KeyEntry;
  theirs: KeyEntry;
  /** The name theirs gets with `keep-both`. */
  renamedTo: string;
}

export interface MergePlan {
  added: KeyEntry[];
  identical: { mine: KeyEntry; theirs: KeyEntry }[];
  conflicts: MergeConflict[];
  /** Incoming entries that repeat an earlier incoming one. */
  duplicates: KeyEntry[];
}

export type MergeChoices = Readonly<Record<string, ConflictChoice>>;

export interface MergeOutcome {
  keys: KeyEntry[];
  added: number;
  replaced: number;
  skipped: number;
}

const origin = (k: KeyEntry) => k.instance.webOrigin;
const secretKey = (k: KeyEntry) => `${origin(k)}\n${k.secret}`;
const nameKey = (webOrigin: string, name: string) => `${webOrigin}\n${comparableKeyName(name)}`;

/** `name`, or `name (2)`, `name (3)`, … — the first one not in `taken` for that instance. */
export function freeName(name: string, webOrigin: string, taken: ReadonlySet<string>): string {
  const base = name.trim();
  if (!taken.has(nameKey(webOrigin, base))) return base;
  for (let n = 2; ; n += 1) {
    const suffix = ` (${n})`;
    const candidate = `${base.slice(0, VAULT_KEY_NAME_MAX - suffix.length).trimEnd()}${suffix}`;
    if (!taken.has(nameKey(webOrigin, candidate))) return candidate;
  }
}

export function planMerge(mine: readonly KeyEntry[], theirs: readonly KeyEntry[]): MergePlan {
  const bySecret = new Map<string, KeyEntry>();
  const byRemoteId = new Map<string, KeyEntry>();
  const byName = new Map<string, KeyEntry>();
  for (const m of mine) {
    if (!bySecret.has(secretKey(m))) bySecret.set(secretKey(m), m);
    if (m.remoteId !== null && !byRemoteId.has(`${origin(m)}\n${m.remoteId}`)) byRemoteId.set(`${origin(m)}\n${m.remoteId}`, m);
    if (!byName.has(nameKey(origin(m), m.name))) byName.set(nameKey(origin(m), m.name), m);
  }
  const plan: MergePlan = { added: [], identical: [], conflicts: [], duplicates: [] };
  const seenSecrets = new Set<string>();
  // Names a keep-both rename must avoid: mine, and every incoming name.
  const taken = new Set([...mine, ...theirs].map((k) => nameKey(origin(k), k.name)));
  theirs.forEach((t, index) => {
    if (seenSecrets.has(secretKey(t))) {
      plan.duplicates.push(t);
      return;
    }
    seenSecrets.add(secretKey(t));
    const same = bySecret.get(secretKey(t));
    if (same) {
      plan.identical.push({ mine: same, theirs: t });
      return;
    }
    const byRemote = t.remoteId === null ? undefined : byRemoteId.get(`${origin(t)}\n${t.remoteId}`);
    const byNamed = byName.get(nameKey(origin(t), t.name));
    const counterpart = byRemote ?? byNamed;
    if (counterpart) {
      const renamedTo = freeName(t.name, origin(t), taken);
      taken.add(nameKey(origin(t), renamedTo));
      plan.conflicts.push({
        id: `${index}:${t.id}:${counterpart.id}`,
        reason: byRemote ? 'same-remote-id' : 'same-name',
        mine: counterpart,
        theirs: t,
        renamedTo,
      });
      return;
    }
    plan.added.push(t);
  });
  return plan;
}

/**
 * Mine with the plan applied. A conflict without a choice keeps mine. `newId` gives an id for an
 * incoming entry whose id is already taken.
 */
export function applyMergePlan(
  mine: readonly KeyEntry[],
  plan: MergePlan,
  choices: MergeChoices,
  newId: () => string,
): MergeOutcome {
  const keys = [...mine];
  const ids = new Set(keys.map((k) => k.id));
  const names = new Set(keys.map((k) => nameKey(origin(k), k.name)));
  // Mine that the incoming list also holds (identical) is never replaced: both are kept.
  const replacedIds = new Set<string>(plan.identical.map((pair) => pair.mine.id));
  let added = 0;
  let replaced = 0;
  let skipped = plan.identical.length + plan.duplicates.length;

  const freeId = (id: string) => {
    let next = id;
    while (ids.has(next)) next = newId();
    ids.add(next);
    return next;
  };
  const add = (entry: KeyEntry) => {
    const name = freeName(entry.name, origin(entry), names);
    names.add(nameKey(origin(entry), name));
    keys.push({ ...entry, id: freeId(entry.id), name });
    added += 1;
  };

  for (const conflict of plan.conflicts) {
    const choice = choices[conflict.id] ?? 'keep-mine';
    if (choice === 'keep-mine') {
      skipped += 1;
      continue;
    }
    const index = keys.findIndex((k) => k.id === conflict.mine.id);
    if (choice === 'take-theirs' && index >= 0 && !replacedIds.has(conflict.mine.id)) {
      const current = keys[index] as KeyEntry;
      names.delete(nameKey(origin(current), current.name));
      const name = freeName(conflict.theirs.name, origin(conflict.theirs), names);
      names.add(nameKey(origin(conflict.theirs), name));
      keys[index] = { ...conflict.theirs, id: current.id, name };
      replacedIds.add(current.id);
      replaced += 1;
      continue;
    }
    add(conflict.theirs);
  }
  for (const entry of plan.added) add(entry);
  return { keys, added, replaced, skipped };
}

/** Whether `choices` answers exactly the plan's conflicts (no more, no fewer). */
export function choicesMatchPlan(plan: MergePlan, choices: MergeChoices): boolean {
  const ids = new Set(plan.conflicts.map((c) => c.id));
  const chosen = Object.keys(choices);
  return chosen.length === ids.size && chosen.every((id) => ids.has(id));
}
