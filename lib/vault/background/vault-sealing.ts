/**
 * Sealing other features' data with the vault's data key (tester history, API bases, …).
 *
 * Protects: stored data that names the user's Kaneo, from readers of `storage.local`, and its
 * integrity against someone with write access to the profile.
 * Invariants:
 * - A sealed blob is bound to this vault and to the storage item it is kept in (its additional
 *   data is `sealedAdditionalData(vaultId, itemKey)`): data sealed by another vault, or for another
 *   item (history copied over the API bases, say), never opens here.
 * - While locked nothing seals or opens.
 */
import { err, ok } from '../../result';
import { sealedBlobSchema } from './sealed-item';
import { decryptJson, encryptJson, sealedAdditionalData } from './vault-crypto';
import type { SealedBlob, VaultService } from './vault-service.types';
import type { UnlockedSession } from './vault-session';

export function createVaultSealing(session: UnlockedSession): Pick<VaultService, 'seal' | 'open'> {
  return {
    async seal(value, itemKey) {
      const unlocked = await session.requireUnlocked();
      if (!unlocked.ok) return unlocked;
      const { key, envelope } = unlocked.value;
      try {
        const sealed = await encryptJson(key, value ?? null, sealedAdditionalData(envelope.vaultId, itemKey));
        const blob: SealedBlob = { v: 2, ...sealed };
        return ok(blob);
      } catch {
        return err('invalid-input', 'That value cannot be stored.');
      }
    },
    async open(blob, itemKey) {
      const parsed = sealedBlobSchema.safeParse(blob);
      if (!parsed.success) return err('invalid-input', 'That is not sealed vault data.');
      const unlocked = await session.requireUnlocked();
      if (!unlocked.ok) return unlocked;
      const { key, envelope } = unlocked.value;
      try {
        return ok(await decryptJson(key, parsed.data, sealedAdditionalData(envelope.vaultId, itemKey)));
      } catch {
        return err('undecryptable', 'This data was sealed by another vault, for another item, or is damaged.');
      }
    },
  };
}
