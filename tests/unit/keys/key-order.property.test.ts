// The list order the background sends (lib/keys/key-order.ts) is the order pages show: grouping
// a list that comes in that order gives the same groups and keys as grouping it in any order.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { inListOrder } from '@/lib/keys/key-order';
import { groupByInstance } from '@/components/vault/key-groups';
import type { KeySummary } from '@/lib/keys/key-entry';

const origins = ['https://kaneo.example.org', 'https://b.example.org', 'http://localhost:5173', 'https://kaneo.example.org:8443'];
const summary = fc.record({
  name: fc.string({ minLength: 1, maxLength: 8 }),
  origin: fc.constantFrom(...origins),
  split: fc.boolean(),
});

const shown = (keys: KeySummary[]) => groupByInstance(keys).map((g) => [g.id, g.keys.map((k) => k.name.toLowerCase())]);

describe('inListOrder', () => {
  it('groups exactly as the unordered list does', () => {
    fc.assert(
      fc.property(fc.array(summary, { maxLength: 40 }), (rows) => {
        const keys = rows.map((r, i) => ({
          id: `k${i}`,
          name: r.name,
          instance: { webOrigin: r.origin, apiBaseUrl: r.split ? `${r.origin}/kaneo-api` : `${r.origin}/api` },
        })) as KeySummary[];
        expect(shown(inListOrder(keys))).toEqual(shown(keys));
      }),
    );
  });

  it('puts every group together and each group in name order, ignoring case', () => {
    const key = (name: string, origin: string) => ({ name, instance: { webOrigin: origin, apiBaseUrl: `${origin}/api` } });
    const ordered = inListOrder([key('b', 'https://z.example'), key('B2', 'https://a.example'), key('a', 'https://z.example'), key('a1', 'https://a.example')]);
    expect(ordered.map((k) => `${k.instance.webOrigin} ${k.name}`)).toEqual([
      'https://a.example a1',
      'https://a.example B2',
      'https://z.example a',
      'https://z.example b',
    ]);
  });
});
