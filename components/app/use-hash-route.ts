import { useCallback, useEffect, useState } from 'react';

/** The options page's section, kept in the URL hash so reloads and links land in the same place. */
export function useHashRoute<K extends string>(routes: readonly K[], fallback: K): [K, (route: K) => void] {
  const read = useCallback((): K => {
    const hash = window.location.hash.replace(/^#\/?/, '');
    return (routes as readonly string[]).includes(hash) ? (hash as K) : fallback;
  }, [routes, fallback]);
  const [route, setRoute] = useState<K>(read);

  useEffect(() => {
    const onHash = () => setRoute(read());
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, [read]);

  const navigate = useCallback((next: K) => {
    if (window.location.hash !== `#${next}`) window.history.replaceState(null, '', `#${next}`);
    setRoute(next);
  }, []);

  return [route, navigate];
}
