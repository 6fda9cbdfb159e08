/**
 * A second way in to the background for the one big read, `keys.changes` (Chromium's MV3 service
 * worker only): a page posts the request to the service worker itself with a MessagePort, and
 * the answer comes back on the port as one JSON string. Why: Chromium's extension messaging
 * takes ~350 ms to carry a 10,000-key list (3 MB); a string on a port takes ~15 ms (measured in
 * Chromium 156, docs/BENCHMARKS.md). The page side is lib/messaging/page/worker-call.ts.
 *
 * Protects: the same as runtime messages: every request goes through the same guarded handler
 * (sender check, strict input schema, no exception leaks), and the answer holds no secret.
 * Against: anything but the extension's own pages. Only documents of the extension's own origin
 * can reach its service worker at all (a page is given only its own origin's workers; content
 * scripts run with the web page's origin), and the sender the guard checks is the posting
 * client's URL, which the browser fills in.
 * Invariants: only the messages in WORKER_PORT_MESSAGES are answered here; anything else on a
 * port, or a request that is not `{ type, data }`, gets a refusal, never silence.
 */
import { z } from 'zod/mini';
import { browser } from 'wxt/browser';
import { err } from '../../result';
import { WORKER_PORT_MESSAGES, type WorkerPortMessage } from '../worker-port-messages';
import type { ExposedHandler } from './guarded-handlers';


const requestSchema = z.strictObject({ type: z.enum(WORKER_PORT_MESSAGES), data: z.optional(z.unknown()) });

/** The little of a service worker's `message` event used here (no webworker lib in this project). */
export interface WorkerMessageEvent {
  data: unknown;
  ports: readonly { postMessage(message: string): void }[];
  source: { url?: string } | null;
  waitUntil?(promise: Promise<unknown>): void;
}

interface MessageScope {
  addEventListener(type: 'message', listener: (event: WorkerMessageEvent) => void): void;
  removeEventListener(type: 'message', listener: (event: WorkerMessageEvent) => void): void;
}

const NOT_HERE = err('forbidden', 'That request is not answered on this channel.');

/**
 * Big lists in answers, as JSON, by the list's identity: the background answers the same list
 * object until the vault changes (vault-handlers.ts `wholeList`), and turning 10,000 keys into a
 * 3 MB string took ~15 ms of every page opening. Held weakly, like the list itself.
 */
const listJson = new WeakMap<object, string>();
/** Stands in for the list while the rest is written: JSON writes it escaped, as no real answer's string. */
const PLACEHOLDER = '\u0000list\u0000';
const LIST_SLOT = JSON.stringify(PLACEHOLDER);

function serialize(answer: unknown): string {
  const value = (answer as { ok?: boolean; value?: { whole?: boolean; keys?: unknown } }).value;
  if (!(answer as { ok?: boolean }).ok || !value?.whole || !Array.isArray(value.keys)) return JSON.stringify(answer);
  let keys = listJson.get(value.keys);
  if (keys === undefined) {
    keys = JSON.stringify(value.keys);
    listJson.set(value.keys, keys);
  }
  // The rest of the answer is small; the list goes where its placeholder was written.
  return JSON.stringify({ ...(answer as object), value: { ...value, keys: PLACEHOLDER } }).replace(LIST_SLOT, () => keys!);
}

/**
 * Answers WORKER_PORT_MESSAGES posted to this service worker through `handlers` (the guarded ones
 * runtime messages use). Call synchronously in the background's first turn. Answers a remover.
 */
export function registerWorkerPort(
  handlers: { [K in WorkerPortMessage]: ExposedHandler<K> },
  scope: MessageScope = globalThis as unknown as MessageScope,
  extensionId: () => string = () => browser.runtime.id,
): () => void {
  const listener = (event: WorkerMessageEvent) => {
    const port = event.ports[0];
    if (!port) return;
    const request = requestSchema.safeParse(event.data);
    const answered = (async () => {
      if (!request.success) return NOT_HERE;
      const sender = { id: extensionId(), url: event.source?.url };
      return handlers[request.data.type](request.data.data, sender);
    })().then(
      (answer) => port.postMessage(serialize(answer)),
      () => port.postMessage(JSON.stringify(err('internal', 'Something went wrong in the extension. Nothing was changed; try again.'))),
    );
    event.waitUntil?.(answered);
  };
  scope.addEventListener('message', listener);
  return () => scope.removeEventListener('message', listener);
}
