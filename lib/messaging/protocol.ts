import { defineExtensionMessaging } from '@webext-core/messaging';
import type { VaultProtocol } from '../vault/protocol';
import type { KaneoProtocol } from '../kaneo/protocol';
import type { TesterProtocol } from '../tester/protocol';

/**
 * The one map of every message between pages and the background. Each concern declares its
 * messages in its own `*-protocol.ts`; this interface joins them.
 */
export interface ProtocolMap extends VaultProtocol, KaneoProtocol, TesterProtocol {}

export const { sendMessage, onMessage } = defineExtensionMessaging<ProtocolMap>();
