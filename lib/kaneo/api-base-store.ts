import { storage } from 'wxt/utils/storage';
import { z } from 'zod';
import { instanceSchema, type Instance } from '../keys/key-entry';
import { err, ok, type Result } from '../result';
import type { SealedBlob, VaultService } from '../vault/vault-service.types';

/**
 * API bases set by hand per web origin, for split deployments (web app and API on different
 * origins). Instance URLs identify the user's Kaneo, so the mapping is stored SEALED with the
 * vault's data key (vault.seal): storage.local holds only ciphertext. While the vault is locked
 * the mapping is unreadable and tabs fall back to `<origin>/api`.
 */

const sealedBlobSchema = z.object({ v: z.literal(1), iv: z.string(), ct: z.string() });

export const apiBasesItem = storage.defineItem<SealedBlob | null>('local:kaneoApiBases', {
  fallback: null,
  version: 1,
});

const mappingSchema = z.object({ v: z.literal(1), entries: z.array(instanceSchema) });

export interface ApiBaseStore {
  list(): Promise<Result<Instance[]>>;
  /** The configured API base for a web origin, or null (none, or vault locked). */
  get(webOrigin: string): Promise<string | null>;
  set(webOrigin: string, apiBaseUrl: string | null): Promise<Result<Instance[]>>;
}

export function createApiBaseStore(vault: VaultService, item = apiBasesItem): ApiBaseStore {
  let queue: Promise<unknown> = Promise.resolve();

  async function read(): Promise<Result<Instance[]>> {
    const raw = await item.getValue();
    if (raw === null) return ok([]);
    const blob = sealedBlobSchema.safeParse(raw);
    if (!blob.success) return err('damaged', 'The saved API bases could not be read. Set them again in Options → Kaneo.');
    const opened = await vault.open(blob.data);
    if (!opened.ok) return opened;
    const mapping = mappingSchema.safeParse(opened.value);
    if (!mapping.success) return err('damaged', 'The saved API bases could not be read. Set them again in Options → Kaneo.');
    return ok(mapping.data.entries);
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
      const run = queue.then(async (): Promise<Result<Instance[]>> => {
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
        const sealed = await vault.seal({ v: 1, entries: next });
        if (!sealed.ok) return sealed;
        await item.setValue(sealed.value);
        return ok(next);
      });
      queue = run.catch(() => undefined);
      return run;
    },
  };
}
