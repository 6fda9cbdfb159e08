import { useRef, useState } from 'react';
import type { FormEvent } from 'react';
import { sendMessage } from '@/lib/messaging/protocol';
import { call } from '@/lib/messaging/page/call';
import { Button } from '@/components/ui/button';
import { ErrorMessage } from '@/components/ui/alert';
import { KeyIcon } from '@/components/ui/icons';
import { PasswordField } from '@/components/ui/password-field';
import { PassphraseMeter } from './passphrase-meter';
import { checkPassphrase, usePassphraseStrength } from './use-passphrase-strength';

/**
 * First run: choose the passphrase that wraps the vault's data key, see how strong it is, confirm
 * it. Trivially weak passphrases are refused here (and again by the background).
 */
export function Onboarding({ onCreated }: { onCreated: () => void }) {
  const [passphrase, setPassphrase] = useState('');
  const [confirm, setConfirm] = useState('');
  const [errors, setErrors] = useState<{ passphrase?: string; confirm?: string }>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const passRef = useRef<HTMLInputElement>(null);
  const confirmRef = useRef<HTMLInputElement>(null);
  const assessment = usePassphraseStrength(passphrase);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    setFailure(null);
    setBusy(true);
    const check = await checkPassphrase(passphrase);
    setBusy(false);
    if (!check.acceptable) {
      setErrors({ passphrase: check.problem ?? 'This passphrase is too easy to guess.' });
      passRef.current?.focus();
      return;
    }
    if (confirm !== passphrase) {
      setErrors({ confirm: 'The two passphrases don’t match.' });
      confirmRef.current?.focus();
      return;
    }
    setErrors({});
    setBusy(true);
    const result = await call(() => sendMessage('vault.create', { passphrase }));
    setBusy(false);
    if (result.ok) onCreated();
    else setFailure(result.message);
  };

  return (
    <form className="onboarding ui-stack" noValidate onSubmit={(event) => void submit(event)} aria-labelledby="onboarding-title">
      <div className="onboarding__head">
        <span className="onboarding__logo">
          <KeyIcon />
        </span>
        <h1 id="onboarding-title">Set up Kaneo Key Manager</h1>
        <p className="ui-muted">
          Choose a passphrase. It encrypts every key you store here and is never saved anywhere. There
          is no way to recover it: if you forget it, the stored keys are lost.
        </p>
      </div>
      <PasswordField
        ref={passRef}
        label="Passphrase"
        value={passphrase}
        autoFocus
        autoComplete="new-password"
        onChange={(event) => {
          setPassphrase(event.target.value);
          if (errors.passphrase) setErrors((e) => ({ ...e, passphrase: undefined }));
        }}
        hint={<PassphraseMeter assessment={assessment} quiet={Boolean(errors.passphrase)} />}
        error={errors.passphrase}
      />
      <PasswordField
        ref={confirmRef}
        label="Confirm passphrase"
        value={confirm}
        autoComplete="new-password"
        onChange={(event) => {
          setConfirm(event.target.value);
          if (errors.confirm) setErrors((e) => ({ ...e, confirm: undefined }));
        }}
        error={errors.confirm}
      />
      {failure ? <ErrorMessage>{failure}</ErrorMessage> : null}
      <Button type="submit" variant="primary" busy={busy}>
        Create vault
      </Button>
    </form>
  );
}
