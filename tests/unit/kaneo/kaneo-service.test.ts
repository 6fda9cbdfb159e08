import { describe, expect, it, vi } from 'vitest';
import { createApiBaseStore } from '../../../lib/kaneo/background/api-base-store';
import { createKaneoService, type KaneoServiceDeps } from '../../../lib/kaneo/background/kaneo-service';
import { createFakeExecutor, createInMemoryVaultService, json, serverKey, SESSION, type Route } from './fakes';
import type { RawResponse } from '../../../lib/kaneo/background/kaneo-errors';

const ORIGIN = 'https://kaneo.test';
const NOW = Date.parse('2026-06-01T12:00:00.000Z');
const SECRET = 'S'.repeat(64);
const tab = { tabId: 7 };

function created(over: Record<string, unknown> = {}) {
  return json(200, { ...serverKey({ id: 'new1', name: 'my key', start: 'SSSSSS' }), key: SECRET, ...over });
}

function setup(
  routes: Record<string, Route | RawResponse> = {},
  options: { origin?: string | Error; vaultState?: 'unlocked' | 'locked' | 'uninitialized'; deps?: Partial<KaneoServiceDeps> } = {},
) {
  const fake = createInMemoryVaultService(options.vaultState ?? 'unlocked');
  const tabFake = createFakeExecutor({
    origin: options.origin ?? ORIGIN,
    routes: {
      'GET /health': json(200, { status: 'ok' }),
      'GET /auth/get-session': json(200, SESSION),
      'GET /auth/organization/list': json(200, [{ id: 'w1', name: 'Acme', slug: 'acme' }]),
      ...routes,
    },
  });
  const service = createKaneoService({
    vault: fake.vault,
    executor: tabFake.executor,
    apiBases: createApiBaseStore(fake.vault),
    fetch: vi.fn(async () => {
      throw new Error('no background fetch expected');
    }) as unknown as typeof fetch,
    hasHostPermission: async () => true,
    now: () => NOW,
    ...options.deps,
  });
  return { service, fake, requests: tabFake.requests };
}

describe('inspectTab', () => {
  it('answers who is signed in where, with workspaces', async () => {
    const { service } = setup();
    const answer = await service.inspectTab(tab);
    expect(answer).toEqual({
      ok: true,
      value: {
        instance: { webOrigin: ORIGIN, apiBaseUrl: `${ORIGIN}/api` },
        apiBaseSource: 'default',
        user: { name: 'Ada Lovelace', email: 'ada@example.com' },
        workspaces: [{ id: 'w1', name: 'Acme' }],
      },
    });
  });

  it('uses an API base configured for the origin (split deployment)', async () => {
    const { service, fake, requests } = setup();
    await createApiBaseStore(fake.vault).set(ORIGIN, 'https://api.kaneo.test/v1');
    const answer = await service.inspectTab(tab);
    // The fake serves routes relative to <origin>/api only, so the health check lands elsewhere.
    expect(requests[0]).toMatchObject({ path: '/v1/health' });
    expect(answer).toMatchObject({ ok: false, reason: 'not-kaneo' });
  });

  it.each([
    ['a chrome:// page', new Error('Cannot access a chrome:// URL'), 'scripts-blocked', /can't run on this page/],
    ['the web store', new Error('The extensions gallery cannot be scripted.'), 'scripts-blocked', /can't run on this page/],
    [
      'a tab without activeTab grant',
      new Error('Cannot access contents of the page. Extension manifest must request permission to access the respective host.'),
      'no-access',
      /click the toolbar button while it is active/,
    ],
    ['a closed tab', new Error('No tab with id: 7.'), 'no-tab', /tab is gone/],
  ])('on %s says so', async (_label, error, reason, message) => {
    const { service } = setup({}, { origin: error });
    const answer = await service.inspectTab(tab);
    expect(answer).toMatchObject({ ok: false, reason });
    expect(answer.ok ? '' : answer.message).toMatch(message);
  });

  it.each([
    ['404', { status: 404, contentType: 'text/html', text: '<h1>Not found</h1>' }],
    ['an HTML page', { status: 200, contentType: 'text/html', text: '<!doctype html><p>hello' }],
    ['other JSON', json(200, { status: 'fine' })],
  ])('calls a page not Kaneo when /api/health answers %s', async (_label, health) => {
    const { service, requests } = setup({ 'GET /health': health });
    const answer = await service.inspectTab(tab);
    expect(answer).toMatchObject({ ok: false, reason: 'not-kaneo' });
    expect(answer.ok ? '' : answer.message).toMatch(/doesn't look like Kaneo.*Options → Kaneo/);
    expect(requests.map((r) => r.path)).toEqual(['/health']);
  });

  it('tells a signed-out tab to sign in', async () => {
    const { service } = setup({ 'GET /auth/get-session': json(200, null) });
    const answer = await service.inspectTab(tab);
    expect(answer).toMatchObject({ ok: false, reason: 'signed-out' });
    expect(answer.ok ? '' : answer.message).toMatch(/not signed in to Kaneo on kaneo\.test\. Sign in in this tab/);
  });

  it('reports an expired session (401)', async () => {
    const { service } = setup({ 'GET /auth/organization/list': json(401, { message: 'Unauthorized' }) });
    const answer = await service.inspectTab(tab);
    expect(answer).toMatchObject({ ok: false, reason: 'session-expired' });
    expect(answer.ok ? '' : answer.message).toMatch(/session on kaneo\.test has expired.*sign in again/);
  });

  it('reports a network error with a next step', async () => {
    const { service } = setup({ 'GET /health': () => 'network-error' });
    const answer = await service.inspectTab(tab);
    expect(answer).toMatchObject({ ok: false, reason: 'network' });
    expect(answer.ok ? '' : answer.message).toMatch(/Could not reach kaneo\.test.*then retry/);
  });

  it('refuses a session answer of the wrong shape', async () => {
    const { service } = setup({ 'GET /auth/get-session': json(200, { user: { id: 1 } }) });
    expect(await service.inspectTab(tab)).toMatchObject({ ok: false, reason: 'bad-response' });
  });
});

describe('createKey', () => {
  const input = { target: tab, name: 'my key', expiresInDays: 30, note: 'for CI' };

  it('creates the key in the tab and stores the secret straight into the vault', async () => {
    const { service, fake, requests } = setup({ 'POST /auth/api-key/create': created({ expiresAt: '2026-07-01T12:00:00.000Z' }) });
    const answer = await service.createKey(input);
    expect(answer.ok).toBe(true);
    expect(requests.at(-1)).toEqual({ method: 'POST', path: '/auth/api-key/create', body: { name: 'my key', expiresIn: 30 * 86400 } });
    const [entry] = [...fake.keys.values()];
    expect(entry).toMatchObject({
      name: 'my key',
      secret: SECRET,
      notes: 'for CI',
      remoteId: 'new1',
      start: 'SSSSSS',
      expiresAt: '2026-07-01T12:00:00.000Z',
      instance: { webOrigin: ORIGIN, apiBaseUrl: `${ORIGIN}/api` },
    });
    // The page gets a summary, never the secret.
    expect(JSON.stringify(answer)).not.toContain(SECRET);
  });

  it('sends no expiresIn for a key that never expires', async () => {
    const { service, requests } = setup({ 'POST /auth/api-key/create': created() });
    await service.createKey({ ...input, expiresInDays: null });
    expect(requests.at(-1)?.body).toEqual({ name: 'my key' });
  });

  it('asks to unlock first and creates nothing while locked', async () => {
    const { service, requests } = setup({ 'POST /auth/api-key/create': created() }, { vaultState: 'locked' });
    const answer = await service.createKey(input);
    expect(answer).toMatchObject({ ok: false, reason: 'locked', message: expect.stringMatching(/Unlock the vault first/) });
    expect(requests).toEqual([]);
  });

  it.each([
    ['ab', /3 to 32 characters/],
    ['x'.repeat(33), /3 to 32 characters/],
  ])('refuses the name %j before calling the server', async (name, message) => {
    const { service, requests } = setup();
    const answer = await service.createKey({ ...input, name });
    expect(answer).toMatchObject({ ok: false, reason: 'invalid-input', message: expect.stringMatching(message) });
    expect(requests).toEqual([]);
  });

  it('refuses an expiry Kaneo does not offer', async () => {
    const { service } = setup();
    expect(await service.createKey({ ...input, expiresInDays: 2 })).toMatchObject({ ok: false, reason: 'invalid-input' });
  });

  it('refuses a name already used for this instance, before creating anything', async () => {
    const { service, fake, requests } = setup({ 'POST /auth/api-key/create': created() });
    fake.seed({ name: 'My Key', secret: 'x'.repeat(64) });
    const answer = await service.createKey(input);
    expect(answer).toMatchObject({ ok: false, reason: 'invalid-input', message: expect.stringMatching(/already has a key named/) });
    expect(requests.some((r) => r.path === '/auth/api-key/create')).toBe(false);
  });

  it('hands the secret back once when the vault write fails, with a warning', async () => {
    const { service, fake } = setup({ 'POST /auth/api-key/create': created() });
    fake.fail.add = 'disk full';
    const answer = await service.createKey(input);
    expect(answer).toMatchObject({
      ok: false,
      reason: 'not-saved',
      message: expect.stringMatching(/created on kaneo\.test but could not be saved.*disk full.*Copy it now.*revoke/),
      unsaved: { secret: SECRET, remoteId: 'new1', name: 'my key', instance: { webOrigin: ORIGIN } },
    });
    expect(fake.keys.size).toBe(0);
  });

  it.each([
    [json(429, { message: 'Rate limit exceeded.', code: 'RATE_LIMITED', details: { tryAgainIn: 59_836 } }), 'rate-limited', /Try again in 60 s/],
    [json(403, { message: 'Invalid origin', code: 'INVALID_ORIGIN' }), 'origin-refused', /origin check \(INVALID_ORIGIN\)/],
    [json(403, { message: 'Missing or null Origin', code: 'MISSING_OR_NULL_ORIGIN' }), 'origin-refused', /MISSING_OR_NULL_ORIGIN/],
    [json(400, { message: 'x', code: 'INVALID_NAME_LENGTH' }), 'name-invalid', /3 to 32 characters/],
    [json(400, { message: 'x', code: 'EXPIRES_IN_IS_TOO_SMALL' }), 'expiry-invalid', /at least 1 day/],
    [json(400, { message: 'x', code: 'EXPIRES_IN_IS_TOO_LARGE' }), 'expiry-invalid', /at most 365 days/],
    [json(401, { message: 'Unauthorized' }), 'session-expired', /session on kaneo\.test has expired/],
    [json(500, { message: 'boom' }), 'server-error', /HTTP 500.*Try again later/],
    [{ status: 200, contentType: 'application/json', text: '{"id":"x"}' }, 'bad-response', /not Kaneo's new API key/],
  ])('maps a server failure to a plain message and stores nothing (%#)', async (response, reason, message) => {
    const { service, fake } = setup({ 'POST /auth/api-key/create': response });
    const answer = await service.createKey(input);
    expect(answer).toMatchObject({ ok: false, reason, message: expect.stringMatching(message) });
    expect(fake.keys.size).toBe(0);
  });
});

describe('listServerKeys', () => {
  it('matches vault keys by remote id and start, lists the others, and computes states', async () => {
    const day = 86_400_000;
    const { service, fake } = setup({
      'GET /auth/api-key/list': json(200, {
        apiKeys: [
          serverKey({ id: 'r-active', expiresAt: new Date(NOW + 10 * day).toISOString(), requestCount: 4, lastRequest: '2026-05-30T00:00:00.000Z' }),
          serverKey({ id: 'r-off', enabled: false }),
          serverKey({ id: 'r-start', start: 'zzzzzz' }),
          serverKey({ id: 'r-other', name: 'someone else' }),
        ],
        total: 4,
      }),
    });
    fake.seed({ name: 'active', secret: 'a'.repeat(64), remoteId: 'r-active' });
    fake.seed({ name: 'off', secret: 'b'.repeat(64), remoteId: 'r-off' });
    fake.seed({ name: 'by start', secret: 'z'.repeat(64), start: 'zzzzzz' });
    fake.seed({ name: 'gone', secret: 'c'.repeat(64), remoteId: 'r-deleted' });
    fake.seed({ name: 'expired', secret: 'd'.repeat(64), remoteId: 'r-x', expiresAt: new Date(NOW - day).toISOString() });
    fake.seed({ name: 'revoked', secret: 'e'.repeat(64), remoteId: 'r-y', revokedAt: new Date(NOW - day).toISOString() });
    fake.seed({ name: 'elsewhere', secret: 'f'.repeat(64), remoteId: 'r-other', instance: { webOrigin: 'https://other.test', apiBaseUrl: 'https://other.test/api' } });

    const answer = await service.listServerKeys({ target: tab });
    if (!answer.ok) throw new Error(answer.message);
    const states = Object.fromEntries(answer.value.vaultKeys.map((v) => [v.key.name, v.state]));
    expect(states).toEqual({
      active: { kind: 'active', expiresInDays: 10 },
      off: { kind: 'disabled' },
      'by start': { kind: 'active', expiresInDays: null },
      gone: { kind: 'gone' },
      expired: { kind: 'expired' },
      revoked: { kind: 'revoked' },
    });
    expect(answer.value.vaultKeys.find((v) => v.key.name === 'active')?.server).toMatchObject({ requestCount: 4, lastRequest: '2026-05-30T00:00:00.000Z' });
    expect(answer.value.otherServerKeys.map((k) => k.id)).toEqual(['r-other']);
    expect(JSON.stringify(answer)).not.toMatch(/aaaaaaaaaa|secret/);
  });

  it('lists every server key as "not in this vault" while locked', async () => {
    const { service } = setup({ 'GET /auth/api-key/list': json(200, { apiKeys: [serverKey()], total: 1 }) }, { vaultState: 'locked' });
    const answer = await service.listServerKeys({ target: tab });
    expect(answer).toMatchObject({ ok: true, value: { vaultLocked: true, vaultKeys: [], otherServerKeys: [{ id: 'rk1' }] } });
  });
});

describe('setEnabled and revoke', () => {
  it('disables a key with update {keyId, enabled}', async () => {
    const { service, requests } = setup({ 'POST /auth/api-key/update': json(200, serverKey({ enabled: false })) });
    const answer = await service.setEnabled({ target: tab, remoteId: 'rk1', enabled: false });
    expect(answer).toMatchObject({ ok: true, value: { id: 'rk1', enabled: false } });
    expect(requests.at(-1)).toEqual({ method: 'POST', path: '/auth/api-key/update', body: { keyId: 'rk1', enabled: false } });
  });

  it('revokes on the server and marks the vault entry', async () => {
    const { service, fake, requests } = setup({ 'POST /auth/api-key/delete': json(200, { success: true }) });
    const entry = fake.seed({ name: 'old', secret: 'a'.repeat(64), remoteId: 'rk1' });
    const answer = await service.revoke({ target: tab, remoteId: 'rk1', vaultId: entry.id });
    expect(answer).toMatchObject({ ok: true, value: { marked: { id: entry.id, revokedAt: new Date(NOW).toISOString() } } });
    expect(requests.at(-1)).toMatchObject({ path: '/auth/api-key/delete', body: { keyId: 'rk1' } });
  });

  it('marks the entry when the key was already gone (404 KEY_NOT_FOUND)', async () => {
    const { service, fake } = setup({ 'POST /auth/api-key/delete': json(404, { code: 'KEY_NOT_FOUND', message: 'API Key not found' }) });
    const entry = fake.seed({ name: 'old', secret: 'a'.repeat(64), remoteId: 'rk1' });
    expect(await service.revoke({ target: tab, remoteId: 'rk1', vaultId: entry.id })).toMatchObject({ ok: true });
    expect(fake.keys.get(entry.id)?.revokedAt).not.toBeNull();
  });

  it('leaves the entry alone when the server refuses', async () => {
    const { service, fake } = setup({ 'POST /auth/api-key/delete': json(429, { code: 'RATE_LIMITED', details: { tryAgainIn: 1500 } }) });
    const entry = fake.seed({ name: 'old', secret: 'a'.repeat(64), remoteId: 'rk1' });
    const answer = await service.revoke({ target: tab, remoteId: 'rk1', vaultId: entry.id });
    expect(answer).toMatchObject({ ok: false, reason: 'rate-limited', message: expect.stringMatching(/Try again in 2 s/) });
    expect(fake.keys.get(entry.id)?.revokedAt).toBeNull();
  });
});

describe('rotate', () => {
  function withOld(fake: ReturnType<typeof createInMemoryVaultService>) {
    return fake.seed({
      name: 'deploy',
      secret: 'O'.repeat(64),
      remoteId: 'old1',
      start: 'OOOOOO',
      notes: 'prod',
      createdAt: '2026-05-01T00:00:00.000Z',
      expiresAt: '2026-05-31T00:00:00.000Z',
    });
  }

  it('creates a replacement with the same name and expiry policy, stores it, then revokes the old key', async () => {
    const { service, fake, requests } = setup({
      'POST /auth/api-key/create': created({ id: 'new1', name: 'deploy' }),
      'POST /auth/api-key/delete': json(200, { success: true }),
    });
    const old = withOld(fake);
    const answer = await service.rotate({ target: tab, vaultId: old.id });
    if (!answer.ok) throw new Error(answer.message);
    expect(requests.filter((r) => r.method === 'POST').map((r) => [r.path, r.body])).toEqual([
      ['/auth/api-key/create', { name: 'deploy', expiresIn: 30 * 86400 }],
      ['/auth/api-key/delete', { keyId: 'old1' }],
    ]);
    expect(answer.value.replacement).toMatchObject({ name: 'deploy', remoteId: 'new1', notes: 'prod' });
    expect(fake.keys.get(old.id)).toMatchObject({ name: 'deploy (old)', revokedAt: new Date(NOW).toISOString() });
    expect(fake.keys.get(answer.value.replacement.id)?.secret).toBe(SECRET);
  });

  it('changes nothing when the replacement cannot be created', async () => {
    const { service, fake } = setup({ 'POST /auth/api-key/create': json(429, { code: 'RATE_LIMITED', details: { tryAgainIn: 3000 } }) });
    const old = withOld(fake);
    const answer = await service.rotate({ target: tab, vaultId: old.id });
    expect(answer).toMatchObject({ ok: false, reason: 'rate-limited', message: expect.stringMatching(/before anything changed.*Try again in 3 s.*"deploy" still works/) });
    expect(fake.keys.get(old.id)).toMatchObject({ name: 'deploy', revokedAt: null });
    expect(fake.keys.size).toBe(1);
  });

  it('keeps the old key and hands back the new secret once when storing fails', async () => {
    const { service, fake, requests } = setup({
      'POST /auth/api-key/create': created({ id: 'new1', name: 'deploy' }),
      'POST /auth/api-key/delete': json(200, { success: true }),
    });
    const old = withOld(fake);
    fake.fail.add = 'quota exceeded';
    const answer = await service.rotate({ target: tab, vaultId: old.id });
    expect(answer).toMatchObject({
      ok: false,
      reason: 'not-saved',
      message: expect.stringMatching(/"deploy" is untouched and still works/),
      unsaved: { secret: SECRET, remoteId: 'new1' },
    });
    // Rename rolled back, old not revoked anywhere.
    expect(fake.keys.get(old.id)).toMatchObject({ name: 'deploy', revokedAt: null });
    expect(requests.some((r) => r.path === '/auth/api-key/delete')).toBe(false);
  });

  it('says which is which when the old key cannot be revoked: both stay usable', async () => {
    const { service, fake } = setup({
      'POST /auth/api-key/create': created({ id: 'new1', name: 'deploy' }),
      'POST /auth/api-key/delete': () => 'network-error',
    });
    const old = withOld(fake);
    const answer = await service.rotate({ target: tab, vaultId: old.id });
    expect(answer).toMatchObject({
      ok: false,
      reason: 'rotate-partial',
      replacement: { name: 'deploy', remoteId: 'new1' },
      old: { id: old.id, name: 'deploy (old)' },
    });
    expect(answer.ok ? '' : answer.message).toMatch(
      /new key "deploy" \(starts SSSSSS…\) is saved and works\. Revoking the old key "deploy \(old\)" \(starts OOOOOO…\) failed.*Both keys work/,
    );
    expect(fake.keys.get(old.id)?.revokedAt).toBeNull();
    expect(fake.keys.size).toBe(2);
  });

  it('reports success with a warning when the old entry cannot be marked', async () => {
    const { service, fake } = setup({
      'POST /auth/api-key/create': created({ id: 'new1', name: 'deploy' }),
      'POST /auth/api-key/delete': json(200, { success: true }),
    });
    const old = withOld(fake);
    const originalUpdate = fake.vault.updateKey;
    let calls = 0;
    fake.vault.updateKey = async (id, patch) => (++calls === 2 ? { ok: false, reason: 'write-failed', message: 'nope' } : originalUpdate(id, patch));
    const answer = await service.rotate({ target: tab, vaultId: old.id });
    expect(answer).toMatchObject({ ok: true, value: { warning: expect.stringMatching(/could not be marked as revoked/) } });
  });

  it('refuses a key of another instance and a key without server id', async () => {
    const { service, fake } = setup();
    const foreign = fake.seed({ name: 'x1x', secret: 'x'.repeat(64), remoteId: 'r', instance: { webOrigin: 'https://other.test', apiBaseUrl: 'https://other.test/api' } });
    const manual = fake.seed({ name: 'manual', secret: 'y'.repeat(64) });
    expect(await service.rotate({ target: tab, vaultId: foreign.id })).toMatchObject({ ok: false, message: expect.stringMatching(/belongs to other\.test/) });
    expect(await service.rotate({ target: tab, vaultId: manual.id })).toMatchObject({ ok: false, message: expect.stringMatching(/no server id/) });
  });
});

describe('instance target (options page, no tab)', () => {
  it('uses a stored key of that instance with x-api-key, no cookies, only after permission', async () => {
    const calls: Array<{ url: string; init: RequestInit }> = [];
    const fetchFn = vi.fn(async (url: string, init: RequestInit) => {
      calls.push({ url, init });
      return new Response(JSON.stringify({ apiKeys: [serverKey({ id: 'r1' })], total: 1 }), { headers: { 'content-type': 'application/json' } });
    });
    const { service, fake } = setup({}, { deps: { fetch: fetchFn as unknown as typeof fetch } });
    fake.seed({ name: 'mine', secret: 'M'.repeat(64), remoteId: 'r1' });
    const answer = await service.listServerKeys({ target: { webOrigin: ORIGIN } });
    expect(answer).toMatchObject({ ok: true, value: { via: { kind: 'key', keyName: 'mine' }, vaultKeys: [{ state: { kind: 'active' } }] } });
    expect(calls).toHaveLength(1);
    expect(calls[0]!.url).toBe(`${ORIGIN}/api/auth/api-key/list`);
    expect(calls[0]!.init).toMatchObject({ credentials: 'omit', headers: { 'x-api-key': 'M'.repeat(64) } });
  });

  it('authenticates with another key than the one being disabled, when there is one', async () => {
    const seen: string[] = [];
    const fetchFn = vi.fn(async (_url: string, init: RequestInit) => {
      seen.push((init.headers as Record<string, string>)['x-api-key']!);
      return new Response(JSON.stringify(serverKey({ id: 'r-target', enabled: false })), { headers: { 'content-type': 'application/json' } });
    });
    const { service, fake } = setup({}, { deps: { fetch: fetchFn as unknown as typeof fetch } });
    fake.seed({ name: 'target', secret: 'T'.repeat(64), remoteId: 'r-target' });
    fake.seed({ name: 'helper', secret: 'H'.repeat(64), remoteId: 'r-helper' });
    expect(await service.setEnabled({ target: { webOrigin: ORIGIN }, remoteId: 'r-target', enabled: false })).toMatchObject({ ok: true });
    expect(seen).toEqual(['H'.repeat(64)]);
  });

  it('sends a key only to its own API base, whatever API base is configured for the origin', async () => {
    const urls: string[] = [];
    const fetchFn = vi.fn(async (url: string) => {
      urls.push(url);
      return new Response(JSON.stringify({ apiKeys: [] }), { headers: { 'content-type': 'application/json' } });
    });
    const { service, fake } = setup({}, { deps: { fetch: fetchFn as unknown as typeof fetch } });
    fake.seed({ name: 'mine', secret: 'M'.repeat(64) });
    await createApiBaseStore(fake.vault).set(ORIGIN, 'https://elsewhere.test/api');
    await service.listServerKeys({ target: { webOrigin: ORIGIN } });
    expect(urls).toEqual([`${ORIGIN}/api/auth/api-key/list`]);
  });

  it('asks for permission first when the origin is not granted', async () => {
    const { service, fake } = setup({}, { deps: { hasHostPermission: async () => false } });
    fake.seed({ name: 'mine', secret: 'M'.repeat(64) });
    const answer = await service.listServerKeys({ target: { webOrigin: ORIGIN } });
    expect(answer).toMatchObject({ ok: false, reason: 'no-permission', message: expect.stringMatching(/needs your permission to reach kaneo\.test/) });
  });

  it('needs a live stored key of the instance', async () => {
    const { service, fake } = setup();
    fake.seed({ name: 'dead', secret: 'M'.repeat(64), expiresAt: new Date(NOW - 1000).toISOString() });
    expect(await service.listServerKeys({ target: { webOrigin: ORIGIN } })).toMatchObject({ ok: false, reason: 'no-key-for-instance' });
  });

  it('explains a refused stored key', async () => {
    const fetchFn = vi.fn(async () => new Response(JSON.stringify({ code: 'KEY_DISABLED', message: 'API Key is disabled' }), { status: 401 }));
    const { service, fake } = setup({}, { deps: { fetch: fetchFn as unknown as typeof fetch } });
    fake.seed({ name: 'mine', secret: 'M'.repeat(64) });
    expect(await service.listServerKeys({ target: { webOrigin: ORIGIN } })).toMatchObject({
      ok: false,
      reason: 'key-rejected',
      message: expect.stringMatching(/it is disabled/),
    });
  });

  it('asks to unlock when the vault is locked', async () => {
    const { service } = setup({}, { vaultState: 'locked' });
    expect(await service.listServerKeys({ target: { webOrigin: ORIGIN } })).toMatchObject({ ok: false, reason: 'locked' });
  });
});

describe('Load keys from server: the instance’s stored keys in turn', () => {
  const LIST = { apiKeys: [serverKey({ id: 'r1' })], total: 1 };
  /** A server that knows some secrets: the others get 401 INVALID_API_KEY (or the answer given). */
  function server(accepted: string[], refusal = { status: 401, body: { message: 'Invalid API key.', code: 'INVALID_API_KEY' } }) {
    const used: string[] = [];
    const fetchFn = vi.fn(async (_url: string, init: RequestInit) => {
      const key = (init.headers as Record<string, string>)['x-api-key']!;
      used.push(key);
      return accepted.includes(key)
        ? new Response(JSON.stringify(LIST), { headers: { 'content-type': 'application/json' } })
        : new Response(JSON.stringify(refusal.body), { status: refusal.status, headers: { 'content-type': 'application/json' } });
    });
    return { fetchFn: fetchFn as unknown as typeof fetch, used };
  }
  const BAD = 'B'.repeat(64);
  const GOOD = 'G'.repeat(64);

  it('skips a refused key, lists with the next, says which did, and tries that one first next time', async () => {
    const { fetchFn, used } = server([GOOD]);
    const { service, fake } = setup({}, { deps: { fetch: fetchFn } });
    fake.seed({ name: 'hand-added', secret: BAD });
    const good = fake.seed({ name: 'ci', secret: GOOD, remoteId: 'r1' });
    const first = await service.listServerKeys({ target: { webOrigin: ORIGIN } });
    expect(first).toMatchObject({
      ok: true,
      value: { via: { kind: 'key', keyName: 'ci', keyId: good.id, refused: [{ keyName: 'hand-added', why: 'it is not valid there any more' }] } },
    });
    expect(used).toEqual([BAD, GOOD]);

    used.length = 0;
    const again = await service.listServerKeys({ target: { webOrigin: ORIGIN } });
    expect(again).toMatchObject({ ok: true, value: { via: { keyName: 'ci', refused: [] } } });
    expect(used).toEqual([GOOD]);
    // The record of which key worked is sealed: no origin, no id, no secret in storage.local.
    const raw = JSON.stringify(await fakeBrowserLocal());
    expect(raw).toContain('kaneoListingKeys');
    for (const secretish of ['kaneo.test', good.id, GOOD]) expect(raw).not.toContain(secretish);
  });

  it('uses only the key the person chose, and says so when it is refused', async () => {
    const { fetchFn, used } = server([GOOD], { status: 401, body: { message: 'API Key is disabled', code: 'KEY_DISABLED' } });
    const { service, fake } = setup({}, { deps: { fetch: fetchFn } });
    const bad = fake.seed({ name: 'old', secret: BAD });
    const good = fake.seed({ name: 'ci', secret: GOOD });
    const refused = await service.listServerKeys({ target: { webOrigin: ORIGIN, keyId: bad.id } });
    expect(refused).toMatchObject({ ok: false, reason: 'key-rejected', message: expect.stringMatching(/refused “old” \(it is disabled\)\. Choose another key/) });
    expect(used).toEqual([BAD]);
    const chosen = await service.listServerKeys({ target: { webOrigin: ORIGIN, keyId: good.id } });
    expect(chosen).toMatchObject({ ok: true, value: { via: { keyName: 'ci' } } });
    expect(await service.listServerKeys({ target: { webOrigin: ORIGIN, keyId: 'no-such-key' } })).toMatchObject({ ok: false, reason: 'invalid-input' });
  });

  it('names every refused key when none works, and never offers a picker that is not there', async () => {
    const { fetchFn, used } = server([]);
    const { service, fake } = setup({}, { deps: { fetch: fetchFn } });
    fake.seed({ name: 'one', secret: BAD });
    fake.seed({ name: 'two', secret: 'C'.repeat(64) });
    const answer = await service.listServerKeys({ target: { webOrigin: ORIGIN } });
    expect(answer).toMatchObject({ ok: false, reason: 'key-rejected', message: expect.stringMatching(/refused every stored key of this instance: “one” \(.+\), “two” \(.+\)/) });
    expect(answer.ok ? '' : answer.message).not.toMatch(/Pick another key/);
    expect(used).toHaveLength(2);
  });

  it('stops at a failure that is not about the key (network, rate limit): every key would fail the same way', async () => {
    const fetchFn = vi.fn(async () => new Response(JSON.stringify({ code: 'RATE_LIMITED', details: { tryAgainIn: 5000 } }), { status: 429 }));
    const { service, fake } = setup({}, { deps: { fetch: fetchFn as unknown as typeof fetch } });
    fake.seed({ name: 'one', secret: BAD });
    fake.seed({ name: 'two', secret: GOOD });
    expect(await service.listServerKeys({ target: { webOrigin: ORIGIN } })).toMatchObject({ ok: false, reason: 'rate-limited' });
    expect(fetchFn).toHaveBeenCalledTimes(1);
  });

  it('manages keys with the key that last listed them', async () => {
    const { fetchFn, used } = server([GOOD]);
    const { service, fake } = setup({}, { deps: { fetch: fetchFn } });
    fake.seed({ name: 'hand-added', secret: BAD });
    fake.seed({ name: 'ci', secret: GOOD });
    await service.listServerKeys({ target: { webOrigin: ORIGIN } });
    used.length = 0;
    await service.setEnabled({ target: { webOrigin: ORIGIN }, remoteId: 'r-other', enabled: false });
    expect(used).toEqual([GOOD]);
  });
});

describe('API bases', () => {
  it('stores the mapping sealed, never in plain text', async () => {
    const { service } = setup();
    const saved = await service.setApiBase({ webOrigin: 'https://web.example.com', apiBaseUrl: 'https://api.example.com/kaneo/' });
    expect(saved).toEqual({ ok: true, value: [{ webOrigin: 'https://web.example.com', apiBaseUrl: 'https://api.example.com/kaneo' }] });
    const raw = JSON.stringify(await fakeBrowserLocal());
    expect(raw).not.toContain('example.com');
    expect(await service.listApiBases()).toEqual(saved);
    expect(await service.setApiBase({ webOrigin: 'https://web.example.com', apiBaseUrl: null })).toEqual({ ok: true, value: [] });
  });

  it('refuses to save while locked and rejects non-URLs', async () => {
    const { service, fake } = setup();
    expect(await service.setApiBase({ webOrigin: 'nope', apiBaseUrl: 'https://a.test' })).toMatchObject({ ok: false, reason: 'invalid-input' });
    fake.setState('locked');
    expect(await service.setApiBase({ webOrigin: 'https://a.test', apiBaseUrl: 'https://b.test' })).toMatchObject({ ok: false, reason: 'locked' });
  });
});

async function fakeBrowserLocal() {
  const { fakeBrowser } = await import('wxt/testing/fake-browser');
  return fakeBrowser.storage.local.get(null);
}
