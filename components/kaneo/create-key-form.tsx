import { useId, useRef, useState } from 'react';
import type { FormEvent } from 'react';
import { sendMessage } from '@/lib/messaging/protocol';
import type { KaneoTarget, NotSavedErr } from '@/lib/kaneo/protocol';
import type { KeySummary } from '@/lib/keys/key-entry';
import { DEFAULT_EXPIRY_DAYS, EXPIRY_CHOICES_DAYS, KEY_NAME_MAX, KEY_NAME_MIN } from '@/lib/kaneo/key-state';
import { VAULT_KEY_NAME_MAX } from '@/lib/keys/key-names';
import { call } from '@/lib/messaging/page/call';
import { useVault } from '@/components/app/vault-context';
import { Button } from '@/components/ui/button';
import { Callout, ErrorMessage } from '@/components/ui/alert';
import { TextArea, TextField } from '@/components/ui/text-field';
import { UnlockForm } from '@/components/vault/unlock-form';
import { UnsavedKeyNotice } from './unsaved-key-notice';
import { FirstCreateConfirm } from './first-create-confirm';
import { KEY_SCOPE_LINE } from './key-scope';

const EXPIRY_OPTIONS = [
  ...EXPIRY_CHOICES_DAYS.map((days) => ({ value: String(days), label: days === 1 ? '1 day' : `${days} days` })),
  { value: 'never', label: 'Never' },
];

/**
 * Create a key through the signed-in tab. The secret goes from Kaneo straight into the vault in
 * the background; this form only ever sees the summary — unless storing failed, then the
 * unsaved-key notice shows it once.
 */
export function CreateKeyForm({
  target,
  expectedOrigin,
  onCreated,
  onCancel,
}: {
  target: KaneoTarget;
  /** The origin this page showed; the background refuses if the tab has moved elsewhere since. */
  expectedOrigin?: string;
  onCreated?: (key: KeySummary) => void;
  /** Shown as "Cancel" (the popup opens this form from a button). */
  onCancel?: () => void;
}) {
  const vault = useVault();
  const formId = useId();
  const nameRef = useRef<HTMLInputElement>(null);
  const [name, setName] = useState('');
  const [expiry, setExpiry] = useState(String(DEFAULT_EXPIRY_DAYS));
  const [note, setNote] = useState('');
  const [nameError, setNameError] = useState<string | undefined>();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [needUnlock, setNeedUnlock] = useState(false);
  const [unsaved, setUnsaved] = useState<NotSavedErr | null>(null);
  /** The origin to confirm once: the background asks before a first key for an unknown origin. */
  const [confirmOrigin, setConfirmOrigin] = useState<string | null>(null);

  const send = async (confirmedNewOrigin?: string) => {
    setBusy(true);
    setError(null);
    const answer = await call(() =>
      sendMessage('kaneo.createKey', {
        target,
        name: name.trim(),
        expiresInDays: expiry === 'never' ? null : Number(expiry),
        note,
        ...(expectedOrigin ? { expectedOrigin } : {}),
        ...(confirmedNewOrigin ? { confirmedNewOrigin } : {}),
      }),
    );
    setBusy(false);
    if (answer.ok) {
      setName('');
      setNote('');
      setExpiry(String(DEFAULT_EXPIRY_DAYS));
      void vault.refresh();
      onCreated?.(answer.value);
      return;
    }
    if (answer.reason === 'locked') {
      setNeedUnlock(true);
      return;
    }
    if (answer.reason === 'confirm-new-origin') {
      const origin = (answer.detail as { webOrigin?: unknown } | undefined)?.webOrigin;
      if (typeof origin === 'string') {
        setConfirmOrigin(origin);
        return;
      }
    }
    if (answer.reason === 'not-saved' && 'unsaved' in answer) {
      setUnsaved(answer as NotSavedErr);
      return;
    }
    if (answer.reason === 'name-invalid' || answer.reason === 'invalid-input') {
      setNameError(answer.message);
      nameRef.current?.focus();
      return;
    }
    setError(answer.message);
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    const trimmed = name.trim();
    if (trimmed.length < KEY_NAME_MIN || trimmed.length > KEY_NAME_MAX) {
      setNameError(`Use ${KEY_NAME_MIN} to ${KEY_NAME_MAX} characters.`);
      nameRef.current?.focus();
      return;
    }
    setNameError(undefined);
    // The secret must have somewhere to go before it exists: unlock first, then continue.
    if (vault.state?.state !== 'unlocked') {
      setNeedUnlock(true);
      return;
    }
    void send();
  };

  if (unsaved) {
    return (
      <UnsavedKeyNotice
        unsaved={unsaved.unsaved}
        message={unsaved.message}
        target={target}
        onDone={(outcome) => {
          setUnsaved(null);
          void vault.refresh();
          if (outcome === 'saved') setError(null);
          if (outcome === 'revoked') setError('The unsaved key was revoked on the server. Nothing was kept.');
        }}
      />
    );
  }

  if (confirmOrigin) {
    return (
      <FirstCreateConfirm
        origin={confirmOrigin}
        onConfirm={() => {
          setConfirmOrigin(null);
          void send(confirmOrigin);
        }}
        onCancel={() => setConfirmOrigin(null)}
      />
    );
  }

  if (needUnlock) {
    return (
      <div className="ui-stack ui-stack--tight">
        <Callout>Unlock the vault to continue: the new key goes straight into it.</Callout>
        <UnlockForm
          onUnlocked={() => {
            setNeedUnlock(false);
            void vault.refresh();
            void send();
          }}
        />
        <Button variant="ghost" onClick={() => setNeedUnlock(false)}>
          Cancel
        </Button>
      </div>
    );
  }

  return (
    <form className="ui-stack ui-stack--tight" aria-labelledby={`${formId}-title`} onSubmit={submit} noValidate>
      <h3 id={`${formId}-title`} className="kaneo-heading">
        New API key
      </h3>
      <TextField
        ref={nameRef}
        autoFocus={onCancel !== undefined}
        label="Name"
        value={name}
        maxLength={VAULT_KEY_NAME_MAX}
        hint={`${KEY_NAME_MIN}–${KEY_NAME_MAX} characters, as Kaneo allows.`}
        error={nameError}
        autoComplete="off"
        onChange={(event) => {
          setName(event.target.value);
          setNameError(undefined);
        }}
      />
      <fieldset className="kaneo-expiry">
        <legend>Expires</legend>
        {EXPIRY_OPTIONS.map((option) => (
          <label key={option.value}>
            <input
              type="radio"
              name={`${formId}-expiry`}
              value={option.value}
              checked={expiry === option.value}
              onChange={() => setExpiry(option.value)}
            />
            {option.label}
          </label>
        ))}
      </fieldset>
      <TextArea label="Note (optional)" value={note} maxLength={2000} rows={2} onChange={(event) => setNote(event.target.value)} />
      {error ? <ErrorMessage>{error}</ErrorMessage> : null}
      <p className="ui-small ui-muted">{KEY_SCOPE_LINE}</p>
      <div className="ui-row ui-row--end">
        {onCancel ? (
          <Button variant="ghost" onClick={onCancel}>
            Cancel
          </Button>
        ) : null}
        <Button type="submit" variant="primary" busy={busy}>
          Create key
        </Button>
      </div>
    </form>
  );
}
