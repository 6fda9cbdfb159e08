import { useCallback, useEffect, useState } from 'react';
import { STORAGE, storageName } from '@/lib/storage/catalogue';
import type { SyncConflictView, SyncStatus } from '@/lib/sync/protocol';
import { syncClient } from '@/lib/sync/page/sync-client';

/** The Sync section's state: status and conflicts, refreshed when sync's settings change. */
export function useSync() {
  const [status, setStatus] = useState<SyncStatus | null>(null);
  const [conflicts, setConflicts] = useState<SyncConflictView[]>([]);
  const [error, setError] = useState<string | null>(null);

  const refresh = useCallback(async () => {
    const answer = await syncClient.status();
    if (!answer.ok) return setError(answer.message);
    setError(null);
    setStatus(answer.value);
    if (answer.value.phase === 'on' && answer.value.conflicts > 0) {
      const listed = await syncClient.conflicts();
      setConflicts(listed.ok ? listed.value : []);
    } else setConflicts([]);
  }, []);

  useEffect(() => {
    void refresh();
    const watched = storageName(STORAGE.syncSettings);
    const onStorage = (changes: Record<string, unknown>, area: string) => {
      if (area === 'local' && watched in changes) void refresh();
    };
    browser.storage.onChanged.addListener(onStorage);
    return () => browser.storage.onChanged.removeListener(onStorage);
  }, [refresh]);

  return { status, conflicts, error, refresh, setStatus };
}
