/**
 * The core worker's listeners for the messages the lazy script answers (LAZY_MESSAGES): each
 * loads the lazy script on first use and hands the message, as sent, to the real handler there,
 * which is behind the one guard (lib/messaging/background/guarded-handlers.ts).
 *
 * Protects: everything the lazy features reach (a key's secret added to a tester request, Kaneo
 * key creation, backup export, the synced data key), across the messaging boundary.
 * Against: a message from anything but this extension's own pages: it is refused here, first,
 * with the guard's own answer, and loads nothing and reaches nothing; a failed load: answered as
 * an error, never thrown, never left hanging.
 * Invariants — must not change:
 * - The sender check runs before anything else; then the real guarded handler runs its own (sender
 *   check, strict zod parse, activity, a Result answer). Nothing here parses or acts on the data.
 * - Every answer is the real handler's, the guard's refusal, or an error Result; nothing throws.
 */
import { err } from '../../result';
import type { Result } from '../../result';
import type { ExposedHandler } from '../../messaging/background/guarded-handlers';
import { REFUSED_MESSAGE } from '../../messaging/background/guarded-handlers';
import { currentExtensionIdentity, isExtensionPageSender, type ExtensionIdentity } from '../../messaging/sender-check';
import { LAZY_MESSAGES, type BackgroundFeatures, type LazyMessage } from './lazy-contract';

export type LazyHandlers = { [K in LazyMessage]: ExposedHandler<K> };

export function createLazyHandlers(
  features: () => Promise<Result<Pick<BackgroundFeatures, 'handlers'>>>,
  identity: () => ExtensionIdentity = currentExtensionIdentity,
): LazyHandlers {
  const stubs: Partial<Record<LazyMessage, (data: unknown, sender: Parameters<ExposedHandler<LazyMessage>>[1]) => Promise<unknown>>> = {};
  for (const { messages, failedReason } of LAZY_MESSAGES) {
    for (const name of messages) {
      stubs[name] = async (data, sender) => {
        try {
          // The guard's own first step and answer (none of these messages has another refusal).
          if (!isExtensionPageSender(sender, identity())) return err('forbidden', REFUSED_MESSAGE);
          const loaded = await features();
          if (!loaded.ok) return err(failedReason, loaded.message);
          const handler = loaded.value.handlers[name] as (data: unknown, sender: unknown) => Promise<unknown>;
          return await handler(data, sender);
        } catch {
          return err(failedReason, 'Something went wrong inside the extension. Try again.');
        }
      };
    }
  }
  return stubs as unknown as LazyHandlers;
}
