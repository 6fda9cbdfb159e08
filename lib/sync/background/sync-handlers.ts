/**
 * Background handlers for lib/sync/protocol.ts, behind the one guard.
 *
 * Protects: the synced data key and the vault, across the messaging boundary.
 * Against: other senders (sender check), malformed input (strict schemas), exceptions leaking.
 * Invariant: the passphrase arrives only with `sync.preview`, is used once to unwrap the synced
 * key, and is never stored or answered.
 */
import * as z from 'zod/mini';
import { createGuardedHandlers, type ExposedHandler } from '../../messaging/background/guarded-handlers';
import type { ExtensionIdentity } from '../../messaging/sender-check';
import type { SyncProtocol } from '../protocol';
import type { SyncEngine } from './sync-engine';

const noData = z.union([z.undefined(), z.null()]);

export const syncInputSchemas = {
  'sync.status': noData,
  'sync.preview': z.strictObject({ passphrase: z.optional(z.string().check(z.minLength(1), z.maxLength(1024))) }),
  'sync.enable': z.strictObject({ choices: z.record(z.string().check(z.minLength(1), z.maxLength(200)), z.enum(['mine', 'theirs', 'both'])) }),
  'sync.disable': noData,
  'sync.now': noData,
  'sync.conflicts': noData,
  'sync.resolveConflict': z.strictObject({ id: z.string().check(z.minLength(1), z.maxLength(200)), action: z.enum(['use', 'dismiss']) }),
} satisfies Record<keyof SyncProtocol, z.ZodMiniType>;

const PASSIVE = new Set<keyof SyncProtocol>(['sync.status', 'sync.conflicts']);

export function createSyncHandlers(deps: { engine: SyncEngine; touch: () => Promise<void>; identity?: () => ExtensionIdentity }): SyncHandlers {
  const { engine } = deps;
  return createGuardedHandlers<keyof SyncProtocol, typeof syncInputSchemas>({
    schemas: syncInputSchemas,
    activity: new Set((Object.keys(syncInputSchemas) as (keyof SyncProtocol)[]).filter((n) => !PASSIVE.has(n))),
    touch: deps.touch,
    internalReason: 'internal',
    internalMessage: 'Something went wrong while syncing. Nothing was lost; try again.',
    invalidMessage: 'first-issue',
    identity: deps.identity,
    handlers: {
      'sync.status': () => engine.status(),
      'sync.preview': ({ passphrase }) => engine.preview(passphrase),
      'sync.enable': ({ choices }) => engine.enable(choices),
      'sync.disable': () => engine.disable(),
      'sync.now': () => engine.syncNow(),
      'sync.conflicts': () => engine.conflicts(),
      'sync.resolveConflict': ({ id, action }) => engine.resolveConflict(id, action),
    },
  });
}

export type SyncHandlers = { [K in keyof SyncProtocol]: ExposedHandler<K> };
