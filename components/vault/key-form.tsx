import { useState } from 'react';
import type { FormEvent } from 'react';
import { sendMessage } from '@/lib/messaging/protocol';
import { defaultApiBase } from '@/lib/keys/key-entry';
import { VAULT_KEY_NAME_MAX } from '@/lib/keys/key-names';
import type { KeySummary } from '@/lib/keys/key-entry';
import { call } from '@/lib/messaging/page/call';
import { useVault } from '@/components/app/vault-context';
import { Button } from '@/components/ui/button';
import { Dialog } from '@/components/ui/dialog';
import { ErrorMessage } from '@/components/ui/alert';
import { PasswordField } from '@/components/ui/password-field';
import { TextArea, TextField } from '@/components/ui/text-field';
import { KEY_SCOPE_LINE } from '@/components/kaneo/key-scope';
import { UnlockForm } from './unlock-form';
import { useWholeKey } from './use-whole-key';
import { emptyKeyForm, formValuesFromKey, validateKeyForm, withScheme } from './key-form-schema';
import type { KeyFormErrors, KeyFormField, KeyFormValues } from './key-form-schema';

export interface KeyFormProps {
  /** The key being edited, or null to add one. */
  editing: KeySummary | null;
  existing: readonly KeySummary[];
  onSaved: (key: KeySummary) => void;
  onCancel: () => void;
}

/**
 * Add or edit a key by hand. Validation errors show next to their field; a failure from the
 * background shows above the buttons. Either way, everything typed stays in the form.
 */
export function KeyForm({ editing, existing, onSaved, onCancel }: KeyFormProps) {
  const [values, setValues] = useState<KeyFormValues>(() => (editing ? formValuesFromKey(editing) : emptyKeyForm));
  const [errors, setErrors] = useState<KeyFormErrors>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  /** What every field takes from the form: its id, value, change handler and error. */
  const bind = (field: KeyFormField) => ({
    id: fieldId(field),
    value: values[field],
    onChange: (event: { target: { value: string } }) => {
      const value = event.target.value;
      setValues((v) => ({ ...v, [field]: value }));
      if (errors[field]) setErrors((e) => ({ ...e, [field]: undefined }));
    },
    error: errors[field],
  });

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    setFailure(null);
    const outcome = validateKeyForm(values, { editing, existing });
    if (!outcome.ok) {
      setErrors(outcome.errors);
      const first = Object.keys(outcome.errors)[0];
      if (first) document.getElementById(fieldId(first as KeyFormField))?.focus();
      return;
    }
    setErrors({});
    setBusy(true);
    const result =
      outcome.mode === 'add'
        ? await call(() => sendMessage('keys.add', { draft: outcome.draft }))
        : await call(() => sendMessage('keys.update', { id: editing!.id, patch: outcome.patch }));
    setBusy(false);
    if (result.ok) onSaved(result.value);
    else setFailure(result.message);
  };

  let apiPlaceholder = 'https://kaneo.example.com/api';
  try {
    if (values.webOrigin.trim()) apiPlaceholder = defaultApiBase(withScheme(values.webOrigin));
  } catch {
    // Not a URL yet: keep the example.
  }

  return (
    <form className="ui-stack key-form" noValidate onSubmit={(event) => void submit(event)}>
      <TextField
        {...bind('name')}
        label="Name"
        hint={NAME_HINT}
        autoComplete="off"
        data-autofocus
      />
      <PasswordField
        {...bind('secret')}
        label="API key"
        hint={editing ? 'Leave empty to keep the stored key.' : undefined}
        placeholder={editing ? '•••••••• (unchanged)' : 'Paste the key'}
      />
      <div className="key-form__pair">
        <TextField
          {...bind('webOrigin')}
          label="Kaneo web address"
          placeholder="https://kaneo.example.com"
          inputMode="url"
          autoComplete="off"
          spellCheck={false}
        />
        <TextField
          {...bind('apiBaseUrl')}
          label="API base URL"
          placeholder={apiPlaceholder}
          hint="Empty: web address + /api."
          inputMode="url"
          autoComplete="off"
          spellCheck={false}
        />
      </div>
      <TextField
        {...bind('expiryDate')}
        type="date"
        label="Expires on (optional)"
      />
      <TextArea {...bind('notes')} label="Notes (optional)" />
      <p className="ui-small ui-muted">{KEY_SCOPE_LINE}</p>
      {failure ? <ErrorMessage>{failure}</ErrorMessage> : null}
      <div className="ui-row ui-row--end">
        <Button onClick={onCancel}>Cancel</Button>
        <Button type="submit" variant="primary" busy={busy}>
          {editing ? 'Save changes' : 'Add key'}
        </Button>
      </div>
    </form>
  );
}

/**
 * Why this form takes 1–64 characters while "New API key" asks for Kaneo's 3–32: a hand-added
 * key's name is only the vault's label (nothing renames a key on the server), so say so.
 */
const NAME_HINT = `Your label in this vault, up to ${VAULT_KEY_NAME_MAX} characters. It is not sent to Kaneo.`;

function fieldId(field: KeyFormField): string {
  return `key-form-${field}`;
}

/** The form in a dialog: Escape or Cancel closes it, focus returns to the button that opened it. */
export function KeyFormDialog({
  open,
  ...props
}: KeyFormProps & {
  open: boolean;
}) {
  const { state, refresh } = useVault();
  // Long notes come cut in the list: the form edits the whole note.
  const whole = useWholeKey(open ? props.editing : null);
  return (
    <Dialog open={open} title={props.editing ? `Edit “${props.editing.name}”` : 'Add a key'} onClose={props.onCancel} size="md">
      {state?.state === 'locked' ? (
        <div className="key-form__unlock">
          <UnlockForm
            autoFocus={false}
            description="The vault locked while this form was open. Unlock it to save; what you typed is kept."
            onUnlocked={() => void refresh()}
          />
        </div>
      ) : null}
      {whole.state === 'ready' ? (
        <KeyForm {...props} editing={whole.key} />
      ) : whole.state === 'loading' ? (
        <p role="status" className="ui-muted">
          Loading the key…
        </p>
      ) : (
        <ErrorMessage>{whole.message}</ErrorMessage>
      )}
    </Dialog>
  );
}
