import { describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { createTesterHistory, HISTORY_LIMIT, historyItem } from '@/lib/tester/background/history';
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
});
