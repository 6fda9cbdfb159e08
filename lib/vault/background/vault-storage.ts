/**
 * Where the vault lives.
 *
 * Protects: the data key while unlocked, and the stored envelope from being overwritten by a read.
 * Against: the data key reaching disk (it only ever goes to `storage.session`, which is memory-only
 * and cleared when the browser closes) or content scripts (session access is restricted to trusted
 * extension contexts where the browser supports it).
 *
 * Invariants:
 * - `storage.local` gets the envelope (and WXT's `vault$` version meta) and, since format 3, the
 *   bucket items `vault.b.<n>.<generation>` (ciphertext only, vault-buckets.ts), nothing else.
 * - Bucket items are only ever added under new names and removed once no envelope names them;
 *   a stored bucket is never overwritten.
 * - Reading never writes. The only writes of the envelope are `writeEnvelope` calls from the
 *   vault service, after it has decrypted what is stored — and `setAsideDamaged`, the one explicit,
 *   confirmed recovery path for a damaged vault, which first copies the stored bytes to
 *   `local:vaultDamagedBackup` (and checks the copy) before it clears the vault item.
 * - Migrations (envelope-migrations.ts) run once when the item is defined; a failing migration
 *   leaves the stored bytes as they were.
 */
import { z } from 'zod/mini';
import { browser } from 'wxt/browser';
import { storage } from 'wxt/utils/storage';
import { ENVELOPE_ITEM_VERSION, type AnyEnvelope, type VaultEnvelope } from './envelope';
import { BUCKET_PREFIX } from './vault-buckets';
import { ENVELOPE_MIGRATIONS, type EnvelopeMigrations } from './migrations/index';
import { isBase64 } from './base64';
import { SEALED_STORAGE_KEYS, STORAGE, storageName } from '../../storage/catalogue';

/** The unlocked vault's data key as kept in `storage.session`. */
export const vaultSessionSchema = z.object({
  vaultId: z.string().check(z.minLength(1)),
  dataKey: z.string().check(z.refine(isBase64)),
});
export type VaultSession = z.infer<typeof vaultSessionSchema>;

export interface StoredEnvelope {
  raw: unknown;
  /** WXT's stored item version (`vault$.v`), when present. */
  storedVersion?: number;
}

/** The vault item exactly as stored: its value and WXT's metadata object (`vault$`). */
export interface RawStoredVault {
  value: unknown;
  meta: Record<string, unknown>;
}

/**
 * A damaged vault set aside by "Start a new vault". Only the latest one is kept. It holds only
 * what was stored already (ciphertext, ids, KDF parameters), so it adds nothing readable.
 */
export const damagedBackupSchema = z.object({
  v: z.literal(1),
  /** When it was set aside (ISO 8601). */
  savedAt: z.string(),
  /** `local:vault` and its `vault$` metadata, exactly as they were stored. */
  value: z.unknown(),
  meta: z.record(z.string(), z.unknown()),
  /** Items sealed with the damaged vault's data key, as they were stored (key → value). */
  sealed: z.record(z.string(), z.unknown()),
  /** Every bucket item (`vault.b.*`, envelope format 3) as stored, by storage name. */
  buckets: z.optional(z.record(z.string(), z.unknown())),
});
export type DamagedBackup = z.infer<typeof damagedBackupSchema>;

export const DAMAGED_BACKUP_STORAGE_KEY = STORAGE.vaultDamagedBackup.key;

/**
 * Items other concerns keep sealed with the vault's data key (vault.seal). A new vault can never
 * open them, and their owners would report them as unreadable forever, so starting over moves
 * them into the backup with the vault they belong to. The storage catalogue marks them `sealed`.
 */
export const VAULT_SEALED_ITEM_KEYS = SEALED_STORAGE_KEYS;

export interface VaultStorage {
  readEnvelope(): Promise<StoredEnvelope>;
  /** The vault item's value and metadata exactly as stored, for exporting a damaged vault. */
  readRawEnvelope(): Promise<RawStoredVault>;
  readDamagedBackup(): Promise<DamagedBackup | null>;
  /**
   * Moves the stored vault (value + metadata) and the items sealed with its key into the damaged
   * backup, replacing an earlier backup, checks the backup reads back identically, then clears
   * them. Throws, leaving the vault as it was, when the backup can't be confirmed. The caller
   * decides that the vault is damaged; this never looks at it.
   */
  setAsideDamaged(savedAt: string): Promise<DamagedBackup>;
  writeEnvelope(envelope: VaultEnvelope): Promise<void>;
  /** The stored values of these bucket items (storage names), absent ones left out. */
  readBuckets(names: readonly string[]): Promise<Record<string, unknown>>;
  /** Stores bucket items (one storage.local.set). */
  writeBuckets(values: Record<string, unknown>): Promise<void>;
  removeBuckets(names: readonly string[]): Promise<void>;
  /** The storage name of every bucket item stored, referenced or not. */
  listBucketNames(): Promise<string[]>;
  /** Every sealed item's stored value, by storage key (items with nothing stored left out). */
  readSealedItems(): Promise<Record<string, unknown>>;
  /** Stores the given sealed items' values as they are (ciphertext from the vault only). */
  writeSealedItems(values: Record<string, unknown>): Promise<void>;
  /** The staged re-key (vault-rekey.ts), as stored, or null. */
  readRekeyStaging(): Promise<unknown>;
  writeRekeyStaging(staging: unknown): Promise<void>;
  clearRekeyStaging(): Promise<void>;
  /**
   * Calls `onChange` with the stored value after every change of the vault item (any writer, any
   * context; `null` when only its version metadata changed). Lets the envelope I/O remember what
   * it validated. Optional: without it nothing is remembered.
   */
  watchEnvelope?(onChange: (value: unknown) => void, onBucketsChanged?: (changed: Record<string, unknown>) => void): () => void;
  readSession(): Promise<VaultSession | null>;
  writeSession(session: VaultSession): Promise<void>;
  clearSession(): Promise<void>;
  readLastActivity(): Promise<number | null>;
  writeLastActivity(at: number): Promise<void>;
}

export const ENVELOPE_STORAGE_KEY = STORAGE.vaultEnvelope.key;

/**
 * The largest vault the vault service writes: 40 MiB of JSON in all — the envelope plus every
 * bucket item it names (all ASCII — base64, ids, literals — so characters are bytes). Why:
 * - it holds the vault the project must handle — 10,000 keys with 2,000-character notes, about
 *   31 MB — with room to spare (about 13,000 such keys; tens of thousands of keys without notes);
 * - the key list a page gets (every key without its secret, notes cut to a 200-character
 *   preview: lib/keys/key-entry.ts) stays far under Chrome's 64 MiB limit for one extension message;
 * - the manifest asks for `unlimitedStorage`, so the browser's own quota (Chrome: 10 MiB for
 *   `storage.local` without it) is not what stops a write. A write over this limit is refused
 *   before anything is stored, with a message that says so.
 */
export const MAX_ENVELOPE_BYTES = 40 * 1024 * 1024;

/** Size of the envelope item as `storage.local` counts it: its key plus its JSON text. */
export function envelopeBytes(envelope: AnyEnvelope): number {
  return 'vault'.length + JSON.stringify(envelope).length;
}

/** Size of the whole vault: the envelope plus each bucket it names (sizes from its table). */
export function vaultBytes(envelope: VaultEnvelope): number {
  return envelope.buckets.reduce((total, row) => total + (row?.size ?? 0), envelopeBytes(envelope));
}

export interface VaultStorageOptions {
  /** Item version and migrations; override only to test the migration machinery. */
  version?: number;
  migrations?: EnvelopeMigrations;
}

export function defineEnvelopeItem(options: VaultStorageOptions = {}) {
  return storage.defineItem<unknown>(ENVELOPE_STORAGE_KEY, {
    version: options.version ?? ENVELOPE_ITEM_VERSION,
    migrations: options.migrations ?? ENVELOPE_MIGRATIONS,
  });
}

/**
 * A value read from storage once and then kept: `set` writes it through (before the storage call,
 * so a read never sees the old value after a write began), `changed` is told every change event
 * of the item and forgets the copy unless the event carries that same value (our own write). A
 * read that began before a set or a forgetting change does not keep what it read: it may be older.
 */
function watchedCopy<T>(holds: (copy: T, stored: unknown) => boolean) {
  let copy: { value: T } | null = null;
  let changes = 0;
  return {
    async read(load: () => Promise<T>): Promise<T> {
      if (copy) return copy.value;
      const before = changes;
      const value = await load();
      if (changes === before) copy = { value };
      return value;
    },
    set(value: T) {
      changes++;
      copy = { value };
    },
    changed(stored: unknown) {
      if (copy && holds(copy.value, stored)) return;
      changes++;
      copy = null;
    },
  };
}

/** The default storage: WXT items over browser.storage.local / browser.storage.session. */
export function createVaultStorage(options: VaultStorageOptions = {}): VaultStorage {
  const envelopeItem = defineEnvelopeItem(options);
  const sessionItem = storage.defineItem<unknown>(STORAGE.vaultSession.key);
  const lastActivityItem = storage.defineItem<unknown>(STORAGE.vaultLastActivity.key);
  const backupItem = storage.defineItem<unknown>(DAMAGED_BACKUP_STORAGE_KEY);
  const rekeyItem = storage.defineItem<unknown>(STORAGE.vaultRekeyStaging.key);
  const sealedItems = VAULT_SEALED_ITEM_KEYS.map((key) => ({ key, item: storage.defineItem<unknown>(key) }));

  async function readBuckets(names: readonly string[]): Promise<Record<string, unknown>> {
    if (names.length === 0) return {};
    const values = await browser.storage.local.get([...names]);
    return Object.fromEntries(Object.entries(values).filter(([name, value]) => names.includes(name) && value !== undefined));
  }

  async function listBucketNames(): Promise<string[]> {
    const local = browser.storage.local as typeof browser.storage.local & { getKeys?: () => Promise<string[]> };
    // getKeys lists names without reading values (Chrome 130, Firefox 143); else read everything once.
    let names: string[] | null = null;
    if (typeof local.getKeys === 'function') {
      try {
        names = await local.getKeys();
      } catch {
        names = null;
      }
    }
    names ??= Object.keys(await local.get(null));
    return names.filter((name) => name.startsWith(BUCKET_PREFIX));
  }

  // The session copy of the data key and the last activity are read on every vault operation
  // (issue 11: a save at 10,000 keys made a dozen storage calls). Kept in memory, written through,
  // and dropped on any change event of their item (another context, a browser restart).
  const sessionCopy = watchedCopy<VaultSession | null>((copy, stored) => {
    const parsed = vaultSessionSchema.safeParse(stored);
    return parsed.success ? copy !== null && copy.vaultId === parsed.data.vaultId && copy.dataKey === parsed.data.dataKey : copy === null && stored === undefined;
  });
  const activityCopy = watchedCopy<number | null>((copy, stored) => copy === (stored ?? null));
  const sessionName = storageName(STORAGE.vaultSession);
  const activityName = storageName(STORAGE.vaultLastActivity);
  browser.storage.onChanged.addListener((changes: Record<string, { newValue?: unknown }>, area: string) => {
    if (area !== 'session') return;
    if (sessionName in changes) sessionCopy.changed(changes[sessionName]?.newValue);
    if (activityName in changes) activityCopy.changed(changes[activityName]?.newValue);
  });

  async function readRaw(): Promise<RawStoredVault> {
    const [value, meta] = await Promise.all([envelopeItem.getValue(), envelopeItem.getMeta()]);
    return { value, meta: { ...(meta as Record<string, unknown>) } };
  }

  // The value and WXT's version metadata, read the way WXT reads them. The first read goes through
  // the WXT item, which waits for the item's own migration; after that both come in one storage
  // call: every save reads them (the check against other writers), and two calls were two round
  // trips to the browser (issue 11).
  const envelopeName = storageName(STORAGE.vaultEnvelope);
  const envelopeMetaName = `${envelopeName}$`;
  let migrated = false;
  const storedEnvelope = (raw: unknown, meta: unknown): StoredEnvelope => {
    const v = meta !== null && typeof meta === 'object' && !Array.isArray(meta) ? (meta as { v?: unknown }).v : undefined;
    return typeof v === 'number' ? { raw: raw ?? null, storedVersion: v } : { raw: raw ?? null };
  };

  return {
    async readEnvelope() {
      if (!migrated) {
        const [raw, meta] = await Promise.all([envelopeItem.getValue(), envelopeItem.getMeta()]);
        migrated = true;
        return storedEnvelope(raw, meta);
      }
      const stored = await browser.storage.local.get([envelopeName, envelopeMetaName]);
      return storedEnvelope(stored[envelopeName], stored[envelopeMetaName]);
    },
    readRawEnvelope: readRaw,
    async readDamagedBackup() {
      const parsed = damagedBackupSchema.safeParse(await backupItem.getValue());
      return parsed.success ? parsed.data : null;
    },
    async setAsideDamaged(savedAt) {
      const { value, meta } = await readRaw();
      const sealed: Record<string, unknown> = {};
      for (const { key, item } of sealedItems) {
        const stored = await item.getValue();
        if (stored !== null && stored !== undefined) sealed[key] = stored;
      }
      const bucketNames = await listBucketNames();
      const buckets = await readBuckets(bucketNames);
      const backup: DamagedBackup = { v: 1, savedAt, value, meta, sealed, buckets };
      await backupItem.setValue(backup);
      // Never clear the vault on the strength of a write we have not seen land.
      if (JSON.stringify(await backupItem.getValue()) !== JSON.stringify(backup)) {
        throw new Error('The damaged vault could not be backed up.');
      }
      // Value and metadata both go: a stale `v` (e.g. from a newer format) would make the next
      // vault look damaged. The metadata is then set to the current version, as for a new item.
      await envelopeItem.removeValue({ removeMeta: true });
      await envelopeItem.setMeta({ v: options.version ?? ENVELOPE_ITEM_VERSION });
      for (const { key, item } of sealedItems) {
        if (key in sealed) await item.removeValue();
      }
      if (bucketNames.length > 0) await browser.storage.local.remove(bucketNames);
      return backup;
    },
    async writeEnvelope(envelope) {
      await envelopeItem.setValue(envelope);
    },
    readBuckets,
    async writeBuckets(values) {
      if (Object.keys(values).length > 0) await browser.storage.local.set(values);
    },
    async removeBuckets(names) {
      if (names.length > 0) await browser.storage.local.remove([...names]);
    },
    listBucketNames,
    async readSealedItems() {
      const values: Record<string, unknown> = {};
      for (const { key, item } of sealedItems) {
        const stored = await item.getValue();
        if (stored !== null && stored !== undefined) values[key] = stored;
      }
      return values;
    },
    async writeSealedItems(values) {
      // One storage.local.set: the browser applies it as one write.
      const entries = sealedItems.filter(({ key }) => key in values).map(({ item, key }) => ({ item, value: values[key] }));
      if (entries.length > 0) await storage.setItems(entries);
    },
    readRekeyStaging: () => rekeyItem.getValue(),
    writeRekeyStaging: (staging) => rekeyItem.setValue(staging),
    clearRekeyStaging: () => rekeyItem.removeValue(),
    watchEnvelope(onChange, onBucketsChanged) {
      // The value and WXT's version metadata (`vault$`, which can make the value unreadable).
      const name = storageName(STORAGE.vaultEnvelope);
      const listener = (changes: Record<string, { newValue?: unknown }>, area: string) => {
        if (area !== 'local') return;
        if (`${name}$` in changes) onChange(null);
        else if (name in changes) onChange(changes[name]?.newValue);
        const buckets = Object.entries(changes).filter(([key]) => key.startsWith(BUCKET_PREFIX));
        // A removed bucket's new value is undefined.
        if (buckets.length > 0) onBucketsChanged?.(Object.fromEntries(buckets.map(([key, change]) => [key, change.newValue])));
      };
      browser.storage.onChanged.addListener(listener);
      return () => browser.storage.onChanged.removeListener(listener);
    },
    readSession: () =>
      sessionCopy.read(async () => {
        const parsed = vaultSessionSchema.safeParse(await sessionItem.getValue());
        return parsed.success ? parsed.data : null;
      }),
    async writeSession(session) {
      sessionCopy.set(session);
      await sessionItem.setValue(session);
    },
    async clearSession() {
      sessionCopy.set(null);
      activityCopy.set(null);
      await Promise.all([sessionItem.removeValue(), lastActivityItem.removeValue()]);
    },
    readLastActivity: () =>
      activityCopy.read(async () => {
        const value = await lastActivityItem.getValue();
        return typeof value === 'number' && Number.isFinite(value) ? value : null;
      }),
    async writeLastActivity(at) {
      activityCopy.set(at);
      await lastActivityItem.setValue(at);
    },
  };
}

/**
 * Chrome: make `storage.session` reachable by extension pages and the background only (this is
 * Chrome's default, set explicitly so a later change elsewhere cannot widen it silently).
 * Firefox has no access levels; its `storage.session` is not exposed to content scripts.
 */
export async function restrictSessionStorage(): Promise<void> {
  const session = browser.storage?.session as { setAccessLevel?: (o: { accessLevel: string }) => Promise<void> };
  if (typeof session?.setAccessLevel !== 'function') return;
  try {
    await session.setAccessLevel({ accessLevel: 'TRUSTED_CONTEXTS' });
  } catch {
    // Only the background may call this; elsewhere it throws and the setting stays as it was.
  }
}

/**
 * Bucket items kept in memory, for a VaultStorage that is not browser storage (the e2e seeder
 * building a vault in Node, tests). `items` is what is "stored", by storage name.
 */
export function memoryBuckets(): Pick<VaultStorage, 'readBuckets' | 'writeBuckets' | 'removeBuckets' | 'listBucketNames'> & {
  items: Map<string, unknown>;
} {
  const items = new Map<string, unknown>();
  return {
    items,
    readBuckets: async (names) => Object.fromEntries(names.filter((name) => items.has(name)).map((name) => [name, structuredClone(items.get(name))])),
    writeBuckets: async (values) => {
      for (const [name, value] of Object.entries(values)) items.set(name, structuredClone(value));
    },
    removeBuckets: async (names) => {
      for (const name of names) items.delete(name);
    },
    listBucketNames: async () => [...items.keys()],
  };
}
