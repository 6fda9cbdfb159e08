import { describe, expect, it } from 'vitest';
import { createTesterHistory } from '@/lib/tester/background/history';
import { registerHistoryRetention } from '@/lib/tester/background/history-retention';
import type { HistoryEntry } from '@/lib/tester/history-schemas';
import { draft, fastVault, STRONG_PASSPHRASE } from '../vault/vault-test-helpers';

const entry: HistoryEntry = {
  id: 'h1',
  at: new Date(0).toISOString(),
  request: { method: 'GET', url: 'https://kaneo.example.com/api/me', headers: [], body: null },
  outcome: 'response',
  status: 200,
  timeMs: 1,
};

const settle = () => new Promise((resolve) => setTimeout(resolve, 20));

// The history's writer is in the background's lazy script; the core worker decides when to ask
// it (lib/tester/background/history-retention.ts), so that deleting a key loads the tester only
// when that key left history behind.
async function setup(options: { testerLoaded?: boolean } = {}) {
  const vault = fastVault();
  await vault.create(STRONG_PASSPHRASE);
  const a = await vault.addKey(draft({ name: 'a' }));
  const b = await vault.addKey(draft({ name: 'b' }));
  const c = await vault.addKey(draft({ name: 'c' }));
  if (!a.ok || !b.ok || !c.ok) throw new Error('not added');
  const history = createTesterHistory({ vault });
  const retained: string[][] = [];
  const unregister = registerHistoryRetention({
    vault,
    retain: async (ids) => {
      retained.push([...ids].sort());
      return history.retain(ids);
    },
    testerLoaded: () => options.testerLoaded ?? false,
  });
  return { vault, history, retained, unregister, ids: { a: a.value.id, b: b.value.id, c: c.value.id } };
}

describe('tester history follows deleted keys', () => {
  it('drops a deleted key’s history, and asks the tester only when a removed key left history', async () => {
    const { vault, history, retained, unregister, ids } = await setup();
    try {
      expect((await history.add(ids.b, entry)).ok).toBe(true);
      // The first change a worker sees is checked; the history holds only keys that exist.
      await vault.updateKey(ids.a, { notes: 'first change seen: the history is checked once' });
      await settle();
      expect(retained).toEqual([]);
      // Edits and additions remove nothing.
      await vault.updateKey(ids.a, { notes: 'an edit removes nothing' });
      await vault.addKey(draft({ name: 'd' }));
      await settle();
      expect(retained).toEqual([]);
      // A deleted key without history: nothing to drop, the tester is not asked.
      await vault.deleteKey(ids.c);
      await settle();
      expect(retained).toEqual([]);
      // A deleted key with history: the tester drops it.
      await vault.deleteKey(ids.b);
      await settle();
      expect(retained).toHaveLength(1);
      expect(retained[0]).toContain(ids.a);
      expect(retained[0]).not.toContain(ids.b);
      expect(await history.list(ids.b)).toEqual({ ok: true, value: [] });
    } finally {
      unregister();
    }
  });

  it('on the first change, drops what a key deleted before the worker stopped left behind', async () => {
    const { vault, history, retained, unregister, ids } = await setup();
    try {
      // History of a key that is no longer in the vault (its deletion's retention never ran).
      expect((await history.add('gone-key', entry)).ok).toBe(true);
      await vault.updateKey(ids.a, { notes: 'first change' });
      await settle();
      expect(retained).toHaveLength(1);
      expect(await history.list('gone-key')).toEqual({ ok: true, value: [] });
    } finally {
      unregister();
    }
  });

  it('asks a tester that is already loaded at every removal, as before (it reads the history anyway)', async () => {
    const { vault, retained, unregister, ids } = await setup({ testerLoaded: true });
    try {
      await vault.updateKey(ids.a, { notes: 'first change' });
      await vault.deleteKey(ids.c);
      await settle();
      expect(retained).toHaveLength(2);
      expect(retained[1]).not.toContain(ids.c);
    } finally {
      unregister();
    }
  });
});
