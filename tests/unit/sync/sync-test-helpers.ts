import { z } from 'zod';
import { STORAGE } from '@/lib/storage/catalogue';
import type { KeyDraft } from '@/lib/keys/key-entry';
import { createSyncEngine, type SyncEngine } from '@/lib/sync/background/sync-engine';
import { pendingJoinSchema, randomDeviceId, syncStateSchema, type SyncLocalStore, type SyncSettings, type SyncStateValue } from '@/lib/sync/background/sync-state';
import type { SyncStore } from '@/lib/sync/background/sync-store';
import { defineSealedItem, type SealedStorageItem } from '@/lib/vault/background/sealed-item';
import { memoryBuckets, type VaultStorage, type VaultSession } from '@/lib/vault/background/vault-storage';
import type { BackgroundVaultService } from '@/lib/vault/background/vault-service';
import { FAST_ITERATIONS, fastVault, passthroughLock } from '../vault/vault-test-helpers';

/**
 * One browser profile's storage.local/session for the vault, in memory. `sealedItems` stands for
 * the catalogue's sealed items (the sync state among them), so a re-key re-seals them as it does
 * in the browser.
 */
function memoryVaultStorage(sealedItems: Record<string, unknown>): VaultStorage {
  let envelope: unknown = null;
  let session: VaultSession | null = null;
  let last: number | null = null;
  let rekeyStaging: unknown = null;
  const { items: _items, ...buckets } = memoryBuckets();
  return {
    ...buckets,
    async readEnvelope() {
      return { raw: structuredClone(envelope), storedVersion: 1 };
    },
    async readRawEnvelope() {
      return { value: envelope, meta: { v: 1 } };
    },
    async readDamagedBackup() {
      return null;
    },
    async setAsideDamaged() {
      throw new Error('not in these tests');
    },
    async writeEnvelope(next) {
      envelope = structuredClone(next);
    },
    async readSession() {
      return session;
    },
    async writeSession(next) {
      session = next;
    },
    async clearSession() {
      session = null;
      last = null;
    },
    async readLastActivity() {
      return last;
    },
    async writeLastActivity(at) {
      last = at;
    },
    async readSealedItems() {
      return structuredClone(sealedItems);
    },
    async writeSealedItems(values) {
      Object.assign(sealedItems, structuredClone(values));
    },
    async readRekeyStaging() {
      return structuredClone(rekeyStaging);
    },
    async writeRekeyStaging(staging) {
      rekeyStaging = structuredClone(staging);
    },
    async clearRekeyStaging() {
      rekeyStaging = null;
    },
  };
}

function memoryLocal(vault: BackgroundVaultService, sealedItems: Record<string, unknown>): SyncLocalStore {
  let settings: SyncSettings = { enabled: false, device: randomDeviceId(), lastSyncAt: null, problem: null, synced: 0, usageBytes: 0, usageItems: 0 };
  let pending: z.infer<typeof pendingJoinSchema> | null = null;
  const item = {
    key: STORAGE.syncState.key,
    getValue: async () => structuredClone(sealedItems[STORAGE.syncState.key] ?? null),
    setValue: async (value: unknown) => {
      sealedItems[STORAGE.syncState.key] = structuredClone(value);
    },
  } as unknown as SealedStorageItem;
  return {
    settings: async () => structuredClone(settings),
    saveSettings: async (next) => {
      settings = structuredClone(next);
    },
    state: defineSealedItem<SyncStateValue>({ item, schema: syncStateSchema as unknown as z.ZodType<SyncStateValue>, vault, damagedMessage: 'damaged' }),
    pendingJoin: async () => pending,
    setPendingJoin: async (value) => {
      pending = value;
    },
  };
}

/** A profile's storage.sync: a plain map. `failNext` makes the next write throw like Chrome. */
export class MemorySyncArea implements SyncStore {
  items: Record<string, unknown> = {};
  writes = 0;
  failNext: string | null = null;
  async readAll() {
    return structuredClone(this.items);
  }
  async set(items: Record<string, unknown>) {
    if (!Object.keys(items).length) return;
    this.throwIfFailing();
    this.writes++;
    Object.assign(this.items, structuredClone(items));
  }
  async remove(keys: string[]) {
    if (!keys.length) return;
    this.throwIfFailing();
    this.writes++;
    for (const key of keys) delete this.items[key];
  }
  onChanged() {
    return () => undefined;
  }
  private throwIfFailing() {
    if (this.failNext) {
      const message = this.failNext;
      this.failNext = null;
      throw new Error(message);
    }
  }
}

export interface Device {
  vault: BackgroundVaultService;
  sync: MemorySyncArea;
  engine: SyncEngine;
}

let clock = Date.UTC(2026, 11, 1, 12, 0, 0);
export const testNow = () => clock;
export function advanceDays(days: number) {
  clock += days * 86_400_000;
}

export async function device(passphrase: string): Promise<Device> {
  const sealedItems: Record<string, unknown> = {};
  const vault = fastVault({ storage: memoryVaultStorage(sealedItems), lock: passthroughLock, clock: { now: testNow } });
  await vault.create(passphrase);
  const sync = new MemorySyncArea();
  const engine = createSyncEngine({ vault, store: sync, local: memoryLocal(vault, sealedItems), now: testNow, kdfIterations: FAST_ITERATIONS });
  // As sync-setup.ts wires it.
  vault.onPassphraseChanged(async ({ passphrase: next, rekeyed }) => {
    if (rekeyed) await engine.resyncAfterRekey(next);
    else await engine.rewrapForPassphrase(next);
  });
  return { vault, sync, engine };
}

/** What the browser's sync engine would do: carry every item of one profile to the other. */
export function carry(from: Device, to: Device) {
  to.sync.items = structuredClone(from.sync.items);
}

export async function names(d: Device): Promise<string[]> {
  const listed = await d.vault.listKeys();
  if (!listed.ok) throw new Error(listed.message);
  return listed.value.map((k) => k.name).sort();
}

export function key(name: string, overrides: Partial<KeyDraft> = {}): KeyDraft {
  return {
    name,
    secret: `kaneo_sk_${name.replace(/\W/g, '')}_${'q'.repeat(40)}`.slice(0, 64),
    instance: { webOrigin: 'https://kaneo.secret-host.example', apiBaseUrl: 'https://kaneo.secret-host.example/api' },
    notes: `notes for ${name}`,
    ...overrides,
  };
}
