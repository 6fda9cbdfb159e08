/**
 * What sync keeps on this device: plain settings (no names) in `local:sync.settings`, the merge
 * state sealed with the vault's data key in `local:sync.state`, and between a merge preview and
 * its confirmation the unwrapped synced key in `session:sync.pendingJoin` (memory only).
 *
 * Protects: the synced data key and every synced version (they hold secrets), from readers of
 * `storage.local` — the state is a sealed item, so it is ciphertext at rest.
 */
import * as z from 'zod/mini';
import { storage } from 'wxt/utils/storage';
import { keyEntrySchema, type KeyEntry } from '../../keys/key-entry';
import { STORAGE } from '../../storage/catalogue';
import { defineSealedItem, defineSealedStorageItem, type SealedItem } from '../../vault/background/sealed-item';
import type { VaultService } from '../../vault/background/vault-service.types';
import type { ReplicaState } from './merge';

const versionSchema = z.object({ c: z.int().check(z.gte(0)), d: z.string().check(z.minLength(1)), vv: z.record(z.string(), z.int().check(z.gte(0))) });
const itemSchema = z.object({ id: z.string().check(z.minLength(1)), v: versionSchema, at: z.iso.datetime(), entry: z.nullable(keyEntrySchema) });

export const syncConflictSchema = z.object({
  id: z.string().check(z.minLength(1)),
  entryId: z.string().check(z.minLength(1)),
  detectedAt: z.iso.datetime(),
  /** The version that lost (entry null: it was a delete). */
  kept: z.nullable(keyEntrySchema),
});
export type StoredConflict = z.infer<typeof syncConflictSchema>;

const keyRecordSchema = z.object({
  v: z.literal(1),
  syncId: z.uuid(),
  kdf: z.object({ name: z.literal('PBKDF2'), hash: z.literal('SHA-256'), iterations: z.int(), salt: z.string() }),
  wrappedKey: z.object({ alg: z.literal('AES-GCM'), iv: z.string(), ct: z.string() }),
});

export const syncStateSchema = z.object({
  v: z.literal(1),
  syncId: z.uuid(),
  /** The synced set's raw data key (base64); on the device that started the set, the vault's own. */
  key: z.string().check(z.minLength(1)),
  /** The passphrase-wrapped key record as this device last wrote or saw it (to put it back if gone). */
  keyRecord: keyRecordSchema,
  replica: z.object({ device: z.string().check(z.minLength(1)), clock: z.int().check(z.gte(0)), items: z.record(z.string(), itemSchema) }),
  conflicts: z.array(syncConflictSchema),
  refused: z.array(z.object({ item: z.string(), reason: z.string() })),
  /** Entries kept on this device only, because the sync storage is full. */
  notSynced: z.array(z.string()),
});
export type SyncStateValue = Omit<z.infer<typeof syncStateSchema>, 'replica'> & { replica: ReplicaState<KeyEntry> };

const problemSchema = z.object({
  kind: z.enum(['quota', 'rate', 'failed', 'key']),
  message: z.string(),
  retryAt: z.nullable(z.string()),
});

export const syncSettingsSchema = z.object({
  enabled: z.boolean(),
  /** This browser profile's random id in version vectors (not secret, not linkable to a person). */
  device: z.string().check(z.regex(/^[A-Za-z0-9_-]{8,32}$/)),
  lastSyncAt: z.nullable(z.string()),
  problem: z.nullable(problemSchema),
  /** Counts for the status line (the sealed state has the details). */
  synced: z.int().check(z.gte(0)),
  usageBytes: z.int().check(z.gte(0)),
  usageItems: z.int().check(z.gte(0)),
});
export type SyncSettings = z.infer<typeof syncSettingsSchema>;

export const pendingJoinSchema = z.object({ syncId: z.uuid(), key: z.string().check(z.minLength(1)) });

export function randomDeviceId(): string {
  const bytes = globalThis.crypto.getRandomValues(new Uint8Array(12));
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_');
}

export interface SyncLocalStore {
  settings(): Promise<SyncSettings>;
  saveSettings(next: SyncSettings): Promise<void>;
  state: SealedItem<SyncStateValue>;
  pendingJoin(): Promise<z.infer<typeof pendingJoinSchema> | null>;
  setPendingJoin(value: z.infer<typeof pendingJoinSchema> | null): Promise<void>;
}

/** The sealed merge state: moves into the damaged backup with the vault on "start over". */
export const syncStateItem = defineSealedStorageItem(STORAGE.syncState);

export function createSyncLocalStore(vault: Pick<VaultService, 'seal' | 'open'>): SyncLocalStore {
  const settingsItem = storage.defineItem<unknown>(STORAGE.syncSettings.key);
  const pendingItem = storage.defineItem<unknown>(STORAGE.syncPendingJoin.key);
  const state = defineSealedItem<SyncStateValue>({
    item: syncStateItem,
    schema: syncStateSchema as unknown as z.ZodMiniType<SyncStateValue>,
    vault,
    damagedMessage: 'The sync state on this device could not be read. Turn sync off and on again; your keys are not affected.',
  });
  return {
    async settings() {
      const parsed = syncSettingsSchema.safeParse(await settingsItem.getValue());
      if (parsed.success) return parsed.data;
      const fresh: SyncSettings = { enabled: false, device: randomDeviceId(), lastSyncAt: null, problem: null, synced: 0, usageBytes: 0, usageItems: 0 };
      await settingsItem.setValue(fresh);
      return fresh;
    },
    async saveSettings(next) {
      await settingsItem.setValue(next);
    },
    state,
    async pendingJoin() {
      const parsed = pendingJoinSchema.safeParse(await pendingItem.getValue());
      return parsed.success ? parsed.data : null;
    },
    async setPendingJoin(value) {
      if (value === null) await pendingItem.removeValue();
      else await pendingItem.setValue(value);
    },
  };
}
