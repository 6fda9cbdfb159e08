/**
 * Background handlers for every message in lib/tester/protocol.ts, behind the one guard
 * (lib/messaging/background/guarded-handlers.ts).
 *
 * Protects: a key's secret, which the background adds to a tester request.
 * Against: a page sending the key somewhere else or smuggling it into history: the request model
 * is parsed strictly below (bounded body, known methods, no secret field), and the service then
 * checks that its URL is on the key's own instance API before the runner adds `Authorization`.
 * Invariant: the page never receives the secret; answers are shaped responses with any echo of
 * the key replaced.
 */
import * as z from 'zod/mini';
import { hasHostPermission } from '../../permissions/host-permission';
import { createGuardedHandlers, type ExposedHandler } from '../../messaging/background/guarded-handlers';
import type { Result } from '../../result';
import type { TesterProtocol } from '../protocol';
import { httpRequestSchema } from '../../request/http-request';
import type { VaultService } from '../../vault/background/vault-service.types';
import { createTesterService, type TesterService, type TesterServiceDeps } from './tester-service';

const id = z.string().check(z.minLength(1), z.maxLength(200));

/** Every message is parsed: a page is trusted less than the background. */
export const testerInputSchemas = {
  'tester.send': z.object({
    requestId: id,
    keyId: id,
    request: z.extend(httpRequestSchema, { body: z._default(z.nullable(z.string().check(z.maxLength(5 * 1024 * 1024))), null) }),
    timeoutMs: z.optional(z.int().check(z.gte(1000), z.lte(300_000))),
  }),
  'tester.cancel': z.object({ requestId: id }),
  'tester.endpoints': z.object({ keyId: id, refresh: z.optional(z.boolean()) }),
  'tester.lookup': z.discriminatedUnion('kind', [
    z.object({ keyId: id, kind: z.literal('workspaces') }),
    z.object({ keyId: id, kind: z.literal('projects'), workspaceId: id }),
  ]),
  'tester.history.list': z.object({ keyId: id }),
  'tester.history.clear': z.object({ keyId: id }),
} satisfies Record<keyof TesterProtocol, z.ZodMiniType>;

/** Messages a person sends by acting (not the page's own refreshes). */
const ACTIVITY = new Set<keyof TesterProtocol>(['tester.send', 'tester.cancel', 'tester.endpoints', 'tester.lookup', 'tester.history.clear']);

type Handlers = {
  [K in keyof TesterProtocol]: (data: z.output<(typeof testerInputSchemas)[K]>) => Promise<ReturnType<TesterProtocol[K]>>;
};

export function createTesterHandlers(service: TesterService): Handlers {
  return {
    'tester.send': (d) => service.send(d),
    'tester.cancel': async (d) => service.cancel(d),
    'tester.endpoints': (d) => service.endpoints(d),
    'tester.lookup': (d) => service.lookup(d),
    'tester.history.list': (d) => service.listHistory(d),
    'tester.history.clear': (d) => service.clearHistory(d),
  };
}

export type TesterGuardedHandlers = { [K in keyof TesterProtocol]: ExposedHandler<K> };

/**
 * The tester's messages behind the one guard, and the history's retention. Built in the
 * background's lazy script (lib/lazy/background/lazy-features.ts); the core worker registers the
 * listeners and asks for retention when a key went away (history-retention.ts).
 */
export function createTesterFeature(
  deps: { vault: Pick<VaultService, 'getKey' | 'seal' | 'open' | 'touch'> } & Partial<TesterServiceDeps>,
): { handlers: TesterGuardedHandlers; retainHistory(keyIds: string[]): Promise<Result<null>> } {
  const service = createTesterService({
    vault: deps.vault,
    fetch: deps.fetch ?? ((input, init) => fetch(input, init)),
    hasHostPermission:
      deps.hasHostPermission ?? ((origin) => hasHostPermission(origin)),
    now: deps.now,
    history: deps.history,
    runner: deps.runner,
    specCache: deps.specCache,
  });
  const handlers = createGuardedHandlers<keyof TesterProtocol, typeof testerInputSchemas>({
    handlers: createTesterHandlers(service),
    schemas: testerInputSchemas,
    activity: ACTIVITY,
    touch: () => deps.vault.touch(),
    internalReason: 'internal',
  });
  return { handlers, retainHistory: (keyIds) => service.retainHistory(keyIds) };
}
