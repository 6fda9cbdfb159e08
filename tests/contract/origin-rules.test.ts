// better-auth's Origin check as Kaneo runs it: a request that carries the session cookie must come
// from the trusted web origin; a request authenticated by an API key (no cookie) is not checked.
import {
  call,
  createKey,
  EXTENSION_ORIGIN,
  FIREFOX_EXTENSION_ORIGIN,
  signedInKaneo,
  uniqueName,
  webSession,
} from './support/kaneo-target';

const kaneo = signedInKaneo();

describe('session sign-in', () => {
  it('sets the HttpOnly better-auth.session_token cookie', async () => {
    const res = await fetch(`${kaneo.target.apiUrl}/auth/sign-in/email`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: kaneo.target.url },
      body: JSON.stringify({ email: kaneo.target.email, password: kaneo.target.password }),
    });
    expect(res.status).toBe(200);
    const sessionCookie = res.headers.getSetCookie().find((c) => /better-auth\.session_token=/.test(c));
    expect(sessionCookie).toBeDefined();
    expect(sessionCookie).toMatch(/;\s*HttpOnly/i);
  });

  it('refuses a POST to /api/auth/* that is not application/json with 415 UNSUPPORTED_MEDIA_TYPE', async () => {
    const res = await call(kaneo.target, '/auth/api-key/create', {
      headers: { ...webSession(kaneo.target, kaneo.cookie), 'content-type': 'text/plain' },
      body: JSON.stringify({ name: uniqueName('text') }),
    });
    expect(res.status).toBe(415);
    expect(res.body.code).toBe('UNSUPPORTED_MEDIA_TYPE');
  });
});

describe('cookie requests and the Origin header', () => {
  const create = (headers: Record<string, string>) =>
    call(kaneo.target, '/auth/api-key/create', { headers, json: { name: uniqueName('origin') } });

  it('refuses the cookie with a chrome-extension:// Origin: 403 INVALID_ORIGIN', async () => {
    const res = await create({ cookie: kaneo.cookie, origin: EXTENSION_ORIGIN });
    expect(res.status).toBe(403);
    expect(res.body).toEqual({ message: 'Invalid origin', code: 'INVALID_ORIGIN' });
  });

  it('refuses the cookie with a moz-extension:// Origin: 403 INVALID_ORIGIN', async () => {
    const res = await create({ cookie: kaneo.cookie, origin: FIREFOX_EXTENSION_ORIGIN });
    expect(res.status).toBe(403);
    expect(res.body).toEqual({ message: 'Invalid origin', code: 'INVALID_ORIGIN' });
  });

  it('refuses the cookie without an Origin: 403 MISSING_OR_NULL_ORIGIN', async () => {
    const res = await create({ cookie: kaneo.cookie });
    expect(res.status).toBe(403);
    expect(res.body).toEqual({ message: 'Missing or null Origin', code: 'MISSING_OR_NULL_ORIGIN' });
  });

  it('refuses the cookie with Origin: null: 403 MISSING_OR_NULL_ORIGIN', async () => {
    const res = await create({ cookie: kaneo.cookie, origin: 'null' });
    expect(res.status).toBe(403);
    expect(res.body).toEqual({ message: 'Missing or null Origin', code: 'MISSING_OR_NULL_ORIGIN' });
  });

  it('accepts the cookie from the web origin: 200', async () => {
    const res = await create(webSession(kaneo.target, kaneo.cookie));
    expect(res.status).toBe(200);
    kaneo.created.push(res.body.id);
    expect(typeof res.body.key).toBe('string');
  });
});

describe('key requests (no cookie) get no Origin check', () => {
  let key: string;
  beforeAll(async () => {
    key = (await createKey(kaneo.target, kaneo.cookie, { name: uniqueName('no-origin-check') }, kaneo.created)).key;
  });

  it.each([
    ['a chrome-extension:// Origin', { origin: EXTENSION_ORIGIN }],
    ['no Origin', {}],
  ])('x-api-key with %s may create a key', async (_label, extra) => {
    const res = await call(kaneo.target, '/auth/api-key/create', {
      headers: { 'x-api-key': key, ...extra },
      json: { name: uniqueName('by-key') },
    });
    expect(res.status).toBe(200);
    kaneo.created.push(res.body.id);
  });

  it('Bearer with a chrome-extension:// Origin may create a key', async () => {
    const res = await call(kaneo.target, '/auth/api-key/create', {
      headers: { authorization: `Bearer ${key}`, origin: EXTENSION_ORIGIN },
      json: { name: uniqueName('by-bearer') },
    });
    expect(res.status).toBe(200);
    kaneo.created.push(res.body.id);
  });
});
