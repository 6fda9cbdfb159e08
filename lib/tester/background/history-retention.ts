/**
 * A deleted key's tester history goes with it. Runs in the core worker, on every vault change;
 * the history's one writer (history.ts) is in the background's lazy script, and is asked to drop
 * what is stale only when there is something to drop, so deleting a key does not load the tester.
 *
 * Protects: request history (URLs, headers, bodies) of a key that was deleted — it must not stay
 * behind in storage.local, even sealed.
 * Invariant: this file only reads (the sealed blob, through the vault's sealed-access gate); every
 * write is the history's own `retain`, in its own queue.
 */
import * as z from 'zod/mini';
import type { VaultService } from '../../vault/background/vault-service.types';
import { defineSealedItem, type SealedStorageItem } from '../../vault/background/sealed-item';
import { historyItem } from './history-item';

/** Only which keys the history holds entries for (history.ts has the whole format). */
const historyKeysSchema = z.object({ byKey: z.record(z.string(), z.unknown()) });

export function registerHistoryRetention(deps: {
  vault: Pick<VaultService, 'listKeys' | 'onChange' | 'seal' | 'open'>;
  /** The history's own retention (lazy script): drops every key's history but these keys'. */
  retain(keyIds: string[]): Promise<unknown>;
  /** Whether the tester is loaded already: then it is asked at once, as it reads the history anyway. */
  testerLoaded(): boolean;
  item?: SealedStorageItem;
}): () => void {
  const { vault } = deps;
  const stored = defineSealedItem({
    item: deps.item ?? historyItem,
    schema: historyKeysSchema,
    vault,
    damagedMessage: 'The stored tester history is not readable.',
  });

  /** Whether the stored history has entries of a key not in `ids`. Unreadable: no (retain would not write either). */
  async function holdsOthers(ids: ReadonlySet<string>): Promise<boolean> {
    const read = await stored.read();
    return read.ok && read.value !== null && Object.keys(read.value.byKey).some((id) => !ids.has(id));
  }

  // Only a change that removed a key can leave history behind (at 10,000 keys every save decrypted
  // the history): the ids of the last list seen are kept for that. The first change a worker sees
  // has nothing to compare with, so it checks (a key deleted just before the worker stopped).
  let lastIds: Set<string> | null = null;
  return vault.onChange(() => {
    void (async () => {
      const keys = await vault.listKeys();
      if (!keys.ok) return;
      const ids = new Set(keys.value.map((k) => k.id));
      const removed = lastIds === null || someMissing(lastIds, ids);
      lastIds = ids;
      if (!removed) return;
      if (deps.testerLoaded() || (await holdsOthers(ids))) await deps.retain([...ids]);
    })().catch(() => undefined);
  });
}

function someMissing(before: ReadonlySet<string>, now: ReadonlySet<string>): boolean {
  for (const id of before) if (!now.has(id)) return true;
  return false;
}
