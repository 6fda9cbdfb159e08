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
import { BACKGROUND_PAGE_CALL, WORKER_PORT_MESSAGES, type WorkerPortMessage } from '../worker-port-messages';

export { BACKGROUND_PAGE_CALL };
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

type PortHandlers = { [K in WorkerPortMessage]: ExposedHandler<K> };

/**
 * One request on either fast channel, answered as JSON by the guarded handler: anything but
 * `{ type, data }` of a WORKER_PORT_MESSAGES type gets a refusal, a failure an internal error.
 */
async function answerJson(handlers: PortHandlers, data: unknown, sender: { id: string; url: string | undefined }): Promise<string> {
  try {
    const request = requestSchema.safeParse(data);
    if (!request.success) return JSON.stringify(NOT_HERE);
    return serialize(await handlers[request.data.type](request.data.data, sender));
  } catch {
    return JSON.stringify(err('internal', 'Something went wrong in the extension. Nothing was changed; try again.'));
  }
}

/**
 * Answers WORKER_PORT_MESSAGES posted to this service worker through `handlers` (the guarded ones
 * runtime messages use). Call synchronously in the background's first turn. Answers a remover.
 */
export function registerWorkerPort(
  handlers: PortHandlers,
  scope: MessageScope = globalThis as unknown as MessageScope,
  extensionId: () => string = () => browser.runtime.id,
): () => void {
  const listener = (event: WorkerMessageEvent) => {
    const port = event.ports[0];
    if (!port) return;
    const answered = answerJson(handlers, event.data, { id: extensionId(), url: event.source?.url }).then((json) => port.postMessage(json));
    event.waitUntil?.(answered);
  };
  scope.addEventListener('message', listener);
  return () => scope.removeEventListener('message', listener);
}

/**
 * Firefox's background is a page (MV2), which the extension's own pages reach directly:
 * `runtime.getBackgroundPage()` hands them its window. There the same requests are answered by a
 * function on that window, a JSON string back (3 MB at 10,000 keys: ~470 ms as a runtime message
 * in Firefox 153, where the list is copied through the extension messaging layer twice).
 * Who can call it: only documents of the extension's own origin get that window (a content script
 * or a web page cannot: getBackgroundPage is not theirs, and another origin's window is opaque), so
 * the URL the page gives for itself is checked by the guard like a runtime message's sender.
 */

/** The request comes as JSON too: an object made in the page's realm is not one zod's checks expect. */
export type BackgroundPageCall = (requestJson: unknown, pageUrl: unknown) => Promise<string>;

function parsedOrNull(json: unknown): unknown {
  try {
    return typeof json === 'string' ? JSON.parse(json) : null;
  } catch {
    return null;
  }
}

export function registerBackgroundPageChannel(
  handlers: PortHandlers,
  scope: Record<string, unknown> = globalThis as unknown as Record<string, unknown>,
  extensionId: () => string = () => browser.runtime.id,
): () => void {
  const call: BackgroundPageCall = (requestJson, pageUrl) =>
    answerJson(handlers, parsedOrNull(requestJson), { id: extensionId(), url: typeof pageUrl === 'string' ? pageUrl : undefined });
  scope[BACKGROUND_PAGE_CALL] = call;
  return () => {
    if (scope[BACKGROUND_PAGE_CALL] === call) delete scope[BACKGROUND_PAGE_CALL];
  };
}
