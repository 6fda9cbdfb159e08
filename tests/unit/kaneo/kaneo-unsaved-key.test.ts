// Issue 8.3: a key created on the server is never lost when saving it fails. Here the vault is
// the real one (fakeBrowser storage), and `storage.local.set` fails the way a full disk or a used-up
// quota makes it fail; before the fix `addKey` threw and the secret was gone.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { createApiBaseStore } from '../../../lib/kaneo/background/api-base-store';
import { createKaneoService } from '../../../lib/kaneo/background/kaneo-service';
import type { VaultService } from '../../../lib/vault/background/vault-service.types';
import { draft, fastVault, localSnapshot, STRONG_PASSPHRASE } from '../vault/vault-test-helpers';
import { createFakeExecutor, json, serverKey, SESSION } from './fakes';

const ORIGIN = 'https://kaneo.test';
const INSTANCE = { webOrigin: ORIGIN, apiBaseUrl: `${ORIGIN}/api` };
const SECRET = 'N'.repeat(64);
const tab = { tabId: 7 };

afterEach(() => {
  vi.restoreAllMocks();
});

async function setup(vaultOverride?: (vault: VaultService) => VaultService) {
  const real = fastVault();
  await real.create(STRONG_PASSPHRASE);
  const vault = vaultOverride ? vaultOverride(real) : real;
  const { executor, requests } = createFakeExecutor({
    origin: ORIGIN,
    routes: {
      'GET /auth/get-session': json(200, SESSION),
      'POST /auth/api-key/create': json(200, { ...serverKey({ id: 'new1', name: 'deploy', start: 'NNNNNN' }), key: SECRET }),
      'POST /auth/api-key/delete': json(200, { success: true }),
    },
  });
  const service = createKaneoService({
    vault,
    executor,
    apiBases: createApiBaseStore(vault),
    fetch: (async () => {
      throw new Error('no background fetch expected');
    }) as unknown as typeof fetch,
    hasHostPermission: async () => true,
    now: () => Date.parse('2026-06-01T12:00:00.000Z'),
  });
  return { service, vault: real, requests };
}

function refuseLocalWrites() {
  vi.spyOn(fakeBrowser.storage.local, 'set').mockRejectedValue(new Error('QUOTA_BYTES quota exceeded'));
}

async function names(vault: VaultService): Promise<string[]> {
  const keys = await vault.listKeys();
  if (!keys.ok) throw new Error(keys.message);
  return keys.value.map((k) => k.name);
}

describe('create: the vault write fails after the server created the key', () => {
  it('answers not-saved with the secret, once, and a warning that says why', async () => {
    const { service, vault } = await setup();
    refuseLocalWrites();
    const answer = await service.createKey({ target: tab, name: 'deploy', expiresInDays: 30, note: '' });
    expect(answer).toMatchObject({
      ok: false,
      reason: 'not-saved',
      message: expect.stringMatching(
        /^The key was created on kaneo\.test but could not be saved in the vault \(The vault could not be saved: the browser’s storage for the extension is full\. Nothing was changed\.\)\. Copy it now — it won't be shown again — or revoke it on the server\.$/,
      ),
      unsaved: { secret: SECRET, remoteId: 'new1', name: 'deploy', instance: INSTANCE },
    });
    expect(await names(vault)).toEqual([]);
  });

  it('answers not-saved even when the vault throws', async () => {
    const { service } = await setup((real) => ({
      ...real,
      addKey: async () => {
        throw new Error('boom');
      },
    }));
    expect(await service.createKey({ target: tab, name: 'deploy', expiresInDays: 30, note: '' })).toMatchObject({
      ok: false,
      reason: 'not-saved',
      unsaved: { secret: SECRET },
    });
  });
});

describe('rotate: the vault write fails after the server created the replacement', () => {
  async function withOld() {
    const context = await setup();
    const old = await context.vault.addKey(draft({ name: 'deploy', secret: 'O'.repeat(64), instance: INSTANCE, remoteId: 'old1' }));
    if (!old.ok) throw new Error(old.message);
    return { ...context, old: old.value };
  }

  it('keeps the old entry as it was (never renamed "(old)"), revokes nothing, and hands back the new secret', async () => {
    const { service, vault, old, requests } = await withOld();
    const before = await localSnapshot();
    refuseLocalWrites();
    const answer = await service.rotate({ target: tab, vaultId: old.id });
    expect(answer).toMatchObject({
      ok: false,
      reason: 'not-saved',
      message: expect.stringMatching(/could not be saved in the vault .*"deploy" is untouched and still works\. Copy the new key now/),
      unsaved: { secret: SECRET, remoteId: 'new1' },
    });
    expect(await localSnapshot()).toEqual(before);
    expect(await names(vault)).toEqual(['deploy']);
    expect(requests.some((r) => r.path === '/auth/api-key/delete')).toBe(false);
  });

  it('says so when the rename could not be undone', async () => {
    const { old, vault: real } = await withOld();
    let updates = 0;
    // One vault whose first update (the rename) lands and whose add and undo then fail.
    const { service } = await (async () => {
      const wrapped: VaultService = {
        ...real,
        updateKey: async (id, patch) => (++updates === 1 ? real.updateKey(id, patch) : Promise.reject(new Error('disk'))),
        addKey: async () => Promise.reject(new Error('disk')),
      };
      const { executor } = createFakeExecutor({
        origin: ORIGIN,
        routes: { 'POST /auth/api-key/create': json(200, { ...serverKey({ id: 'new1', name: 'deploy' }), key: SECRET }) },
      });
      return {
        service: createKaneoService({
          vault: wrapped,
          executor,
          apiBases: createApiBaseStore(wrapped),
          fetch: fetch,
          hasHostPermission: async () => true,
          now: () => Date.now(),
        }),
      };
    })();
    const answer = await service.rotate({ target: tab, vaultId: old.id });
    expect(answer).toMatchObject({
      ok: false,
      reason: 'not-saved',
      message: expect.stringMatching(/"deploy" still works, but its vault entry is still named "deploy \(old\)": rename it back by hand\./),
      unsaved: { secret: SECRET },
    });
  });
});
