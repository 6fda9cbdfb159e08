import type { Result } from '../result';
import type { KeyDraft, KeyPatch, KeySummary } from '../keys/key-entry';

/** Where the vault stands, as any page may ask without unlocking. */
export type VaultState =
  | { state: 'uninitialized' }
  | { state: 'locked' }
  | { state: 'unlocked' }
  /** The stored envelope could not be read; it is left untouched. `message` says what is wrong. */
  | { state: 'damaged'; message: string };

/**
 * Vault and named-key messages. The background is the vault's single writer; pages only ever
 * see a key's secret through `keys.reveal`.
 */
export interface VaultProtocol {
  'vault.status'(): VaultState;
  'vault.create'(data: { passphrase: string }): Result<null>;
  'vault.unlock'(data: { passphrase: string }): Result<null>;
  'vault.lock'(): Result<null>;
  'vault.changePassphrase'(data: { current: string; next: string }): Result<null>;
  'keys.list'(): Result<KeySummary[]>;
  'keys.add'(data: { draft: KeyDraft }): Result<KeySummary>;
  'keys.update'(data: { id: string; patch: KeyPatch }): Result<KeySummary>;
  'keys.delete'(data: { id: string }): Result<null>;
  'keys.reveal'(data: { id: string }): Result<{ secret: string }>;
  /** Clear the clipboard after `delaySeconds`, even when the page that copied has closed. */
  'clipboard.scheduleClear'(data: { delaySeconds: number }): Result<null>;
}
