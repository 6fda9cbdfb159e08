import { useEffect, useState } from 'react';
import type { KeySummary } from '@/lib/keys/key-entry';
import { sendMessage } from '@/lib/messaging/protocol';
import { call } from '@/lib/messaging/page/call';

export type WholeKey = { state: 'ready'; key: KeySummary | null } | { state: 'loading' } | { state: 'failed'; message: string };

/**
 * The key to edit with its whole notes. The list carries only a preview of long notes
 * (`notesCut`, lib/keys/key-entry.ts), and editing a preview would save the cut note; such a key
 * is fetched once with `keys.get`. A key whose notes are whole is used as it is.
 */
export function useWholeKey(key: KeySummary | null): WholeKey {
  const needsFetch = key?.notesCut === true;
  const [fetched, setFetched] = useState<WholeKey>({ state: 'loading' });
  const id = key?.id;
  useEffect(() => {
    if (!needsFetch || !id) return;
    let alive = true;
    void call(() => sendMessage('keys.get', { id })).then((answer) => {
      if (!alive) return;
      setFetched(answer.ok ? { state: 'ready', key: answer.value } : { state: 'failed', message: answer.message });
    });
    return () => {
      alive = false;
      // The next open fetches again: a note saved meanwhile is never shown from an old answer.
      setFetched({ state: 'loading' });
    };
  }, [needsFetch, id]);
  if (!needsFetch) return { state: 'ready', key };
  // An answer for another key (the dialog switched keys before the effect ran) is not this one.
  return fetched.state === 'ready' && fetched.key?.id !== id ? { state: 'loading' } : fetched;
}
