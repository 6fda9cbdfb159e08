import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  emptyReplica,
  itemsToUpload,
  liveEntries,
  mergeRemote,
  recordLocalChanges,
  type ReplicaState,
  type SyncedItem,
  type Version,
} from '@/lib/sync/background/merge';

// A model of sync: each replica has its vault (entries), its merge state, and its own copy of the
// shared store (record id → item). The browser's sync engine copies items between the copies in
// any order, and a later copy overwrites an earlier one (last writer wins per item): that is what
// `deliver` models. A replica "syncs" by merging its store copy, then writing every item its
// merged view holds newer.
interface Entry {
  id: string;
  value: string;
}

interface Replica {
  vault: Entry[];
  state: ReplicaState<Entry>;
  store: Map<string, SyncedItem<Entry>>;
}

const IDS = ['a', 'b', 'c'];
const NOW = '2026-12-01T00:00:00.000Z';

type Step =
  | { kind: 'put'; replica: number; id: string; value: string }
  | { kind: 'delete'; replica: number; id: string }
  | { kind: 'sync'; replica: number }
  | { kind: 'deliver'; from: number; to: number; id: string };

function step(replicas: number) {
  const r = fc.integer({ min: 0, max: replicas - 1 });
  const id = fc.constantFrom(...IDS);
  return fc.oneof(
    fc.record({ kind: fc.constant('put' as const), replica: r, id, value: fc.constantFrom('x', 'y', 'z') }),
    fc.record({ kind: fc.constant('delete' as const), replica: r, id }),
    fc.record({ kind: fc.constant('sync' as const), replica: r }),
    fc.record({ kind: fc.constant('deliver' as const), from: r, to: r, id }),
  );
}

function localEdit(replica: Replica) {
  replica.state = recordLocalChanges(replica.state, replica.vault, NOW).state;
}

function sync(replica: Replica) {
  localEdit(replica);
  const merged = mergeRemote(replica.state, [...replica.store.values()]);
  replica.state = merged.state;
  replica.vault = liveEntries(replica.state);
  const stored = new Map<string, Version>([...replica.store].map(([id, item]) => [id, item.v]));
  for (const item of itemsToUpload(replica.state, stored)) replica.store.set(item.id, item);
}

function run(replicaCount: number, steps: Step[]) {
  const replicas: Replica[] = Array.from({ length: replicaCount }, (_, i) => ({
    vault: [],
    state: emptyReplica<Entry>(`device-${i}`),
    store: new Map(),
  }));
  for (const s of steps) {
    if (s.kind === 'put') {
      const replica = replicas[s.replica]!;
      replica.vault = [...replica.vault.filter((e) => e.id !== s.id), { id: s.id, value: s.value }];
      localEdit(replica);
    } else if (s.kind === 'delete') {
      const replica = replicas[s.replica]!;
      replica.vault = replica.vault.filter((e) => e.id !== s.id);
      localEdit(replica);
    } else if (s.kind === 'sync') {
      sync(replicas[s.replica]!);
    } else {
      const item = replicas[s.from]!.store.get(s.id);
      if (item) replicas[s.to]!.store.set(s.id, item);
    }
  }
  // Quiesce: everyone syncs, the sync engine delivers everything everywhere, until nothing moves.
  for (let round = 0; round < 6; round++) {
    for (const replica of replicas) sync(replica);
    for (const from of replicas) for (const to of replicas) for (const [id, item] of from.store) {
      const there = to.store.get(id);
      if (!there || there.v.c < item.v.c || (there.v.c === item.v.c && there.v.d < item.v.d)) to.store.set(id, item);
    }
  }
  return replicas;
}

const sorted = (vault: Entry[]) => [...vault].sort((a, b) => a.id.localeCompare(b.id));

describe('sync merge: any interleaving converges', () => {
  it.each([2, 3])('%i replicas end with the same vault', (count) => {
    fc.assert(
      fc.property(fc.array(step(count), { maxLength: 60 }), (steps) => {
        const replicas = run(count, steps);
        const first = sorted(replicas[0]!.vault);
        for (const replica of replicas) expect(sorted(replica.vault)).toEqual(first);
      }),
      { numRuns: 300 },
    );
  });

  it('keeps the edit made after seeing another version (causality)', () => {
    const [a, b] = run(2, [
      { kind: 'put', replica: 0, id: 'a', value: 'x' },
      { kind: 'sync', replica: 0 },
      { kind: 'deliver', from: 0, to: 1, id: 'a' },
      { kind: 'sync', replica: 1 },
      { kind: 'put', replica: 1, id: 'a', value: 'y' },
    ]);
    expect(a!.vault).toEqual([{ id: 'a', value: 'y' }]);
    expect(b!.vault).toEqual([{ id: 'a', value: 'y' }]);
  });

  it('records the loser of concurrent edits as a conflict, the same winner everywhere', () => {
    let a = recordLocalChanges(emptyReplica<Entry>('device-a'), [{ id: 'a', value: 'from a' }], NOW).state;
    let b = recordLocalChanges(emptyReplica<Entry>('device-b'), [{ id: 'a', value: 'from b' }], NOW).state;
    const intoA = mergeRemote(a, Object.values(b.items));
    const intoB = mergeRemote(b, Object.values(a.items));
    a = intoA.state;
    b = intoB.state;
    expect(liveEntries(a)).toEqual(liveEntries(b));
    expect(liveEntries(a)).toEqual([{ id: 'a', value: 'from b' }]);
    expect(intoA.conflicts.map((c) => c.loser.entry)).toEqual([{ id: 'a', value: 'from a' }]);
    expect(intoB.conflicts.map((c) => c.loser.entry)).toEqual([{ id: 'a', value: 'from a' }]);
  });

  it('a delete concurrent with an edit is a conflict whose loser can be viewed', () => {
    const base = recordLocalChanges(emptyReplica<Entry>('device-a'), [{ id: 'a', value: 'v1' }], NOW).state;
    const b0 = mergeRemote(emptyReplica<Entry>('device-b'), Object.values(base.items)).state;
    const aDeleted = recordLocalChanges(base, [], NOW).state;
    const bEdited = recordLocalChanges(b0, [{ id: 'a', value: 'v2' }], NOW).state;
    const merged = mergeRemote(aDeleted, Object.values(bEdited.items));
    expect(merged.conflicts).toHaveLength(1);
    const both = [merged.conflicts[0]!.loser.entry, merged.state.items.a!.entry];
    expect(both).toContainEqual({ id: 'a', value: 'v2' });
    expect(both).toContainEqual(null);
  });
});
