// Any sequence of saves (add, edit, delete, reorder, a whole rewrite, a duplicate id refused)
// leaves a vault that lists exactly what was saved, in the saved order, here and in a new
// background after unlock; stores exactly the buckets its envelope names; writes only the buckets
// whose keys changed; and answers `keys.changes` that bring an older list up to date.
import { describe, expect, it, vi } from 'vitest';
import fc from 'fast-check';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { KeyEntry, KeySummary } from '@/lib/keys/key-entry';
import { ok } from '@/lib/result';
import { applyKeyChanges } from '@/lib/vault/page/key-changes';
import { bucketOf, referencedBucketNames } from '@/lib/vault/background/vault-buckets';
import type { VaultEnvelope } from '@/lib/vault/background/envelope';
import { draft, fastVault, localSnapshot, STRONG_PASSPHRASE } from './vault-test-helpers';

type Op =
  | { kind: 'add'; name: string }
  | { kind: 'addMany'; count: number }
  | { kind: 'edit'; at: number; notes: string }
  | { kind: 'delete'; at: number }
  | { kind: 'move'; from: number; to: number }
  | { kind: 'reverse' }
  | { kind: 'copyAll' }
  | { kind: 'duplicate'; at: number };

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('add' as const), name: fc.string({ minLength: 1, maxLength: 6 }).map((s) => `n ${s}`) }),
  fc.record({ kind: fc.constant('addMany' as const), count: fc.integer({ min: 1, max: 12 }) }),
  fc.record({ kind: fc.constant('edit' as const), at: fc.nat(), notes: fc.string({ maxLength: 8 }) }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('move' as const), from: fc.nat(), to: fc.nat() }),
  fc.constant({ kind: 'reverse' as const }),
  fc.constant({ kind: 'copyAll' as const }),
  fc.record({ kind: fc.constant('duplicate' as const), at: fc.nat() }),
);

const shape = (keys: readonly KeyEntry[]) => keys.map((k) => `${k.id} ${k.name} ${k.notes}`);

describe('saves, any sequence', () => {
  it('list, store and report exactly what was saved', { timeout: 120_000 }, async () => {
    let added = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 12 }), async (ops) => {
        fakeBrowser.reset();
        // Ids that fall in a few buckets, so keys share buckets (a bucket is re-sealed with
        // every key in it, moved or not).
        const newId = () => {
          for (;;) {
            const id = crypto.randomUUID();
            if (bucketOf(id) < 8) return id;
          }
        };
        const vault = fastVault({ newId });
        expect((await vault.create(STRONG_PASSPHRASE)).ok).toBe(true);
        let model: KeyEntry[] = [];
        let pageList: KeySummary[] = [];
        let cursor: string | undefined;
        const set = vi.spyOn(fakeBrowser.storage.local, 'set');
        try {
          for (const step of ops) {
            set.mockClear();
            const before = model;
            const at = (i: number) => (model.length ? i % model.length : -1);
            switch (step.kind) {
              case 'add': {
                const result = await vault.addKey(draft({ name: `${step.name} ${added++}` }));
                if (!result.ok) throw new Error(result.message);
                model = [...model, result.value];
                break;
              }
              case 'addMany': {
                const result = await vault.addKeys(Array.from({ length: step.count }, () => draft({ name: `many ${added++}` })));
                if (!result.ok) throw new Error(result.message);
                model = [...model, ...result.value];
                break;
              }
              case 'edit': {
                const i = at(step.at);
                if (i < 0) continue;
                const result = await vault.updateKey(model[i]!.id, { notes: step.notes });
                if (!result.ok) throw new Error(result.message);
                model = model.map((k, j) => (j === i ? result.value : k));
                break;
              }
              case 'delete': {
                const i = at(step.at);
                if (i < 0) continue;
                expect((await vault.deleteKey(model[i]!.id)).ok).toBe(true);
                model = model.filter((_, j) => j !== i);
                break;
              }
              case 'move':
              case 'reverse':
              case 'copyAll': {
                const reorder = (keys: readonly KeyEntry[]): KeyEntry[] => {
                  if (step.kind === 'reverse') return [...keys].reverse();
                  if (step.kind === 'copyAll') return keys.map((k) => ({ ...k, instance: { ...k.instance } }));
                  const next = [...keys];
                  const [moved] = next.splice(step.from % Math.max(1, next.length), 1);
                  if (moved) next.splice(step.to % (next.length + 1), 0, moved);
                  return next;
                };
                const result = await vault.rewriteContents((contents) => ok({ contents: { ...contents, keys: reorder(contents.keys) }, value: null }));
                expect(result.ok).toBe(true);
                model = reorder(model);
                break;
              }
              case 'duplicate': {
                const i = at(step.at);
                if (i < 0) continue;
                const stored = await localSnapshot();
                const result = await vault.rewriteContents((contents) => ok({ contents: { ...contents, keys: [...contents.keys, contents.keys[i]!] }, value: null }));
                expect(result.ok).toBe(false);
                expect(await localSnapshot()).toEqual(stored);
                continue;
              }
            }
            // Only the buckets of keys added, changed, moved or removed were written, besides the envelope.
            const written = set.mock.calls.flatMap(([items]) => Object.keys(items as object)).filter((name) => name !== 'vault');
            const changedBuckets = new Set<number>();
            const beforeById = new Map(before.map((k, i) => [k.id, { k, i }]));
            const afterIds = new Set(model.map((k) => k.id));
            for (const k of before) if (!afterIds.has(k.id)) changedBuckets.add(bucketOf(k.id));
            for (const k of model) {
              const old = beforeById.get(k.id);
              if (!old || old.k !== k) changedBuckets.add(bucketOf(k.id));
            }
            for (const name of written) {
              const n = Number(name.split('.')[2]);
              // A bucket is rewritten only if one of its keys changed, or a key in it had to move.
              if (!changedBuckets.has(n)) expect(step.kind === 'move' || step.kind === 'reverse').toBe(true);
            }
            for (const n of changedBuckets) {
              if (model.some((k) => bucketOf(k.id) === n)) expect(written.some((name) => name.startsWith(`vault.b.${n}.`))).toBe(true);
            }

            const listed = await vault.listKeys();
            if (!listed.ok) throw new Error(listed.message);
            expect(shape(listed.value)).toEqual(shape(model));

            // A page holding the list since its cursor is brought up to date by the answer.
            const answer = await vault.listChanges(cursor);
            if (!answer.ok) throw new Error(answer.message);
            pageList = answer.value.whole ? [...answer.value.keys] : applyKeyChanges(pageList, answer.value);
            cursor = answer.value.cursor;
            expect(pageList.map((k) => k.id).sort()).toEqual(model.map((k) => k.id).sort());
            for (const k of pageList) expect(k.notes).toBe(model.find((m) => m.id === k.id)!.notes);

            // What is stored reads back the same, in the same order, in a new background.
            const fresh = fastVault();
            expect(await fresh.unlock(STRONG_PASSPHRASE)).toEqual({ ok: true, value: null });
            const reread = await fresh.listKeys();
            if (!reread.ok) throw new Error(reread.message);
            expect(shape(reread.value)).toEqual(shape(model));
          }
        } finally {
          set.mockRestore();
        }

        await vi.waitFor(async () => {
          const local = await localSnapshot();
          const names = Object.keys(local).filter((name) => name.startsWith('vault.b.')).sort();
          expect(names).toEqual(referencedBucketNames((local.vault as VaultEnvelope).buckets).sort());
        });
        await vault.lock();
        const fresh = fastVault();
        expect(await fresh.unlock(STRONG_PASSPHRASE)).toEqual({ ok: true, value: null });
        const reread = await fresh.listKeys();
        if (!reread.ok) throw new Error(reread.message);
        expect(shape(reread.value)).toEqual(shape(model));
      }),
      { numRuns: 80 },
    );
  });
});
