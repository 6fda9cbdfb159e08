import { keyDraftSchema, keyPatchSchema, type KeyEntry } from '../../../lib/keys/key-entry';
import type { VaultState } from '../../../lib/vault/protocol';
import { err, ok, type Result } from '../../../lib/result';
import type { RawResponse } from '../../../lib/kaneo/background/kaneo-errors';
import type { PageRequest } from '../../../lib/kaneo/tab/page-functions';
import type { TabExecutor } from '../../../lib/kaneo/background/transport';
import type { SealedBlob, VaultService } from '../../../lib/vault/background/vault-service.types';
import { testKeyEntry } from '../../fixtures/key-entry';

/** An in-memory VaultService for Kaneo tests, with switchable failures. Seal is a reversible encoding, not crypto. */
export function createInMemoryVaultService(initial: VaultState['state'] = 'unlocked') {
  let state: VaultState = initial === 'damaged' ? { state: 'damaged', message: 'broken' } : ({ state: initial } as VaultState);
  const keys = new Map<string, KeyEntry>();
  const listeners = new Set<() => void>();
  let seq = 0;
  const fail = { add: null as string | null, update: null as string | null, updateOnce: null as string | null };
  const locked = () => state.state !== 'unlocked';
  const emit = () => listeners.forEach((l) => l());

  const vault: VaultService = {
    state: async () => state,
    create: async () => ok(null),
    unlock: async () => {
      state = { state: 'unlocked' };
      emit();
      return ok(null);
    },
    lock: async () => {
      state = { state: 'locked' };
      emit();
    },
    changePassphrase: async () => ok(null),
    listKeys: async () => (locked() ? err('locked', 'Vault is locked') : ok([...keys.values()])),
    // No change log here: always the whole list.
    listChanges: async () => (locked() ? err('locked', 'Vault is locked') : ok({ cursor: `n${seq}`, whole: true, keys: [...keys.values()] })),
    getKey: async (id) => {
      if (locked()) return err('locked', 'Vault is locked');
      const key = keys.get(id);
      return key ? ok(key) : err('not-found', 'No such key');
    },
    addKey: async (draft) => {
      if (locked()) return err('locked', 'Vault is locked');
      if (fail.add) return err('write-failed', fail.add);
      const d = keyDraftSchema.parse(draft);
      if ([...keys.values()].some((k) => k.instance.webOrigin === d.instance.webOrigin && k.name === d.name)) {
        return err('duplicate', 'name taken');
      }
      const now = new Date().toISOString();
      const entry: KeyEntry = { ...d, id: `k${++seq}`, createdAt: now, updatedAt: now, revokedAt: null };
      keys.set(entry.id, entry);
      emit();
      return ok(entry);
    },
    updateKey: async (id, patch) => {
      if (locked()) return err('locked', 'Vault is locked');
      if (fail.updateOnce) {
        const message = fail.updateOnce;
        fail.updateOnce = null;
        return err('write-failed', message);
      }
      if (fail.update) return err('write-failed', fail.update);
      const key = keys.get(id);
      if (!key) return err('not-found', 'No such key');
      const p = keyPatchSchema.parse(patch);
      const clean = Object.fromEntries(Object.entries(p).filter(([, v]) => v !== undefined));
      const next = { ...key, ...clean, updatedAt: new Date().toISOString() } as KeyEntry;
      keys.set(id, next);
      emit();
      return ok(next);
    },
    deleteKey: async (id) => {
      keys.delete(id);
      emit();
      return ok(null);
    },
    seal: async (value): Promise<Result<SealedBlob>> =>
      locked() ? err('locked', 'Vault is locked') : ok({ v: 2, iv: 'x', ct: Buffer.from(JSON.stringify(value)).toString('base64') }),
    open: async (blob) =>
      locked() ? err('locked', 'Vault is locked') : ok(JSON.parse(Buffer.from(blob.ct, 'base64').toString())),
    onChange: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    touch: async () => undefined,
  };

  return {
    vault,
    keys,
    fail,
    setState(next: VaultState['state']) {
      state = next === 'damaged' ? { state: 'damaged', message: 'broken' } : ({ state: next } as VaultState);
    },
    /** Put an entry straight in, bypassing failures. */
    seed(entry: Partial<KeyEntry> & Pick<KeyEntry, 'name' | 'secret'>): KeyEntry {
      const now = new Date().toISOString();
      const full = testKeyEntry({
        id: `k${++seq}`,
        instance: { webOrigin: 'https://kaneo.test', apiBaseUrl: 'https://kaneo.test/api' },
        createdAt: now,
        updatedAt: now,
        ...entry,
      });
      keys.set(full.id, full);
      return full;
    },
  };
}

export type Route = (request: PageRequest & { body?: string | null }) => RawResponse | 'network-error';

export function json(status: number, body: unknown): RawResponse {
  return { status, contentType: 'application/json', text: JSON.stringify(body) };
}

/**
 * A fake tab: one origin, routes keyed by "METHOD /path" (path relative to the API base).
 * Records every request. `origin: Error` makes executeScript fail as it does on chrome:// pages.
 */
export function createFakeExecutor(options: {
  origin: string | Error;
  apiBase?: string;
  routes: Record<string, Route | RawResponse>;
}) {
  const requests: Array<{ method: string; path: string; body: unknown }> = [];
  const apiBase = options.apiBase ?? `${options.origin instanceof Error ? '' : options.origin}/api`;
  const executor: TabExecutor = {
    async pageOrigin() {
      if (options.origin instanceof Error) {
        const { mapScriptingError } = await import('../../../lib/kaneo/background/transport');
        return mapScriptingError(options.origin);
      }
      return ok(options.origin);
    },
    async fetch(_tabId, request) {
      const url = new URL(request.url);
      const path = request.url.startsWith(apiBase) ? request.url.slice(apiBase.length).split('?')[0]! : url.pathname;
      requests.push({ method: request.method, path, body: request.body ? JSON.parse(request.body) : undefined });
      const route = options.routes[`${request.method} ${path}`];
      if (!route) return ok({ status: 404, contentType: 'text/plain', text: 'Not Found' });
      const answer = typeof route === 'function' ? route(request) : route;
      if (answer === 'network-error') {
        const { networkFailure } = await import('../../../lib/kaneo/background/kaneo-errors');
        return networkFailure(url.host, 'Failed to fetch');
      }
      return ok(answer);
    },
  };
  return { executor, requests };
}

export const SESSION = { user: { id: 'u1', name: 'Ada Lovelace', email: 'ada@example.com' }, session: { expiresAt: '2030-01-01T00:00:00.000Z' } };

export function serverKey(over: Record<string, unknown> = {}) {
  return {
    id: 'rk1',
    name: 'ci',
    start: 'abcdef',
    prefix: null,
    enabled: true,
    expiresAt: null,
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    lastRequest: null,
    requestCount: 0,
    ...over,
  };
}
