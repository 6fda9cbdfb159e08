import * as z from 'zod/mini';
import { err, ok, type Result } from '../../result';
import { STORAGE } from '../../storage/catalogue';
import { defineSealedItem, defineSealedStorageItem } from '../../vault/background/sealed-item';
import type { VaultService } from '../../vault/background/vault-service.types';

/**
 * Which stored key last listed an instance's keys from Options → Kaneo, per web origin, so the
 * next "Load keys" tries that key first instead of one that was refused before.
 *
 * What it protects: the web origin says which Kaneo the user works with, so the record is SEALED
 * with the vault's data key (vault.seal) and storage.local holds only ciphertext. It holds a
 * vault entry id, never a secret. While the vault is locked it reads as empty; it is only a hint,
 * so a record that can't be read is replaced, never a reason to fail.
 */


const recordSchema = z.object({
  v: z.literal(1),
  entries: z.array(z.object({ webOrigin: z.string().check(z.minLength(1), z.maxLength(2000)), keyId: z.string().check(z.minLength(1), z.maxLength(200)) })).check(z.maxLength(1000)),
});

export const listingKeysItem = defineSealedStorageItem(STORAGE.kaneoListingKeys);

export interface ListingKeyStore {
  /** The vault id of the key that last listed this instance's keys, or null. */
  get(webOrigin: string): Promise<string | null>;
  set(webOrigin: string, keyId: string): Promise<Result<null>>;
}

export function createListingKeyStore(vault: Pick<VaultService, 'seal' | 'open'>, item = listingKeysItem): ListingKeyStore {
  const sealed = defineSealedItem({
    item,
    schema: recordSchema,
    vault,
    damagedMessage: 'The record of which key listed an instance could not be read.',
  });

  /** Only a hint: unreadable (locked, damaged) reads as empty. */
  async function read(): Promise<Array<{ webOrigin: string; keyId: string }>> {
    const record = await sealed.read();
    return record.ok ? (record.value?.entries ?? []) : [];
  }

  return {
    async get(webOrigin) {
      return (await read()).find((e) => e.webOrigin === webOrigin)?.keyId ?? null;
    },
    set(webOrigin, keyId) {
      // Serialized: two instances listed at once must not drop either record.
      return sealed.serialize(async (): Promise<Result<null>> => {
        const current = await read();
        if (current.some((e) => e.webOrigin === webOrigin && e.keyId === keyId)) return ok(null);
        const entries = [...current.filter((e) => e.webOrigin !== webOrigin), { webOrigin, keyId }].slice(-1000);
        try {
          return await sealed.write({ v: 1, entries });
        } catch (error) {
          return err('write-failed', error instanceof Error ? error.message : String(error));
        }
      });
    },
  };
}
