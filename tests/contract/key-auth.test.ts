// Using a key: Bearer and x-api-key, the "who am I" call, get-session's two faces, and every
// refusal the facts list (Kaneo's routes: 401 plain-text `Unauthorized`; /api/auth/*: JSON codes).
import {
  call,
  createKey,
  signedInKaneo,
  uniqueName,
  type CreatedKey,
  type Workspace,
} from './support/kaneo-target';

const kaneo = signedInKaneo();
let key: CreatedKey;
let workspace: Workspace;

beforeAll(async () => {
  key = await createKey(kaneo.target, kaneo.cookie, { name: uniqueName('key-auth') }, kaneo.created);
  const orgs = await call<Workspace[]>(kaneo.target, '/auth/organization/list', { headers: { 'x-api-key': key.key } });
  workspace = orgs.body[0]!;
});

const projectsPath = () => `/project?workspaceId=${encodeURIComponent(workspace.id)}`;

describe('GET /api/auth/organization/list as "who am I"', () => {
  it.each([
    ['Bearer', () => ({ authorization: `Bearer ${key.key}` })],
    ['x-api-key', () => ({ 'x-api-key': key.key })],
  ])('answers the workspaces of the key owner with %s', async (_label, headers) => {
    const res = await call<Workspace[]>(kaneo.target, '/auth/organization/list', { headers: headers() });
    expect(res.status).toBe(200);
    expect(Array.isArray(res.body)).toBe(true);
    expect(res.body.length).toBeGreaterThan(0);
    for (const w of res.body) {
      expect(typeof w.id).toBe('string');
      expect(typeof w.name).toBe('string');
      expect(typeof w.slug).toBe('string');
    }
  });

  it('answers the same workspaces as the session does', async () => {
    const bySession = await call<Workspace[]>(kaneo.target, '/auth/organization/list', { headers: { cookie: kaneo.cookie, origin: kaneo.target.url } });
    const byKey = await call<Workspace[]>(kaneo.target, '/auth/organization/list', { headers: { 'x-api-key': key.key } });
    expect(byKey.body.map((w) => w.id).sort()).toEqual(bySession.body.map((w) => w.id).sort());
  });
});

describe('GET /api/auth/get-session with a key', () => {
  it('with x-api-key answers the user and echoes the raw key as session.token', async () => {
    const res = await call(kaneo.target, '/auth/get-session', { headers: { 'x-api-key': key.key } });
    expect(res.status).toBe(200);
    expect(res.body.user.email.toLowerCase()).toBe(kaneo.target.email.toLowerCase());
    expect(res.body.session.token).toBe(key.key);
  });

  it('with Bearer answers null and sends cookie-clearing Set-Cookie headers', async () => {
    const res = await call(kaneo.target, '/auth/get-session', { headers: { authorization: `Bearer ${key.key}` } });
    expect(res.status).toBe(200);
    expect(res.body).toBeNull();
    const cleared = res.headers.getSetCookie().filter((c) => /better-auth\.session_token=;/.test(c));
    expect(cleared.length).toBeGreaterThan(0);
    expect(cleared[0]).toMatch(/Max-Age=0/i);
  });
});

describe("Kaneo's own routes", () => {
  it.each([
    ['Bearer', () => ({ authorization: `Bearer ${key.key}` })],
    ['x-api-key', () => ({ 'x-api-key': key.key })],
  ])('accept the key by %s', async (_label, headers) => {
    const res = await call(kaneo.target, projectsPath(), { headers: headers() });
    expect(res.status).toBe(200);
    expect(Array.isArray(res.body)).toBe(true);
  });

  const wrongKey = 'Z'.repeat(64);
  it.each([
    ['a wrong key by Bearer', () => ({ authorization: `Bearer ${wrongKey}` })],
    ['a wrong key by x-api-key', () => ({ 'x-api-key': wrongKey })],
    ['a bare "Bearer"', () => ({ authorization: 'Bearer' })],
    ['"Bearer a b"', () => ({ authorization: 'Bearer a b' })],
    ['a malformed Bearer next to a good x-api-key', () => ({ authorization: 'Bearer a b', 'x-api-key': key.key })],
  ])('refuse %s with 401 plain-text Unauthorized', async (_label, headers) => {
    const res = await call(kaneo.target, projectsPath(), { headers: headers() });
    expect(res.status).toBe(401);
    expect(res.text).toBe('Unauthorized');
    expect(res.headers.get('content-type') ?? '').toMatch(/^text\/plain/);
  });
});

describe('/api/auth/* with a bad key', () => {
  it('a wrong 64-character key: 401 INVALID_API_KEY', async () => {
    const res = await call(kaneo.target, '/auth/organization/list', { headers: { 'x-api-key': 'Z'.repeat(64) } });
    expect(res.status).toBe(401);
    expect(res.body).toEqual({ message: 'Invalid API key.', code: 'INVALID_API_KEY' });
  });

  it('a wrong 64-character key by Bearer: 401 INVALID_API_KEY', async () => {
    const res = await call(kaneo.target, '/auth/organization/list', { headers: { authorization: `Bearer ${'Z'.repeat(64)}` } });
    expect(res.status).toBe(401);
    expect(res.body).toEqual({ message: 'Invalid API key.', code: 'INVALID_API_KEY' });
  });

  it('a shorter key: 403 INVALID_API_KEY', async () => {
    const res = await call(kaneo.target, '/auth/organization/list', { headers: { 'x-api-key': key.key.slice(0, 20) } });
    expect(res.status).toBe(403);
    expect(res.body).toEqual({ message: 'Invalid API key.', code: 'INVALID_API_KEY' });
  });
});
