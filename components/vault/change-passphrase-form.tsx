import { useRef, useState } from 'react';
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

/** Re-wraps the data key under a new passphrase; the current one is required. */
export function ChangePassphraseForm() {
  const { announce } = useStatus();
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
      sendMessage('vault.changePassphrase', { current: values.current, next: values.next }),
    );
    setBusy(false);
    if (!result.ok) {
      setFailure(result.message);
      return;
    }
    setValues({ current: '', next: '', confirm: '' });
    announce('Passphrase changed', 'success');
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
      {failure ? <ErrorMessage>{failure}</ErrorMessage> : null}
      <div className="ui-row">
        <Button type="submit" variant="primary" busy={busy}>
          Change passphrase
        </Button>
      </div>
    </form>
  );
}
