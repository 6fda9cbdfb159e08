import { useState } from 'react';
import { sendMessage } from '@/lib/messaging/protocol';
import type { KaneoTarget, UnsavedKey } from '@/lib/kaneo/protocol';
import { copySensitiveText } from '@/lib/clipboard/page/copy';
import { call } from '@/lib/messaging/page/call';
import { Button } from '@/components/ui/button';
import { ErrorMessage } from '@/components/ui/alert';
import { useStatus } from '@/components/ui/status';

/**
 * A key that exists on the server but could not be stored. The secret is shown here ONCE, held
 * only in this component's props, and gone when the user dismisses it: it is never written
 * anywhere. The user can copy it, try storing it again, or revoke it.
 */
export function UnsavedKeyNotice({
  unsaved,
  message,
  target,
  onDone,
}: {
  unsaved: UnsavedKey;
  message: string;
  target: KaneoTarget;
  onDone: (outcome: 'saved' | 'revoked' | 'dismissed') => void;
}) {
  const { announce } = useStatus();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<'copy' | 'save' | 'revoke' | null>(null);
  const [copied, setCopied] = useState(false);

  const copy = async () => {
    setBusy('copy');
    setError(null);
    const copied = await copySensitiveText(unsaved.secret);
    if (copied.ok) {
      setCopied(true);
      const seconds = copied.value.clearAfterSeconds;
      announce(seconds > 0 ? `Copied — clears in ${seconds} s` : 'Copied', 'success');
    } else if (copied.reason === 'clear-not-scheduled') {
      // It is on the clipboard, but will stay there: say so.
      setCopied(true);
      setError(copied.message);
    } else {
      setError('Could not copy. Select the key above and copy it by hand.');
    }
    setBusy(null);
  };

  const save = async () => {
    setBusy('save');
    setError(null);
    const result = await call(() =>
      sendMessage('keys.add', {
        draft: {
          name: unsaved.name,
          secret: unsaved.secret,
          instance: unsaved.instance,
          expiresAt: unsaved.expiresAt,
          remoteId: unsaved.remoteId,
          start: unsaved.start,
        },
      }),
    );
    setBusy(null);
    if (result.ok) onDone('saved');
    else setError(`Still not saved: ${result.message}`);
  };

  const revoke = async () => {
    setBusy('revoke');
    setError(null);
    const result = await call(() => sendMessage('kaneo.revoke', { target, remoteId: unsaved.remoteId }));
    setBusy(null);
    if (result.ok) onDone('revoked');
    else setError(`Not revoked: ${result.message}`);
  };

  return (
    <div role="alert" className="ui-callout ui-callout--warning ui-stack ui-stack--tight">
      <strong className="ui-callout__title">Key created but not saved</strong>
      <p>{message}</p>
      <code className="kaneo-secret" aria-label={`Unsaved key ${unsaved.name}`}>
        {unsaved.secret}
      </code>
      {error ? <ErrorMessage>{error}</ErrorMessage> : null}
      <div className="ui-row" style={{ flexWrap: 'wrap' }}>
        <Button variant="primary" busy={busy === 'copy'} onClick={() => void copy()}>
          {copied ? 'Copy again' : 'Copy key'}
        </Button>
        <Button busy={busy === 'save'} onClick={() => void save()}>
          Try saving again
        </Button>
        <Button variant="danger" busy={busy === 'revoke'} onClick={() => void revoke()}>
          Revoke it on the server
        </Button>
        <Button variant="ghost" disabled={!copied} onClick={() => onDone('dismissed')} title={copied ? undefined : 'Copy it first'}>
          I have stored it
        </Button>
      </div>
    </div>
  );
}
