/** Page side of sync: one function per message, each answering a Result (never throwing). */
import { sendMessage } from '../../messaging/protocol';
import { call } from '../../messaging/page/call';
import type { ConflictChoice } from '../protocol';

export const syncClient = {
  status: () => call(() => sendMessage('sync.status', undefined)),
  preview: (passphrase?: string) => call(() => sendMessage('sync.preview', passphrase ? { passphrase } : {})),
  enable: (choices: Record<string, ConflictChoice>) => call(() => sendMessage('sync.enable', { choices })),
  disable: () => call(() => sendMessage('sync.disable', undefined)),
  now: () => call(() => sendMessage('sync.now', undefined)),
  conflicts: () => call(() => sendMessage('sync.conflicts', undefined)),
  resolve: (id: string, action: 'use' | 'dismiss') => call(() => sendMessage('sync.resolveConflict', { id, action })),
};
