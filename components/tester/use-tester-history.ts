import { useCallback, useEffect, useState } from 'react';
import { call } from '@/lib/messaging/page/call';
import { sendMessage } from '@/lib/messaging/protocol';
import type { HistoryEntry } from '@/lib/tester/history-schemas';

/** One key's tester history as the page shows it: loaded on mount, reloaded after each send. */
export function useTesterHistory(keyId: string) {
  const [history, setHistory] = useState<HistoryEntry[]>([]);
  const [error, setError] = useState<string | null>(null);

  const reload = useCallback(async () => {
    const result = await call(() => sendMessage('tester.history.list', { keyId }));
    if (result.ok) {
      setHistory(result.value);
      setError(null);
    } else setError(`History is not available: ${result.message}`);
  }, [keyId]);

  const clear = useCallback(async () => {
    const result = await call(() => sendMessage('tester.history.clear', { keyId }));
    if (result.ok) setHistory([]);
    else setError(result.message);
  }, [keyId]);

  useEffect(() => {
    void reload();
  }, [reload]);

  return { history, error, reload, clear };
}
