/**
 * The decrypted vault contents: reading them, and the one read-modify-write every change goes
 * through.
 *
 * Protects: the keys inside the vault from lost updates and from writes over a vault that could
 * not be read.
 * Invariants:
 * - A write always starts from what is stored now: read the envelope, decrypt it with the session
 *   data key, apply the change, encrypt with a fresh IV, and write only if the stored envelope is
 *   still the one that was read (revision + digest check), all under the one write lock.
 * - A write never happens unless the stored envelope validated and decrypted.
 */
import { err, ok, type Result } from '../../result';
import { finishEnvelope } from './envelope';
import { MAX_WRITE_ATTEMPTS, NOTHING_CHANGED, type EnvelopeIo } from './envelope-io';
import { additionalData, decryptJson, encryptJson } from './vault-crypto';
import { vaultContentsSchema, type VaultContents } from './vault-contents';
import type { VaultErrorReason } from './vault-errors';
import type { Unlocked, UnlockedSession } from './vault-session';

/** A pure change of the contents; may run more than once when another writer got in between. */
export type ContentsChange<T> = (contents: VaultContents) => Result<{ contents: VaultContents; value: T }, VaultErrorReason>;

export interface VaultContentsStore {
  read(unlocked: Unlocked): Promise<Result<VaultContents, VaultErrorReason>>;
  mutate<T>(change: ContentsChange<T>): Promise<Result<T, VaultErrorReason>>;
}

export function createVaultContentsStore(deps: { envelopes: EnvelopeIo; session: UnlockedSession; emit: () => void }): VaultContentsStore {
  const { envelopes, session } = deps;

  async function read(unlocked: Unlocked): Promise<Result<VaultContents, VaultErrorReason>> {
    let plain: unknown;
    try {
      plain = await decryptJson(unlocked.key, unlocked.envelope.vault, additionalData('vault', unlocked.envelope.vaultId));
    } catch {
      return err(
        'damaged',
        'The stored vault could not be decrypted with its key: it is damaged. It has been left exactly as it is.',
      );
    }
    const parsed = vaultContentsSchema.safeParse(plain);
    if (!parsed.success) {
      return err('damaged', 'The decrypted vault has an unexpected shape. It has been left exactly as it is.');
    }
    return ok(parsed.data);
  }

  return {
    read,
    mutate<T>(change: ContentsChange<T>) {
      return envelopes.locked(async (): Promise<Result<T, VaultErrorReason>> => {
        try {
          for (let attempt = 0; attempt < MAX_WRITE_ATTEMPTS; attempt++) {
            const unlocked = await session.requireUnlocked();
            if (!unlocked.ok) return unlocked;
            const contents = await read(unlocked.value);
            if (!contents.ok) return contents;
            const changed = change(contents.value);
            if (!changed.ok) return changed;
            const { envelope, key } = unlocked.value;
            const vault = await encryptJson(key, changed.value.contents, additionalData('vault', envelope.vaultId));
            const next = await finishEnvelope({
              ...envelope,
              revision: envelope.revision + 1,
              vault: { alg: 'AES-GCM', ...vault },
            });
            if (!(await envelopes.storedIsStill(envelope))) continue;
            const written = await envelopes.writeChecked(next, envelope);
            if (!written.ok) return written;
            deps.emit();
            return ok(changed.value.value);
          }
          return err('conflict', 'The vault kept changing while saving. Nothing was lost; try again.');
        } catch {
          // Everything that can throw here runs before the one write (which answers a Result).
          return err('internal', `The vault could not be saved: something went wrong while preparing the change. ${NOTHING_CHANGED}`);
        }
      });
    },
  };
}
