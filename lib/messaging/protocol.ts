import { defineExtensionMessaging } from '@webext-core/messaging';
import type { VaultProtocol } from '../vault/protocol';
import type { KaneoProtocol } from '../kaneo/protocol';
import type { TesterProtocol } from '../tester/protocol';
import type { ClipboardProtocol } from '../clipboard/protocol';

/**
 * The one map of every message between pages and the background. Each feature declares its
 * messages in its own `lib/<feature>/protocol.ts`; this interface joins them. Runs on both sides:
 * pages send with `sendMessage`, background handlers register through the guard
 * (lib/messaging/background/guarded-handlers.ts), never with `onMessage` directly.
 */
export interface ProtocolMap extends VaultProtocol, KaneoProtocol, TesterProtocol, ClipboardProtocol {}

export const { sendMessage, onMessage } = defineExtensionMessaging<ProtocolMap>();
