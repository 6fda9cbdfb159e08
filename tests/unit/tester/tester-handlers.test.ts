import { describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { createTesterHandlers, isExtensionPage, testerInputSchemas } from '@/lib/tester/tester-handlers';
import { createTesterService } from '@/lib/tester/tester-service';
import { createFakeVault, keyEntry } from './fake-vault';

describe('tester handlers', () => {
  it('accept only this extension’s own pages', () => {
    const page = fakeBrowser.runtime.getURL('/options.html');
    expect(isExtensionPage({ id: fakeBrowser.runtime.id, url: page })).toBe(true);
    expect(isExtensionPage({ id: fakeBrowser.runtime.id, url: 'https://kaneo.example.com/' })).toBe(false);
    expect(isExtensionPage({ id: 'another-extension', url: page })).toBe(false);
    expect(isExtensionPage({ id: fakeBrowser.runtime.id })).toBe(false);
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
    const { vault } = createFakeVault([keyEntry()]);
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
