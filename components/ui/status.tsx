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

/** How long a status message stays visible when nothing else happens. Long enough to read. */
const VISIBLE_MS = 6000;

/** What a click on counts as the person's next action. */
const ACTION_CONTROLS =
  'button, a[href], summary, [role="button"], [role="tab"], [role="menuitem"], [role="option"], [role="switch"], ' +
  'input[type="checkbox"], input[type="radio"], input[type="submit"], input[type="button"]';

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
    const clear = () => setMessage((m) => (m?.id === message.id ? null : m));
    const timer = setTimeout(clear, VISIBLE_MS);
    // A message is about what just happened; the person's next action makes it stale ("Vault
    // locked" must not sit beside a wrong-passphrase error). Capture phase: this runs before the
    // action's own handler, so a message that action announces is not the one cleared. Clicking
    // into a text field is not an action; a click the page makes itself on a detached link (a
    // file download) is not one either.
    const onAction = (event: Event) => {
      const target = event.target;
      if (event.type === 'click') {
        if (!(target instanceof Element) || !target.isConnected || target.closest('a[download]')) return;
        if (!target.closest(ACTION_CONTROLS)) return;
      }
      clear();
    };
    document.addEventListener('click', onAction, true);
    document.addEventListener('submit', onAction, true);
    return () => {
      clearTimeout(timer);
      document.removeEventListener('click', onAction, true);
      document.removeEventListener('submit', onAction, true);
    };
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
