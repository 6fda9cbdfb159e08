// The key list on a port to Chromium's service worker (issue 11): the same guarded handler as the
// runtime message, the same answer, and the same refusals.
import { describe, expect, it, vi } from 'vitest';
import { BACKGROUND_PAGE_CALL, registerBackgroundPageChannel, registerWorkerPort, type BackgroundPageCall, type WorkerMessageEvent } from '@/lib/messaging/background/worker-port';
import { createVaultHandlers } from '@/lib/vault/background/vault-handlers';
import { draft, fastVault, STRONG_PASSPHRASE } from '../vault/vault-test-helpers';
import { PAGE } from './senders';

function fakeScope() {
  let listener: ((event: WorkerMessageEvent) => void) | null = null;
  return {
    addEventListener: (_type: 'message', l: (event: WorkerMessageEvent) => void) => (listener = l),
    removeEventListener: () => (listener = null),
    /** Posts `data` as a client at `url` would, and answers what came back on the port. */
    async post(data: unknown, url: string | undefined): Promise<unknown> {
      const posted: string[] = [];
      const waits: Promise<unknown>[] = [];
      listener?.({ data, ports: [{ postMessage: (m) => posted.push(m) }], source: url ? { url } : null, waitUntil: (p) => waits.push(p) });
      await Promise.all(waits);
      expect(posted).toHaveLength(1);
      return JSON.parse(posted[0]!);
    },
    dispatch(event: WorkerMessageEvent) {
      listener?.(event);
    },
    get registered() {
      return listener !== null;
    },
  };
}

async function portOverVault() {
  const vault = fastVault();
  await vault.create(STRONG_PASSPHRASE);
  const added = await vault.addKey(draft());
  if (!added.ok) throw new Error(added.message);
  const handlers = createVaultHandlers({ vault });
  const scope = fakeScope();
  const remove = registerWorkerPort({ 'keys.changes': handlers['keys.changes'] }, scope, () => PAGE.id);
  return { scope, handlers, remove };
}

describe('the service worker port', () => {
  it('answers keys.changes from an extension page exactly as the runtime message does, without the secret', async () => {
    const { scope, handlers } = await portOverVault();
    const onPort = await scope.post({ type: 'keys.changes' }, PAGE.url);
    expect(onPort).toEqual(JSON.parse(JSON.stringify(await handlers['keys.changes'](undefined, PAGE))));
    expect(onPort).toMatchObject({ ok: true, value: { whole: true, keys: [{ name: draft().name }] } });
    expect(JSON.stringify(onPort)).not.toContain(draft().secret);
  });

  it('refuses a client that is not an extension page, and says so on the port', async () => {
    const { scope } = await portOverVault();
    for (const url of ['https://kaneo.example.org/dashboard', 'chrome-extension://test-extension-id.evil.example/popup.html', undefined]) {
      expect(await scope.post({ type: 'keys.changes' }, url), String(url)).toMatchObject({ ok: false, reason: 'forbidden' });
    }
  });

  it('answers nothing but its own messages: a secret cannot be asked for on the port', async () => {
    const { scope } = await portOverVault();
    for (const data of [{ type: 'keys.reveal', data: { id: 'x' } }, { type: 'keys.changes', extra: true }, 'keys.changes', null]) {
      expect(await scope.post(data, PAGE.url), JSON.stringify(data)).toMatchObject({ ok: false, reason: 'forbidden' });
    }
  });

  it('validates the input like the runtime message (a cursor too long is refused)', async () => {
    const { scope } = await portOverVault();
    expect(await scope.post({ type: 'keys.changes', data: { since: 'x'.repeat(500) } }, PAGE.url)).toMatchObject({ ok: false, reason: 'invalid-input' });
  });

  it('ignores a message without a port (nothing to answer on), and can be removed', async () => {
    const { handlers } = await portOverVault();
    const handler = vi.fn(handlers['keys.changes']);
    const scope = fakeScope();
    const remove = registerWorkerPort({ 'keys.changes': handler }, scope, () => PAGE.id);
    scope.dispatch({ data: { type: 'keys.changes' }, ports: [], source: { url: PAGE.url } });
    expect(handler).not.toHaveBeenCalled();
    await scope.post({ type: 'keys.changes' }, PAGE.url);
    expect(handler).toHaveBeenCalledTimes(1);
    remove();
    expect(scope.registered).toBe(false);
  });

  it('writes the same list object once: a second answer reuses its JSON, byte for byte what JSON.stringify writes', async () => {
    let written = 0;
    // Names that look like the port's placeholder, and other text JSON must escape, are written as JSON writes them.
    const keys = [{ name: '\u0000list\u0000', notes: '"quoted" \\ back', toJSON() { written++; return { name: this.name, notes: this.notes }; } }];
    const answer = { ok: true, value: { cursor: 'c1', whole: true, keys } };
    const scope = fakeScope();
    registerWorkerPort({ 'keys.changes': async () => answer as never }, scope, () => PAGE.id);
    const raw = async () => {
      const posted: string[] = [];
      const waits: Promise<unknown>[] = [];
      scope.dispatch({ data: { type: 'keys.changes' }, ports: [{ postMessage: (m) => posted.push(m) }], source: { url: PAGE.url }, waitUntil: (p) => waits.push(p) });
      await Promise.all(waits);
      return posted[0]!;
    };
    const first = await raw();
    const second = await raw();
    expect(written).toBe(1);
    expect(first).toBe(JSON.stringify(answer));
    expect(second).toBe(first);
    expect(JSON.parse(second).value.keys[0].name).toBe('\u0000list\u0000');
  });

  it('the vault answers the same whole list until a save changes it', async () => {
    const { handlers } = await portOverVault();
    const whole = async () => {
      const answer = await handlers['keys.changes'](undefined, PAGE);
      if (!answer.ok || !answer.value.whole) throw new Error('expected the whole list');
      return answer.value.keys;
    };
    const first = await whole();
    expect(await whole()).toBe(first);
    const added = await handlers['keys.add']({ draft: draft({ name: 'Another key' }) }, PAGE);
    expect(added.ok).toBe(true);
    const after = await whole();
    expect(after).not.toBe(first);
    expect(after.map((k) => k.name)).toEqual(['Another key', draft().name].sort((a, b) => a.localeCompare(b)));
  });

  it('Firefox\'s background page answers the same requests by a call, through the same guard', async () => {
    const { handlers } = await portOverVault();
    const scope: Record<string, unknown> = {};
    const remove = registerBackgroundPageChannel({ 'keys.changes': handlers['keys.changes'] }, scope, () => PAGE.id);
    const call = scope[BACKGROUND_PAGE_CALL] as BackgroundPageCall;
    const answer = JSON.parse(await call(JSON.stringify({ type: 'keys.changes' }), PAGE.url));
    expect(answer).toEqual(JSON.parse(JSON.stringify(await handlers['keys.changes'](undefined, PAGE))));
    expect(JSON.stringify(answer)).not.toContain(draft().secret);
    // A caller claiming another address, another message, or not JSON at all is refused.
    expect(JSON.parse(await call(JSON.stringify({ type: 'keys.changes' }), 'https://kaneo.example.org/'))).toMatchObject({ ok: false, reason: 'forbidden' });
    expect(JSON.parse(await call(JSON.stringify({ type: 'keys.reveal', data: { id: 'x' } }), PAGE.url))).toMatchObject({ ok: false, reason: 'forbidden' });
    expect(JSON.parse(await call('{', PAGE.url))).toMatchObject({ ok: false, reason: 'forbidden' });
    expect(JSON.parse(await call({ type: 'keys.changes' }, PAGE.url))).toMatchObject({ ok: false, reason: 'forbidden' });
    remove();
    expect(scope[BACKGROUND_PAGE_CALL]).toBeUndefined();
  });
});
