/**
 * The Kaneo tab's own deadline (issue 12): the background can't hand an AbortSignal through
 * executeScript, so the in-tab function must stop its own request when its time is up — in
 * Chromium (the content script's fetch) and in Firefox, where the request goes through the page's
 * `content.fetch`, which only obeys a signal of the page's own realm. An answer that comes after
 * the deadline is never read and never replaces the "timeout" already answered.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { pageFetch } from '../../../lib/kaneo/tab/page-functions';

/** A realm of its own, like the page's in Firefox: its fetch obeys only its own signals. */
class PageRealmAbortController extends AbortController {}

interface HeldFetch {
  fetch: typeof fetch;
  /** The signal the request was sent with, if any. */
  signal(): AbortSignal | undefined;
  /** Answers the held request now (a server that answers late). */
  answerLate(body: string): void;
}

/** A server that never answers until `answerLate`; aborts only through a signal it accepts. */
function heldFetch(accepts: (signal: AbortSignal) => boolean): HeldFetch {
  let sent: AbortSignal | undefined;
  let answer: ((response: Response) => void) | undefined;
  return {
    fetch: ((_url: string, init: RequestInit = {}) =>
      new Promise<Response>((resolve, reject) => {
        sent = init.signal ?? undefined;
        answer = resolve;
        if (sent && accepts(sent)) {
          sent.addEventListener('abort', () => reject(new DOMException('The operation was aborted.', 'AbortError')));
        }
      })) as typeof fetch,
    signal: () => sent,
    answerLate: (body) => answer?.(new Response(body, { status: 200, headers: { 'content-type': 'application/json' } })),
  };
}

afterEach(() => {
  vi.unstubAllGlobals();
  vi.useRealTimers();
});

describe('pageFetch stops its own request at its deadline', () => {
  it('in Chromium: the content script fetch is aborted, and a late answer is not read', async () => {
    vi.useFakeTimers();
    const server = heldFetch(() => true);
    vi.stubGlobal('fetch', server.fetch);
    const answer = pageFetch({ url: 'https://k.test/api/auth/api-key/create', method: 'POST', body: '{}', timeoutMs: 1_000 });
    await vi.advanceTimersByTimeAsync(1_000);
    expect(await answer).toMatchObject({ kind: 'timeout' });
    expect(server.signal()?.aborted).toBe(true);
    server.answerLate(JSON.stringify({ key: 'late_secret_never_read' }));
    expect(await answer).toMatchObject({ kind: 'timeout' });
  });

  it("in Firefox: content.fetch gets a signal of the page's realm, and it is aborted at the deadline", async () => {
    vi.useFakeTimers();
    const server = heldFetch((signal) => signal instanceof AbortSignal && realmOf(signal) === 'page');
    vi.stubGlobal('content', { fetch: server.fetch, AbortController: PageRealmAbortController });
    const answer = pageFetch({ url: 'https://k.test/api/auth/api-key/create', method: 'POST', body: '{}', timeoutMs: 1_000 });
    await vi.advanceTimersByTimeAsync(999);
    expect(server.signal()?.aborted).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(await answer).toMatchObject({ kind: 'timeout' });
    // The request itself was stopped in the tab, not just forgotten by the race.
    expect(server.signal()).toBeDefined();
    expect(realmOf(server.signal()!)).toBe('page');
    expect(server.signal()!.aborted).toBe(true);
  });

  it('a body still arriving after the deadline is not read on', async () => {
    vi.useFakeTimers();
    let push: ((chunk: string) => void) | undefined;
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        push = (chunk) => controller.enqueue(new TextEncoder().encode(chunk));
      },
    });
    vi.stubGlobal('fetch', (async () => new Response(stream, { status: 200 })) as typeof fetch);
    const answer = pageFetch({ url: 'https://k.test/api/auth/api-key/list', method: 'GET', timeoutMs: 1_000 });
    await vi.advanceTimersByTimeAsync(10);
    push?.('{"apiKeys":[');
    await vi.advanceTimersByTimeAsync(1_000);
    push?.(']}');
    expect(await answer).toMatchObject({ kind: 'timeout' });
  });
});

/** Which controller class made a signal: the page's (Firefox content realm) or the sandbox's. */
const pageSignals = new WeakSet<AbortSignal>();
function realmOf(signal: AbortSignal): 'page' | 'sandbox' {
  return pageSignals.has(signal) ? 'page' : 'sandbox';
}
const originalSignal = Object.getOwnPropertyDescriptor(AbortController.prototype, 'signal')!;
Object.defineProperty(PageRealmAbortController.prototype, 'signal', {
  get(this: AbortController) {
    const signal = originalSignal.get!.call(this) as AbortSignal;
    pageSignals.add(signal);
    return signal;
  },
});
