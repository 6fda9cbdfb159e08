import { describe, expect, it } from 'vitest';
import { createScriptingExecutor, mapScriptingError } from '../../../lib/kaneo/background/transport';
import { pageFetch, readPageOrigin } from '../../../lib/kaneo/tab/page-functions';
import { expiryPolicyOf, stateOf } from '../../../lib/kaneo/key-state';
import { mapHttpFailure } from '../../../lib/kaneo/background/kaneo-errors';

describe('scripting executor', () => {
  it('runs the self-contained page functions with their arguments and validates the answer', async () => {
    const calls: unknown[] = [];
    const executor = createScriptingExecutor(async (options) => {
      calls.push(options);
      return [{ result: { kind: 'response', pageOrigin: 'https://k.test', status: 200, contentType: 'application/json', text: '{}' } }];
    });
    const answer = await executor.fetch(3, { url: 'https://k.test/api/health', method: 'GET' });
    expect(answer).toEqual({ ok: true, value: { status: 200, contentType: 'application/json', text: '{}' } });
    expect(calls[0]).toMatchObject({ target: { tabId: 3 }, func: pageFetch, args: [{ url: 'https://k.test/api/health', method: 'GET' }] });
  });

  it('does not trust a malformed page answer', async () => {
    const executor = createScriptingExecutor(async () => [{ result: { kind: 'response', status: '200' } }]);
    expect(await executor.fetch(3, { url: 'https://k.test/api/health', method: 'GET' })).toMatchObject({ ok: false, reason: 'scripts-blocked' });
  });

  it('turns a page network error into a network failure', async () => {
    const executor = createScriptingExecutor(async () => [{ result: { kind: 'network-error', pageOrigin: 'https://k.test', message: 'Failed to fetch' } }]);
    expect(await executor.fetch(3, { url: 'https://k.test/api/health', method: 'GET' })).toMatchObject({
      ok: false,
      reason: 'network',
      message: expect.stringMatching(/Could not reach k\.test.*Failed to fetch/),
    });
  });

  it('reports a redirect the tab refused to follow, saying nothing was sent on', async () => {
    const executor = createScriptingExecutor(async () => [{ result: { kind: 'redirect', pageOrigin: 'https://k.test' } }]);
    expect(await executor.fetch(3, { url: 'https://k.test/api/auth/api-key/list', method: 'GET' })).toMatchObject({
      ok: false,
      reason: 'redirected',
      message: expect.stringMatching(/k\.test answered with a redirect.*nothing was sent there/),
    });
  });

  it('reads the page origin, refusing non-web pages', async () => {
    const web = createScriptingExecutor(
      async (o) => {
        expect(o.func).toBe(readPageOrigin);
        return [{ result: 'https://k.test' }];
      },
      async () => undefined,
    );
    expect(await web.pageOrigin(1)).toEqual({ ok: true, value: 'https://k.test' });
    const file = createScriptingExecutor(async () => [{ result: 'null' }], async () => undefined);
    expect(await file.pageOrigin(1)).toMatchObject({ ok: false, reason: 'scripts-blocked' });
    const blocked = createScriptingExecutor(async () => {
      throw new Error('Cannot access a chrome:// URL');
    }, async () => undefined);
    expect(await blocked.pageOrigin(1)).toMatchObject({ ok: false, reason: 'scripts-blocked' });
    // When the tab's URL is visible and not a website, nothing is injected at all.
    const neverRun = createScriptingExecutor(async () => {
      throw new Error('must not run');
    }, async () => 'data:text/html,hi');
    expect(await neverRun.pageOrigin(1)).toMatchObject({ ok: false, reason: 'scripts-blocked' });
    const gone = createScriptingExecutor(async () => [], async () => {
      throw new Error('No tab with id: 1.');
    });
    expect(await gone.pageOrigin(1)).toMatchObject({ ok: false, reason: 'no-tab' });
  });

  it('maps the browsers\' executeScript errors', () => {
    expect(mapScriptingError(new Error('Missing host permission for the tab')).reason).toBe('no-access');
    expect(mapScriptingError(new Error('No tab with id: 12.')).reason).toBe('no-tab');
    expect(mapScriptingError('weird').reason).toBe('scripts-blocked');
    expect(
      mapScriptingError(new Error('Cannot access contents of url "data:text/html,<p>x". Extension manifest must request permission to access this host.')).reason,
    ).toBe('scripts-blocked');
    expect(
      mapScriptingError(new Error('Cannot access contents of url "https://kaneo.test/". Extension manifest must request permission to access this host.')).reason,
    ).toBe('no-access');
  });
});

describe('page functions are self-contained', () => {
  it.each([pageFetch, readPageOrigin])('%o runs from its own source text alone', (fn) => {
    // executeScript ships fn.toString() to the page: rebuilding it from the text must not need
    // anything from this module's scope.
    const source = fn.toString();
    expect(source).not.toMatch(/\b(import|require)\b|__vite|_?_?vi_import/);
    expect(() => new Function(`return (${source})`)()).not.toThrow();
  });
});

describe('error mapping without a message body', () => {
  it('falls back to a rate limit message without wait time', () => {
    expect(mapHttpFailure({ status: 429, contentType: 'text/plain', text: 'Too many' }, { host: 'k', auth: 'session' }).message).toMatch(
      /Wait a minute/,
    );
  });
  it('explains a refused stored key (403 INVALID_API_KEY)', () => {
    expect(
      mapHttpFailure({ status: 403, contentType: 'application/json', text: '{"code":"INVALID_API_KEY"}' }, { host: 'k', auth: 'key' }).reason,
    ).toBe('key-rejected');
  });
  it('bounds a long server message', () => {
    const message = mapHttpFailure({ status: 400, contentType: 'application/json', text: JSON.stringify({ message: 'x'.repeat(5000) }) }, { host: 'k', auth: 'session' }).message;
    expect(message.length).toBeLessThan(300);
  });
});

describe('key state helpers', () => {
  const base = { id: 'a', name: 'n', instance: { webOrigin: 'https://k', apiBaseUrl: 'https://k/api' }, notes: '', createdAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-01T00:00:00.000Z', expiresAt: null, remoteId: 'r', start: null, revokedAt: null };
  it('snaps a rotation expiry policy to the choices Kaneo offers', () => {
    expect(expiryPolicyOf({ createdAt: '2026-01-01T00:00:00.000Z', expiresAt: null })).toBeNull();
    expect(expiryPolicyOf({ createdAt: '2026-01-01T00:00:00.000Z', expiresAt: '2026-01-31T00:00:05.000Z' })).toBe(30);
    expect(expiryPolicyOf({ createdAt: '2026-01-01T00:00:00.000Z', expiresAt: '2026-01-08T00:00:00.000Z' })).toBe(7);
    expect(expiryPolicyOf({ createdAt: '2026-01-01T00:00:00.000Z', expiresAt: '2027-01-01T00:00:00.000Z' })).toBe(365);
  });
  it('counts the days left in calendar days: later today is 0, tomorrow morning 1', () => {
    const now = new Date(2026, 0, 1, 20, 0).getTime();
    const server = (expiresAt: Date) => ({ id: 'r', name: 'n', start: null, enabled: true, expiresAt: expiresAt.toISOString(), createdAt: base.createdAt, lastRequest: null, requestCount: 0 });
    expect(stateOf(base, server(new Date(2026, 0, 1, 23, 0)), now)).toEqual({ kind: 'active', expiresInDays: 0 });
    expect(stateOf(base, server(new Date(2026, 0, 2, 1, 0)), now)).toEqual({ kind: 'active', expiresInDays: 1 });
  });
});
