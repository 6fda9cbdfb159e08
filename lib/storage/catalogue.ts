/**
 * Every place the extension stores something, in one list: its key, area, version and whether
 * it is sealed with the vault's data key (Bitwarden's state-definitions idea).
 *
 * Protects: the README's promise that nothing in `storage.local` says which Kaneo you use.
 * Against: a new feature quietly adding a plain-text item, or two features sharing one key.
 * Invariants (tests/unit/structure/storage-catalogue.test.ts checks them):
 * - Every `storage.defineItem` in lib/ takes its key from here; no key is spelled anywhere else.
 * - `sync` holds only sealed records: the one `sync` entry is `sealed` (every record is AES-GCM
 *   under the sync data key, lib/sync/background/sync-records.ts) and owned by sync. It is a key
 *   prefix, not one item: records are `kkm.key` (the passphrase-wrapped data key) and `kkm.r.<id>`.
 * - An item that names an instance, a key or a request is `sealed` (only ciphertext on disk) or
 *   lives in `session` (memory). The vault envelope is ciphertext by construction.
 * - Sealed items move with the vault into the damaged backup on "start over" (vault-storage.ts).
 *
 * Runs anywhere: pages read keys from here to watch `storage.onChanged`.
 */

export type StorageArea = 'local' | 'session' | 'sync';

export interface StoredItem {
  /** WXT's `area:name` key. */
  key: `${StorageArea}:${string}`;
  area: StorageArea;
  /** WXT item version (with numbered migrations), or null for an unversioned item. */
  version: number | null;
  /** Stored as a `vault.seal` blob: unreadable without the vault's data key. */
  sealed: boolean;
  /** The feature that owns (and alone writes) it. */
  owner: 'vault' | 'clipboard' | 'expiry' | 'kaneo' | 'tester' | 'settings' | 'sync';
  /** What it holds, in a phrase. */
  holds: string;
}

export const STORAGE = {
  vaultEnvelope: {
    key: 'local:vault',
    area: 'local',
    version: 1,
    sealed: false,
    owner: 'vault',
    holds: 'the vault envelope: KDF salt and rounds, wrapped data key, the sealed bucket index and each bucket\'s generation and checksum',
  },
  vaultBuckets: {
    key: 'local:vault.b',
    area: 'local',
    version: null,
    sealed: false,
    owner: 'vault',
    holds: 'a key prefix, not one item: the vault\'s keys in 256 buckets `vault.b.<n>.<generation>` (AES-GCM ciphertext under the data key; envelope format 3)',
  },
  vaultDamagedBackup: {
    key: 'local:vaultDamagedBackup',
    area: 'local',
    version: null,
    sealed: false,
    owner: 'vault',
    holds: 'a damaged vault set aside by "start over", as stored (still ciphertext)',
  },
  vaultRekeyStaging: {
    key: 'local:vault.rekey',
    area: 'local',
    version: null,
    sealed: false,
    owner: 'vault',
    holds: 'only while a passphrase change re-encrypts: the new envelope\'s digest and every sealed item re-sealed under the new key (ciphertext)',
  },
  vaultSession: {
    key: 'session:vault.session',
    area: 'session',
    version: null,
    sealed: false,
    owner: 'vault',
    holds: 'while unlocked: the vault id and the raw data key',
  },
  vaultLastActivity: {
    key: 'session:vault.lastActivity',
    area: 'session',
    version: null,
    sealed: false,
    owner: 'vault',
    holds: 'while unlocked: the time of the last action, for auto-lock',
  },
  clipboardClearAt: {
    key: 'session:clipboard.clearAt',
    area: 'session',
    version: null,
    sealed: false,
    owner: 'clipboard',
    holds: 'when a pending clipboard clear is due',
  },
  expiryIndex: {
    key: 'local:expiryIndex',
    area: 'local',
    version: 1,
    sealed: false,
    owner: 'expiry',
    holds: 'sorted expiry days (UTC midnights; no names, ids or instances), for the badge while locked',
  },
  kaneoApiBases: {
    key: 'local:kaneoApiBases',
    area: 'local',
    version: 1,
    sealed: true,
    owner: 'kaneo',
    holds: 'API bases set by hand per web origin (split deployments)',
  },
  kaneoListingKeys: {
    key: 'local:kaneoListingKeys',
    area: 'local',
    version: 1,
    sealed: true,
    owner: 'kaneo',
    holds: 'per web origin, the vault id of the key that last listed its keys (a hint, no secret)',
  },
  kaneoPendingCreates: {
    key: 'local:kaneoPendingCreates',
    area: 'local',
    version: 1,
    sealed: true,
    owner: 'kaneo',
    holds: 'key creates sent whose answer was not handled yet: name, instance, when (never a secret); reconciled with the server',
  },
  testerHistory: {
    key: 'local:tester.history',
    area: 'local',
    version: 1,
    sealed: true,
    owner: 'tester',
    holds: 'the last requests per key, without credentials',
  },
  testerOpenApiCache: {
    key: 'session:tester.openapiCache',
    area: 'session',
    version: null,
    sealed: false,
    owner: 'tester',
    holds: 'OpenAPI documents fetched from the instances, by API base',
  },
  testerPendingTest: {
    key: 'session:tester.pendingTest',
    area: 'session',
    version: null,
    sealed: false,
    owner: 'tester',
    holds: "while the browser asks for access: the id of the key the popup is testing, and when (Firefox may close the popup for its prompt)",
  },
  syncRecords: {
    key: 'sync:kkm',
    area: 'sync',
    // The record format (`v` inside every record); records are written by lib/sync directly.
    version: 1,
    sealed: true,
    owner: 'sync',
    holds: 'key prefix `kkm.`: the passphrase-wrapped data key, and one sealed record per entry (HMAC ids, no names)',
  },
  syncSettings: {
    key: 'local:sync.settings',
    area: 'local',
    version: null,
    sealed: false,
    owner: 'sync',
    holds: 'sync on/off, this device’s random id, the set id, when it last synced, the last problem (no names)',
  },
  syncState: {
    key: 'local:sync.state',
    area: 'local',
    version: 1,
    sealed: true,
    owner: 'sync',
    holds: 'the merge state: every entry’s last synced version, tombstones, conflicts, the synced data key when it is not the vault’s',
  },
  syncPendingJoin: {
    key: 'session:sync.pendingJoin',
    area: 'session',
    version: null,
    sealed: false,
    owner: 'sync',
    holds: 'between a merge preview and its confirmation: the synced data key just unwrapped',
  },
  settings: {
    key: 'local:settings',
    area: 'local',
    version: 2,
    sealed: false,
    owner: 'settings',
    holds: 'non-secret settings: auto-lock minutes, clipboard delay, notifications on/off, key names in them on/off',
  },
} as const satisfies Record<string, StoredItem>;

export type StorageKey = (typeof STORAGE)[keyof typeof STORAGE]['key'];

/** Items sealed with the vault's data key: a new vault can never open them. */
export const SEALED_STORAGE_KEYS = Object.values(STORAGE)
  .filter((item) => item.sealed && item.area === 'local')
  .map((item) => item.key);

/** The name `browser.storage.onChanged` reports for an item (its key without the area). */
export function storageName(item: StoredItem): string {
  return item.key.slice(item.area.length + 1);
}
