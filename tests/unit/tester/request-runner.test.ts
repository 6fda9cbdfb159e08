import { afterEach, describe, expect, it, vi } from 'vitest';
import { createRequestRunner } from '@/lib/tester/background/request-runner';
import { DEFAULT_TIMEOUT_MS } from '@/lib/tester/protocol';
import type { HttpRequest } from '@/lib/request/http-request';

const SECRET = 'k'.repeat(64);
const request: HttpRequest = {
  method: 'GET',
  url: 'https://kaneo.example.com/api/auth/organization/list',
  headers: [{ name: 'Accept', value: 'application/json' }],
  body: null,
};

/** A fetch that never answers until its signal aborts, like a hung server. */
function hangingFetch(): typeof fetch {
  return ((_url: RequestInfo | URL, init?: RequestInit) =>
    new Promise((_resolve, reject) => {
      init?.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
    })) as typeof fetch;
}

afterEach(() => {
  vi.useRealTimers();
});

describe('createRequestRunner', () => {
  it('sends the key as a Bearer header, without cookies, without following redirects', async () => {
    const fetch = vi.fn(async () => new Response('[]', { status: 200, headers: { 'content-type': 'application/json' } }));
    const runner = createRequestRunner({ fetch: fetch as unknown as typeof globalThis.fetch });
    const result = await runner.run({ requestId: 'r1', request, secret: SECRET });
    expect(result.ok).toBe(true);
    const [url, init] = fetch.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe(request.url);
    expect(init.credentials).toBe('omit');
    expect(init.redirect).toBe('manual');
    const headers = new Headers(init.headers);
    expect(headers.get('authorization')).toBe(`Bearer ${SECRET}`);
    expect(headers.get('accept')).toBe('application/json');
    expect(init.body).toBeUndefined();
  });

  it('never lets a header from the request replace the key', async () => {
    const fetch = vi.fn(async () => new Response(''));
    const runner = createRequestRunner({ fetch: fetch as unknown as typeof globalThis.fetch });
    await runner.run({
      requestId: 'r1',
      request: { ...request, headers: [{ name: 'Authorization', value: 'Bearer other' }] },
      secret: SECRET,
    });
    const init = (fetch.mock.calls[0] as unknown as [string, RequestInit])[1];
    expect(new Headers(init.headers).get('authorization')).toBe(`Bearer ${SECRET}`);
  });

  it('sends a body for POST', async () => {
    const fetch = vi.fn(async () => new Response('{}', { status: 201 }));
    const runner = createRequestRunner({ fetch: fetch as unknown as typeof globalThis.fetch });
    const result = await runner.run({
      requestId: 'r1',
      request: { ...request, method: 'POST', body: '{"title":"x"}' },
      secret: SECRET,
    });
    expect((fetch.mock.calls[0] as unknown as [string, RequestInit])[1].body).toBe('{"title":"x"}');
    expect(result.ok && result.value.status).toBe(201);
  });

  it('times out after the default 30 s and says so', async () => {
    vi.useFakeTimers();
    const runner = createRequestRunner({ fetch: hangingFetch() });
    const pending = runner.run({ requestId: 'slow', request, secret: SECRET });
    expect(runner.running()).toEqual(['slow']);
    await vi.advanceTimersByTimeAsync(DEFAULT_TIMEOUT_MS - 1);
    expect(runner.running()).toEqual(['slow']);
    await vi.advanceTimersByTimeAsync(1);
    const result = await pending;
    expect(result).toMatchObject({ ok: false, reason: 'timeout' });
    expect(!result.ok && result.message).toContain('30 s');
    expect(runner.running()).toEqual([]);
  });

  it('honours a shorter timeout', async () => {
    vi.useFakeTimers();
    const runner = createRequestRunner({ fetch: hangingFetch() });
    const pending = runner.run({ requestId: 'slow', request, secret: SECRET, timeoutMs: 1500 });
    await vi.advanceTimersByTimeAsync(1500);
    const result = await pending;
    expect(result).toMatchObject({ ok: false, reason: 'timeout' });
    expect(!result.ok && result.message).toContain('1.5 s');
  });

  it('cancels a running request by its id, and only that one', async () => {
    const runner = createRequestRunner({ fetch: hangingFetch() });
    const a = runner.run({ requestId: 'a', request, secret: SECRET });
    const b = runner.run({ requestId: 'b', request, secret: SECRET });
    expect(runner.cancel('a')).toBe(true);
    expect(await a).toMatchObject({ ok: false, reason: 'cancelled' });
    expect(runner.running()).toEqual(['b']);
    expect(runner.cancel('nope')).toBe(false);
    runner.cancel('b');
    await b;
    expect(runner.running()).toEqual([]);
  });

  it('cancels a response whose body stalls half way', async () => {
    const fetch = (async (_url: unknown, init?: RequestInit) => {
      const stream = new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(new TextEncoder().encode('{"partial":'));
          init?.signal?.addEventListener('abort', () => controller.error(new DOMException('aborted', 'AbortError')));
        },
      });
      return new Response(stream, { status: 200 });
    }) as typeof globalThis.fetch;
    const runner = createRequestRunner({ fetch });
    const pending = runner.run({ requestId: 'stall', request, secret: SECRET });
    await new Promise((r) => setTimeout(r, 10));
    runner.cancel('stall');
    expect(await pending).toMatchObject({ ok: false, reason: 'cancelled' });
  });

  it('refuses a second request with an id already running', async () => {
    const runner = createRequestRunner({ fetch: hangingFetch() });
    const first = runner.run({ requestId: 'same', request, secret: SECRET });
    expect(await runner.run({ requestId: 'same', request, secret: SECRET })).toMatchObject({ ok: false, reason: 'duplicate-id' });
    runner.cancel('same');
    await first;
  });

  it('reports a network failure without the secret in it', async () => {
    const runner = createRequestRunner({
      fetch: (async () => {
        throw new TypeError('Failed to fetch');
      }) as typeof globalThis.fetch,
    });
    const result = await runner.run({ requestId: 'n', request, secret: SECRET });
    expect(result).toMatchObject({ ok: false, reason: 'network' });
    expect(JSON.stringify(result)).not.toContain(SECRET);
  });

  it('measures time with the injected clock', async () => {
    let t = 1000;
    const runner = createRequestRunner({
      fetch: (async () => {
        t += 42;
        return new Response('ok', { headers: { 'content-type': 'text/plain' } });
      }) as typeof globalThis.fetch,
      now: () => t,
    });
    const result = await runner.run({ requestId: 't', request, secret: SECRET });
    expect(result.ok && result.value.timeMs).toBe(42);
  });
});
