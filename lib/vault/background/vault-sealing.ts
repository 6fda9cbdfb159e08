/**
 * Sealing other features' data with the vault's data key (tester history, API bases, …).
 *
 * Protects: stored data that names the user's Kaneo, from readers of `storage.local`.
 * Invariant: a sealed blob is bound to this vault (its id is the additional data), so data
 * sealed by another vault never opens here; while locked nothing seals or opens.
 */
import { err, ok } from '../../result';
import { sealedBlobSchema } from './sealed-item';
import { additionalData, decryptJson, encryptJson } from './vault-crypto';
import type { SealedBlob, VaultService } from './vault-service.types';
import type { UnlockedSession } from './vault-session';

export function createVaultSealing(session: UnlockedSession): Pick<VaultService, 'seal' | 'open'> {
  return {
    async seal(value) {
      const unlocked = await session.requireUnlocked();
      if (!unlocked.ok) return unlocked;
      const { key, envelope } = unlocked.value;
      try {
        const sealed = await encryptJson(key, value ?? null, additionalData('sealed', envelope.vaultId));
        const blob: SealedBlob = { v: 1, ...sealed };
        return ok(blob);
      } catch {
        return err('invalid-input', 'That value cannot be stored.');
      }
    },
    async open(blob) {
      const parsed = sealedBlobSchema.safeParse(blob);
      if (!parsed.success) return err('invalid-input', 'That is not sealed vault data.');
      const unlocked = await session.requireUnlocked();
      if (!unlocked.ok) return unlocked;
      const { key, envelope } = unlocked.value;
      try {
        return ok(await decryptJson(key, parsed.data, additionalData('sealed', envelope.vaultId)));
      } catch {
        return err('undecryptable', 'This data was sealed by another vault or is damaged.');
      }
    },
  };
}
