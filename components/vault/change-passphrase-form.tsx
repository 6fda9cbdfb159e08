import { useId, useRef, useState } from 'react';
import type { FormEvent } from 'react';
import { sendMessage } from '@/lib/messaging/protocol';
import { call } from '@/lib/messaging/page/call';
import { Button } from '@/components/ui/button';
import { ErrorMessage } from '@/components/ui/alert';
import { PasswordField } from '@/components/ui/password-field';
import { useStatus } from '@/components/ui/status';
import { PassphraseMeter } from './passphrase-meter';
import { checkPassphrase, usePassphraseStrength } from './use-passphrase-strength';

type Field = 'current' | 'next' | 'confirm';

/**
 * Changes the passphrase; the current one is required. By default it also re-encrypts everything
 * under a new data key, so an old copy of the vault (a backup, a synced profile) no longer opens
 * what is stored now with the old passphrase.
 */
export function ChangePassphraseForm() {
  const { announce } = useStatus();
  const [reencrypt, setReencrypt] = useState(true);
  const reencryptId = useId();
  const reencryptHintId = useId();
  const [values, setValues] = useState<Record<Field, string>>({ current: '', next: '', confirm: '' });
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const refs = {
    current: useRef<HTMLInputElement>(null),
    next: useRef<HTMLInputElement>(null),
    confirm: useRef<HTMLInputElement>(null),
  };
  const assessment = usePassphraseStrength(values.next);

  const fail = (field: Field, message: string) => {
    setErrors({ [field]: message });
    refs[field].current?.focus();
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    setFailure(null);
    if (!values.current) return fail('current', 'Enter your current passphrase.');
    setBusy(true);
    const check = await checkPassphrase(values.next);
    setBusy(false);
    if (!check.acceptable) return fail('next', check.problem ?? 'This passphrase is too easy to guess.');
    if (values.next === values.current) return fail('next', 'Choose a passphrase different from the current one.');
    if (values.confirm !== values.next) return fail('confirm', 'The two passphrases don’t match.');
    setErrors({});
    setBusy(true);
    const result = await call(() =>
      sendMessage('vault.changePassphrase', { current: values.current, next: values.next, reencrypt }),
    );
    setBusy(false);
    if (!result.ok) {
      setFailure(result.message);
      return;
    }
    setValues({ current: '', next: '', confirm: '' });
    announce(reencrypt ? 'Passphrase changed and everything re-encrypted' : 'Passphrase changed', 'success');
  };

  const field = (name: Field) => ({
    ref: refs[name],
    value: values[name],
    error: errors[name],
    onChange: (event: { target: { value: string } }) => {
      const value = event.target.value;
      setValues((v) => ({ ...v, [name]: value }));
      if (errors[name]) setErrors((e) => ({ ...e, [name]: undefined }));
    },
  });

  return (
    <form className="ui-stack ui-stack--tight change-passphrase" noValidate onSubmit={(event) => void submit(event)}>
      <PasswordField label="Current passphrase" autoComplete="current-password" {...field('current')} />
      <PasswordField
        label="New passphrase"
        autoComplete="new-password"
        hint={<PassphraseMeter assessment={assessment} quiet={Boolean(errors.next)} />}
        {...field('next')}
      />
      <PasswordField label="Confirm new passphrase" autoComplete="new-password" {...field('confirm')} />
      <div className="ui-checkbox">
        <input
          id={reencryptId}
          type="checkbox"
          checked={reencrypt}
          aria-describedby={reencryptHintId}
          onChange={(event) => setReencrypt(event.target.checked)}
        />
        <label htmlFor={reencryptId}>Re-encrypt with a new key</label>
        <p id={reencryptHintId} className="ui-muted ui-small">
          An old copy of the vault then no longer opens your keys with the old passphrase.
        </p>
      </div>
      {failure ? <ErrorMessage>{failure}</ErrorMessage> : null}
      <div className="ui-row">
        <Button type="submit" variant="primary" busy={busy}>
          Change passphrase
        </Button>
      </div>
    </form>
  );
}
