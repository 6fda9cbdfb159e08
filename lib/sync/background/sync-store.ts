/**
 * The one door to `browser.storage.sync`: read every sync item, write and remove a batch.
 * Only sealed records pass through it (sync-records.ts makes them); nothing else in the
 * extension touches storage.sync (tests/unit/structure/storage-catalogue.test.ts).
 */
import { STORAGE, storageName } from '../../storage/catalogue';

/** `kkm` — every item sync writes starts with `kkm.`. */
export const SYNC_ITEMS_PREFIX = `${storageName(STORAGE.syncRecords)}.`;

export interface SyncStore {
  /** Every sync item of this extension (only those starting with the prefix). */
  readAll(): Promise<Record<string, unknown>>;
  /** One write operation, however many items. */
  set(items: Record<string, unknown>): Promise<void>;
  /** One write operation. */
  remove(keys: string[]): Promise<void>;
  /** Calls `listener` when another device (or this one) changed a sync item. */
  onChanged(listener: () => void): () => void;
}

export function createBrowserSyncStore(): SyncStore {
  const area = () => browser.storage.sync;
  return {
    async readAll() {
      const all = (await area().get(null)) as Record<string, unknown>;
      return Object.fromEntries(Object.entries(all).filter(([key]) => key.startsWith(SYNC_ITEMS_PREFIX)));
    },
    async set(items) {
      if (Object.keys(items).length) await area().set(items);
    },
    async remove(keys) {
      if (keys.length) await area().remove(keys);
    },
    onChanged(listener) {
      const handler = (changes: Record<string, unknown>, areaName: string) => {
        if (areaName === 'sync' && Object.keys(changes).some((key) => key.startsWith(SYNC_ITEMS_PREFIX))) listener();
      };
      browser.storage.onChanged.addListener(handler);
      return () => browser.storage.onChanged.removeListener(handler);
    },
  };
}
