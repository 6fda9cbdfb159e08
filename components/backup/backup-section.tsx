import { useId, useMemo, useRef, useState } from 'react';
import type { FormEvent } from 'react';
import { sendMessage } from '@/lib/messaging/protocol';
import { call } from '@/lib/messaging/page/call';
import { defaultApiBase } from '@/lib/keys/key-entry';
import { BACKUP_FILE_EXTENSION, MAX_BACKUP_BYTES, describeBytes } from '@/lib/backup/backup-schemas';
import { parseEnvText } from '@/lib/backup/env-import';
import { MAX_ENV_FILE_BYTES, readChosenFile } from '@/lib/backup/page/backup-files';
import { useVault } from '@/components/app/vault-context';
import { Button } from '@/components/ui/button';
import { Callout, ErrorMessage } from '@/components/ui/alert';
import { PasswordField } from '@/components/ui/password-field';
import { TextArea, TextField } from '@/components/ui/text-field';
import { useStatus } from '@/components/ui/status';
import { SettingsGroup as Group } from '@/components/ui/settings-group';
import { saveTextFile } from '@/components/vault/damaged-vault';
import { UnlockForm } from '@/components/vault/unlock-form';
import { checkPassphrase } from '@/components/vault/use-passphrase-strength';
import { MergePreview } from './merge-preview';
import { describeSummary, useImport } from './use-import';
import './backup.css';

/** Options page, Backup section: an encrypted backup file, restore with a preview, a `.env` import. */
export function BackupSection() {
  const vault = useVault();
  if (vault.state?.state !== 'unlocked') {
    return (
      <div className="ui-stack">
        <h2>Backup</h2>
        <Callout>Unlock the vault to back it up or import keys.</Callout>
        <UnlockForm autoFocus={false} onUnlocked={() => void vault.refresh()} />
      </div>
    );
  }
  return (
    <div className="ui-stack backup">
      <h2>Backup</h2>
      <Group title="Download a backup">
        <ExportForm />
      </Group>
      <Group title="Restore or import">
        <ImportPanel />
      </Group>
    </div>
  );
}

function ExportForm() {
  const { announce } = useStatus();
  const [separate, setSeparate] = useState(false);
  const [passphrase, setPassphrase] = useState('');
  const [confirm, setConfirm] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    if (separate && confirm !== passphrase) {
      setError('The two passphrases don’t match.');
      return;
    }
    setBusy(true);
    setError(null);
    // The full strength check runs here; the background keeps only a floor (lib/vault/passphrase-floor.ts),
    // which still applies if the checker could not load.
    const check = separate ? await checkPassphrase(passphrase).catch(() => null) : null;
    if (check && !check.acceptable) {
      setBusy(false);
      setError(check.problem ?? 'This passphrase is too easy to guess.');
      return;
    }
    const file = await call(() => sendMessage('backup.export', { passphrase, separate }));
    setBusy(false);
    if (!file.ok) {
      setError(file.message);
      return;
    }
    saveTextFile(file.value.fileName, file.value.text);
    setPassphrase('');
    setConfirm('');
    announce(`Saved ${file.value.fileName}`, 'success');
  };

  return (
    <form className="ui-stack ui-stack--tight backup__form" noValidate onSubmit={(event) => void submit(event)}>
      <p className="ui-muted ui-small">
        Every key, note and instance, encrypted. Without its passphrase the file can’t be opened. There is no unencrypted export.
      </p>
      <div className="ui-row" role="radiogroup" aria-label="Encrypt with">
        <label className="merge-preview__choice">
          <input type="radio" name="backup-passphrase" checked={!separate} onChange={() => setSeparate(false)} />
          The vault’s passphrase
        </label>
        <label className="merge-preview__choice">
          <input type="radio" name="backup-passphrase" checked={separate} onChange={() => setSeparate(true)} />
          A separate passphrase
        </label>
      </div>
      <PasswordField
        label={separate ? 'New backup passphrase' : 'Vault passphrase'}
        value={passphrase}
        autoComplete={separate ? 'new-password' : 'current-password'}
        onChange={(event) => setPassphrase(event.target.value)}
      />
      {separate ? (
        <PasswordField label="Confirm new backup passphrase" value={confirm} autoComplete="new-password" onChange={(event) => setConfirm(event.target.value)} />
      ) : null}
      {error ? <ErrorMessage>{error}</ErrorMessage> : null}
      <div>
        <Button type="submit" variant="primary" busy={busy} disabled={passphrase === ''}>
          Download backup
        </Button>
      </div>
    </form>
  );
}

function ImportPanel() {
  const { refresh } = useVault();
  const { announce } = useStatus();
  const [kind, setKind] = useState<'backup' | 'env'>('backup');
  const flow = useImport(() => void refresh());

  if (flow.state.step === 'preview') {
    return (
      <MergePreview
        preview={flow.state.preview}
        choices={flow.choices}
        onChoose={flow.choose}
        onApply={() => void flow.apply()}
        onCancel={flow.reset}
        busy={flow.busy}
        error={flow.error}
      />
    );
  }
  if (flow.state.step === 'done') {
    const said = describeSummary(flow.state.summary);
    return (
      <div className="ui-stack ui-stack--tight">
        <Callout tone="success">{said}</Callout>
        <div>
          <Button onClick={() => {
            flow.reset();
            announce(said, 'success');
          }}>Import more</Button>
        </div>
      </div>
    );
  }
  return (
    <div className="ui-stack ui-stack--tight">
      <div className="ui-row" role="radiogroup" aria-label="Import from">
        <label className="merge-preview__choice">
          <input type="radio" name="import-kind" checked={kind === 'backup'} onChange={() => setKind('backup')} />
          A backup file
        </label>
        <label className="merge-preview__choice">
          <input type="radio" name="import-kind" checked={kind === 'env'} onChange={() => setKind('env')} />
          A key list (.env)
        </label>
      </div>
      <p className="ui-muted ui-small">You see what changes before anything does.</p>
      {kind === 'backup' ? <BackupSourceForm flow={flow} /> : <EnvSourceForm flow={flow} />}
    </div>
  );
}

type Flow = ReturnType<typeof useImport>;

/** A backup file and its passphrase. Used here and, to restore in one step, on first run. */
export function BackupFileFields({
  text,
  onText,
  passphrase,
  onPassphrase,
  onError,
}: {
  text: string | null;
  onText: (text: string | null) => void;
  passphrase: string;
  onPassphrase: (value: string) => void;
  onError: (message: string | null) => void;
}) {
  const id = useId();
  return (
    <>
      <div className="ui-field">
        <label htmlFor={id} className="ui-field__label">
          Backup file
        </label>
        <input
          id={id}
          type="file"
          accept={`${BACKUP_FILE_EXTENSION},.json,application/json`}
          aria-describedby={`${id}-hint`}
          onChange={async (event) => {
            const file = event.target.files?.[0];
            onError(null);
            onText(null);
            if (!file) return;
            const read = await readChosenFile(file, MAX_BACKUP_BYTES);
            if (read.ok) onText(read.value);
            else onError(read.message);
          }}
        />
        <p id={`${id}-hint`} className="ui-field__hint">
          A {BACKUP_FILE_EXTENSION} file, at most {describeBytes(MAX_BACKUP_BYTES)}.{text === null ? '' : ' Chosen.'}
        </p>
      </div>
      <PasswordField label="Backup passphrase" value={passphrase} autoComplete="off" onChange={(event) => onPassphrase(event.target.value)} />
    </>
  );
}

function BackupSourceForm({ flow }: { flow: Flow }) {
  const [text, setText] = useState<string | null>(null);
  const [passphrase, setPassphrase] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (text === null) return flow.setError('Choose a backup file.');
    if (passphrase === '') return flow.setError('Enter the backup’s passphrase.');
    void flow.preview({ kind: 'backup', text, passphrase });
  };
  return (
    <form className="ui-stack ui-stack--tight backup__form" noValidate onSubmit={submit}>
      <BackupFileFields text={text} onText={setText} passphrase={passphrase} onPassphrase={setPassphrase} onError={flow.setError} />
      {flow.error ? <ErrorMessage>{flow.error}</ErrorMessage> : null}
      <div>
        <Button type="submit" variant="primary" busy={flow.busy}>
          Preview
        </Button>
      </div>
    </form>
  );
}

function EnvSourceForm({ flow }: { flow: Flow }) {
  const { keys } = useVault();
  const known = useMemo(() => [...new Set(keys.map((k) => k.instance.webOrigin))], [keys]);
  const [text, setText] = useState('');
  const [webOrigin, setWebOrigin] = useState(known[0] ?? '');
  const [apiBase, setApiBase] = useState('');
  const fileRef = useRef<HTMLInputElement>(null);
  const fileId = useId();
  const listId = useId();
  const hint = useMemo(() => (text ? parseEnvText(text).apiUrl : null), [text]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    let origin: string;
    try {
      origin = new URL(webOrigin.trim()).origin;
    } catch {
      return flow.setError('Enter the Kaneo address these keys belong to, e.g. https://kaneo.example.com.');
    }
    void flow.preview({ kind: 'env', text, instance: { webOrigin: origin, apiBaseUrl: apiBase.trim() || defaultApiBase(origin) } });
  };

  return (
    <form className="ui-stack ui-stack--tight backup__form" noValidate onSubmit={submit}>
      <TextArea
        label="Key list"
        hint="KANEO_API_KEY=…, or one name=key per line. Comments, quotes and export are fine."
        value={text}
        rows={5}
        spellCheck={false}
        autoComplete="off"
        className="backup__env"
        onChange={(event) => setText(event.target.value)}
      />
      <div className="ui-field">
        <label htmlFor={fileId} className="ui-field__label">
          Or read a .env file
        </label>
        <input
          id={fileId}
          ref={fileRef}
          type="file"
          onChange={async (event) => {
            const file = event.target.files?.[0];
            if (!file) return;
            const read = await readChosenFile(file, MAX_ENV_FILE_BYTES);
            if (read.ok) setText(read.value);
            else flow.setError(read.message);
          }}
        />
      </div>
      <TextField
        label="Kaneo address"
        hint={hint ? `The list names ${hint} as its API.` : 'Where these keys were made, e.g. https://kaneo.example.com.'}
        value={webOrigin}
        list={listId}
        inputMode="url"
        onChange={(event) => setWebOrigin(event.target.value)}
      />
      <datalist id={listId}>
        {known.map((origin) => (
          <option key={origin} value={origin} />
        ))}
      </datalist>
      <TextField label="API base (optional)" hint="Leave empty for <address>/api." value={apiBase} inputMode="url" onChange={(event) => setApiBase(event.target.value)} />
      {flow.error ? <ErrorMessage>{flow.error}</ErrorMessage> : null}
      <div>
        <Button type="submit" variant="primary" busy={flow.busy} disabled={text.trim() === ''}>
          Preview
        </Button>
      </div>
    </form>
  );
}
