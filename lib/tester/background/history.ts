import * as z from 'zod/mini';
import { HISTORY_BODY_LIMIT_BYTES, historyEntrySchema, type HistoryEntry } from '../history-schemas';
import { CREDENTIAL_HEADERS } from '../request-draft';
import { err, ok, type Result } from '../../result';
import { defineSealedItem } from '../../vault/background/sealed-item';
import { historyItem } from './history-item';
import type { VaultService } from '../../vault/background/vault-service.types';

/**
 * Tester history: the last HISTORY_LIMIT requests per key. Invariant: it never holds a secret
 * (requests are stored without the Authorization header, which only the runner adds, and the
 * background refuses requests that contain the key), and it is stored only sealed with the vault's
 * data key: its URLs name the instance, which must not be readable in storage.local.
 *
 * Only the background writes it; writes are chained so two requests finishing together both land.
 *
 * Bounded: storage.local is small (Chrome: 10 MB for everything, vault included), and one 3.7 MB
 * request body once filled 47 % of it. A body is kept only up to HISTORY_BODY_LIMIT_BYTES (the
 * entry says how big it was), an entry whose URL and headers alone pass HISTORY_ENTRY_LIMIT_BYTES is
 * not kept, and the whole history stays under HISTORY_TOTAL_LIMIT_BYTES by dropping the oldest.
 */

export const HISTORY_LIMIT = 50;
/** One entry, as JSON, after its body is cut. */
export const HISTORY_ENTRY_LIMIT_BYTES = 16 * 1024;
/** Every key's history together, as JSON (before sealing, which adds about a third). */
export const HISTORY_TOTAL_LIMIT_BYTES = 512 * 1024;

const encoder = new TextEncoder();
const byteLength = (text: string) => encoder.encode(text).length;

/** The longest prefix of `text` whose UTF-8 form fits `limit` bytes, never splitting a character. */
function cutToBytes(text: string, limit: number): string {
  let low = 0;
  let high = Math.min(text.length, limit);
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (byteLength(text.slice(0, mid)) <= limit) low = mid;
    else high = mid - 1;
  }
  // Don't end on the first half of a surrogate pair.
  const code = text.charCodeAt(low - 1);
  return code >= 0xd800 && code <= 0xdbff ? text.slice(0, low - 1) : text.slice(0, low);
}

function withBodyCut(entry: HistoryEntry): HistoryEntry {
  const body = entry.request.body;
  if (body === null) return entry;
  const size = byteLength(body);
  if (size <= HISTORY_BODY_LIMIT_BYTES) return entry;
  return { ...entry, request: { ...entry.request, body: cutToBytes(body, HISTORY_BODY_LIMIT_BYTES) }, bodyBytes: size };
}

/** Drops the oldest entries (any key) until the whole history fits HISTORY_TOTAL_LIMIT_BYTES. */
function withinTotal(contents: HistoryContents, limit: number): HistoryContents {
  const byKey = Object.fromEntries(Object.entries(contents.byKey).map(([id, list]) => [id, [...list]]));
  let size = byteLength(JSON.stringify({ v: 1, byKey }));
  while (size > limit) {
    let oldest: { id: string; at: string } | null = null;
    for (const [id, list] of Object.entries(byKey)) {
      const last = list.at(-1);
      if (last && (oldest === null || last.at < oldest.at)) oldest = { id, at: last.at };
    }
    if (oldest === null) break;
    const dropped = byKey[oldest.id]!.pop()!;
    size -= byteLength(JSON.stringify(dropped)) + 1;
    if (byKey[oldest.id]!.length === 0) delete byKey[oldest.id];
  }
  return { v: 1, byKey };
}

const historyContentsSchema = z.object({
  v: z.literal(1),
  byKey: z.record(z.string(), z.array(historyEntrySchema)),
});
type HistoryContents = z.infer<typeof historyContentsSchema>;

export { historyItem };

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
  /** Defaults to HISTORY_TOTAL_LIMIT_BYTES; tests lower it to stay fast. */
  totalLimitBytes?: number;
}): TesterHistory {
  const totalLimit = deps.totalLimitBytes ?? HISTORY_TOTAL_LIMIT_BYTES;
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
      const parsed = withBodyCut({
        ...checked.data,
        request: {
          ...checked.data.request,
          headers: checked.data.request.headers.filter((h) => !CREDENTIAL_HEADERS.has(h.name.toLowerCase())),
        },
      });
      if (byteLength(JSON.stringify(parsed)) > HISTORY_ENTRY_LIMIT_BYTES) {
        return Promise.resolve(err('too-large', 'This request’s address and headers are too large to keep in history.'));
      }
      return update((contents) =>
        withinTotal({
          v: 1,
          byKey: { ...contents.byKey, [keyId]: [parsed, ...(contents.byKey[keyId] ?? [])].slice(0, HISTORY_LIMIT) },
        }, totalLimit),
      );
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
