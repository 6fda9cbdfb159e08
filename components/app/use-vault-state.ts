import { useCallback, useEffect, useRef, useState } from 'react';
import { browser } from 'wxt/browser';
import { sendMessage } from '@/lib/messaging/protocol';
import type { KeyChanges, VaultState } from '@/lib/vault/protocol';
import type { KeySummary } from '@/lib/keys/key-entry';
import { isVaultChange, takeVaultPrefetch } from '@/lib/vault/page/vault-prefetch';
import { applyKeyChanges } from '@/lib/vault/page/key-changes';
import { takeUnlockedNote } from '@/lib/vault/page/unlock-handoff';
import { UNREACHABLE_MESSAGE, call } from '../../lib/messaging/page/call';
import { sendThroughWorker } from '@/lib/messaging/page/worker-call';

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
  /**
   * Shows a key the background has just saved (its answer to `keys.add` / `keys.update`) at once,
   * instead of asking for the state and the list again: the save wrote the vault to storage, and
   * the storage listener's refresh then asks only for what changed (`keys.changes`).
   */
  applySaved: (key: KeySummary) => void;
  /** Takes a key the background has just deleted out of the list at once (as `applySaved`). */
  applyDeleted: (id: string) => void;
}

/** While the page is visible, re-ask this often, to notice an auto-lock even without an event. */
const POLL_MS = 20_000;

/**
 * The vault as a page sees it. Refreshes after actions (callers call `refresh`), when the vault's
 * storage changes (a lock wipes the session copy; another page writing changes the envelope),
 * when the window regains focus or becomes visible, and on a slow poll. The list comes whole
 * once, then as changes since the list held (`keys.changes`): at 10,000 keys the whole list is a
 * 3 MB message, which every open page would otherwise fetch again after every save.
 */
export function useVaultState(): VaultView {
  const [state, setState] = useState<VaultState | null>(null);
  const [keys, setKeys] = useState<KeySummary[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [keysLoading, setKeysLoading] = useState(true);
  // Answers can arrive out of order: an answer is applied unless a later-started refresh has
  // already been applied. (Dropping every superseded answer could starve the page when
  // refreshes keep coming.)
  const started = useRef(0);
  const applied = useRef(0);
  const lastState = useRef<VaultState | null>(null);
  // The background's name for the list `keys` holds (`keys.changes`); null: ask for it whole.
  const cursor = useRef<string | null>(null);

  /**
   * Shows a `keys.changes` answer. False when it is against another list than the one held
   * (another answer moved the list on while this one was on its way): ask for it whole then.
   */
  const showList = useCallback((answer: KeyChanges<KeySummary>): boolean => {
    if (answer.whole) {
      setKeys(answer.keys);
    } else if (answer.since === cursor.current) {
      setKeys((previous) => applyKeyChanges(previous, answer));
    } else {
      cursor.current = null;
      return false;
    }
    cursor.current = answer.cursor;
    setError(null);
    return true;
  }, []);

  // The last key-list request sent: a refresh that started before it was sent, for the same list,
  // takes its answer instead of asking again (the storage event of an unlock starts a refresh just
  // before the unlock's answer starts another: at 10,000 keys each whole list is a 3 MB answer).
  const asked = useRef<{ since: string | null; sentAt: number; answer: ReturnType<typeof askChanges> } | null>(null);
  const askList = useCallback((since: string | null, startedAt: number) => {
    const last = asked.current;
    if (last && last.since === since && last.sentAt >= startedAt) return last.answer;
    const entry = { since, sentAt: performance.now(), answer: askChanges(since) };
    asked.current = entry;
    const done = () => {
      if (asked.current === entry) asked.current = null;
    };
    entry.answer.then(done, done);
    return entry.answer;
  }, []);

  const refresh = useCallback(async function run(): Promise<void> {
    const mine = ++started.current;
    const startedAt = performance.now();
    const current = () => mine >= applied.current;
    // The first refresh takes the answers the page asked for while it loaded, if it did.
    const early = mine === 1 ? takeVaultPrefetch() : null;
    // Right after this page's own unlock the list is wanted: ask for it beside the state.
    const justUnlocked = !early && takeUnlockedNote();
    // A page that shows an unlocked vault's list (after a save, on focus, on the poll) asks only
    // what changed: the background answers the list only while the vault is unlocked, so an
    // answer says the state as well. Anything else (locked, damaged, no answer) asks the state.
    if (!early && !justUnlocked && lastState.current?.state === 'unlocked' && cursor.current !== null) {
      const listed = await call(() => askList(cursor.current, startedAt));
      if (!current()) return;
      if (listed.ok) {
        applied.current = mine;
        if (!showList(listed.value)) return run();
        return;
      }
    }
    const listEarly = early?.keys ?? (justUnlocked ? askList(cursor.current, startedAt) : null);
    listEarly?.catch(() => undefined);
    let next: VaultState;
    try {
      next = await (early?.status ?? sendMessage('vault.status'));
    } catch {
      if (current()) setError(UNREACHABLE_MESSAGE);
      return;
    }
    if (!current()) return;
    applied.current = mine;
    // Just unlocked: the list is not here yet; say "loading" rather than flash "No keys yet".
    if (next.state === 'unlocked' && lastState.current?.state !== 'unlocked') setKeysLoading(true);
    lastState.current = next;
    setState((previous) => (sameState(previous, next) ? previous : next));
    if (next.state !== 'unlocked') {
      cursor.current = null;
      setKeys([]);
      setError(null);
      setKeysLoading(false);
      return;
    }
    const listed = await call(() => listEarly ?? askList(cursor.current, startedAt));
    if (!current()) return;
    applied.current = mine;
    setKeysLoading(false);
    if (listed.ok) {
      if (!showList(listed.value)) return run();
    } else if (listed.reason === 'locked') {
      cursor.current = null;
      lastState.current = { state: 'locked' };
      setState({ state: 'locked' });
      setKeys([]);
      setError(null);
    } else {
      setError(listed.message);
    }
  }, [showList, askList]);

  const applySaved = useCallback((key: KeySummary) => {
    setKeys((previous) => {
      const at = previous.findIndex((k) => k.id === key.id);
      if (at < 0) return [...previous, key];
      const next = previous.slice();
      next[at] = key;
      return next;
    });
  }, []);

  const applyDeleted = useCallback((id: string) => {
    setKeys((previous) => previous.filter((k) => k.id !== id));
  }, []);

  useEffect(() => {
    void refresh();
    const onStorage = (changes: Record<string, unknown>, area: string) => {
      if (isVaultChange(changes, area)) void refresh();
    };
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

  return { state, keys, error, keysLoading, refresh, applySaved, applyDeleted };
}

/** The key list since `since` (whole without one), on the fastest way to the background. */
function askChanges(since: string | null) {
  return sendThroughWorker('keys.changes', since ? { since } : undefined);
}

function sameState(a: VaultState | null, b: VaultState): boolean {
  if (!a || a.state !== b.state) return false;
  return a.state !== 'damaged' || (b.state === 'damaged' && a.message === b.message);
}
