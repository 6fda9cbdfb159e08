import { describe, expect, it } from 'vitest';
import { apiPathOf, BODY_CAP, recordFromHar } from '@/lib/devtools/recorded-request';
import { harEntry } from './har-entry';

const BASE = 'http://127.0.0.1:5173/api';

function record(entry: unknown) {
  const result = recordFromHar(entry, BASE, 1);
  if (!result.ok) throw new Error(`${result.reason}: ${result.message}`);
  return result.value;
}

describe('recordFromHar', () => {
  it('turns a GET with a query into the request model, without the cookie', () => {
    const r = record(harEntry({ url: `${BASE}/search?q=caf%C3%A9&workspaceId=w1` }));
    expect(r.method).toBe('GET');
    expect(r.apiPath).toBe('/search?q=caf%C3%A9&workspaceId=w1');
    expect(r.query).toEqual([{ name: 'q', value: 'café' }, { name: 'workspaceId', value: 'w1' }]);
    expect(r.request).toEqual({ method: 'GET', url: `${BASE}/search?q=caf%C3%A9&workspaceId=w1`, headers: [], body: null });
    expect(JSON.stringify(r)).not.toContain('SESSION');
  });

  it('keeps a JSON body with its content type and unicode text', () => {
    const body = JSON.stringify({ title: 'Ünïcödé ✓ 🚀', priority: 'low' });
    const r = record(harEntry({
      method: 'post',
      url: `${BASE}/task/p1`,
      headers: [
        { name: 'content-type', value: 'application/json' },
        { name: 'Cookie', value: 'a=b' },
        { name: 'Authorization', value: 'Bearer page-token' },
        { name: 'X-API-Key', value: 'page-key' },
        { name: 'Origin', value: 'http://127.0.0.1:5173' },
      ],
      postData: { mimeType: 'application/json', text: body },
      bodySize: body.length,
      status: 201,
    }));
    expect(r.method).toBe('POST');
    expect(r.status).toBe(201);
    expect(r.body).toEqual({ kind: 'text', text: body, mimeType: 'application/json' });
    expect(r.request?.headers).toEqual([{ name: 'Content-Type', value: 'application/json' }]);
    expect(r.request?.body).toBe(body);
  });

  it('keeps a form body as text and takes its type from postData when no header says it', () => {
    const r = record(harEntry({
      method: 'PUT',
      url: `${BASE}/task/t1`,
      headers: [],
      postData: { mimeType: 'application/x-www-form-urlencoded', text: 'title=a+b&x=%C3%A9' },
    }));
    expect(r.request).toMatchObject({
      headers: [{ name: 'Content-Type', value: 'application/x-www-form-urlencoded' }],
      body: 'title=a+b&x=%C3%A9',
    });
  });

  it.each([
    ['no text recorded', { mimeType: 'application/octet-stream' }, 10, /did not record this body as text/],
    ['an image', { mimeType: 'image/png', text: 'PNG' }, 3, /image\/png body is binary/],
    ['multipart', { mimeType: 'multipart/form-data; boundary=x', text: '--x' }, 3, /Multipart/],
    ['a NUL byte', { mimeType: 'text/plain', text: 'a\0b' }, 3, /binary data/],
    ['a lost byte', { mimeType: 'application/json', text: '"\uFFFD"' }, 3, /binary data/],
    ['too large', { mimeType: 'application/json', text: 'x'.repeat(BODY_CAP + 1) }, BODY_CAP + 1, /larger than 64 KB/],
  ])('refuses a body with %s, with a message, and offers no request', (_name, postData, bodySize, message) => {
    const r = record(harEntry({ method: 'POST', url: `${BASE}/asset/1`, postData, bodySize }));
    expect(r.body.kind).toBe('refused');
    expect(r.body.kind === 'refused' && r.body.message).toMatch(message);
    expect(r.request).toBeNull();
  });

  it('refuses a body Chromium only counted', () => {
    const r = record(harEntry({ method: 'POST', url: `${BASE}/asset/1`, bodySize: 2048 }));
    expect(r.body.kind).toBe('refused');
  });

  it('keeps a JSON response for later references, not a base64 one', () => {
    expect(record(harEntry({ response: { mimeType: 'application/json', text: '{"id":"abc"}' } })).responseJson).toEqual({ id: 'abc' });
    expect(record(harEntry({ response: { mimeType: 'application/json', text: 'e30=', encoding: 'base64' } })).responseJson).toBeNull();
  });

  it('drops user info from the URL', () => {
    const r = record(harEntry({ url: 'http://me:pw@127.0.0.1:5173/api/config' }));
    expect(r.url).toBe(`${BASE}/config`);
  });

  it.each([
    ['another origin', 'http://127.0.0.1:9999/api/task/1'],
    ['the web app', 'http://127.0.0.1:5173/assets/app.js'],
    ['a look-alike base', 'http://127.0.0.1:5173/apix/task'],
    ['a data URL', 'data:text/plain,hi'],
  ])('leaves out %s', (_name, url) => {
    expect(recordFromHar(harEntry({ url }), BASE, 1)).toMatchObject({ ok: false, reason: 'not-api' });
  });

  it('refuses entries that are not HAR and methods the model has no place for', () => {
    expect(recordFromHar({ request: 'x' }, BASE, 1)).toMatchObject({ ok: false, reason: 'invalid-entry' });
    expect(recordFromHar(null, BASE, 1)).toMatchObject({ ok: false, reason: 'invalid-entry' });
    expect(recordFromHar(harEntry({ method: 'TRACE', url: `${BASE}/x` }), BASE, 1)).toMatchObject({ ok: false, reason: 'unsupported-method' });
  });
});

describe('apiPathOf', () => {
  it('works with a base at the origin root and one under a path', () => {
    expect(apiPathOf(new URL('https://api.example/task/1?a=b'), 'https://api.example')).toBe('/task/1?a=b');
    expect(apiPathOf(new URL('https://k.example/api'), 'https://k.example/api/')).toBe('/');
  });
});

describe('sign-in and account requests (/auth/…)', () => {
  it('lists a sign-in but refuses its body (the password) and never reads its answer (the session token)', () => {
    const body = JSON.stringify({ email: 'ada@example.com', password: 'hunter2-PASSWORD' });
    const r = record(harEntry({
      method: 'POST',
      url: `${BASE}/auth/sign-in/email`,
      headers: [{ name: 'Content-Type', value: 'application/json' }],
      postData: { mimeType: 'application/json', text: body },
      bodySize: body.length,
      response: { mimeType: 'application/json', text: JSON.stringify({ token: 'SESSION-TOKEN', user: { id: 'u1' } }) },
    }));
    expect(r.apiPath).toBe('/auth/sign-in/email');
    expect(r.body).toEqual({ kind: 'refused', message: expect.stringContaining('passwords') });
    expect(r.request).toBeNull();
    expect(r.responseJson).toBeNull();
    expect(JSON.stringify(r)).not.toMatch(/PASSWORD|SESSION-TOKEN/);
  });

  it('keeps a bodiless /auth/ read copyable, but not its answer', () => {
    const r = record(harEntry({
      url: `${BASE}/auth/get-session`,
      response: { mimeType: 'application/json', text: JSON.stringify({ session: { token: 'SESSION-TOKEN' } }) },
    }));
    expect(r.request).toMatchObject({ method: 'GET', body: null });
    expect(r.responseJson).toBeNull();
  });

  it('does not take a path that only starts with the same letters for an auth route', () => {
    const r = record(harEntry({
      method: 'POST',
      url: `${BASE}/authors/new`,
      postData: { mimeType: 'application/json', text: '{"a":1}' },
      bodySize: 7,
    }));
    expect(r.body.kind).toBe('text');
  });
});
