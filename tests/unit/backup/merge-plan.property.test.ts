import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
fc.configureGlobal({ numRuns: Number(process.env.FC_RUNS ?? 200) });
import { applyMergePlan, freeName, planMerge, type ConflictChoice } from '@/lib/backup/merge-plan';
import { keyEntrySchema, type KeyEntry } from '@/lib/keys/key-entry';
import { comparableKeyName, VAULT_KEY_NAME_MAX } from '@/lib/keys/key-names';
import { testKeyEntry } from '../../fixtures/key-entry';

// Property: whatever two vaults and whatever choices, a merge keeps the vault's rules (unique
// names per instance, unique ids), loses none of mine but what take-theirs replaces, and — when
// every conflict takes theirs or keeps both — holds every incoming secret, so merging again finds
// nothing new. Small alphabets make clashes (same name, secret, remote id, id) common.

const ORIGINS = ['https://a.example', 'https://b.example'];
const arbEntry = fc
  .record({
    id: fc.constantFrom('k1', 'k2', 'k3', 'k4', 'k5', 'k6'),
    name: fc.constantFrom('CI', 'ci', 'Deploy', 'Deploy (2)', 'x'.repeat(VAULT_KEY_NAME_MAX), 'Reader'),
    secret: fc.constantFrom('s1', 's2', 's3', 's4', 's5'),
    origin: fc.constantFrom(...ORIGINS),
    remoteId: fc.constantFrom(null, 'r1', 'r2'),
    notes: fc.constantFrom('', 'note'),
  })
  .map(({ origin, ...e }) =>
    testKeyEntry({ ...e, secret: e.secret.padEnd(64, 'x'), instance: { webOrigin: origin, apiBaseUrl: `${origin}/api` } }),
  );

const nameKey = (k: KeyEntry) => `${k.instance.webOrigin}\n${comparableKeyName(k.name)}`;
const secretKey = (k: KeyEntry) => `${k.instance.webOrigin}\n${k.secret}`;

/** A valid vault: ids and names (per instance) unique. */
const arbVault = fc.array(arbEntry, { maxLength: 8 }).map((entries) => {
  const ids = new Set<string>();
  const names = new Set<string>();
  return entries.filter((e) => {
    if (ids.has(e.id) || names.has(nameKey(e))) return false;
    ids.add(e.id);
    names.add(nameKey(e));
    return true;
  });
});
const arbChoice = fc.constantFrom<ConflictChoice>('keep-mine', 'take-theirs', 'keep-both');

let counter = 0;
const newId = () => `new-${(counter += 1)}`;

function choose(plan: ReturnType<typeof planMerge>, pick: (i: number) => ConflictChoice) {
  return Object.fromEntries(plan.conflicts.map((c, i) => [c.id, pick(i)]));
}

describe('merge plan (property-based)', () => {
  it('keeps names unique per instance and ids unique, and every entry valid, for any choices', () => {
    fc.assert(
      fc.property(arbVault, fc.array(arbEntry, { maxLength: 8 }), fc.array(arbChoice, { maxLength: 8 }), (mine, theirs, picks) => {
        const plan = planMerge(mine, theirs);
        const out = applyMergePlan(mine, plan, choose(plan, (i) => picks[i] ?? 'keep-mine'), newId);
        expect(new Set(out.keys.map((k) => k.id)).size).toBe(out.keys.length);
        expect(new Set(out.keys.map(nameKey)).size).toBe(out.keys.length);
        for (const k of out.keys) expect(keyEntrySchema.safeParse(k).success).toBe(true);
      }),
    );
  });

  it('loses none of mine; only take-theirs replaces one, in place, with its id', () => {
    fc.assert(
      fc.property(arbVault, fc.array(arbEntry, { maxLength: 8 }), fc.array(arbChoice, { maxLength: 8 }), (mine, theirs, picks) => {
        const plan = planMerge(mine, theirs);
        const choices = choose(plan, (i) => picks[i] ?? 'keep-mine');
        const out = applyMergePlan(mine, plan, choices, newId);
        const replaceable = new Set(plan.conflicts.filter((c) => choices[c.id] === 'take-theirs').map((c) => c.mine.id));
        mine.forEach((m, i) => {
          const now = out.keys[i];
          expect(now?.id).toBe(m.id);
          if (!replaceable.has(m.id)) expect(now).toEqual(m);
        });
        expect(out.keys.length).toBe(mine.length + out.added);
        expect(out.added + out.replaced + out.skipped).toBe(theirs.length);
      }),
    );
  });

  it('with take-theirs or keep-both everywhere, holds every incoming secret, and merging again finds only identical keys', () => {
    fc.assert(
      fc.property(arbVault, fc.array(arbEntry, { maxLength: 8 }), fc.array(fc.constantFrom<ConflictChoice>('take-theirs', 'keep-both'), { maxLength: 8 }), (mine, theirs, picks) => {
        const plan = planMerge(mine, theirs);
        const out = applyMergePlan(mine, plan, choose(plan, (i) => picks[i] ?? 'keep-both'), newId);
        const have = new Set(out.keys.map(secretKey));
        for (const t of theirs) expect(have.has(secretKey(t))).toBe(true);
        const again = planMerge(out.keys, theirs);
        expect(again.added).toEqual([]);
        expect(again.conflicts).toEqual([]);
      }),
    );
  });

  it('into an empty vault: everything is added (repeats skipped), nothing conflicts', () => {
    fc.assert(
      fc.property(fc.array(arbEntry, { maxLength: 8 }), (theirs) => {
        const plan = planMerge([], theirs);
        expect(plan.conflicts).toEqual([]);
        expect(plan.identical).toEqual([]);
        expect(plan.added.length + plan.duplicates.length).toBe(theirs.length);
      }),
    );
  });

  it('a vault merged with itself is all identical and unchanged', () => {
    fc.assert(
      fc.property(arbVault, (mine) => {
        const plan = planMerge(mine, mine);
        expect(plan.added.length + plan.conflicts.length).toBe(0);
        expect(applyMergePlan(mine, plan, {}, newId).keys).toEqual(mine);
      }),
    );
  });
});

describe('merge plan (examples)', () => {
  const mine = testKeyEntry({ id: 'm', name: 'CI', secret: 'a'.repeat(64), remoteId: 'r1' });

  it('classifies same secret as identical, same remote id and same name as conflicts, in that order', () => {
    const same = testKeyEntry({ id: 't1', name: 'Other', secret: 'a'.repeat(64) });
    const remote = testKeyEntry({ id: 't2', name: 'Renamed', secret: 'b'.repeat(64), remoteId: 'r1' });
    const named = testKeyEntry({ id: 't3', name: 'ci', secret: 'c'.repeat(64) });
    const fresh = testKeyEntry({ id: 't4', name: 'New', secret: 'd'.repeat(64) });
    const plan = planMerge([mine], [same, remote, named, fresh]);
    expect(plan.identical.map((p) => p.theirs.id)).toEqual(['t1']);
    expect(plan.conflicts.map((c) => [c.id, c.reason])).toEqual([
      ['1:t2:m', 'same-remote-id'],
      ['2:t3:m', 'same-name'],
    ]);
    expect(plan.added.map((k) => k.id)).toEqual(['t4']);
  });

  it('keep-both renames theirs; take-theirs keeps my id; keep-mine changes nothing', () => {
    const theirs = testKeyEntry({ id: 't', name: 'CI', secret: 'b'.repeat(64) });
    const plan = planMerge([mine], [theirs]);
    const [conflict] = plan.conflicts;
    expect(conflict?.renamedTo).toBe('CI (2)');
    const both = applyMergePlan([mine], plan, { '0:t:m': 'keep-both' }, () => 'fresh');
    expect(both.keys.map((k) => [k.id, k.name])).toEqual([
      ['m', 'CI'],
      ['t', 'CI (2)'],
    ]);
    const taken = applyMergePlan([mine], plan, { '0:t:m': 'take-theirs' }, () => 'fresh');
    expect(taken.keys).toEqual([{ ...theirs, id: 'm' }]);
    expect(applyMergePlan([mine], plan, { '0:t:m': 'keep-mine' }, () => 'fresh').keys).toEqual([mine]);
  });

  it('a same id from another vault gets a fresh one; keys of another instance never clash', () => {
    const other = testKeyEntry({ id: 'm', name: 'CI', secret: 'e'.repeat(64), instance: { webOrigin: 'https://b.example', apiBaseUrl: 'https://b.example/api' } });
    const plan = planMerge([mine], [other]);
    expect(plan.added).toHaveLength(1);
    expect(applyMergePlan([mine], plan, {}, () => 'fresh').keys.map((k) => k.id)).toEqual(['m', 'fresh']);
  });

  it('freeName cuts a long name to make room for the number', () => {
    const long = 'n'.repeat(VAULT_KEY_NAME_MAX);
    const taken = new Set([`https://a.example\n${long}`]);
    const free = freeName(long, 'https://a.example', taken);
    expect(free).toHaveLength(VAULT_KEY_NAME_MAX);
    expect(free.endsWith(' (2)')).toBe(true);
  });
});
