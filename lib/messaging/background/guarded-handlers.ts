/**
 * The one guard in front of every message handler in the background.
 *
 * Protects: key secrets (`keys.reveal`, the tester adding a key to a request, Kaneo key creation)
 * and every vault operation, across the page → background messaging boundary.
 * Against: content scripts of this extension inside web pages and other extensions (their
 * messages fail the sender check), malformed or hostile input (every message is parsed with its
 * strict zod schema before a handler sees it), and exceptions leaking internals to a page (an
 * exception's text may hold a secret; it is never echoed).
 * Invariants — must not change:
 * - The sender check runs first; a refused message reaches no handler and counts as no activity.
 * - A handler gets only what its schema parsed (and, where it asks, the raw data beside it).
 * - Every answer is a Result (or the message's declared answer type); nothing throws.
 * - Only messages a person sends by acting count as vault activity for auto-lock (`touch`).
 *
 * Features call `createGuardedHandlers` / `registerGuardedHandlers` from their own handlers file;
 * entrypoints/background.ts registers them synchronously in the first turn. The lazy script's
 * handlers (lib/lazy/) are reached through the core's stand-ins (lazy-handlers.ts), which check
 * the sender first, load the script, and call these guarded handlers with the message as sent.
 */
import * as z from 'zod/mini';
import { err, type Err } from '../../result';
import { onMessage as protocolOnMessage, type ProtocolMap } from '../protocol';
import { currentExtensionIdentity, isExtensionPageSender, type ExtensionIdentity, type MessageSenderLike } from '../sender-check';

type Name = keyof ProtocolMap;
export type MessageData<N extends Name> = Parameters<ProtocolMap[N]>[0];
export type MessageAnswer<N extends Name> = ReturnType<ProtocolMap[N]>;

/** A handler behind the guard: called with the input its schema parsed, and the data as sent. */
export type GuardedHandler<N extends Name, S extends z.core.$ZodType> = (
  input: z.output<S>,
  sent: MessageData<N>,
) => Promise<MessageAnswer<N>>;

/** A handler as the messaging layer calls it: any data, the browser-filled sender. */
export type ExposedHandler<N extends Name> = (data: unknown, sender: MessageSenderLike | undefined) => Promise<MessageAnswer<N>>;

export interface GuardedHandlersSpec<N extends Name, S extends Record<N, z.core.$ZodType>> {
  /** One handler per message. */
  handlers: { [K in N]: GuardedHandler<K, S[K]> };
  /** Strict input schema per message: a page is trusted less than the background. */
  schemas: S;
  /** Messages a person sends by acting; they count as vault activity for auto-lock. */
  activity?: ReadonlySet<N>;
  touch?: () => Promise<void>;
  /** `reason` of the answer when a handler throws. */
  internalReason: string;
  /** The sentence of that answer. */
  internalMessage?: string;
  /** Answers other than the default ones, for messages whose answer is not a plain Result. */
  answers?: { [K in N]?: { refused?: MessageAnswer<K>; invalid?: MessageAnswer<K>; failed?: MessageAnswer<K> } };
  /** How an input that does not parse is told: its first issue's sentence, or one generic one. */
  invalidMessage?: 'first-issue' | 'generic';
  /** Defaults to the running extension (browser.runtime). */
  identity?: () => ExtensionIdentity;
}

export const REFUSED_MESSAGE = 'This request did not come from one of the extension’s own pages.';
const INVALID_MESSAGE = 'The request was malformed.';
const INTERNAL_MESSAGE = 'Something went wrong inside the extension. Try again.';

function invalid(error: z.core.$ZodError, mode: 'first-issue' | 'generic'): Err<'invalid-input'> {
  const issue = error.issues[0];
  return err('invalid-input', mode === 'first-issue' && issue ? issue.message : INVALID_MESSAGE);
}

/** Every handler of `spec` wrapped in the guard, by message name. */
export function createGuardedHandlers<N extends Name, S extends Record<N, z.core.$ZodType>>(
  spec: GuardedHandlersSpec<N, S>,
): { [K in N]: ExposedHandler<K> } {
  const identity = spec.identity ?? currentExtensionIdentity;
  const guarded = {} as { [K in N]: ExposedHandler<K> };
  for (const name of Object.keys(spec.handlers) as N[]) {
    const answers = spec.answers?.[name];
    const exposed = async (data: unknown, sender: MessageSenderLike | undefined): Promise<unknown> => {
      if (!isExtensionPageSender(sender, identity())) return answers?.refused ?? err('forbidden', REFUSED_MESSAGE);
      try {
        const input = z.safeParse(spec.schemas[name], data);
        if (!input.success) return answers?.invalid ?? invalid(input.error, spec.invalidMessage ?? 'generic');
        if (spec.activity?.has(name)) await spec.touch?.();
        const handler = spec.handlers[name] as (input: unknown, sent: unknown) => Promise<unknown>;
        return await handler(input.data, data);
      } catch {
        return answers?.failed ?? err(spec.internalReason, spec.internalMessage ?? INTERNAL_MESSAGE);
      }
    };
    guarded[name] = exposed as ExposedHandler<typeof name>;
  }
  return guarded;
}

export type OnMessageLike = <K extends Name>(
  type: K,
  handler: (message: { data: MessageData<K>; sender: MessageSenderLike }) => Promise<MessageAnswer<K>>,
) => () => void;

/**
 * Registers guarded handlers with the protocol's `onMessage`. Call synchronously in the
 * background's first turn; answers a function that removes the listeners again.
 */
export function registerHandlers<N extends Name>(
  handlers: { [K in N]: ExposedHandler<K> },
  onMessage: OnMessageLike = protocolOnMessage as unknown as OnMessageLike,
): () => void {
  const removers = (Object.keys(handlers) as N[]).map((name) =>
    onMessage(name, (message) => handlers[name](message.data, message.sender)),
  );
  return () => removers.forEach((remove) => remove());
}

/** `registerHandlers(createGuardedHandlers(spec))`. */
export function registerGuardedHandlers<N extends Name, S extends Record<N, z.core.$ZodType>>(
  spec: GuardedHandlersSpec<N, S>,
  onMessage?: OnMessageLike,
): () => void {
  return registerHandlers(createGuardedHandlers(spec), onMessage);
}
