/**
 * Background handlers for every message in lib/kaneo/protocol.ts, behind the one guard
 * (lib/messaging/background/guarded-handlers.ts).
 *
 * Protects: the signed-in Kaneo session of the user's tab (it can create and revoke keys) and the
 * stored keys the background may use for an instance when there is no tab.
 * Against: a page (or anything posing as one) steering those requests elsewhere: every input is
 * parsed strictly below — a target is a tab id or an http(s) web origin, never both, and ids and
 * names are bounded — before the service sees it.
 * Invariant: a new key's secret goes from the tab straight into the vault; no answer here carries
 * a secret except the one-time `not-saved` notice when storing it failed.
 */
import * as z from 'zod/mini';
import { createGuardedHandlers, type ExposedHandler } from '../../messaging/background/guarded-handlers';
import type { KaneoProtocol } from '../protocol';
import type { VaultService } from '../../vault/background/vault-service.types';
import { createApiBaseStore } from './api-base-store';
import { createKaneoService, type KaneoService, type KaneoServiceDeps } from './kaneo-service';
import { createScriptingExecutor } from './transport';
import { hasHostPermission } from '../../permissions/host-permission';

const tabId = z.int().check(z.gte(0));
const target = z.union([
  z.strictObject({ tabId }),
  z.strictObject({ webOrigin: z.url().check(z.refine((u) => /^https?:/.test(u))), keyId: z.optional(z.string().check(z.minLength(1), z.maxLength(200))) }),
]);
const remoteId = z.string().check(z.minLength(1), z.maxLength(200));

/** Input schemas: pages are trusted less than the background; every message is parsed. */
export const kaneoInputSchemas = {
  'kaneo.inspectTab': z.object({ tabId }),
  'kaneo.createKey': z.object({
    target,
    name: z.string().check(z.maxLength(200)),
    expiresInDays: z.nullable(z.int()),
    note: z._default(z.string().check(z.maxLength(2000)), ''),
    expectedOrigin: z.optional(z.url().check(z.refine((u) => /^https?:/.test(u)))),
    confirmedNewOrigin: z.optional(z.url().check(z.refine((u) => /^https?:/.test(u)))),
  }),
  'kaneo.listServerKeys': z.object({ target }),
  'kaneo.setEnabled': z.object({ target, remoteId, enabled: z.boolean() }),
  'kaneo.revoke': z.object({ target, remoteId, vaultId: z.optional(z.string().check(z.minLength(1))) }),
  'kaneo.rotate': z.object({ target, vaultId: z.string().check(z.minLength(1)) }),
  'kaneo.apiBases.list': z.union([z.undefined(), z.null()]),
  'kaneo.apiBases.set': z.object({ webOrigin: z.string(), apiBaseUrl: z.nullable(z.string()) }),
} satisfies Record<keyof KaneoProtocol, z.ZodMiniType>;


export type KaneoGuardedHandlers = { [K in keyof KaneoProtocol]: ExposedHandler<K> };

type Handlers = { [K in keyof KaneoProtocol]: (data: z.output<(typeof kaneoInputSchemas)[K]>) => Promise<ReturnType<KaneoProtocol[K]>> };

export function createKaneoHandlers(service: KaneoService): Handlers {
  return {
    'kaneo.inspectTab': (d) => service.inspectTab(d),
    'kaneo.createKey': (d) => service.createKey(d),
    'kaneo.listServerKeys': (d) => service.listServerKeys(d),
    'kaneo.setEnabled': (d) => service.setEnabled(d),
    'kaneo.revoke': (d) => service.revoke(d),
    'kaneo.rotate': (d) => service.rotate(d),
    'kaneo.apiBases.list': () => service.listApiBases(),
    'kaneo.apiBases.set': (d) => service.setApiBase(d),
  };
}

/**
 * The Kaneo messages behind the one guard. Built in the background's lazy script
 * (lib/lazy/background/lazy-features.ts); the core worker registers their listeners.
 */
export function createKaneoGuardedHandlers(deps: { vault: VaultService } & Partial<KaneoServiceDeps>): KaneoGuardedHandlers {
  const service = createKaneoService({
    executor: deps.executor ?? createScriptingExecutor(),
    apiBases: deps.apiBases ?? createApiBaseStore(deps.vault),
    fetch: deps.fetch ?? ((input, init) => fetch(input, init)),
    hasHostPermission:
      deps.hasHostPermission ?? ((origin) => hasHostPermission(origin)),
    now: deps.now ?? (() => Date.now()),
    vault: deps.vault,
  });
  return createGuardedHandlers<keyof KaneoProtocol, typeof kaneoInputSchemas>({
    handlers: createKaneoHandlers(service),
    schemas: kaneoInputSchemas,
    // Every Kaneo message but the page's own listing of API bases is a person acting.
    activity: new Set((Object.keys(kaneoInputSchemas) as Array<keyof KaneoProtocol>).filter((n) => n !== 'kaneo.apiBases.list')),
    touch: () => deps.vault.touch(),
    internalReason: 'server-error',
  });
}
