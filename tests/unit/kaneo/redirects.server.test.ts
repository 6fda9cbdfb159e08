/**
 * A key or a session must never follow a redirect off its instance. Two real HTTP servers on
 * 127.0.0.1: the "instance" answers every request with a redirect to the "other origin", which
 * records everything it receives. Real fetch (Node's), real request code: the other origin must
 * receive nothing — no request, so no `x-api-key`, no `Authorization`, no cookie, no body.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createKaneoApi } from '../../../lib/kaneo/background/kaneo-api';
import { pageFetch } from '../../../lib/kaneo/tab/page-functions';
import { createKeyTransport } from '../../../lib/kaneo/background/transport';
import { createRequestRunner } from '../../../lib/tester/background/request-runner';

const SECRET = 'K'.repeat(64);

interface Seen {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

function listen(handler: Parameters<typeof createServer>[1]): Promise<{ server: Server; origin: string }> {
  return new Promise((resolve) => {
    const server = createServer(handler);
    server.listen(0, '127.0.0.1', () => resolve({ server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}` }));
  });
}

let instance: { server: Server; origin: string };
let other: { server: Server; origin: string };
const received: Seen[] = [];
let redirectStatus = 307;

beforeAll(async () => {
  other = await listen((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      received.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ apiKeys: [], total: 0 }));
    });
  });
  instance = await listen((req, res) => {
    req.resume();
    res.writeHead(redirectStatus, { location: `${other.origin}${req.url ?? '/'}` });
    res.end();
  });
});
afterAll(async () => {
  await new Promise((r) => instance?.server.close(r));
  await new Promise((r) => other?.server.close(r));
});
beforeEach(() => {
  received.length = 0;
  redirectStatus = 307;
});

const apiBase = () => `${instance.origin}/api`;

describe.each([301, 302, 303, 307, 308])('a %i from the instance', (status) => {
  beforeEach(() => {
    redirectStatus = status;
  });

  it('key requests (list, enable/disable, revoke, create for rotate) refuse it; the other origin receives nothing', async () => {
    const api = createKaneoApi(createKeyTransport(fetch, apiBase(), SECRET), { host: new URL(instance.origin).host, auth: 'key' });
    const answers = [
      await api.listKeys(),
      await api.setEnabled('r1', false),
      await api.deleteKey('r1'),
      await api.createKey({ name: 'rotated', expiresInSeconds: null }),
    ];
    for (const answer of answers) {
      expect(answer).toMatchObject({
        ok: false,
        reason: 'redirected',
        message: expect.stringContaining('the key was not sent there'),
      });
    }
    expect(received).toEqual([]);
  });

  it('in-tab requests made with the session refuse it; the other origin receives nothing', async () => {
    const answer = await pageFetch({ url: `${apiBase()}/auth/api-key/create`, method: 'POST', body: '{"name":"x"}' });
    expect(answer).toMatchObject({ kind: 'redirect' });
    expect(received).toEqual([]);
  });

  it('the tester does not follow it, and says so; the other origin receives nothing', async () => {
    const runner = createRequestRunner({ fetch });
    const answer = await runner.run({
      requestId: 'r1',
      request: { method: 'GET', url: `${apiBase()}/auth/organization/list`, headers: [], body: null },
      secret: SECRET,
    });
    expect(answer.ok).toBe(true);
    if (answer.ok) expect(answer.value.meaning.meaning).toMatch(/does not follow redirects/);
    expect(received).toEqual([]);
  });
});

it('the other origin does record what reaches it (the check above can fail)', async () => {
  const response = await fetch(`${apiBase()}/auth/api-key/list`, { headers: { 'x-api-key': SECRET } });
  expect(response.status).toBe(200);
  expect(received).toHaveLength(1);
  expect(received[0]!.headers['x-api-key']).toBe(SECRET);
});
