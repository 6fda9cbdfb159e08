// The page's side of the service worker port: the port when there is a worker that answers,
// the runtime message otherwise (Firefox, no worker, a broken answer).
import { afterEach, describe, expect, it, vi } from 'vitest';
import { sendMessage } from '@/lib/messaging/protocol';
import { sendThroughWorker } from '@/lib/messaging/page/worker-call';

vi.mock('@/lib/messaging/protocol', () => ({ sendMessage: vi.fn(async () => ({ ok: true, value: 'by runtime message' })) }));

afterEach(() => {
  vi.unstubAllGlobals();
  vi.mocked(sendMessage).mockClear();
});

/** A service worker that answers every port with `reply(request)`. */
function workerAnswering(reply: (request: unknown) => string) {
  const requests: unknown[] = [];
  const active = {
    postMessage(request: unknown, [port]: MessagePort[]) {
      requests.push(request);
      port!.postMessage(reply(request));
    },
  };
  vi.stubGlobal('navigator', { serviceWorker: { getRegistration: async () => ({ active }) } });
  return requests;
}

describe('sendThroughWorker', () => {
  it('asks the service worker on a port and parses its answer; no runtime message', async () => {
    const requests = workerAnswering(() => JSON.stringify({ ok: true, value: 'by port' }));
    expect(await sendThroughWorker('keys.changes', { since: 'c1' })).toEqual({ ok: true, value: 'by port' });
    expect(requests).toEqual([{ type: 'keys.changes', data: { since: 'c1' } }]);
    expect(sendMessage).not.toHaveBeenCalled();
  });

  it('sends a runtime message where there is no service worker (Firefox), or it cannot be asked', async () => {
    vi.stubGlobal('navigator', {});
    expect(await sendThroughWorker('keys.changes', undefined)).toEqual({ ok: true, value: 'by runtime message' });
    vi.stubGlobal('navigator', { serviceWorker: { getRegistration: async () => undefined } });
    expect(await sendThroughWorker('keys.changes', undefined)).toEqual({ ok: true, value: 'by runtime message' });
    vi.stubGlobal('navigator', { serviceWorker: { getRegistration: async () => Promise.reject(new Error('SecurityError')) } });
    expect(await sendThroughWorker('keys.changes', undefined)).toEqual({ ok: true, value: 'by runtime message' });
    expect(sendMessage).toHaveBeenCalledTimes(3);
    expect(vi.mocked(sendMessage).mock.calls.every(([type]) => type === 'keys.changes')).toBe(true);
  });

  it('asks again by runtime message when the port answers something that is not JSON', async () => {
    workerAnswering(() => 'not json');
    expect(await sendThroughWorker('keys.changes', undefined)).toEqual({ ok: true, value: 'by runtime message' });
    expect(sendMessage).toHaveBeenCalledTimes(1);
  });

  it('in Firefox, calls the background page\'s function with the request as JSON and this page\'s address; no runtime message', async () => {
    vi.stubGlobal('navigator', {});
    const calls: unknown[][] = [];
    const background = { __kaneoBackgroundCall: async (...args: unknown[]) => (calls.push(args), JSON.stringify({ ok: true, value: 'by background page' })) };
    vi.stubGlobal('browser', { runtime: { getBackgroundPage: async () => background } });
    vi.stubGlobal('location', { href: 'moz-extension://uuid/popup.html' });
    expect(await sendThroughWorker('keys.changes', { since: 'c1' })).toEqual({ ok: true, value: 'by background page' });
    expect(calls).toEqual([[JSON.stringify({ type: 'keys.changes', data: { since: 'c1' } }), 'moz-extension://uuid/popup.html']]);
    expect(sendMessage).not.toHaveBeenCalled();
  });

  it('falls back to the runtime message when the background page cannot be had or does not answer', async () => {
    vi.stubGlobal('navigator', {});
    for (const getBackgroundPage of [
      async () => null,
      async () => Promise.reject(new Error('private window')),
      async () => ({}),
      async () => ({ __kaneoBackgroundCall: async () => Promise.reject(new Error('reloading')) }),
      async () => ({ __kaneoBackgroundCall: async () => 'not json' }),
    ]) {
      vi.stubGlobal('browser', { runtime: { getBackgroundPage } });
      expect(await sendThroughWorker('keys.changes', undefined)).toEqual({ ok: true, value: 'by runtime message' });
    }
    expect(sendMessage).toHaveBeenCalledTimes(5);
  });
});
