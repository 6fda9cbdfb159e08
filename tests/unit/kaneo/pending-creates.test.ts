// Issue 12: a key that exists on a server is never dropped silently. A create whose answer never
// arrives (a timeout, a broken connection, the background stopped in the middle) leaves a sealed
// note; the next listing of that instance finds the key on the server and reports it.
import { describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { createApiBaseStore } from '../../../lib/kaneo/background/api-base-store';
import { createKaneoService } from '../../../lib/kaneo/background/kaneo-service';
import { createPendingCreates, PENDING_CREATE_SETTLE_MS } from '../../../lib/kaneo/background/pending-creates';
import { createFakeExecutor, createInMemoryVaultService, json, serverKey, SESSION, type Route } from './fakes';
import type { RawResponse } from '../../../lib/kaneo/background/kaneo-errors';

const ORIGIN = 'https://kaneo.test';
const START = Date.parse('2026-06-01T12:00:00.000Z');
const SECRET = 'P'.repeat(64);
const tab = { tabId: 7 };

function setup(routes: Record<string, Route | RawResponse>) {
  const fake = createInMemoryVaultService('unlocked');
  // The vault already knows the origin: no first-create question.
  fake.seed({ name: 'existing', secret: 'e'.repeat(64), remoteId: 'old1' });
  let now = START;
  const tabFake = createFakeExecutor({
    origin: ORIGIN,
    routes: { 'GET /health': json(200, { status: 'ok' }), 'GET /auth/get-session': json(200, SESSION), ...routes },
  });
  const service = createKaneoService({
    vault: fake.vault,
    executor: tabFake.executor,
    apiBases: createApiBaseStore(fake.vault),
    fetch: vi.fn() as unknown as typeof fetch,
    hasHostPermission: async () => true,
    now: () => now,
  });
  return {
    service,
    fake,
    later: (ms: number) => {
      now += ms;
    },
  };
}

const onServer = (over: Record<string, unknown>) => serverKey({ createdAt: new Date(START + 1_000).toISOString(), ...over });
const existing = serverKey({ id: 'old1', name: 'existing' });

describe('a create whose answer never arrived', () => {
  it('says the key may exist, and the next listing reports the key the server made', async () => {
    let serverList = [existing];
    const { service } = setup({
      // The server makes the key, but its answer is lost on the way (the tab reports a network failure).
      'POST /auth/api-key/create': () => {
        serverList = [...serverList, onServer({ id: 'lost1', name: 'deploy' })];
        return 'network-error';
      },
      'GET /auth/api-key/list': () => json(200, { apiKeys: serverList }),
    });
    const answer = await service.createKey({ target: tab, name: 'deploy', expiresInDays: 30, note: '' });
    expect(answer).toMatchObject({ ok: false, reason: 'network', message: expect.stringMatching(/may have been created on the server/) });

    const listed = await service.listServerKeys({ target: tab });
    if (!listed.ok) throw new Error(listed.message);
    expect(listed.value.interruptedCreates).toEqual([
      { name: 'deploy', startedAt: new Date(START).toISOString(), serverKey: expect.objectContaining({ id: 'lost1' }) },
    ]);
    // It stays reported while the key is on the server…
    expect(await service.listServerKeys({ target: tab })).toMatchObject({ ok: true, value: { interruptedCreates: [{ name: 'deploy' }] } });
  });

  it('forgets the note once the key is gone from the server (revoked) and no answer can still come', async () => {
    let serverList = [existing];
    const { service, later } = setup({
      'POST /auth/api-key/create': () => {
        serverList = [...serverList, onServer({ id: 'lost1', name: 'deploy' })];
        return 'network-error';
      },
      'GET /auth/api-key/list': () => json(200, { apiKeys: serverList }),
    });
    await service.createKey({ target: tab, name: 'deploy', expiresInDays: 30, note: '' });
    serverList = [existing];
    later(PENDING_CREATE_SETTLE_MS + 1);
    const listed = await service.listServerKeys({ target: tab });
    expect(listed).toMatchObject({ ok: true });
    expect(listed.ok && listed.value.interruptedCreates).toBeUndefined();
    // Forgotten for good: the same name created again later is not mistaken for it.
    serverList = [existing, onServer({ id: 'again', name: 'deploy', createdAt: new Date(START + PENDING_CREATE_SETTLE_MS + 5_000).toISOString() })];
    const again = await service.listServerKeys({ target: tab });
    expect(again.ok && again.value.interruptedCreates).toBeUndefined();
  });

  it('a clear refusal (rate limit) leaves no note; a saved key leaves none either', async () => {
    let limited = true;
    const { service, fake } = setup({
      'POST /auth/api-key/create': () =>
        limited
          ? json(429, { message: 'Too many requests', details: { tryAgainIn: 3000 } })
          : json(200, { ...onServer({ id: 'ok1', name: 'deploy' }), key: SECRET }),
      'GET /auth/api-key/list': () => json(200, { apiKeys: [existing, onServer({ id: 'ok1', name: 'deploy' })] }),
    });
    const refused = await service.createKey({ target: tab, name: 'deploy', expiresInDays: 30, note: '' });
    expect(refused).toMatchObject({ ok: false, reason: 'rate-limited' });
    expect(refused.ok ? '' : refused.message).not.toMatch(/may have been created/);
    limited = false;
    expect(await service.createKey({ target: tab, name: 'deploy', expiresInDays: 30, note: '' })).toMatchObject({ ok: true });
    const listed = await service.listServerKeys({ target: tab });
    expect(listed.ok && listed.value.interruptedCreates).toBeUndefined();
    expect(await createPendingCreates(fake.vault, { now: () => START }).reconcile(ORIGIN, [onServer({ id: 'ok1', name: 'deploy' })], START)).toEqual([]);
  });

  it('a key saved although its note was never cleared (stopped in between) is not reported: the vault claims it', async () => {
    const { service, fake } = setup({
      'GET /auth/api-key/list': () => json(200, { apiKeys: [existing, onServer({ id: 'saved1', name: 'deploy' })] }),
    });
    const pending = createPendingCreates(fake.vault, { now: () => START });
    expect(await pending.begin('deploy', { webOrigin: ORIGIN, apiBaseUrl: `${ORIGIN}/api` })).toMatchObject({ ok: true });
    fake.seed({ name: 'deploy', secret: SECRET, remoteId: 'saved1' });
    const listed = await service.listServerKeys({ target: tab });
    expect(listed.ok && listed.value.interruptedCreates).toBeUndefined();
  });

  it('the note is sealed: storage.local names neither the key nor the instance', async () => {
    const { service } = setup({ 'POST /auth/api-key/create': () => 'network-error' });
    await service.createKey({ target: tab, name: 'deploy-sealed-name', expiresInDays: 30, note: '' });
    const local = JSON.stringify(await fakeBrowser.storage.local.get(null));
    expect(local).toContain('kaneoPendingCreates');
    expect(local).not.toContain('deploy-sealed-name');
    expect(local).not.toContain('kaneo.test');
  });
});
