import { z } from 'zod/mini';
import { keyEntrySchema } from '../../keys/key-entry';

/**
 * What the vault ciphertext decrypts to. Versioned on its own so the inside can change without a
 * new envelope format. Only ever exists in memory in the background.
 */
export const vaultContentsSchema = z.object({
  v: z.literal(1),
  keys: z.array(keyEntrySchema),
});
export type VaultContents = z.infer<typeof vaultContentsSchema>;

export function emptyVaultContents(): VaultContents {
  return { v: 1, keys: [] };
}
