import { z } from 'zod';
import { historyEntrySchema, type HistoryEntry } from '../history-schemas';
import { CREDENTIAL_HEADERS } from '../request-draft';
import { err, ok, type Result } from '../../result';
import { STORAGE } from '../../storage/catalogue';
import { defineSealedItem, defineSealedStorageItem } from '../../vault/background/sealed-item';
import type { VaultService } from '../../vault/background/vault-service.types';

/**
 * Tester history: the last HISTORY_LIMIT requests per key. Invariant: it never holds a secret
 * (requests are stored without the Authorization header, which only the runner adds, and the
 * background refuses requests that contain the key), and it is stored only sealed with the vault's
 * data key: its URLs name the instance, which must not be readable in storage.local.
 *
 * Only the background writes it; writes are chained so two requests finishing together both land.
 */

export const HISTORY_LIMIT = 50;

const historyContentsSchema = z.object({
  v: z.literal(1),
  byKey: z.record(z.string(), z.array(historyEntrySchema)),
});
type HistoryContents = z.infer<typeof historyContentsSchema>;

/** storage.local holds one sealed blob (or nothing); versioned like every stored item. */
export const historyItem = defineSealedStorageItem(STORAGE.testerHistory);

export interface TesterHistory {
  list(keyId: string): Promise<Result<HistoryEntry[]>>;
  add(keyId: string, entry: HistoryEntry): Promise<Result<null>>;
  clear(keyId: string): Promise<Result<null>>;
  /** Drops history of keys that no longer exist. */
  retain(keyIds: readonly string[]): Promise<Result<null>>;
}

export function createTesterHistory(deps: {
  vault: Pick<VaultService, 'seal' | 'open'>;
  item?: typeof historyItem;
}): TesterHistory {
  const sealed = defineSealedItem({
    item: deps.item ?? historyItem,
    schema: historyContentsSchema,
    vault: deps.vault,
    damagedMessage: 'The stored tester history is not readable.',
  });

  async function read(): Promise<Result<HistoryContents>> {
    const current = await sealed.read();
    if (!current.ok) return current;
    return ok(current.value ?? { v: 1, byKey: {} });
  }

  const write = (contents: HistoryContents) => sealed.write(contents);

  /** Runs one read-modify-write after the previous one. A damaged history is replaced only by clear. */
  function update(
    change: (contents: HistoryContents) => HistoryContents | null,
    replaceDamaged = false,
  ): Promise<Result<null>> {
    const next = sealed.serialize(async (): Promise<Result<null>> => {
      const current = await read();
      if (!current.ok) {
        if (!(replaceDamaged && current.reason === 'damaged')) return current;
        return write(change({ v: 1, byKey: {} }) ?? { v: 1, byKey: {} });
      }
      const changed = change(current.value);
      return changed === null ? ok(null) : write(changed);
    });
    return next.catch((error: unknown) => err('storage', 'Could not save the tester history.', String(error)));
  }

  return {
    async list(keyId) {
      await sealed.settled();
      const current = await read();
      if (!current.ok) return current;
      return ok(current.value.byKey[keyId] ?? []);
    },
    add(keyId, entry) {
      const checked = historyEntrySchema.safeParse(entry);
      if (!checked.success) return Promise.resolve(err('invalid', 'This request cannot be kept in history.'));
      // Belt and braces: credentials never go into history, whoever built the entry.
      const parsed = {
        ...checked.data,
        request: {
          ...checked.data.request,
          headers: checked.data.request.headers.filter((h) => !CREDENTIAL_HEADERS.has(h.name.toLowerCase())),
        },
      };
      return update((contents) => ({
        v: 1,
        byKey: { ...contents.byKey, [keyId]: [parsed, ...(contents.byKey[keyId] ?? [])].slice(0, HISTORY_LIMIT) },
      }));
    },
    clear(keyId) {
      return update((contents) => {
        const { [keyId]: _dropped, ...rest } = contents.byKey;
        return { v: 1, byKey: rest };
      }, true);
    },
    retain(keyIds) {
      const keep = new Set(keyIds);
      return update((contents) => {
        const kept = Object.entries(contents.byKey).filter(([id]) => keep.has(id));
        // Nothing to drop: don't rewrite (this runs on every vault change).
        return kept.length === Object.keys(contents.byKey).length ? null : { v: 1, byKey: Object.fromEntries(kept) };
      });
    },
  };
}
