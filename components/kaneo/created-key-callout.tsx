import { useEffect, useRef, useState } from 'react';
import { Button } from '@/components/ui/button';
import { ErrorMessage } from '@/components/ui/alert';
import { useCopyForTerminal } from '@/components/tester/use-copy-for-terminal';
import type { KeySummary } from '@/lib/keys/key-entry';
import { testKeyRequest } from '@/lib/tester/test-request';

/** How long "Key saved" stays when nobody is using it: long enough to read and click. */
export const CREATED_CALLOUT_MS = 10_000;

/**
 * "Key saved to the vault", with the one click that makes the first call work: the export line
 * and a curl that answers 200, in one paste (cleared like the key). It goes away on the next
 * action (the form calls onDismiss) or after a while — not while the pointer or focus is in it.
 */
export function CreatedKeyCallout({ created, onDismiss }: { created: KeySummary; onDismiss: () => void }) {
  const copyForTerminal = useCopyForTerminal();
  const [error, setError] = useState<string | null>(null);
  const [held, setHeld] = useState(false);
  const dismiss = useRef(onDismiss);
  dismiss.current = onDismiss;

  useEffect(() => {
    if (held) return;
    const timer = setTimeout(() => dismiss.current(), CREATED_CALLOUT_MS);
    return () => clearTimeout(timer);
  }, [held, created.id]);

  const copy = async () => {
    setError(null);
    setError(await copyForTerminal(created.id, 'both', 'curl-bash', testKeyRequest(created.instance.apiBaseUrl), { singleLine: true }));
  };

  return (
    <div
      className="ui-callout ui-callout--success kaneo-created"
      role="group"
      aria-label="Key saved to the vault"
      onPointerEnter={() => setHeld(true)}
      onPointerLeave={() => setHeld(false)}
      onFocus={() => setHeld(true)}
      onBlur={(event) => {
        if (!event.currentTarget.contains(event.relatedTarget as Node | null)) setHeld(false);
      }}
    >
      <strong className="ui-callout__title">Key saved to the vault</strong>
      <div>
        “{created.name}” ({created.start ?? '…'}…) is stored encrypted. Try it in a terminal: the export line and a curl, in one paste.
      </div>
      <div className="ui-row">
        <Button size="sm" variant="primary" onClick={() => void copy()}>
          Copy for terminal
        </Button>
        <Button size="sm" variant="ghost" onClick={onDismiss}>
          Dismiss
        </Button>
      </div>
      {error ? <ErrorMessage>{error}</ErrorMessage> : null}
    </div>
  );
}
