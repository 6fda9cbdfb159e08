import { useCallback, useEffect, useRef, useState } from 'react';
import { browser } from 'wxt/browser';
import { sendMessage } from '@/lib/messaging/protocol';
import type { VaultState } from '@/lib/messaging/vault-protocol';
import type { KeySummary } from '@/lib/keys/key-entry';
import { UNREACHABLE_MESSAGE, call } from './call';

export interface VaultView {
  /** `null` until the background first answers. */
  state: VaultState | null;
  /** Keys while unlocked; empty otherwise. Never holds a secret (KeySummary). */
  keys: KeySummary[];
  /** Why the state or the keys could not be loaded, if so. */
  error: string | null;
  /** True until the first key list after an unlock has arrived. */
  keysLoading: boolean;
  /** Ask the background again. Call it after every action that changes the vault. */
  refresh: () => Promise<void>;
}

/** While the page is visible, re-ask this often, to notice an auto-lock even without an event. */
const POLL_MS = 20_000;

/**
 * The vault as a page sees it. Refreshes after actions (callers call `refresh`), whenever
 * extension storage changes (a lock wipes storage.session; another page writing changes
 * storage.local), when the window regains focus or becomes visible, and on a slow poll.
 */
export function useVaultState(): VaultView {
  const [state, setState] = useState<VaultState | null>(null);
  const [keys, setKeys] = useState<KeySummary[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [keysLoading, setKeysLoading] = useState(true);
  // Answers can arrive out of order; only the latest refresh may set state.
  const generation = useRef(0);

  const refresh = useCallback(async () => {
    const mine = ++generation.current;
    let next: VaultState;
    try {
      next = await sendMessage('vault.status');
    } catch {
      if (mine === generation.current) setError(UNREACHABLE_MESSAGE);
      return;
    }
    if (mine !== generation.current) return;
    setState((previous) => (sameState(previous, next) ? previous : next));
    if (next.state !== 'unlocked') {
      setKeys([]);
      setError(null);
      setKeysLoading(false);
      return;
    }
    const listed = await call(() => sendMessage('keys.list'));
    if (mine !== generation.current) return;
    setKeysLoading(false);
    if (listed.ok) {
      setKeys(listed.value);
      setError(null);
    } else if (listed.reason === 'locked') {
      setState({ state: 'locked' });
      setKeys([]);
      setError(null);
    } else {
      setError(listed.message);
    }
  }, []);

  useEffect(() => {
    void refresh();
    const onStorage = () => void refresh();
    const onFocus = () => void refresh();
    const onVisibility = () => {
      if (document.visibilityState === 'visible') void refresh();
    };
    browser.storage.onChanged.addListener(onStorage);
    window.addEventListener('focus', onFocus);
    document.addEventListener('visibilitychange', onVisibility);
    const timer = setInterval(() => {
      if (document.visibilityState === 'visible') void refresh();
    }, POLL_MS);
    return () => {
      browser.storage.onChanged.removeListener(onStorage);
      window.removeEventListener('focus', onFocus);
      document.removeEventListener('visibilitychange', onVisibility);
      clearInterval(timer);
    };
  }, [refresh]);

  return { state, keys, error, keysLoading, refresh };
}

function sameState(a: VaultState | null, b: VaultState): boolean {
  if (!a || a.state !== b.state) return false;
  return a.state !== 'damaged' || (b.state === 'damaged' && a.message === b.message);
}
