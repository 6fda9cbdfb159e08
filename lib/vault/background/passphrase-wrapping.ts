/**
 * Wrapping the data key with a key derived from the passphrase, and unwrapping it again.
 *
 * Protects: the data key at rest (only its wrapped form is stored).
 * Invariant: unwrapping runs exactly one key derivation; a wrong passphrase answers
 * 'wrong-passphrase' and changes nothing.
 */
import { err, ok, type Result } from '../../result';
import { base64ToBytes, bytesToBase64 } from './base64';
import type { AnyEnvelope, VaultEnvelope } from './envelope';
import { deriveWrappingKey, randomBytes, SALT_BYTES, unwrapDataKey, wrapDataKey } from './vault-crypto';
import type { VaultErrorReason } from './vault-errors';

export type KeyWrapping = Pick<VaultEnvelope, 'kdf' | 'wrappedKey'>;

export function createPassphraseWrapping(iterations: number) {
  return {
    /** A fresh salt, `iterations` rounds of PBKDF2, the data key wrapped under the result. */
    async wrap(passphrase: string, dataKey: Uint8Array<ArrayBuffer>, vaultId: string): Promise<KeyWrapping> {
      const salt = randomBytes(SALT_BYTES);
      const wrappingKey = await deriveWrappingKey(passphrase, { iterations, salt });
      const wrapped = await wrapDataKey(wrappingKey, dataKey, vaultId);
      return {
        kdf: { name: 'PBKDF2', hash: 'SHA-256', iterations, salt: bytesToBase64(salt) },
        wrappedKey: { alg: 'AES-GCM', iv: bytesToBase64(wrapped.iv), ct: bytesToBase64(wrapped.ct) },
      };
    },

    /** One key derivation with the stored parameters; answers the raw data key. */
    async unwrap(envelope: Pick<AnyEnvelope, 'kdf' | 'wrappedKey' | 'vaultId'>, passphrase: string): Promise<Result<Uint8Array<ArrayBuffer>, VaultErrorReason>> {
      const wrappingKey = await deriveWrappingKey(passphrase, {
        iterations: envelope.kdf.iterations,
        salt: base64ToBytes(envelope.kdf.salt),
      });
      try {
        return ok(
          await unwrapDataKey(
            wrappingKey,
            { iv: base64ToBytes(envelope.wrappedKey.iv), ct: base64ToBytes(envelope.wrappedKey.ct) },
            envelope.vaultId,
          ),
        );
      } catch {
        return err('wrong-passphrase', 'That passphrase is not right. Nothing was changed.');
      }
    },
  };
}
