import type { z } from 'zod';
import { err } from '../../result';
import { isExtensionPageSender } from '../sender-check';
import { onMessage, type ProtocolMap } from '../protocol';

type Name = keyof ProtocolMap;

export interface GuardedHandlers<N extends Name> {
  /** One handler per message; gets the input already parsed by its schema. */
  handlers: Record<N, (data: never) => Promise<unknown>>;
  /** Strict input schema per message: a page is trusted less than the background. */
  schemas: Record<N, z.ZodType>;
  /** Messages a person sends by acting; they count as vault activity for auto-lock. */
  activity?: ReadonlySet<N>;
  touch?: () => Promise<void>;
  /** `reason` of the answer when a handler throws. */
  internalReason: string;
}

/**
 * Registers a concern's handlers behind the checks every key-using message needs: the sender is
 * one of this extension's pages (never a content script or another extension), the input parses,
 * and nothing throws across the boundary — an exception's text is never echoed, since it may hold
 * a secret. Call synchronously in the background's first turn; answers a function that removes
 * the listeners.
 */
export function registerGuardedHandlers<N extends Name>(spec: GuardedHandlers<N>): () => void {
  const removers = (Object.keys(spec.handlers) as N[]).map((name) =>
    onMessage(name, async (message) => {
      if (!isExtensionPageSender(message.sender)) {
        return err('forbidden', 'Only Kaneo Key Manager pages may do this.') as never;
      }
      const input = spec.schemas[name].safeParse(message.data);
      if (!input.success) return err('invalid-input', 'The request was malformed.') as never;
      if (spec.activity?.has(name)) await spec.touch?.();
      try {
        return (await (spec.handlers[name] as (data: unknown) => Promise<unknown>)(input.data)) as never;
      } catch {
        return err(spec.internalReason, 'Something went wrong inside the extension. Try again.') as never;
      }
    }),
  );
  return () => removers.forEach((remove) => remove());
}
