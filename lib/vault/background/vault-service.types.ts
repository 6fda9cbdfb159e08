import type { Result } from '../../result';
import type { KeyDraft, KeyEntry, KeyPatch } from '../../keys/key-entry';
import type { DamagedVaultExport, KeyChanges, VaultState } from '../protocol';

/**
 * An opaque, JSON-safe ciphertext made with the vault's data key (AES-GCM, fresh IV), bound to
 * the storage item it is kept in (format 2).
 */
export interface SealedBlob {
  v: 2;
  iv: string;
  ct: string;
}

/**
 * The vault as the background uses it. Only the background holds one; pages talk to it through
 * messages (lib/vault/protocol.ts). Every method that needs the data key answers
 * `{ ok: false, reason: 'locked' }` while the vault is locked. Writes are serialized: two callers
 * writing at once both land.
 */
export interface VaultService {
  state(): Promise<VaultState>;
  create(passphrase: string): Promise<Result<null>>;
  unlock(passphrase: string): Promise<Result<null>>;
  lock(): Promise<void>;
  /**
   * Re-wraps the data key under `next`; with `reencrypt` (the default) first replaces the data key
   * itself and re-encrypts the vault and every sealed item under it (vault-rekey.ts).
   */
  changePassphrase(current: string, next: string, options?: { reencrypt?: boolean }): Promise<Result<null>>;
  /** Full entries, secrets included: for background use only, never sent to a page as is. */
  listKeys(): Promise<Result<KeyEntry[]>>;
  /** The list since a page's cursor (KeyChanges), secrets included: the handler strips them. */
  listChanges(since?: string): Promise<Result<KeyChanges<KeyEntry>>>;
  getKey(id: string): Promise<Result<KeyEntry>>;
  addKey(draft: KeyDraft): Promise<Result<KeyEntry>>;
  updateKey(id: string, patch: KeyPatch): Promise<Result<KeyEntry>>;
  deleteKey(id: string): Promise<Result<null>>;
  /**
   * Encrypt any JSON value with the data key, for other concerns' private data (history, caches),
   * bound to `itemKey`, the storage key it will be kept under (a sealed item of the catalogue).
   */
  seal(value: unknown, itemKey: string): Promise<Result<SealedBlob>>;
  /** Opens a blob sealed for `itemKey`; a blob sealed for another item answers 'undecryptable'. */
  open(blob: SealedBlob, itemKey: string): Promise<Result<unknown>>;
  /** Called after every change of state or keys (lock, unlock, add, update, delete). */
  onChange(listener: () => void): () => void;
  /** Marks user activity for auto-lock. */
  touch(): Promise<void>;
}

/**
 * The two ways out of a damaged vault. Both refuse unless the stored vault is damaged right now
 * (never for a vault that is only locked: see vault-service.ts).
 */
export interface DamagedVaultRecovery {
  /** The stored vault item (value + metadata) exactly as stored, as JSON text for a file. */
  exportDamaged(): Promise<Result<DamagedVaultExport>>;
  /**
   * Moves the damaged vault to the damaged backup (replacing an earlier one), clears the vault
   * and the session, so the vault is 'uninitialized'. The caller must have had the person confirm.
   */
  resetDamaged(): Promise<Result<{ backupSavedAt: string; replacedBackupSavedAt: string | null }>>;
}
