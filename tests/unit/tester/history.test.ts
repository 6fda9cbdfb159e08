import { describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import {
  createTesterHistory,
  HISTORY_ENTRY_LIMIT_BYTES,
  HISTORY_LIMIT,
  HISTORY_TOTAL_LIMIT_BYTES,
  historyItem,
} from '@/lib/tester/background/history';
import { HISTORY_BODY_LIMIT_BYTES } from '@/lib/tester/history-schemas';
import type { HistoryEntry } from '@/lib/tester/history-schemas';
import { createSealingVaultStub } from './sealing-vault-stub';

function entry(n: number, url = `https://kaneo.example.com/api/task/${n}`): HistoryEntry {
  return {
    id: `h${n}`,
    at: new Date(Date.UTC(2026, 0, 1, 0, 0, n)).toISOString(),
    request: { method: 'GET', url, headers: [], body: null },
    outcome: 'response',
    status: 200,
    timeMs: n,
  };
}

async function dumpLocal(): Promise<string> {
  return JSON.stringify(await fakeBrowser.storage.local.get(null));
}

describe('tester history', () => {
  it('keeps the newest 50 per key, newest first', async () => {
    const history = createTesterHistory(createSealingVaultStub());
    for (let n = 1; n <= HISTORY_LIMIT + 5; n += 1) {
      expect(await history.add('k1', entry(n))).toEqual({ ok: true, value: null });
    }
    const listed = await history.list('k1');
    expect(listed.ok && listed.value.length).toBe(HISTORY_LIMIT);
    expect(listed.ok && listed.value[0]?.id).toBe(`h${HISTORY_LIMIT + 5}`);
    expect(listed.ok && listed.value.at(-1)?.id).toBe('h6');
  });

  it('keeps keys apart and clears one key only', async () => {
    const history = createTesterHistory(createSealingVaultStub());
    await history.add('k1', entry(1));
    await history.add('k2', entry(2));
    await history.clear('k1');
    expect(await history.list('k1')).toEqual({ ok: true, value: [] });
    expect((await history.list('k2')).ok && (await history.list('k2'))).toMatchObject({ value: [{ id: 'h2' }] });
  });

  it('stores nothing readable: the instance URL is not in storage.local', async () => {
    const history = createTesterHistory(createSealingVaultStub());
    await history.add('vault-key-id-1', entry(1, 'https://secret-instance.example.org/api/project?workspaceId=acme'));
    const dump = await dumpLocal();
    expect(dump).not.toContain('secret-instance');
    expect(dump).not.toContain('workspaceId=acme');
    expect(dump).not.toContain('vault-key-id-1');
    expect(await historyItem.getValue()).toMatchObject({ v: 1, iv: expect.any(String), ct: expect.any(String) });
  });

  it('does not lose writes that happen at the same time', async () => {
    const history = createTesterHistory(createSealingVaultStub());
    await Promise.all(Array.from({ length: 20 }, (_, n) => history.add(n % 2 ? 'a' : 'b', entry(n))));
    const a = await history.list('a');
    const b = await history.list('b');
    expect(a.ok && a.value.length).toBe(10);
    expect(b.ok && b.value.length).toBe(10);
  });

  it('answers locked while the vault is locked and writes nothing', async () => {
    const { vault, state } = createSealingVaultStub();
    const history = createTesterHistory({ vault });
    state.locked = true;
    expect(await history.add('k1', entry(1))).toMatchObject({ ok: false, reason: 'locked' });
    expect(await historyItem.getValue()).toBeNull();
    expect(await history.list('k1')).toEqual({ ok: true, value: [] });
  });

  it('reports damaged history and keeps it until the user clears', async () => {
    const history = createTesterHistory(createSealingVaultStub());
    await historyItem.setValue({ v: 1, iv: 'AAAAAAAAAAAAAAAA', ct: 'bm9wZQ==' });
    expect(await history.list('k1')).toMatchObject({ ok: false, reason: 'damaged' });
    expect(await history.add('k1', entry(1))).toMatchObject({ ok: false });
    expect(await historyItem.getValue()).toMatchObject({ ct: 'bm9wZQ==' });
    expect(await history.clear('k1')).toEqual({ ok: true, value: null });
    expect(await history.list('k1')).toEqual({ ok: true, value: [] });
  });

  it('drops the history of keys that are gone', async () => {
    const history = createTesterHistory(createSealingVaultStub());
    await history.add('keep', entry(1));
    await history.add('gone', entry(2));
    await history.retain(['keep']);
    expect((await history.list('gone'))).toEqual({ ok: true, value: [] });
    expect((await history.list('keep')).ok).toBe(true);
  });

  it('never keeps credential headers, and refuses malformed entries', async () => {
    const history = createTesterHistory(createSealingVaultStub());
    const withAuth = {
      ...entry(1),
      request: {
        ...entry(1).request,
        headers: [
          { name: 'Authorization', value: 'Bearer leaked' },
          { name: 'x-api-key', value: 'leaked' },
          { name: 'Accept', value: 'application/json' },
        ],
      },
    };
    await history.add('k1', withAuth);
    const listed = await history.list('k1');
    expect(listed.ok && listed.value[0]?.request.headers).toEqual([{ name: 'Accept', value: 'application/json' }]);
    const bad = { ...entry(2), request: { ...entry(2).request, headers: [{ name: 'X', value: 'a\nb' }] } };
    expect(await history.add('k1', bad)).toMatchObject({ ok: false, reason: 'invalid' });
  });

  describe('within bounds', () => {
    const withBody = (n: number, body: string): HistoryEntry => ({
      ...entry(n),
      request: { method: 'POST', url: `https://kaneo.example.com/api/task/${n}`, headers: [], body },
    });
    const storedBytes = async () => JSON.stringify(await historyItem.getValue()).length;

    it('keeps a body only up to 4 KB and says how big it was; small bodies stay whole', async () => {
      expect(HISTORY_BODY_LIMIT_BYTES).toBe(4096);
      const history = createTesterHistory(createSealingVaultStub());
      const huge = `{"title":"${'é'.repeat(1_900_000)}"}`; // 3.8 MB of UTF-8
      await history.add('k1', withBody(1, huge));
      await history.add('k1', withBody(2, '{"title":"small"}'));
      const listed = await history.list('k1');
      if (!listed.ok) throw new Error(listed.message);
      const [small, big] = listed.value;
      expect(small).toMatchObject({ request: { body: '{"title":"small"}' } });
      expect(small?.bodyBytes).toBeUndefined();
      expect(big?.bodyBytes).toBe(new TextEncoder().encode(huge).length);
      expect(new TextEncoder().encode(big?.request.body ?? '').length).toBeLessThanOrEqual(4096);
      expect(huge.startsWith(big?.request.body ?? '-')).toBe(true);
      expect(await storedBytes()).toBeLessThan(16 * 1024);
    });

    it('does not keep an entry whose URL alone is huge', async () => {
      const history = createTesterHistory(createSealingVaultStub());
      const result = await history.add('k1', entry(1, `https://kaneo.example.com/api/search?q=${'a'.repeat(HISTORY_ENTRY_LIMIT_BYTES)}`));
      expect(result).toMatchObject({ ok: false, reason: 'too-large' });
      expect(await history.list('k1')).toEqual({ ok: true, value: [] });
    });

    it('keeps the whole history under its total cap by dropping the oldest entries of any key', async () => {
      expect(HISTORY_TOTAL_LIMIT_BYTES).toBe(512 * 1024);
      const cap = 64 * 1024;
      const history = createTesterHistory({ ...createSealingVaultStub(), totalLimitBytes: cap });
      let n = 0;
      for (let key = 1; key <= 3; key += 1) {
        for (let i = 0; i < 10; i += 1) {
          n += 1;
          expect((await history.add(`k${key}`, withBody(n, 'b'.repeat(4000)))).ok).toBe(true);
        }
      }
      const contents = await Promise.all([1, 2, 3].map(async (key) => history.list(`k${key}`)));
      const all = contents.flatMap((r) => (r.ok ? r.value : []));
      expect(JSON.stringify({ v: 1, byKey: all }).length).toBeLessThanOrEqual(cap + 1024);
      // The newest entry is kept; the oldest went first (k1's).
      expect(all.map((e) => e.id)).toContain(`h${n}`);
      expect(all.map((e) => e.id)).not.toContain('h1');
      expect(all.length).toBeLessThan(30);
      expect(all.length).toBeGreaterThan(10);
      // Sealed, the stored blob stays within about a third more than the cap.
      expect(await storedBytes()).toBeLessThan(cap * 1.5);
    });
  });
});
