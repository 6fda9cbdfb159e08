/**
 * The in-tab functions, run in Node against the Kaneo-compatible server (real better-auth +
 * api-key plugin). They are plain functions: here `fetch` is wrapped to do what the browser does
 * for a page — send the session cookie and the page's Origin — so the request the server sees
 * is the one a signed-in Kaneo tab makes.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startKaneoServer, type KaneoServerHandle } from '../../kaneo-server/server';
import { createKaneoApi } from '../../../lib/kaneo/background/kaneo-api';
import { pageFetch } from '../../../lib/kaneo/tab/page-functions';
import { createKeyTransport, type KaneoTransport } from '../../../lib/kaneo/background/transport';
import { ok } from '../../../lib/result';

let server: KaneoServerHandle;
let cookie: string;
const realFetch = globalThis.fetch;

async function signIn(): Promise<string> {
  const res = await realFetch(`${server.apiUrl}/auth/sign-in/email`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: server.url },
    body: JSON.stringify({ email: server.seed.email, password: server.seed.password }),
  });
  expect(res.status).toBe(200);
  return res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
}

/** What the browser adds to a page's own fetch: its cookies and its Origin. */
function actAsPage(origin: string, withCookie = true) {
  vi.stubGlobal('fetch', (url: string, init: RequestInit = {}) =>
    realFetch(url, {
      ...init,
      headers: { ...(init.headers as Record<string, string>), origin, ...(withCookie ? { cookie } : {}) },
    }),
  );
}

/** The transport a tab gives, minus executeScript: call the page function directly. */
const directTransport: KaneoTransport = async (request) => {
  const answer = await pageFetch({
    url: `${server.apiUrl}${request.path}`,
    method: request.method,
    body: request.method === 'POST' ? JSON.stringify(request.body ?? {}) : null,
  });
  if (answer.kind === 'network-error') throw new Error(answer.message);
  if (answer.kind !== 'response') throw new Error(answer.kind);
  return ok({ status: answer.status, contentType: answer.contentType, text: answer.text });
};

beforeAll(async () => {
  server = await startKaneoServer();
  cookie = await signIn();
});
afterAll(async () => {
  vi.unstubAllGlobals();
  await server?.close();
});

describe('pageFetch against the Kaneo-compatible server', () => {
  it('reads the session and the workspaces as the signed-in page', async () => {
    actAsPage(server.url);
    const api = createKaneoApi(directTransport, { host: 'kaneo', auth: 'session' });
    expect(await api.health()).toEqual({ ok: true, value: true });
    const session = await api.session();
    expect(session).toMatchObject({ ok: true, value: { user: { email: server.seed.email, name: server.seed.name } } });
    const workspaces = await api.workspaces();
    expect(workspaces).toMatchObject({ ok: true, value: [{ id: server.seed.workspaceId }] });
  });

  it('creates, lists, disables, enables and deletes a key; the answers pass validation', async () => {
    actAsPage(server.url);
    const api = createKaneoApi(directTransport, { host: 'kaneo', auth: 'session' });
    const created = await api.createKey({ name: 'page-fn test', expiresInSeconds: 7 * 86400 });
    if (!created.ok) throw new Error(created.message);
    expect(created.value.key).toHaveLength(64);
    expect(created.value.start).toBe(created.value.key.slice(0, 6));
    const expires = new Date(created.value.expiresAt!).getTime() - Date.now();
    expect(Math.round(expires / 86_400_000)).toBe(7);

    const listed = await api.listKeys();
    expect(listed.ok && listed.value.find((k) => k.id === created.value.id)).toMatchObject({ name: 'page-fn test', enabled: true });

    // The stored key works by itself from "the background" (x-api-key, no cookie) …
    vi.unstubAllGlobals();
    const keyApi = createKaneoApi(createKeyTransport(realFetch, server.apiUrl, created.value.key), { host: 'kaneo', auth: 'key' });
    expect(await keyApi.workspaces()).toMatchObject({ ok: true });
    expect((await keyApi.listKeys()).ok).toBe(true);

    // … until disabled in the tab.
    actAsPage(server.url);
    expect(await api.setEnabled(created.value.id, false)).toMatchObject({ ok: true, value: { enabled: false } });
    vi.unstubAllGlobals();
    expect(await keyApi.listKeys()).toMatchObject({ ok: false, reason: 'key-rejected' });

    actAsPage(server.url);
    expect(await api.setEnabled(created.value.id, true)).toMatchObject({ ok: true, value: { enabled: true } });
    expect(await api.deleteKey(created.value.id)).toEqual({ ok: true, value: true });
    expect(await api.deleteKey(created.value.id)).toMatchObject({ ok: false, reason: 'not-found' });
  });

  it('maps the server refusals the extension must explain', async () => {
    actAsPage(server.url);
    const api = createKaneoApi(directTransport, { host: 'kaneo', auth: 'session' });
    expect(await api.createKey({ name: 'x'.repeat(33), expiresInSeconds: null })).toMatchObject({ ok: false, reason: 'name-invalid' });
    expect(await api.createKey({ name: 'short expiry', expiresInSeconds: 3600 })).toMatchObject({ ok: false, reason: 'expiry-invalid' });

    actAsPage('chrome-extension://abcdefghijklmnop');
    // better-auth checks the Origin of state-changing requests.
    expect(await api.createKey({ name: 'from extension', expiresInSeconds: null })).toMatchObject({
      ok: false,
      reason: 'origin-refused',
      message: expect.stringMatching(/INVALID_ORIGIN/),
    });

    actAsPage(server.url, false);
    expect(await api.session()).toEqual({ ok: true, value: null });
  });

  it('reports a network error as such', async () => {
    vi.unstubAllGlobals();
    const answer = await pageFetch({ url: 'http://127.0.0.1:1/api/health', method: 'GET' });
    expect(answer).toMatchObject({ kind: 'network-error' });
  });
});
