import { describe, expect, it, vi } from 'vitest';
import { createApiBaseStore } from '../../../lib/kaneo/background/api-base-store';
import { createKaneoService } from '../../../lib/kaneo/background/kaneo-service';
import { createScriptingExecutor } from '../../../lib/kaneo/background/transport';
import { createFakeExecutor, createInMemoryVaultService, json, serverKey, SESSION } from './fakes';

// A key is bound to the instance it belongs to. Revoking marks a vault entry only if it is a key
// of the instance the request went to; creating binds the new key to the tab's origin only if
// that is still the origin the popup showed the person.

const ORIGIN = 'https://kaneo.test';
const tab = { tabId: 7 };

function setup(origin = ORIGIN) {
  const fake = createInMemoryVaultService('unlocked');
  const tabFake = createFakeExecutor({
    origin,
    routes: {
      'GET /auth/get-session': json(200, SESSION),
      'POST /auth/api-key/delete': json(200, { success: true }),
      'POST /auth/api-key/create': json(200, { ...serverKey({ id: 'new1', name: 'my key', start: 'SSSSSS' }), key: 'S'.repeat(64) }),
    },
  });
  const service = createKaneoService({
    vault: fake.vault,
    executor: tabFake.executor,
    apiBases: createApiBaseStore(fake.vault),
    fetch: vi.fn() as unknown as typeof fetch,
    hasHostPermission: async () => true,
    now: () => Date.parse('2026-06-01T12:00:00.000Z'),
  });
  return { service, fake, requests: tabFake.requests };
}

describe('revoke checks the vault entry belongs to the tab’s instance', () => {
  it('refuses another instance’s entry, deletes nothing and marks nothing', async () => {
    const { service, fake, requests } = setup();
    const foreign = fake.seed({ name: 'prod', secret: 'x'.repeat(64), remoteId: 'rk1', instance: { webOrigin: 'https://other.test', apiBaseUrl: 'https://other.test/api' } });
    const answer = await service.revoke({ target: tab, remoteId: 'rk1', vaultId: foreign.id });
    expect(answer).toMatchObject({ ok: false, reason: 'invalid-input', message: expect.stringMatching(/belongs to other\.test, not to kaneo\.test/) });
    expect(requests.filter((r) => r.path === '/auth/api-key/delete')).toEqual([]);
    expect(fake.keys.get(foreign.id)?.revokedAt).toBeNull();
  });

  it('refuses an entry whose server id is another key', async () => {
    const { service, fake, requests } = setup();
    const entry = fake.seed({ name: 'ci', secret: 'y'.repeat(64), remoteId: 'rk2' });
    const answer = await service.revoke({ target: tab, remoteId: 'rk1', vaultId: entry.id });
    expect(answer).toMatchObject({ ok: false, reason: 'invalid-input' });
    expect(requests.filter((r) => r.path === '/auth/api-key/delete')).toEqual([]);
    expect(fake.keys.get(entry.id)?.revokedAt).toBeNull();
  });

  it('still revokes its own instance’s entry', async () => {
    const { service, fake } = setup();
    const entry = fake.seed({ name: 'ci', secret: 'y'.repeat(64), remoteId: 'rk1' });
    expect(await service.revoke({ target: tab, remoteId: 'rk1', vaultId: entry.id })).toMatchObject({ ok: true });
  });
});

describe('create pins the origin the popup showed', () => {
  const input = { target: tab, name: 'my key', expiresInDays: 30, note: '' };

  it('refuses when the tab is now on another origin; nothing is created or stored', async () => {
    const { service, fake, requests } = setup('https://kaneo-login.evil.example');
    const answer = await service.createKey({ ...input, expectedOrigin: ORIGIN });
    expect(answer).toMatchObject({ ok: false, reason: 'tab-moved', message: expect.stringMatching(/now on kaneo-login\.evil\.example, not on kaneo\.test/) });
    expect(requests.filter((r) => r.path === '/auth/api-key/create')).toEqual([]);
    expect(fake.keys.size).toBe(0);
  });

  it('creates when the tab is still where it was', async () => {
    const { service } = setup();
    expect(await service.createKey({ ...input, expectedOrigin: ORIGIN })).toMatchObject({ ok: true });
  });

  it('the page function refuses to send anything from a tab that moved after connecting', async () => {
    const sent: unknown[] = [];
    const executor = createScriptingExecutor(
      async (options) => {
        // The tab navigated: the page function now runs on another origin.
        (globalThis as { location?: unknown }).location = { origin: 'https://elsewhere.example' };
        const realFetch = globalThis.fetch;
        globalThis.fetch = (async (...args: unknown[]) => {
          sent.push(args);
          return new Response('{}');
        }) as typeof fetch;
        try {
          return [{ result: await (options.func as (...a: unknown[]) => unknown)(...(options.args ?? [])) }];
        } finally {
          globalThis.fetch = realFetch;
          delete (globalThis as { location?: unknown }).location;
        }
      },
      async () => ORIGIN,
    );
    const answer = await executor.fetch(7, { url: `${ORIGIN}/api/auth/api-key/create`, method: 'POST', body: '{}', expectedOrigin: ORIGIN });
    expect(answer).toMatchObject({ ok: false, reason: 'tab-moved' });
    expect(sent).toEqual([]);
  });
});
