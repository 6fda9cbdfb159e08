/**
 * Background handler for lib/clipboard/protocol.ts, behind the one guard
 * (lib/messaging/background/guarded-handlers.ts).
 *
 * Protects: a copied secret's time on the clipboard. Against: a page (or anything posing as one)
 * scheduling clears at will: the sender must be an extension page and the delay is bounded by
 * the settings' maximum. Invariant: a refused or malformed message schedules nothing.
 */
import * as z from 'zod/mini';
import { err, ok } from '../../result';
import { MAX_CLIPBOARD_CLEAR_SECONDS } from '../../settings/settings';
import { createGuardedHandlers, registerHandlers } from '../../messaging/background/guarded-handlers';
import type { ExtensionIdentity } from '../../messaging/sender-check';
import type { ClipboardProtocol } from '../protocol';
import type { ClipboardClearScheduler } from './clipboard-clearer';

/** Every message is parsed: a page is trusted less than the background. */
export const clipboardInputSchemas = {
  'clipboard.scheduleClear': z.object({ delaySeconds: z.int().check(z.gte(0), z.lte(MAX_CLIPBOARD_CLEAR_SECONDS)) }),
} satisfies Record<keyof ClipboardProtocol, z.ZodMiniType>;

export interface ClipboardHandlerDeps {
  /** Clears the clipboard later. Without it, `clipboard.scheduleClear` refuses. */
  clipboard?: ClipboardClearScheduler;
  /** Copying a secret is a person acting: it counts as vault activity for auto-lock. */
  touch?: () => Promise<void>;
  identity?: () => ExtensionIdentity;
}

export function createClipboardHandlers(deps: ClipboardHandlerDeps) {
  return createGuardedHandlers({
    schemas: clipboardInputSchemas,
    handlers: {
      'clipboard.scheduleClear': async ({ delaySeconds }) => {
        if (!deps.clipboard) return err('unavailable', 'Clipboard clearing is not available here.');
        if (delaySeconds > 0) await deps.clipboard.scheduleClear(delaySeconds);
        return ok(null);
      },
    },
    activity: new Set(['clipboard.scheduleClear']),
    touch: deps.touch,
    internalReason: 'clipboard-failed',
    internalMessage: 'The clipboard could not be scheduled for clearing. Clear it by hand.',
    invalidMessage: 'first-issue',
    identity: deps.identity,
  });
}

/** Registers the clipboard's page messages. Call synchronously in the background's first turn. */
export function registerClipboardHandlers(deps: ClipboardHandlerDeps): () => void {
  return registerHandlers(createClipboardHandlers(deps));
}
