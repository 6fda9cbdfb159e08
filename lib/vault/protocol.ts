import type { Result } from '../result';
import type { KeyDraft, KeyPatch, KeySummary } from '../keys/key-entry';

/** Where the vault stands, as any page may ask without unlocking. */
export type VaultState =
  | { state: 'uninitialized' }
  | { state: 'locked' }
  | { state: 'unlocked' }
  /** The stored envelope could not be read; it is left untouched. `message` says what is wrong. */
  | { state: 'damaged'; message: string };

/** A damaged vault as a file the page can save: only what was stored, i.e. ciphertext. */
export interface DamagedVaultExport {
  /** `kaneo-key-manager-damaged-vault-<YYYY-MM-DD>.json` */
  fileName: string;
  /** JSON text: `{ format, v, exportedAt, storageKey, value, meta }`, value and meta as stored. */
  json: string;
}

/** The phrase a person types to start a new vault over a damaged one. */
export const RESET_DAMAGED_CONFIRMATION = 'START OVER';

/**
 * The key list since a page's last answer (`keys.changes`). `cursor` names the list as answered;
 * a page sends it back as `since`. The background answers the whole list when it cannot say what
 * changed since then (a restarted background, a write it did not log, another vault, a lock).
 */
export type KeyChanges<K> =
  | { cursor: string; whole: true; keys: K[] }
  /** Keys added or changed after `since` (by id, in no order) and the ids of keys removed. */
  | { cursor: string; whole: false; since: string; changed: K[]; removed: string[] };

/**
 * Vault and named-key messages. The background is the vault's single writer; pages only ever
 * see a key's secret through `keys.reveal`.
 */
export interface VaultProtocol {
  'vault.status'(): VaultState;
  'vault.create'(data: { passphrase: string }): Result<null>;
  'vault.unlock'(data: { passphrase: string }): Result<null>;
  'vault.lock'(): Result<null>;
  /** `reencrypt` (default true): also replace the data key and re-encrypt everything under it. */
  'vault.changePassphrase'(data: { current: string; next: string; reencrypt?: boolean }): Result<null>;
  /** Only while the state is 'damaged': the stored vault, exactly as stored, to save as a file. */
  'vault.exportDamaged'(): Result<DamagedVaultExport>;
  /**
   * Only while the state is 'damaged': set the damaged vault aside in `local:vaultDamagedBackup`
   * and clear it, so a new vault can be created. Never for a vault that is only locked.
   */
  'vault.resetDamaged'(data: { confirm: typeof RESET_DAMAGED_CONFIRMATION }): Result<{
    backupSavedAt: string;
    replacedBackupSavedAt: string | null;
  }>;
  /** Notes cut to a preview (`notesCut`); `keys.get` has them whole. */
  'keys.list'(): Result<KeySummary[]>;
  /**
   * The list as a page keeps it: the whole list without `since`, else only what changed after
   * the list `since` names (a cursor from an earlier answer). Items as in `keys.list`.
   */
  'keys.changes'(data?: { since: string }): Result<KeyChanges<KeySummary>>;
  /** One key with its whole notes, for the edit form. */
  'keys.get'(data: { id: string }): Result<KeySummary>;
  'keys.add'(data: { draft: KeyDraft }): Result<KeySummary>;
  'keys.update'(data: { id: string; patch: KeyPatch }): Result<KeySummary>;
  'keys.delete'(data: { id: string }): Result<null>;
  'keys.reveal'(data: { id: string }): Result<{ secret: string }>;
}
