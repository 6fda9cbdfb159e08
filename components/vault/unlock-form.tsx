import { useId, useRef, useState } from 'react';
import type { FormEvent } from 'react';
import { sendMessage } from '@/lib/messaging/protocol';
import { call } from '@/lib/messaging/page/call';
import { noteUnlocked } from '@/lib/vault/page/unlock-handoff';
import { Button } from '@/components/ui/button';
import { ErrorMessage } from '@/components/ui/alert';
import { PasswordField } from '@/components/ui/password-field';
import { LockIcon } from '@/components/ui/icons';

/**
 * Asks for the passphrase. A wrong one is said plainly and the typed text stays (selected, so
 * typing again replaces it). Exactly one `vault.unlock` per submit.
 */
export function UnlockForm({
  onUnlocked,
  autoFocus = true,
  description = 'Enter your passphrase to use your keys.',
}: {
  onUnlocked: () => void;
  autoFocus?: boolean;
  description?: string;
}) {
  const titleId = useId();
  const [passphrase, setPassphrase] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const inputRef = useRef<HTMLInputElement>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    if (!passphrase) {
      setError('Enter your passphrase.');
      inputRef.current?.focus();
      return;
    }
    setBusy(true);
    setError(null);
    const result = await call(() => sendMessage('vault.unlock', { passphrase }));
    setBusy(false);
    if (result.ok) {
      setPassphrase('');
      noteUnlocked();
      onUnlocked();
      return;
    }
    setError(result.message);
    inputRef.current?.focus();
    inputRef.current?.select();
  };

  return (
    <form className="unlock-form ui-stack" onSubmit={(event) => void submit(event)} aria-labelledby={titleId}>
      <div className="unlock-form__head">
        <span className="unlock-form__icon">
          <LockIcon />
        </span>
        <h2 id={titleId}>Vault locked</h2>
        <p className="ui-muted ui-small">{description}</p>
      </div>
      <PasswordField
        ref={inputRef}
        label="Passphrase"
        value={passphrase}
        onChange={(event) => setPassphrase(event.target.value)}
        autoFocus={autoFocus}
        autoComplete="current-password"
      />
      {error ? <ErrorMessage>{error}</ErrorMessage> : null}
      <Button type="submit" variant="primary" busy={busy}>
        Unlock
      </Button>
    </form>
  );
}
