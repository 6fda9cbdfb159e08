import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState } from 'react';
import type { ReactNode } from 'react';

export type StatusTone = 'neutral' | 'success' | 'danger';

interface StatusMessage {
  id: number;
  text: string;
  tone: StatusTone;
}

interface StatusApi {
  /** Say something briefly in the page's live region (e.g. "Copied — clears in 30 s"). */
  announce: (text: string, tone?: StatusTone) => void;
}

const StatusContext = createContext<StatusApi>({ announce: () => {} });

export function useStatus(): StatusApi {
  return useContext(StatusContext);
}

/** How long a status message stays visible. Long enough to read, short enough not to pile up. */
const VISIBLE_MS = 6000;

/**
 * Owns the page's live regions: a `role="status"` region for results ("Copied"), always in the
 * DOM because screen readers only announce changes to regions they already know; failures (tone
 * "danger") appear as a `role="alert"`, which is announced when it is inserted.
 */
export function StatusProvider({ children }: { children: ReactNode }) {
  const [message, setMessage] = useState<StatusMessage | null>(null);
  const counter = useRef(0);

  const announce = useCallback((text: string, tone: StatusTone = 'neutral') => {
    counter.current += 1;
    setMessage({ id: counter.current, text, tone });
  }, []);

  useEffect(() => {
    if (!message) return;
    const timer = setTimeout(() => setMessage((m) => (m?.id === message.id ? null : m)), VISIBLE_MS);
    return () => clearTimeout(timer);
  }, [message]);

  const api = useMemo(() => ({ announce }), [announce]);

  return (
    <StatusContext.Provider value={api}>
      {children}
      <div className="ui-toast-region">
        <div role="status" aria-live="polite">
          {message && message.tone !== 'danger' ? (
            <div key={message.id} className={`ui-toast ui-toast--${message.tone}`}>
              {message.text}
            </div>
          ) : null}
        </div>
        {message && message.tone === 'danger' ? (
          <div key={message.id} role="alert" className="ui-toast ui-toast--danger">
            {message.text}
          </div>
        ) : null}
      </div>
    </StatusContext.Provider>
  );
}
