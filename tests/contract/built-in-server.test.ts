// The built-in Kaneo-compatible server itself (tests/kaneo-server): things only it has (the echo
// route, the sign-in page, the seed), how it listens, and key expiry (checked by moving the
// clock of this process, which only works in process). Always starts its own server, whatever
// KANEO_URL says.
import { request as httpRequest } from 'node:http';
import { startKaneoServer, type KaneoServerHandle } from '../kaneo-server/server';
import { signIn, type KaneoTarget } from './support/kaneo-target';

let server: KaneoServerHandle;
let target: KaneoTarget;

beforeAll(async () => {
  server = await startKaneoServer();
  target = {
    url: server.url,
    apiUrl: server.apiUrl,
    email: server.seed.email,
    password: server.seed.password,
    builtIn: true,
    close: async () => {},
  };
});

afterAll(async () => {
  vi.useRealTimers();
  await server?.close();
});

describe('listening', () => {
  it('listens on 127.0.0.1 on a free port and reports url and apiUrl', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(Number(new URL(server.url).port)).toBeGreaterThan(0);
    expect(server.apiUrl).toBe(`${server.url}/api`);
  });

  it('takes a fixed port and closes', async () => {
    const probe = await startKaneoServer();
    const port = Number(new URL(probe.url).port);
    await probe.close();
    const fixed = await startKaneoServer({ port });
    try {
      expect(fixed.url).toBe(`http://127.0.0.1:${port}`);
      expect((await fetch(`${fixed.apiUrl}/health`)).status).toBe(200);
    } finally {
      await fixed.close();
    }
    await expect(fetch(`${fixed.apiUrl}/health`)).rejects.toThrow();
  });
});

describe('seed', () => {
  it('has one user with one workspace holding the seed project and its tasks', async () => {
    const cookie = await signIn(target);
    const orgs = await (await fetch(`${server.apiUrl}/auth/organization/list`, { headers: { cookie } })).json();
    expect(orgs.map((o: { id: string }) => o.id)).toEqual([server.seed.workspaceId]);
    const projects = await (await fetch(`${server.apiUrl}/project?workspaceId=${server.seed.workspaceId}`, { headers: { cookie } })).json();
    expect(projects.map((p: { id: string }) => p.id)).toEqual([server.seed.projectId]);
    expect(server.seed.taskIds.length).toBeGreaterThanOrEqual(3);
    for (const id of server.seed.taskIds) {
      const task = await (await fetch(`${server.apiUrl}/task/${id}`, { headers: { cookie } })).json();
      expect(task.projectId).toBe(server.seed.projectId);
    }
  });
});

describe('GET /api/openapi', () => {
  it('points servers[0].url at this server', async () => {
    const doc = await (await fetch(`${server.apiUrl}/openapi`)).json();
    expect(doc.servers[0].url).toBe(server.apiUrl);
  });
});

describe('sign-in page at /', () => {
  it('shows a form with email, password and submit when signed out', async () => {
    const res = await fetch(`${server.url}/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await res.text();
    expect(html).toMatch(/<input[^>]*name="email"[^>]*type="email"/);
    expect(html).toMatch(/<input[^>]*name="password"[^>]*type="password"/);
    expect(html).toMatch(/<button type="submit">Sign in<\/button>/);
    expect(html).not.toContain('Signed in as');
  });

  it('says "Signed in as …" with the session cookie', async () => {
    const cookie = await signIn(target);
    const html = await (await fetch(`${server.url}/`, { headers: { cookie } })).text();
    expect(html).toContain(`Signed in as ${server.seed.name} (${server.seed.email})`);
  });
});

/** A raw HTTP request, so the test controls header order, case and duplicates exactly. */
function rawRequest(opts: { method: string; path: string; headers: Array<[string, string]>; body?: Buffer }): Promise<{ status: number; body: string }> {
  const { hostname, port } = new URL(server.url);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ hostname, port, method: opts.method, path: opts.path, headers: opts.headers.flat() as unknown as Record<string, string> }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end(opts.body);
  });
}

describe('/__echo', () => {
  it('answers method, raw path, raw query, headers in order and the exact body bytes', async () => {
    const body = Buffer.from([0x00, 0xff, 0x7b, 0x22, 0x0a, 0xc3, 0xa9]);
    const res = await rawRequest({
      method: 'PATCH',
      path: '/__echo/some/where%20else?b=2&a=1&a=%20x&empty=',
      headers: [
        ['Host', new URL(server.url).host],
        ['X-Api-Key', 'secret-value'],
        ['Authorization', 'Bearer abc'],
        ['X-Dup', 'one'],
        ['X-Dup', 'two'],
        ['Content-Type', 'application/octet-stream'],
        ['Content-Length', String(body.length)],
        ['Connection', 'close'],
      ],
      body,
    });
    expect(res.status).toBe(200);
    const echo = JSON.parse(res.body);
    expect(echo).toEqual({
      method: 'PATCH',
      path: '/__echo/some/where%20else',
      query: 'b=2&a=1&a=%20x&empty=',
      headers: [
        ['host', new URL(server.url).host],
        ['x-api-key', 'secret-value'],
        ['authorization', 'Bearer abc'],
        ['x-dup', 'one'],
        ['x-dup', 'two'],
        ['content-type', 'application/octet-stream'],
        ['content-length', String(body.length)],
        ['connection', 'close'],
      ],
      bodyBase64: body.toString('base64'),
    });
  });

  it.each(['GET', 'DELETE', 'OPTIONS', 'PUT'])('answers %s at /__echo with an empty query and body', async (method) => {
    const res = await fetch(`${server.url}/__echo`, { method });
    expect(res.status).toBe(200);
    const echo = await res.json();
    expect(echo).toMatchObject({ method, path: '/__echo', query: '', bodyBase64: '' });
  });
});

describe('key expiry (clock moved forward in this process)', () => {
  it('an expired key gets 401 Unauthorized on Kaneo routes and 401 KEY_EXPIRED on /api/auth/*, then is gone', async () => {
    const cookie = await signIn(target);
    const web = { cookie, origin: server.url, 'content-type': 'application/json' };
    const created = await (await fetch(`${server.apiUrl}/auth/api-key/create`, {
      method: 'POST', headers: web, body: JSON.stringify({ name: 'expiring', expiresIn: 86_400 }),
    })).json();
    const projects = `${server.apiUrl}/project?workspaceId=${server.seed.workspaceId}`;
    expect((await fetch(projects, { headers: { 'x-api-key': created.key } })).status).toBe(200);

    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() + 86_400_000 + 60_000 });
    try {
      for (const headers of [{ authorization: `Bearer ${created.key}` }, { 'x-api-key': created.key }] as Array<Record<string, string>>) {
        const res = await fetch(projects, { headers });
        expect(res.status).toBe(401);
        expect(await res.text()).toBe('Unauthorized');
      }
      const auth = await fetch(`${server.apiUrl}/auth/organization/list`, { headers: { 'x-api-key': created.key } });
      expect(auth.status).toBe(401);
      expect((await auth.json()).code).toBe('KEY_EXPIRED');
      const list = await (await fetch(`${server.apiUrl}/auth/api-key/list`, { headers: { cookie } })).json();
      expect(list.apiKeys.map((k: { id: string }) => k.id)).not.toContain(created.id);
    } finally {
      vi.useRealTimers();
    }
  });
});
