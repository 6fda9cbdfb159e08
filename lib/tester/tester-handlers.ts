import { browser } from 'wxt/browser';
import { z } from 'zod';
import { onMessage } from '../messaging/protocol';
import type { TesterProtocol } from '../messaging/tester-protocol';
import { httpRequestSchema } from '../request/http-request';
import { err } from '../result';
import { isExtensionPageSender } from '../vault/sender-check';
import type { VaultService } from '../vault/vault-service.types';
import { createTesterService, type TesterService, type TesterServiceDeps } from './tester-service';

const id = z.string().min(1).max(200);

/** Every message is parsed: a page is trusted less than the background. */
export const testerInputSchemas = {
  'tester.send': z.object({
    requestId: id,
    keyId: id,
    request: httpRequestSchema.extend({ body: z.string().max(5 * 1024 * 1024).nullable().default(null) }),
    timeoutMs: z.number().int().min(1000).max(300_000).optional(),
  }),
  'tester.cancel': z.object({ requestId: id }),
  'tester.endpoints': z.object({ keyId: id, refresh: z.boolean().optional() }),
  'tester.lookup': z.discriminatedUnion('kind', [
    z.object({ keyId: id, kind: z.literal('workspaces') }),
    z.object({ keyId: id, kind: z.literal('projects'), workspaceId: id }),
  ]),
  'tester.history.list': z.object({ keyId: id }),
  'tester.history.clear': z.object({ keyId: id }),
} satisfies Record<keyof TesterProtocol, z.ZodType>;

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

/**
 * Wires the tester into the background. Call once, synchronously, at start-up:
 * `registerTesterHandlers({ vault })`. Returns a function that removes the listeners.
 */
export function registerTesterHandlers(
  deps: { vault: Pick<VaultService, 'getKey' | 'seal' | 'open' | 'listKeys' | 'onChange' | 'touch'> } & Partial<TesterServiceDeps>,
): () => void {
  const service = createTesterService({
    vault: deps.vault,
    fetch: deps.fetch ?? ((input, init) => fetch(input, init)),
    hasHostPermission:
      deps.hasHostPermission ?? ((origin) => browser.permissions.contains({ origins: [`${origin}/*`] })),
    now: deps.now,
    history: deps.history,
    runner: deps.runner,
    specCache: deps.specCache,
  });
  const handlers = createTesterHandlers(service);
  const removers: Array<() => void> = [];
  for (const name of Object.keys(handlers) as Array<keyof TesterProtocol>) {
    const schema = testerInputSchemas[name];
    const handle = handlers[name] as (data: unknown) => Promise<unknown>;
    removers.push(
      onMessage(name, async (message) => {
        if (!isExtensionPageSender(message.sender)) {
          return err('forbidden', 'Only Kaneo Key Manager pages may do this.') as never;
        }
        const input = schema.safeParse(message.data);
        if (!input.success) return err('invalid-input', 'The request was malformed.') as never;
        // Using a key is activity: auto-lock must not fire in the middle of testing.
        if (ACTIVITY.has(name)) await deps.vault.touch();
        try {
          return (await handle(input.data)) as never;
        } catch {
          // Never throw across the messaging boundary, and never echo an error: it may hold a secret.
          return err('internal', 'Something went wrong inside the extension. Try again.') as never;
        }
      }),
    );
  }
  // A deleted key's history goes with it.
  removers.push(
    deps.vault.onChange(() => {
      void deps.vault.listKeys().then((keys) => {
        if (keys.ok) void service.retainHistory(keys.value.map((k) => k.id));
      });
    }),
  );
  return () => removers.forEach((remove) => remove());
}
