import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import {
  hasHostPermission,
  hostPermissionPattern,
  portPattern,
  removeHostPermission,
  requestHostPermission,
  type HostPermissionDeps,
} from '@/lib/permissions/host-permission';
import { requestHostPermission as testerRequestHostPermission } from '@/lib/tester/page/host-permission';
import { registerHandlers } from '@/lib/messaging/background/guarded-handlers';
import { createTesterFeature } from '@/lib/tester/background/tester-handlers';
import { createSealingVaultStub, keyEntry } from '../tester/sealing-vault-stub';

/** A browser's permission store: patterns granted so far, and whether the person says yes. */
function permissionStore(granted: string[] = [], answer = true) {
  const held = new Set(granted);
  const asked: string[][] = [];
  const permissions: HostPermissionDeps['permissions'] = {
    contains: vi.fn(async ({ origins = [] }: { origins?: string[] }) => origins.every((o) => held.has(o))),
    request: vi.fn(async ({ origins = [] }: { origins?: string[] }) => {
      asked.push(origins);
      if (answer) origins.forEach((o) => held.add(o));
      return answer;
    }),
    remove: vi.fn(async ({ origins = [] }: { origins?: string[] }) => {
      origins.forEach((o) => held.delete(o));
      return true;
    }),
  };
  return { permissions, held, asked };
}

describe('hostPermissionPattern: one port-less pattern per host', () => {
  it.each([
    ['http://localhost:5173', 'http://localhost/*'],
    ['http://localhost:1337/api', 'http://localhost/*'],
    ['https://kaneo.example.com/api', 'https://kaneo.example.com/*'],
    ['https://kaneo.example.com:8443/kaneo/api', 'https://kaneo.example.com/*'],
    ['https://kaneo.example.com:443/api', 'https://kaneo.example.com/*'],
    ['http://kaneo.example.com:80/api', 'http://kaneo.example.com/*'],
    ['http://127.0.0.1:4000/api', 'http://127.0.0.1/*'],
    ['http://[::1]:1337/api', 'http://[::1]/*'],
    ['https://[2001:db8::1]/api', 'https://[2001:db8::1]/*'],
    ['https://KANEO.Example.COM/api', 'https://kaneo.example.com/*'],
  ])('%s → %s', (url, pattern) => {
    expect(hostPermissionPattern(url)).toBe(pattern);
  });

  it('refuses anything but http(s)', () => {
    expect(() => hostPermissionPattern('ftp://kaneo.example.com/')).toThrow(/http/);
  });

  it('names the port-specific pattern older builds asked for, only when there is a port', () => {
    expect(portPattern('http://localhost:5173/api')).toBe('http://localhost:5173/*');
    expect(portPattern('http://[::1]:1337/api')).toBe('http://[::1]:1337/*');
    expect(portPattern('https://kaneo.example.com:443/api')).toBeNull();
  });
});

describe('request, contains, remove', () => {
  it('asks for the port-less pattern, once: a granted host is not asked again', async () => {
    const store = permissionStore();
    expect(await requestHostPermission('http://localhost:5173/api', { permissions: store.permissions, firefox: true })).toBe(true);
    expect(store.asked).toEqual([['http://localhost/*']]);
    // Another port on the same host (Kaneo's API on :1337) is covered by the same grant.
    expect(await hasHostPermission('http://localhost:1337/api', { permissions: store.permissions, firefox: true })).toBe(true);
  });

  it('Chromium: an older port-specific grant still counts, also when the person declines widening it', async () => {
    const store = permissionStore(['http://localhost:5173/*'], false);
    const deps = { permissions: store.permissions, firefox: false };
    expect(await hasHostPermission('http://localhost:5173/api', deps)).toBe(true);
    expect(await hasHostPermission('http://localhost:1337/api', deps)).toBe(false);
    expect(await requestHostPermission('http://localhost:5173/api', deps)).toBe(true);
    expect(store.asked).toEqual([['http://localhost/*']]);
  });

  it('Firefox: a port-specific grant covers nothing, so it does not count', async () => {
    const store = permissionStore(['http://localhost:5173/*'], false);
    const deps = { permissions: store.permissions, firefox: true };
    expect(await hasHostPermission('http://localhost:5173/api', deps)).toBe(false);
    expect(await requestHostPermission('http://localhost:5173/api', deps)).toBe(false);
  });

  it('remove gives up the host, older port-specific grant included', async () => {
    const store = permissionStore(['http://localhost/*', 'http://localhost:5173/*', 'https://other.example/*']);
    await removeHostPermission('http://localhost:5173/api', { permissions: store.permissions, firefox: false });
    expect([...store.held]).toEqual(['https://other.example/*']);
  });
});

describe('every caller uses the port-less pattern', () => {
  beforeEach(() => fakeBrowser.reset());

  it('the tester asks for http://localhost/*, not http://localhost:5173/*', async () => {
    const request = vi.spyOn(fakeBrowser.permissions, 'request').mockResolvedValue(true as never);
    expect(await testerRequestHostPermission('http://localhost:5173/api')).toEqual({ ok: true, value: null });
    expect(request).toHaveBeenCalledWith({ origins: ['http://localhost/*'] });
  });

  // This build is Chromium's (import.meta.env.FIREFOX is fixed at build time); Firefox's choice is
  // pinned above with the browser injected.
  it('the tester background checks http://localhost/* before sending a key', async () => {
    const contains = vi.spyOn(fakeBrowser.permissions, 'contains').mockResolvedValue(false as never);
    const key = keyEntry({ id: 'key-1', instance: { webOrigin: 'http://localhost:5173', apiBaseUrl: 'http://localhost:5173/api' } });
    const { vault } = createSealingVaultStub([key]);
    const fetchFn = vi.fn();
    const unregister = registerHandlers(createTesterFeature({ vault, fetch: fetchFn as unknown as typeof fetch }).handlers);
    try {
      const page = { id: fakeBrowser.runtime.id, url: fakeBrowser.runtime.getURL('/options.html') };
      const data = { requestId: 'r1', keyId: 'key-1', request: { method: 'GET', url: 'http://localhost:5173/api/auth/organization/list', headers: [] } };
      const answer = await new Promise((resolve) => {
        void fakeBrowser.runtime.onMessage.trigger({ id: 1, type: 'tester.send', data, timestamp: Date.now() }, page, (r: unknown) =>
          resolve((r as { res: unknown }).res),
        );
      });
      expect(answer).toMatchObject({ ok: false, reason: 'no-permission' });
    } finally {
      unregister();
    }
    // The port-less grant is what counts; Chromium alone also honours an older port-specific one.
    expect(contains.mock.calls[0]).toEqual([{ origins: ['http://localhost/*'] }]);
    expect(fetchFn).not.toHaveBeenCalled();
  });

  it('no file outside lib/permissions calls permissions.request, contains or remove itself', () => {
    const offenders: string[] = [];
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const path = join(dir, name);
        if (statSync(path).isDirectory()) walk(path);
        else if (/\.(ts|tsx)$/.test(name) && !path.includes(join('lib', 'permissions'))) {
          if (/permissions\s*\.\s*(request|contains|remove)\s*\(/.test(readFileSync(path, 'utf8'))) offenders.push(path);
        }
      }
    };
    for (const dir of ['lib', 'components', 'entrypoints']) walk(dir);
    expect(offenders).toEqual([]);
  });
});
