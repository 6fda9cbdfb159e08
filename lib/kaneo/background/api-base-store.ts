import * as z from 'zod/mini';
import { instanceSchema, type Instance } from '../../keys/key-entry';
import { err, ok, type Result } from '../../result';
import { STORAGE } from '../../storage/catalogue';
import { defineSealedItem, defineSealedStorageItem } from '../../vault/background/sealed-item';
import type { VaultService } from '../../vault/background/vault-service.types';

/**
 * API bases set by hand per web origin, for split deployments (web app and API on different
 * origins). Instance URLs identify the user's Kaneo, so the mapping is stored SEALED with the
 * vault's data key (vault.seal): storage.local holds only ciphertext. While the vault is locked
 * the mapping is unreadable and tabs fall back to `<origin>/api`.
 */

export const apiBasesItem = defineSealedStorageItem(STORAGE.kaneoApiBases);

const mappingSchema = z.object({ v: z.literal(1), entries: z.array(instanceSchema) });

export interface ApiBaseStore {
  list(): Promise<Result<Instance[]>>;
  /** The configured API base for a web origin, or null (none, or vault locked). */
  get(webOrigin: string): Promise<string | null>;
  set(webOrigin: string, apiBaseUrl: string | null): Promise<Result<Instance[]>>;
}

export function createApiBaseStore(vault: VaultService, item = apiBasesItem): ApiBaseStore {
  const sealed = defineSealedItem({
    item,
    schema: mappingSchema,
    vault,
    damagedMessage: 'The saved API bases could not be read. Set them again in Options → Kaneo.',
  });

  async function read(): Promise<Result<Instance[]>> {
    const mapping = await sealed.read();
    if (!mapping.ok) return mapping;
    return ok(mapping.value?.entries ?? []);
  }

  return {
    list: read,
    async get(webOrigin) {
      const entries = await read();
      if (!entries.ok) return null;
      return entries.value.find((e) => e.webOrigin === webOrigin)?.apiBaseUrl ?? null;
    },
    set(webOrigin, apiBaseUrl) {
      // Serialized: two saves at once must not drop either.
      return sealed.serialize(async (): Promise<Result<Instance[]>> => {
        const parsed = instanceSchema.safeParse({ webOrigin, apiBaseUrl: apiBaseUrl ?? webOrigin });
        if (!parsed.success) return err('invalid-input', 'Enter full URLs, e.g. https://kaneo.example.com and https://api.example.com/api.');
        if (apiBaseUrl !== null && !/^https?:$/.test(new URL(parsed.data.apiBaseUrl).protocol)) {
          return err('invalid-input', 'The API base must be an http(s) URL.');
        }
        const current = await read();
        // A mapping that can't be opened is not overwritten (it may be the only copy).
        if (!current.ok) return current;
        const others = current.value.filter((e) => e.webOrigin !== parsed.data.webOrigin);
        const next = apiBaseUrl === null ? others : [...others, parsed.data];
        const written = await sealed.write({ v: 1, entries: next });
        return written.ok ? ok(next) : written;
      });
    },
  };
}
