import { describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { createTesterService } from '@/lib/tester/background/tester-service';
import { draftToRequest, requestContainsSecret } from '@/lib/tester/request-draft';
import { testKeyRequest } from '@/lib/tester/test-request';
import { createSealingVaultStub, keyEntry } from './sealing-vault-stub';
import { MAX_DOCUMENT_CHARS } from '@/lib/openapi/catalog';
import { hostileOpenApiDocument } from '../../fixtures/hostile-openapi';

const KEY = keyEntry();
const OTHER = keyEntry({
  id: 'key-2',
  secret: 'other'.padEnd(64, 'y'),
  instance: { webOrigin: 'http://127.0.0.1:4000', apiBaseUrl: 'http://127.0.0.1:4000/api' },
});

function jsonResponse(value: unknown, status = 200) {
  return new Response(JSON.stringify(value), { status, headers: { 'content-type': 'application/json' } });
}

function setup(options: { fetch?: typeof fetch; permission?: boolean } = {}) {
  const fake = createSealingVaultStub([KEY, OTHER]);
  const fetch = vi.fn(options.fetch ?? (async () => jsonResponse([{ id: 'w1', name: 'Acme' }])));
  const hasHostPermission = vi.fn(async () => options.permission ?? true);
  const service = createTesterService({
    vault: fake.vault,
    fetch: fetch as unknown as typeof globalThis.fetch,
    hasHostPermission,
    now: () => Date.UTC(2026, 5, 1),
  });
  return { service, fetch, hasHostPermission, fake };
}

async function dumpStorage(area: 'local' | 'sync' | 'session') {
  return JSON.stringify(await fakeBrowser.storage[area].get(null));
}

describe('tester.send', () => {
  it('sends "Test this key" to <api>/auth/organization/list with the key as Bearer, never get-session', async () => {
    const { service, fetch } = setup();
    const result = await service.send({ requestId: 'r1', keyId: KEY.id, request: testKeyRequest(KEY.instance.apiBaseUrl) });
    expect(result.ok).toBe(true);
    const [url, init] = fetch.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe('https://kaneo.example.com/api/auth/organization/list');
    expect(url).not.toContain('get-session');
    expect(new Headers(init.headers).get('authorization')).toBe(`Bearer ${KEY.secret}`);
    expect(init.credentials).toBe('omit');
  });

  it("refuses a URL on another origin, even one that is another key's instance", async () => {
    const { service, fetch } = setup();
    for (const url of ['http://127.0.0.1:4000/api/project', 'https://evil.example/api/x', 'https://kaneo.example.com/other']) {
      const result = await service.send({ requestId: 'r', keyId: KEY.id, request: { method: 'GET', url, headers: [], body: null } });
      expect(result).toMatchObject({ ok: false, reason: 'refused-url' });
    }
    expect(fetch).not.toHaveBeenCalled();
  });

  it('refuses credential headers and a request that contains the secret', async () => {
    const { service, fetch } = setup();
    const base = { method: 'POST' as const, url: 'https://kaneo.example.com/api/task/p1', headers: [], body: null };
    expect(
      await service.send({ requestId: 'a', keyId: KEY.id, request: { ...base, headers: [{ name: 'X-Api-Key', value: 'x' }] } }),
    ).toMatchObject({ ok: false, reason: 'refused-header' });
    expect(
      await service.send({ requestId: 'b', keyId: KEY.id, request: { ...base, body: `{"k":"${KEY.secret}"}` } }),
    ).toMatchObject({ ok: false, reason: 'secret-in-request' });
    expect(
      await service.send({ requestId: 'c', keyId: KEY.id, request: { ...base, url: `${base.url}?k=${KEY.secret}` } }),
    ).toMatchObject({ ok: false, reason: 'secret-in-request' });
    expect(
      await service.send({ requestId: 'd', keyId: KEY.id, request: { ...base, method: 'GET', body: '{}' } }),
    ).toMatchObject({ ok: false, reason: 'invalid-input' });
    expect(fetch).not.toHaveBeenCalled();
  });

  it('says plainly when the host permission is missing, and sends nothing', async () => {
    const { service, fetch, hasHostPermission } = setup({ permission: false });
    const result = await service.send({ requestId: 'r', keyId: KEY.id, request: testKeyRequest(KEY.instance.apiBaseUrl) });
    expect(result).toMatchObject({ ok: false, reason: 'no-permission' });
    expect(!result.ok && result.message).toContain('https://kaneo.example.com');
    expect(hasHostPermission).toHaveBeenCalledWith('https://kaneo.example.com');
    expect(fetch).not.toHaveBeenCalled();
  });

  it('answers locked while the vault is locked', async () => {
    const { service, fake } = setup();
    fake.state.locked = true;
    expect(await service.send({ requestId: 'r', keyId: KEY.id, request: testKeyRequest(KEY.instance.apiBaseUrl) })).toMatchObject({
      ok: false,
      reason: 'locked',
    });
  });

  it('records history without the secret and stores it encrypted', async () => {
    const { service } = setup({ fetch: (async () => new Response('Unauthorized', { status: 401 })) as typeof globalThis.fetch });
    const result = await service.send({ requestId: 'r1', keyId: KEY.id, request: testKeyRequest(KEY.instance.apiBaseUrl) });
    expect(result.ok && result.value.status).toBe(401);
    expect(result.ok && result.value.meaning.meaning).toMatch(/wrong, revoked, disabled or expired/);
    const history = await service.listHistory({ keyId: KEY.id });
    expect(history).toMatchObject({
      ok: true,
      value: [{ id: 'r1', outcome: 'response', status: 401, request: { url: 'https://kaneo.example.com/api/auth/organization/list' } }],
    });
    expect(JSON.stringify(history)).not.toContain(KEY.secret);
    const local = await dumpStorage('local');
    expect(local).not.toContain('kaneo.example.com');
    expect(local).not.toContain(KEY.secret);
    expect(await service.clearHistory({ keyId: KEY.id })).toMatchObject({ ok: true });
    expect(await service.listHistory({ keyId: KEY.id })).toEqual({ ok: true, value: [] });
  });

  it('cancels by request id and records the cancellation', async () => {
    const { service } = setup({
      fetch: ((_u: unknown, init?: RequestInit) =>
        new Promise((_r, reject) => init?.signal?.addEventListener('abort', () => reject(new Error('aborted'))))) as typeof globalThis.fetch,
    });
    const pending = service.send({ requestId: 'hang', keyId: KEY.id, request: testKeyRequest(KEY.instance.apiBaseUrl) });
    await vi.waitFor(() => expect(service.cancel({ requestId: 'hang' })).toEqual({ ok: true, value: null }));
    expect(await pending).toMatchObject({ ok: false, reason: 'cancelled' });
    expect(service.cancel({ requestId: 'hang' })).toMatchObject({ ok: false, reason: 'not-running' });
    expect(await service.listHistory({ keyId: KEY.id })).toMatchObject({ value: [{ outcome: 'cancelled', status: null }] });
  });
});

describe('tester.endpoints', () => {
  const spec = {
    openapi: '3.0.3',
    paths: { '/only-here': { get: { summary: 'Only on this instance' } } },
  };

  it("loads the instance's own /openapi, caches it in session storage only, and refreshes on demand", async () => {
    const { service, fetch } = setup({ fetch: (async () => jsonResponse(spec)) as typeof globalThis.fetch });
    const first = await service.endpoints({ keyId: KEY.id });
    expect(first).toMatchObject({ ok: true, value: { source: 'instance', note: null, operations: [{ id: 'GET /only-here' }] } });
    expect((fetch.mock.calls[0] as unknown as [string])[0]).toBe('https://kaneo.example.com/api/openapi');
    await service.endpoints({ keyId: KEY.id });
    expect(fetch).toHaveBeenCalledTimes(1);
    expect(await dumpStorage('local')).not.toContain('kaneo.example.com');
    expect(await dumpStorage('sync')).not.toContain('kaneo.example.com');
    expect(await dumpStorage('session')).toContain('only-here');
    await service.endpoints({ keyId: KEY.id, refresh: true });
    expect(fetch).toHaveBeenCalledTimes(2);
  });

  it('keeps the spec requests out of history', async () => {
    const { service } = setup({ fetch: (async () => jsonResponse(spec)) as typeof globalThis.fetch });
    await service.endpoints({ keyId: KEY.id });
    expect(await service.listHistory({ keyId: KEY.id })).toEqual({ ok: true, value: [] });
  });

  it.each([
    ['a 404', async () => new Response('Not Found', { status: 404 })],
    ['HTML', async () => new Response('<html></html>', { status: 200, headers: { 'content-type': 'text/html' } })],
    ['not OpenAPI', async () => jsonResponse({ hello: 'world' })],
    ['a network error', async () => { throw new TypeError('Failed to fetch'); }],
  ])('falls back to the bundled Kaneo 2.22.0 spec on %s, and says why', async (_name, answer) => {
    const { service } = setup({ fetch: answer as unknown as typeof globalThis.fetch });
    const result = await service.endpoints({ keyId: KEY.id });
    expect(result.ok && result.value.source).toBe('bundled');
    expect(result.ok && result.value.operations).toHaveLength(153);
    expect(result.ok && result.value.note).toMatch(/Kaneo 2\.22\.0/);
  });

  it('judges a hostile /openapi once: says it is too complex, caches that, and tries again only on refresh', async () => {
    const { service, fetch } = setup({ fetch: (async () => jsonResponse(hostileOpenApiDocument())) as typeof globalThis.fetch });
    const started = performance.now();
    const first = await service.endpoints({ keyId: KEY.id });
    console.info(`tester.endpoints on the hostile document: ${(performance.now() - started).toFixed(1)} ms`);
    expect(first.ok && first.value.source).toBe('bundled');
    expect(first.ok && first.value.operations).toHaveLength(153);
    expect(first.ok && first.value.note).toMatch(/\/openapi is not usable: it is too complex/);
    const second = await service.endpoints({ keyId: KEY.id });
    expect(second).toEqual(first);
    expect(fetch).toHaveBeenCalledTimes(1);
    // Only the verdict is kept, not the hostile document.
    expect(await dumpStorage('session')).not.toContain('allOf');
    await service.endpoints({ keyId: KEY.id, refresh: true });
    expect(fetch).toHaveBeenCalledTimes(2);
  });

  it('says a /openapi over the size cap is too large, and caches that too', async () => {
    const huge = JSON.stringify({ openapi: '3.0.3', paths: {}, padding: 'x'.repeat(MAX_DOCUMENT_CHARS) });
    const { service, fetch } = setup({
      fetch: (async () => new Response(huge, { headers: { 'content-type': 'application/json' } })) as typeof globalThis.fetch,
    });
    const result = await service.endpoints({ keyId: KEY.id });
    expect(result.ok && result.value.note).toMatch(/too large/);
    await service.endpoints({ keyId: KEY.id });
    expect(fetch).toHaveBeenCalledTimes(1);
  });

  it('does not cache a network failure: the next open asks again', async () => {
    const { service, fetch } = setup({ fetch: (async () => { throw new TypeError('Failed to fetch'); }) as typeof globalThis.fetch });
    await service.endpoints({ keyId: KEY.id });
    await service.endpoints({ keyId: KEY.id });
    expect(fetch).toHaveBeenCalledTimes(2);
  });

  it('falls back without asking the network when the permission is missing', async () => {
    const { service, fetch } = setup({ permission: false });
    const result = await service.endpoints({ keyId: KEY.id });
    expect(result.ok && result.value.source).toBe('bundled');
    expect(fetch).not.toHaveBeenCalled();
  });
});

describe('tester.lookup', () => {
  it('lists workspaces and projects from real calls', async () => {
    const { service, fetch } = setup({
      fetch: (async (url: string) =>
        url.includes('/project')
          ? jsonResponse([{ id: 'p1', name: 'Website' }, { id: 'p2' }, 'junk'])
          : jsonResponse([{ id: 'w1', name: 'Acme' }])) as unknown as typeof globalThis.fetch,
    });
    expect(await service.lookup({ keyId: KEY.id, kind: 'workspaces' })).toEqual({ ok: true, value: [{ id: 'w1', name: 'Acme' }] });
    expect(await service.lookup({ keyId: KEY.id, kind: 'projects', workspaceId: 'w 1&x' })).toEqual({
      ok: true,
      value: [
        { id: 'p1', name: 'Website' },
        { id: 'p2', name: 'p2' },
      ],
    });
    expect((fetch.mock.calls[1] as unknown as [string])[0]).toBe('https://kaneo.example.com/api/project?workspaceId=w+1%26x');
  });

  it('turns a 401 into a plain message', async () => {
    const { service } = setup({ fetch: (async () => new Response('Unauthorized', { status: 401 })) as typeof globalThis.fetch });
    const result = await service.lookup({ keyId: KEY.id, kind: 'workspaces' });
    expect(result).toMatchObject({ ok: false, reason: 'http-error' });
    expect(!result.ok && result.message).toMatch(/401 Unauthorized/);
  });
});

describe('draftToRequest', () => {
  const base = 'https://kaneo.example.com/api';
  it('builds a request, adding Content-Type: application/json for a body', () => {
    expect(draftToRequest(base, { method: 'POST', path: '/task/p1', headers: [{ name: '', value: '' }], body: '{"title":"x"}' })).toEqual({
      ok: true,
      value: {
        method: 'POST',
        url: 'https://kaneo.example.com/api/task/p1',
        headers: [{ name: 'Content-Type', value: 'application/json' }],
        body: '{"title":"x"}',
      },
    });
  });
  it('drops the body of a GET', () => {
    const result = draftToRequest(base, { method: 'GET', path: '/project', headers: [], body: '{"x":1}' });
    expect(result.ok && result.value.body).toBeNull();
  });
  it('marks every field that is wrong', () => {
    const result = draftToRequest(base, {
      method: 'POST',
      path: '//evil.example',
      headers: [
        { name: 'Authorization', value: 'Bearer x' },
        { name: 'Bad Name', value: 'x' },
        { name: 'X-Ok', value: 'fine' },
      ],
      body: '{"title": }',
    });
    expect(result.ok).toBe(false);
    expect(result.errors?.path).toMatch(/another host/);
    expect(result.errors?.headers?.[0]).toMatch(/added as Authorization: Bearer automatically/);
    expect(result.errors?.headers?.[1]).toMatch(/Not a valid header name/);
    expect(result.errors?.headers?.[2]).toBeUndefined();
    expect(result.errors?.body).toMatch(/not valid JSON/);
  });
  it('accepts a non-JSON body when the content type says so', () => {
    const result = draftToRequest(base, { method: 'POST', path: '/x', headers: [{ name: 'Content-Type', value: 'text/plain' }], body: 'hi' });
    expect(result.ok).toBe(true);
  });
  it('finds the secret, raw or percent-encoded', () => {
    const secret = 'abc/def+ghi=jkl';
    const req = { method: 'GET' as const, url: 'https://x/api', headers: [], body: null };
    expect(requestContainsSecret({ ...req, url: `https://x/api?k=${encodeURIComponent(secret)}` }, secret)).toBe(true);
    expect(requestContainsSecret({ ...req, headers: [{ name: 'X', value: secret }] }, secret)).toBe(true);
    expect(requestContainsSecret(req, secret)).toBe(false);
  });
});

describe('answers that echo the key', () => {
  it('never hand the secret to the page: it is replaced in body and headers, and flagged', async () => {
    const { service } = setup({
      fetch: (async () =>
        new Response(JSON.stringify({ session: { token: KEY.secret } }), {
          headers: { 'content-type': 'application/json', 'x-echo': `Bearer ${KEY.secret}` },
        })) as typeof globalThis.fetch,
    });
    const result = await service.send({ requestId: 'e', keyId: KEY.id, request: testKeyRequest(KEY.instance.apiBaseUrl) });
    expect(JSON.stringify(result)).not.toContain(KEY.secret);
    expect(result.ok && result.value.secretHidden).toBe(true);
    expect(result.ok && JSON.parse(result.value.body.text)).toEqual({ session: { token: '[your key, hidden]' } });
    expect(result.ok && result.value.headers).toContainEqual(['x-echo', 'Bearer [your key, hidden]']);
  });
});
