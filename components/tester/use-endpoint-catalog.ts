import { useCallback, useEffect, useState } from 'react';
import { call } from '@/lib/messaging/page/call';
import { sendMessage } from '@/lib/messaging/protocol';
import { requestHostPermission } from '@/lib/tester/page/host-permission';
import type { EndpointCatalog } from '@/lib/tester/protocol';

/** The endpoint list for one key's instance: loaded on mount; `refresh` fetches the instance's own. */
export function useEndpointCatalog(keyId: string, apiBaseUrl: string) {
  const [catalog, setCatalog] = useState<EndpointCatalog | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(
    async (refresh: boolean) => {
      setLoading(true);
      const result = await call(() => sendMessage('tester.endpoints', { keyId, refresh }));
      setLoading(false);
      if (result.ok) {
        setCatalog(result.value);
        setError(null);
      } else setError(result.message);
    },
    [keyId],
  );

  useEffect(() => {
    void load(false);
  }, [load]);

  /** Call from a click: asks for access inside it, so the instance's own list can be fetched. */
  const refresh = useCallback(() => {
    void requestHostPermission(apiBaseUrl).then(() => load(true));
  }, [apiBaseUrl, load]);

  return { catalog, loading, error, refresh };
}
