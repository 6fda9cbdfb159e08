// The page's side of `keys.changes`: a delta applied to the list a page holds gives the list the
// background holds (as a set by id: pages sort the list themselves).
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { applyKeyChanges } from '@/lib/vault/page/key-changes';
import type { KeySummary } from '@/lib/keys/key-entry';

function key(id: string, name: string): KeySummary {
  return {
    id,
    name,
    instance: { webOrigin: 'https://kaneo.example.org', apiBaseUrl: 'https://kaneo.example.org/api' },
    notes: '',
    createdAt: '2026-12-01T00:00:00.000Z',
    updatedAt: '2026-12-01T00:00:00.000Z',
    expiresAt: null,
    remoteId: null,
    start: null,
    revokedAt: null,
  };
}

const ids = fc.uniqueArray(fc.integer({ min: 0, max: 40 }), { maxLength: 30 });
const sorted = (keys: KeySummary[]) => [...keys].sort((a, b) => a.id.localeCompare(b.id));

describe('applyKeyChanges', () => {
  it('turns the list before into the list after, given what changed', () => {
    fc.assert(
      fc.property(ids, ids, fc.array(fc.integer({ min: 0, max: 40 })), (before, after, renamed) => {
        const held = before.map((n) => key(`k${n}`, `key ${n}`));
        const now = after.map((n) => key(`k${n}`, renamed.includes(n) ? `renamed ${n}` : `key ${n}`));
        const heldById = new Map(held.map((k) => [k.id, k]));
        const changed = now.filter((k) => heldById.get(k.id)?.name !== k.name);
        const removed = held.filter((k) => !now.some((n) => n.id === k.id)).map((k) => k.id);
        expect(sorted(applyKeyChanges(held, { changed, removed }))).toEqual(sorted(now));
      }),
    );
  });

  it('answers the same array when nothing changed (nothing re-renders)', () => {
    const held = [key('a', 'a')];
    expect(applyKeyChanges(held, { changed: [], removed: [] })).toBe(held);
  });

  it('answers the same array when the page already shows what the delta brings (its own save, shown at once)', () => {
    const held = [key('a', 'a'), key('b', 'renamed b')];
    // Equal, but other objects (they came in another message).
    expect(applyKeyChanges(held, { changed: [key('b', 'renamed b')], removed: ['gone'] })).toBe(held);
    // Any field that differs is taken, nested ones too.
    const moved = { ...key('b', 'renamed b'), instance: { webOrigin: 'https://kaneo.example.org', apiBaseUrl: 'https://api.example.org' } };
    expect(applyKeyChanges(held, { changed: [moved], removed: [] })[1]).toBe(moved);
    const cut = { ...key('b', 'renamed b'), notesCut: true as const };
    expect(applyKeyChanges(held, { changed: [cut], removed: [] })[1]).toBe(cut);
    expect(applyKeyChanges([cut], { changed: [key('b', 'renamed b')], removed: [] })[0]).not.toBe(cut);
    // A removal of a key held is a change.
    expect(applyKeyChanges(held, { changed: [], removed: ['a'] }).map((k) => k.id)).toEqual(['b']);
  });

  it('keeps the held objects of keys the delta brings unchanged, and answers the held array only when all are', () => {
    const fields = fc.record({ name: fc.constantFrom('a', 'b'), notes: fc.constantFrom('', 'n'), revokedAt: fc.constantFrom(null, '2026-12-02T00:00:00.000Z') });
    fc.assert(
      fc.property(fc.array(fields, { minLength: 1, maxLength: 8 }), fc.array(fields, { minLength: 1, maxLength: 8 }), (before, after) => {
        const held = before.map((f, i) => ({ ...key(`k${i}`, f.name), notes: f.notes, revokedAt: f.revokedAt }));
        const sent = after.slice(0, held.length).map((f, i) => ({ ...key(`k${i}`, f.name), notes: f.notes, revokedAt: f.revokedAt }));
        const result = applyKeyChanges(held, { changed: sent, removed: [] });
        expect(result).toEqual(held.map((k, i) => sent[i] ?? k));
        const same = sent.every((k, i) => JSON.stringify(k) === JSON.stringify(held[i]));
        expect(result === held).toBe(same);
        result.forEach((k, i) => {
          if (JSON.stringify(k) === JSON.stringify(held[i])) expect(k).toBe(held[i]);
        });
      }),
    );
  });

  it('applies a change twice without a duplicate, and ignores a removal it does not hold', () => {
    const held = [key('a', 'a'), key('b', 'b')];
    const once = applyKeyChanges(held, { changed: [key('c', 'c'), key('a', 'A')], removed: ['zzz'] });
    const twice = applyKeyChanges(once, { changed: [key('c', 'c'), key('a', 'A')], removed: ['zzz'] });
    expect(twice.map((k) => k.name)).toEqual(['A', 'b', 'c']);
  });
});
