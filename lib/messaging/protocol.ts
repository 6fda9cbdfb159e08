import { defineExtensionMessaging } from '@webext-core/messaging';
import type { VaultProtocol } from './vault-protocol';
import type { KaneoProtocol } from './kaneo-protocol';

/**
 * The one map of every message between pages and the background. Each concern declares its
 * messages in its own `*-protocol.ts`; this interface joins them.
 */
export interface ProtocolMap extends VaultProtocol, KaneoProtocol {}

export const { sendMessage, onMessage } = defineExtensionMessaging<ProtocolMap>();
