// better-auth's Origin check as Kaneo runs it: a request that carries the session cookie must come
// from the trusted web origin; a request authenticated by an API key (no cookie) is not checked.
import {
  call,
  connectKaneo,
  createKey,
  deleteKeys,
  EXTENSION_ORIGIN,
  FIREFOX_EXTENSION_ORIGIN,
  signIn,
  uniqueName,
  webSession,
  type KaneoTarget,
} from './support/kaneo-target';

let target: KaneoTarget;
let cookie: string;
const created: string[] = [];

beforeAll(async () => {
  target = await connectKaneo();
  cookie = await signIn(target);
});

afterAll(async () => {
  if (cookie) await deleteKeys(target, cookie, created);
  await target?.close();
});

describe('session sign-in', () => {
  it('sets the HttpOnly better-auth.session_token cookie', async () => {
    const res = await fetch(`${target.apiUrl}/auth/sign-in/email`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: target.url },
      body: JSON.stringify({ email: target.email, password: target.password }),
    });
    expect(res.status).toBe(200);
    const sessionCookie = res.headers.getSetCookie().find((c) => /better-auth\.session_token=/.test(c));
    expect(sessionCookie).toBeDefined();
    expect(sessionCookie).toMatch(/;\s*HttpOnly/i);
  });

  it('refuses a POST to /api/auth/* that is not application/json with 415 UNSUPPORTED_MEDIA_TYPE', async () => {
    const res = await call(target, '/auth/api-key/create', {
      headers: { ...webSession(target, cookie), 'content-type': 'text/plain' },
      body: JSON.stringify({ name: uniqueName('text') }),
    });
    expect(res.status).toBe(415);
    expect(res.body.code).toBe('UNSUPPORTED_MEDIA_TYPE');
  });
});

describe('cookie requests and the Origin header', () => {
  const create = (headers: Record<string, string>) =>
    call(target, '/auth/api-key/create', { headers, json: { name: uniqueName('origin') } });

  it('refuses the cookie with a chrome-extension:// Origin: 403 INVALID_ORIGIN', async () => {
    const res = await create({ cookie, origin: EXTENSION_ORIGIN });
    expect(res.status).toBe(403);
    expect(res.body).toEqual({ message: 'Invalid origin', code: 'INVALID_ORIGIN' });
  });

  it('refuses the cookie with a moz-extension:// Origin: 403 INVALID_ORIGIN', async () => {
    const res = await create({ cookie, origin: FIREFOX_EXTENSION_ORIGIN });
    expect(res.status).toBe(403);
    expect(res.body).toEqual({ message: 'Invalid origin', code: 'INVALID_ORIGIN' });
  });

  it('refuses the cookie without an Origin: 403 MISSING_OR_NULL_ORIGIN', async () => {
    const res = await create({ cookie });
    expect(res.status).toBe(403);
    expect(res.body).toEqual({ message: 'Missing or null Origin', code: 'MISSING_OR_NULL_ORIGIN' });
  });

  it('refuses the cookie with Origin: null: 403 MISSING_OR_NULL_ORIGIN', async () => {
    const res = await create({ cookie, origin: 'null' });
    expect(res.status).toBe(403);
    expect(res.body).toEqual({ message: 'Missing or null Origin', code: 'MISSING_OR_NULL_ORIGIN' });
  });

  it('accepts the cookie from the web origin: 200', async () => {
    const res = await create(webSession(target, cookie));
    expect(res.status).toBe(200);
    created.push(res.body.id);
    expect(typeof res.body.key).toBe('string');
  });
});

describe('key requests (no cookie) get no Origin check', () => {
  let key: string;
  beforeAll(async () => {
    key = (await createKey(target, cookie, { name: uniqueName('no-origin-check') }, created)).key;
  });

  it.each([
    ['a chrome-extension:// Origin', { origin: EXTENSION_ORIGIN }],
    ['no Origin', {}],
  ])('x-api-key with %s may create a key', async (_label, extra) => {
    const res = await call(target, '/auth/api-key/create', {
      headers: { 'x-api-key': key, ...extra },
      json: { name: uniqueName('by-key') },
    });
    expect(res.status).toBe(200);
    created.push(res.body.id);
  });

  it('Bearer with a chrome-extension:// Origin may create a key', async () => {
    const res = await call(target, '/auth/api-key/create', {
      headers: { authorization: `Bearer ${key}`, origin: EXTENSION_ORIGIN },
      json: { name: uniqueName('by-bearer') },
    });
    expect(res.status).toBe(200);
    created.push(res.body.id);
  });
});
