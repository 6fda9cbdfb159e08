/**
 * What sync (lib/sync/background) may do with the vault, and nothing more. Background only.
 *
 * Protects: the data key and the stored keys, while sync is on.
 * Against: sync writing around the vault's own write path (lost updates, a vault over its size
 * limit) — every sync write goes through the contents store's one read-modify-write, under the
 * write lock, like a person's edit.
 * Invariants:
 * - `dataKeyForSync` answers the raw data key only while unlocked, and only to background code.
 * - The passphrase given to `onPassphraseChanged` listeners is never stored; they may use it
 *   once, to re-wrap (lib/sync re-wraps the synced data key), and must drop it.
 */
import { err, ok, type Result } from '../../result';
import type { KeyEntry } from '../../keys/key-entry';
import { base64ToBytes } from './base64';
import type { KeyWrapping } from './passphrase-wrapping';
import type { VaultContentsStore } from './vault-contents-store';
import type { VaultErrorReason } from './vault-errors';
import type { UnlockedSession } from './vault-session';
import type { VaultStorage } from './vault-storage';

export interface VaultDataKeyForSync {
  vaultId: string;
  dataKey: Uint8Array<ArrayBuffer>;
  /** The envelope's passphrase wrapping of that key (KDF params + wrapped key). */
  wrapping: KeyWrapping;
}

/** `rekeyed`: the change also replaced the data key ("change passphrase and re-encrypt"). */
export type PassphraseChangedListener = (next: { passphrase: string; rekeyed: boolean }) => Promise<void> | void;

export interface VaultSyncAccess {
  dataKeyForSync(): Promise<Result<VaultDataKeyForSync, VaultErrorReason>>;
  /**
   * Replace the key list through the vault's normal write path (write lock, revision check, size
   * limit). `change` is pure and may run more than once; answering null stops without writing
   * (answered as 'conflict': what sync read has changed since).
   */
  writeKeysForSync(change: (keys: KeyEntry[]) => KeyEntry[] | null): Promise<Result<null, VaultErrorReason>>;
  /** Called after the passphrase was changed (a new wrapping; with `rekeyed`, a new data key too). */
  onPassphraseChanged(listener: PassphraseChangedListener): () => void;
}

export function createVaultSyncAccess(deps: {
  storage: VaultStorage;
  session: UnlockedSession;
  contents: VaultContentsStore;
  passphraseListeners: Set<PassphraseChangedListener>;
}): VaultSyncAccess {
  return {
    async dataKeyForSync() {
      const unlocked = await deps.session.requireUnlocked();
      if (!unlocked.ok) return unlocked;
      const stored = await deps.storage.readSession();
      if (!stored || stored.vaultId !== unlocked.value.envelope.vaultId) return err('locked', 'The vault is locked.');
      const { kdf, wrappedKey, vaultId } = unlocked.value.envelope;
      return ok({ vaultId, dataKey: base64ToBytes(stored.dataKey), wrapping: { kdf, wrappedKey } });
    },
    writeKeysForSync(change) {
      return deps.contents.mutate<null>((contents) => {
        const keys = change(contents.keys);
        if (keys === null) return err('conflict', 'The vault changed while syncing; sync looks again.');
        return ok({ contents: { ...contents, keys }, value: null });
      });
    },
    onPassphraseChanged(listener) {
      deps.passphraseListeners.add(listener);
      return () => {
        deps.passphraseListeners.delete(listener);
      };
    },
  };
}

/** Runs every listener; one failing does not stop the others or the passphrase change. */
export async function notifyPassphraseChanged(
  listeners: Set<PassphraseChangedListener>,
  passphrase: string,
  rekeyed: boolean,
): Promise<void> {
  for (const listener of [...listeners]) {
    try {
      await listener({ passphrase, rekeyed });
    } catch {
      // Sync reports its own failures in its status; the passphrase change itself has landed.
    }
  }
}
