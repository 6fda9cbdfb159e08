import { z } from 'zod';
import { onMessage } from '../messaging/protocol';
import type { KaneoProtocol } from '../messaging/kaneo-protocol';
import { err } from '../result';
import type { VaultService } from '../vault/vault-service.types';
import { registerExpiryWatcher } from '../expiry/expiry-watcher';
import { getSettings } from '../settings/settings';
import { isExtensionPageSender } from '../vault/sender-check';
import { createApiBaseStore } from './api-base-store';
import { createKaneoService, type KaneoService, type KaneoServiceDeps } from './kaneo-service';
import { createScriptingExecutor } from './transport';
import { hasHostPermission } from './host-permission';

const tabId = z.number().int().nonnegative();
const target = z.union([
  z.object({ tabId }).strict(),
  z.object({ webOrigin: z.url().refine((u) => /^https?:/.test(u)) }).strict(),
]);
const remoteId = z.string().min(1).max(200);

/** Input schemas: pages are trusted less than the background; every message is parsed. */
export const kaneoInputSchemas = {
  'kaneo.inspectTab': z.object({ tabId }),
  'kaneo.createKey': z.object({
    target,
    name: z.string().max(200),
    expiresInDays: z.number().int().nullable(),
    note: z.string().max(2000).default(''),
  }),
  'kaneo.listServerKeys': z.object({ target }),
  'kaneo.setEnabled': z.object({ target, remoteId, enabled: z.boolean() }),
  'kaneo.revoke': z.object({ target, remoteId, vaultId: z.string().min(1).optional() }),
  'kaneo.rotate': z.object({ target, vaultId: z.string().min(1) }),
  'kaneo.apiBases.list': z.undefined().or(z.null()),
  'kaneo.apiBases.set': z.object({ webOrigin: z.string(), apiBaseUrl: z.string().nullable() }),
} satisfies Record<keyof KaneoProtocol, z.ZodType>;


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
 * Wire Kaneo handlers and the expiry badge/notifications into the background. Call once,
 * synchronously, at start-up: `registerKaneoHandlers({ vault })`.
 */
export function registerKaneoHandlers(
  deps: { vault: VaultService; expiryNotificationsEnabled?: () => Promise<boolean> } & Partial<KaneoServiceDeps>,
): () => void {
  const service = createKaneoService({
    executor: deps.executor ?? createScriptingExecutor(),
    apiBases: deps.apiBases ?? createApiBaseStore(deps.vault),
    fetch: deps.fetch ?? ((input, init) => fetch(input, init)),
    hasHostPermission:
      deps.hasHostPermission ?? ((origin) => hasHostPermission(origin)),
    now: deps.now ?? (() => Date.now()),
    vault: deps.vault,
  });
  const handlers = createKaneoHandlers(service);
  const removers: Array<() => void> = [];
  for (const name of Object.keys(handlers) as Array<keyof KaneoProtocol>) {
    const schema = kaneoInputSchemas[name];
    const handle = handlers[name] as (data: unknown) => Promise<unknown>;
    removers.push(
      onMessage(name, async (message) => {
        // Only this extension's own pages may drive Kaneo operations.
        if (!isExtensionPageSender(message.sender)) {
          return err('forbidden', 'Only Kaneo Key Manager pages may do this.') as never;
        }
        const input = schema.safeParse(message.data);
        if (!input.success) return err('invalid-input', 'The request was malformed.') as never;
        try {
          return (await handle(input.data)) as never;
        } catch {
          // Never throw across the messaging boundary (and never echo an error that may hold a secret).
          return err('server-error', 'Something went wrong inside the extension. Try again.') as never;
        }
      }),
    );
  }
  removers.push(
    registerExpiryWatcher({
      vault: deps.vault,
      notificationsEnabled:
        deps.expiryNotificationsEnabled ?? (async () => (await getSettings()).expiryNotifications),
      now: deps.now,
    }),
  );
  return () => removers.forEach((remove) => remove());
}
