/**
 * Where a Kaneo operation runs: the signed-in tab (its cookie session), or — from the options
 * page, without a tab — one of that instance's stored keys, sent from the background.
 *
 * Protects: stored keys. Invariant: a key is only ever sent to its own instance's API base
 * (never to another configured URL), with `credentials: 'omit'`, and only after the person
 * granted that origin.
 */
import { defaultApiBase, type Instance, type KeyEntry } from '../../keys/key-entry';
import type { InstanceKeysView, KaneoTarget, TabInspection } from '../protocol';
import { err, ok } from '../../result';
import type { VaultService } from '../../vault/background/vault-service.types';
import type { ApiBaseStore } from './api-base-store';
import type { ListingKeyStore } from './listing-key-store';
import { createKaneoApi, type KaneoApi, type KaneoResult } from './kaneo-api';
import { hostOf } from './kaneo-errors';
import { lockedOr } from './kaneo-vault-steps';
import { createKeyTransport, createTabTransport, type TabExecutor } from './transport';

/** A key not to authenticate with when another one will do. */
export interface Avoid {
  vaultId?: string;
  remoteId?: string;
}

/** A resolved place to talk to: the instance, an API client, and how it authenticates. */
export interface Connection {
  instance: Instance;
  api: KaneoApi;
  via: InstanceKeysView['via'];
  apiBaseSource: TabInspection['apiBaseSource'];
}

export interface ConnectionDeps {
  vault: VaultService;
  executor: TabExecutor;
  apiBases: ApiBaseStore;
  listingKeys: ListingKeyStore;
  fetch: typeof fetch;
  hasHostPermission(origin: string): Promise<boolean>;
  now(): number;
}

export function createKaneoConnections(deps: ConnectionDeps) {
  const { vault, executor, apiBases, listingKeys } = deps;

  async function connectTab(tabId: number): Promise<KaneoResult<Connection>> {
    const origin = await executor.pageOrigin(tabId);
    if (!origin.ok) return origin;
    const configured = await apiBases.get(origin.value);
    const apiBaseUrl = configured ?? defaultApiBase(origin.value);
    return ok({
      instance: { webOrigin: origin.value, apiBaseUrl },
      api: createKaneoApi(createTabTransport(executor, tabId, apiBaseUrl, undefined, origin.value), {
        host: hostOf(origin.value),
        auth: 'session',
        api: { baseUrl: apiBaseUrl, configured: configured !== null },
      }),
      via: { kind: 'tab' },
      apiBaseSource: configured ? 'configured' : 'default',
    });
  }

  /**
   * The stored keys of an instance that may be used to reach it, in the order to try them: the
   * key the person chose, else the one that last listed the keys, then the rest; the key being
   * acted on (revoked, rotated, disabled) goes last, so managing a key rarely uses that same key.
   */
  async function credentialsFor(webOrigin: string, choice: string | undefined, avoid: Avoid = {}): Promise<KaneoResult<KeyEntry[]>> {
    const keys = await vault.listKeys();
    if (!keys.ok) return lockedOr(keys.reason, keys.message);
    const now = deps.now();
    const usable = keys.value.filter(
      (k) => k.instance.webOrigin === webOrigin && !k.revokedAt && (!k.expiresAt || new Date(k.expiresAt).getTime() > now),
    );
    if (choice !== undefined) {
      const chosen = usable.find((k) => k.id === choice);
      if (!chosen) {
        return err(
          'invalid-input',
          `The chosen key is not a usable key of ${hostOf(webOrigin)} any more (revoked, expired or deleted). Choose another one.`,
        );
      }
      return ok([chosen]);
    }
    if (usable.length === 0) {
      return err(
        'no-key-for-instance',
        `The vault has no usable key for ${hostOf(webOrigin)}. Open a signed-in Kaneo tab and manage keys from the popup there.`,
      );
    }
    const lastGood = await listingKeys.get(webOrigin);
    const avoided = (k: KeyEntry) => k.id === avoid.vaultId || (avoid.remoteId !== undefined && k.remoteId === avoid.remoteId);
    const rank = (k: KeyEntry) => (avoided(k) ? 2 : k.id === lastGood ? 0 : 1);
    return ok([...usable].sort((a, b) => rank(a) - rank(b)));
  }

  async function connectWith(webOrigin: string, credential: KeyEntry): Promise<KaneoResult<Connection>> {
    // The key goes to its own instance's API base only, never to another configured URL.
    const apiBaseUrl = credential.instance.apiBaseUrl;
    const apiOrigin = new URL(apiBaseUrl).origin;
    if (!(await deps.hasHostPermission(apiOrigin))) {
      return err(
        'no-permission',
        `Kaneo Key Manager needs your permission to reach ${hostOf(apiOrigin)} from the extension. Click "Load keys" and allow access.`,
      );
    }
    return ok({
      instance: { webOrigin, apiBaseUrl },
      api: createKaneoApi(createKeyTransport(deps.fetch, apiBaseUrl, credential.secret), {
        host: hostOf(apiOrigin),
        auth: 'key',
      }),
      via: { kind: 'key', keyName: credential.name, keyId: credential.id, refused: [] },
      apiBaseSource: 'default',
    });
  }

  async function connectInstance(webOrigin: string, choice?: string, avoid?: Avoid): Promise<KaneoResult<Connection>> {
    const credentials = await credentialsFor(webOrigin, choice, avoid);
    if (!credentials.ok) return credentials;
    return connectWith(webOrigin, credentials.value[0]!);
  }

  function connect(target: KaneoTarget, avoid?: Avoid): Promise<KaneoResult<Connection>> {
    return 'tabId' in target ? connectTab(target.tabId) : connectInstance(new URL(target.webOrigin).origin, target.keyId, avoid);
  }

  return { connectTab, credentialsFor, connectWith, connect };
}

export type KaneoConnections = ReturnType<typeof createKaneoConnections>;
