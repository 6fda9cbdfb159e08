/**
 * A storage item that holds only ciphertext: a value sealed with the vault's data key.
 *
 * Protects: stored data that names the user's Kaneo (instance URLs, request history).
 * Against: anyone who reads `storage.local` (a copied profile, a backup, another program).
 * Invariants:
 * - Only `vault.seal` output is written; a value is never stored in the clear, not even briefly.
 * - Reading never writes: a blob that does not parse, does not open or does not match its schema
 *   is reported `damaged` and left as it is (it may be the only copy).
 * - Writes through `serialize` run one after another, so two saves at once both land.
 * - The item is listed as `sealed` in lib/storage/catalogue.ts, so "start over" moves it into
 *   the damaged backup with the vault it belongs to.
 */
import { z } from 'zod';
import { storage } from 'wxt/utils/storage';
import { err, ok, type Result } from '../../result';
import type { StoredItem } from '../../storage/catalogue';
import type { SealedBlob, VaultService } from './vault-service.types';

/** What `vault.seal` answers and `vault.open` accepts. */
export const sealedBlobSchema = z.object({ v: z.literal(1), iv: z.string().min(1), ct: z.string().min(1) });

/** The WXT item behind a sealed item: one sealed blob, or nothing. */
export function defineSealedStorageItem(entry: StoredItem & { sealed: true }) {
  return storage.defineItem<SealedBlob | null>(entry.key, {
    fallback: null,
    ...(entry.version === null ? {} : { version: entry.version }),
  });
}

export type SealedStorageItem = ReturnType<typeof defineSealedStorageItem>;

export interface SealedItem<T> {
  /** The opened value; `null` when nothing is stored. */
  read(): Promise<Result<T | null>>;
  /** Seals and stores `value` (never in the clear). */
  write(value: T): Promise<Result<null>>;
  /** Runs `run` after every earlier `serialize` call has settled (read-modify-write). */
  serialize<R>(run: () => Promise<R>): Promise<R>;
  /** Resolves once every `serialize` call started so far has settled. */
  settled(): Promise<void>;
}

export function defineSealedItem<T>(options: {
  item: SealedStorageItem;
  schema: z.ZodType<T>;
  vault: Pick<VaultService, 'seal' | 'open'>;
  /** The sentence a person reads when the stored value cannot be read. */
  damagedMessage: string;
}): SealedItem<T> {
  const { item, schema, vault, damagedMessage } = options;
  let chain: Promise<unknown> = Promise.resolve();

  return {
    async read() {
      const stored = await item.getValue();
      if (stored === null) return ok(null);
      const blob = sealedBlobSchema.safeParse(stored);
      if (!blob.success) return err('damaged', damagedMessage);
      const opened = await vault.open(blob.data);
      if (!opened.ok) return opened;
      const value = schema.safeParse(opened.value);
      if (!value.success) return err('damaged', damagedMessage);
      return ok(value.data);
    },
    async write(value) {
      const sealed = await vault.seal(value);
      if (!sealed.ok) return sealed;
      await item.setValue(sealed.value);
      return ok(null);
    },
    serialize(run) {
      const next = chain.then(run);
      chain = next.catch(() => undefined);
      return next;
    },
    async settled() {
      await chain;
    },
  };
}
