/**
 * Every way a server can answer badly gets its own clear message, and nothing hangs: real HTTP
 * servers on 127.0.0.1 (Node's fetch, the real request code), both for requests the background
 * sends with a stored key and for the in-tab requests made with the Kaneo session (the page
 * function, run through the scripting executor as the tab would run it).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKaneoApi } from '../../../lib/kaneo/background/kaneo-api';
import { KANEO_MAX_RESPONSE_BYTES, KANEO_TIMEOUT_MS } from '../../../lib/kaneo/background/kaneo-errors';
import { createKeyTransport, createScriptingExecutor, createTabTransport } from '../../../lib/kaneo/background/transport';
import { pageFetch } from '../../../lib/kaneo/tab/page-functions';

const SECRET = 'K'.repeat(64);
const FIFTY_MB = 50 * 1024 * 1024;
/** Short in tests; the shipped bound is KANEO_TIMEOUT_MS. */
// Long enough that a normal answer on a busy CI machine is never mistaken for no answer.
const LIMITS = { timeoutMs: 1_500, maxBytes: KANEO_MAX_RESPONSE_BYTES };

function listen(handler: Parameters<typeof createServer>[1]): Promise<{ server: Server; origin: string }> {
  return new Promise((resolve) => {
    const server = createServer(handler);
    server.listen(0, '127.0.0.1', () => resolve({ server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}` }));
  });
}

const json = (status: number, body: unknown) => ({ status, type: 'application/json', text: JSON.stringify(body) });
const CANNED: Record<string, { status: number; type: string; text: string }> = {
  '401': json(401, { message: 'Invalid API key.', code: 'INVALID_API_KEY' }),
  '403': json(403, { message: 'Invalid origin', code: 'INVALID_ORIGIN' }),
  '404': json(404, { message: 'Not found', code: 'NOT_FOUND' }),
  '429': json(429, { message: 'Rate limit exceeded.', code: 'RATE_LIMITED', details: { tryAgainIn: 42_000 } }),
  '500': json(500, { message: 'Internal Server Error' }),
  html: { status: 502, type: 'text/html', text: '<!doctype html><html><body><h1>502 Bad Gateway</h1><script>alert(1)</script></body></html>' },
  'invalid-json': { status: 200, type: 'application/json', text: '{"apiKeys": [' },
};

let servers: Server[] = [];
let origin = '';
let elsewhere = '';
let fiftyMbSent = 0;

beforeAll(async () => {
  const other = await listen((_req, res) => res.end('{}'));
  elsewhere = other.origin;
  const main = await listen((req, res) => {
    const kind = (req.url ?? '').split('/')[1] ?? '';
    req.resume();
    if (kind === 'silent') return; // accepts the connection, never answers
    if (kind === 'close') return req.socket.destroy(); // hangs up without a word
    if (kind === 'redirect') {
      res.writeHead(307, { location: `${elsewhere}/api/auth/api-key/list` });
      return res.end();
    }
    if (kind === 'huge' || kind === 'huge-declared') {
      // 50 MB of a JSON-looking body, streamed; stops when the client goes away.
      res.writeHead(200, { 'content-type': 'application/json', ...(kind === 'huge-declared' ? { 'content-length': String(FIFTY_MB) } : {}) });
      const chunk = Buffer.alloc(64 * 1024, 'a');
      let sent = 0;
      const pump = () => {
        while (sent < FIFTY_MB && !res.destroyed) {
          sent += chunk.length;
          fiftyMbSent = Math.max(fiftyMbSent, sent);
          if (!res.write(chunk)) return void res.once('drain', pump);
        }
        res.end();
      };
      res.on('close', () => (sent = FIFTY_MB));
      return pump();
    }
    if (kind === 'stall') {
      res.writeHead(200, { 'content-type': 'application/json' });
      return res.write('{"apiKeys": ['); // and nothing more
    }
    const canned = CANNED[kind];
    if (!canned) return res.writeHead(200, { 'content-type': 'application/json' }).end('{"apiKeys":[],"total":0}');
    res.writeHead(canned.status, { 'content-type': canned.type });
    res.end(canned.text);
  });
  origin = main.origin;
  servers = [main.server, other.server];
});
afterAll(async () => {
  for (const server of servers) {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  }
});

const host = () => new URL(origin).host;
const keyApi = (kind: string) =>
  createKaneoApi(createKeyTransport(fetch, `${origin}/${kind}/api`, SECRET, LIMITS), { host: host(), auth: 'key' });
/** The tab's way: executeScript runs the page function; here it runs in Node's fetch. */
const tabExecutor = createScriptingExecutor(
  async (options) => [{ result: await (options.func as (...args: unknown[]) => unknown)(...(options.args ?? [])) }],
  async () => origin,
);
const tabApi = (kind: string) =>
  createKaneoApi(createTabTransport(tabExecutor, 1, `${origin}/${kind}/api`, LIMITS), { host: host(), auth: 'session' });

const KINDS: [kind: string, reason: string, message: RegExp][] = [
  ['401', 'key-rejected', /./],
  ['403', 'origin-refused', /./],
  ['404', 'not-found', /./],
  ['429', 'rate-limited', /42 s|try again/i],
  ['500', 'server-error', /HTTP 500/],
  ['html', 'server-error', /HTTP 502/],
  ['invalid-json', 'bad-response', /not Kaneo's API key list/],
  ['huge', 'too-large', /more than 1024 KB.*not read/],
  ['huge-declared', 'too-large', /more than 1024 KB/],
  ['silent', 'timeout', /did not answer within 1\.5 s/],
  ['stall', 'timeout', /did not answer within 1\.5 s/],
  ['close', 'network', /Could not reach/],
  ['redirect', 'redirected', /redirect/],
];

describe.each([
  ['key requests from the background', keyApi],
  ['in-tab session requests', tabApi],
])('%s', (_label, api) => {
  it.each(KINDS)('%s → %s, with its own message, in bounded time', async (kind, reason, message) => {
    const started = Date.now();
    const answer = await api(kind).listKeys();
    expect(Date.now() - started).toBeLessThan(LIMITS.timeoutMs + 3_000);
    expect(answer).toMatchObject({ ok: false, message: expect.stringMatching(message) });
    // 401 and 403 read Kaneo's code; the exact reason depends on who asked (key or session).
    if (!['401', '403', '404'].includes(kind)) expect(answer).toMatchObject({ reason });
    // An HTML error page is never echoed as markup.
    if (!answer.ok) expect(answer.message).not.toMatch(/<script|<html/i);
  });

  it('every kind has a message of its own', async () => {
    const messages = await Promise.all(KINDS.map(async ([kind]) => {
      const answer = await api(kind).listKeys();
      return answer.ok ? 'ok' : answer.message;
    }));
    // huge and huge-declared, silent and stall are the same kind to a person.
    expect(new Set(messages).size).toBe(KINDS.length - 2);
  });
});

it('stops reading 50 MB long before the end', async () => {
  fiftyMbSent = 0;
  await keyApi('huge').listKeys();
  await new Promise((r) => setTimeout(r, 200));
  expect(fiftyMbSent).toBeLessThan(FIFTY_MB);
});

it('the shipped bounds: 20 s and 1 MiB', () => {
  expect(KANEO_TIMEOUT_MS).toBe(20_000);
  expect(KANEO_MAX_RESPONSE_BYTES).toBe(1024 * 1024);
});

it('a tab that never runs the page function still answers "did not answer"', { timeout: 10_000 }, async () => {
  const frozen = createScriptingExecutor(() => new Promise(() => undefined), async () => origin);
  const started = Date.now();
  const answer = await frozen.fetch(1, { url: `${origin}/x/api/auth/api-key/list`, method: 'GET', timeoutMs: 100 });
  expect(answer).toMatchObject({ ok: false, reason: 'timeout', message: expect.stringMatching(/did not answer/) });
  expect(Date.now() - started).toBeLessThan(6_000);
});

it('the page function itself answers timeout and too-large', async () => {
  expect(await pageFetch({ url: `${origin}/silent/api/x`, method: 'GET', timeoutMs: 200 })).toMatchObject({ kind: 'timeout' });
  expect(await pageFetch({ url: `${origin}/huge/api/x`, method: 'GET', maxBytes: 1000 })).toMatchObject({ kind: 'too-large' });
  expect(await pageFetch({ url: `${origin}/ok/api/x`, method: 'GET' })).toMatchObject({ kind: 'response', status: 200 });
});
