import { describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { registerHandlers } from '@/lib/messaging/background/guarded-handlers';
import { createTesterFeature, createTesterHandlers, testerInputSchemas } from '@/lib/tester/background/tester-handlers';
import { createTesterService } from '@/lib/tester/background/tester-service';
import { createSealingVaultStub, keyEntry } from './sealing-vault-stub';

describe('tester handlers', () => {
  async function deliver(type: string, data: unknown, sender: { id?: string; url?: string }): Promise<unknown> {
    return new Promise((resolve) => {
      void fakeBrowser.runtime.onMessage.trigger({ id: 1, type, data, timestamp: Date.now() }, sender, (r: unknown) =>
        resolve((r as { res: unknown }).res),
      );
    });
  }

  it('answer only this extension’s own pages, and count a person’s actions as vault activity', async () => {
    const { vault, state } = createSealingVaultStub();
    const unregister = registerHandlers(createTesterFeature({ vault, hasHostPermission: async () => false }).handlers);
    try {
      const page = { id: fakeBrowser.runtime.id, url: fakeBrowser.runtime.getURL('/options.html') };
      const request = { method: 'GET', url: 'https://kaneo.example.com/api/auth/organization/list', headers: [] };
      const data = { requestId: 'r1', keyId: 'key-1', request };
      for (const sender of [{ id: fakeBrowser.runtime.id, url: 'https://kaneo.example.com/' }, { id: 'another-extension', url: page.url }, { id: page.id }]) {
        expect(await deliver('tester.send', data, sender)).toMatchObject({ ok: false, reason: 'forbidden' });
      }
      expect(state.touches).toBe(0);
      expect(await deliver('tester.history.list', { keyId: 'key-1' }, page)).toMatchObject({ ok: true });
      expect(state.touches).toBe(0);
      expect(await deliver('tester.send', data, page)).toMatchObject({ ok: false });
      expect(state.touches).toBe(1);
    } finally {
      unregister();
    }
  });

  it('parse every input strictly', () => {
    const send = testerInputSchemas['tester.send'];
    expect(send.safeParse({ requestId: 'r', keyId: 'k', request: { method: 'GET', url: 'https://x/api', headers: [] } }).success).toBe(true);
    expect(send.safeParse({ requestId: 'r', keyId: 'k', request: { method: 'TRACE', url: 'https://x/api' } }).success).toBe(false);
    expect(send.safeParse({ requestId: 'r', keyId: 'k', request: { method: 'GET', url: 'not a url' } }).success).toBe(false);
    expect(
      send.safeParse({ requestId: 'r', keyId: 'k', request: { method: 'GET', url: 'https://x/api', headers: [{ name: 'X', value: 'a\r\nEvil: 1' }] } })
        .success,
    ).toBe(false);
    expect(send.safeParse({ requestId: '', keyId: 'k', request: { method: 'GET', url: 'https://x/api' } }).success).toBe(false);
    expect(send.safeParse({ requestId: 'r', keyId: 'k', request: { method: 'GET', url: 'https://x/api' }, timeoutMs: 10 }).success).toBe(false);
    expect(testerInputSchemas['tester.lookup'].safeParse({ keyId: 'k', kind: 'projects' }).success).toBe(false);
  });

  it('route each message to the service', async () => {
    const { vault } = createSealingVaultStub([keyEntry()]);
    const service = createTesterService({
      vault,
      fetch: (async () => new Response('[]', { headers: { 'content-type': 'application/json' } })) as typeof fetch,
      hasHostPermission: async () => true,
    });
    const handlers = createTesterHandlers(service);
    expect(await handlers['tester.cancel']({ requestId: 'none' })).toMatchObject({ ok: false, reason: 'not-running' });
    expect(await handlers['tester.lookup']({ keyId: 'key-1', kind: 'workspaces' })).toEqual({ ok: true, value: [] });
    expect(await handlers['tester.history.list']({ keyId: 'key-1' })).toEqual({ ok: true, value: [] });
    expect(await handlers['tester.send']({ requestId: 'r', keyId: 'missing', request: { method: 'GET', url: 'https://kaneo.example.com/api', headers: [], body: null } })).toMatchObject({ ok: false, reason: 'not-found' });
  });
});
