import { useState } from 'react';
import type { FormEvent } from 'react';
import { sendMessage } from '@/lib/messaging/protocol';
import { call } from '@/lib/messaging/page/call';
import { Button } from '@/components/ui/button';
import { ErrorMessage } from '@/components/ui/alert';
import { checkPassphrase } from '@/components/vault/use-passphrase-strength';
import { BackupFileFields } from './backup-section';
import './backup.css';

/**
 * First run: restore a backup in one step. The new vault is locked with the backup's passphrase
 * and holds every key in the backup.
 */
export function RestoreFromBackup({ onRestored, onCancel }: { onRestored: () => void; onCancel: () => void }) {
  const [text, setText] = useState<string | null>(null);
  const [passphrase, setPassphrase] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    if (text === null) return setError('Choose a backup file.');
    if (passphrase === '') return setError('Enter the backup’s passphrase.');
    setBusy(true);
    setError(null);
    // The backup's passphrase becomes the vault's, so it gets the full strength check here; the
    // background keeps only a floor (lib/vault/passphrase-floor.ts), which still applies if the checker could not load.
    const check = await checkPassphrase(passphrase).catch(() => null);
    if (check && !check.acceptable) {
      setBusy(false);
      return setError(
        `This passphrase is too weak to lock a vault with (${check.problem ?? 'too easy to guess'}). Create a vault, then restore the backup from Options → Backup.`,
      );
    }
    const restored = await call(() => sendMessage('backup.restoreNew', { text, passphrase }));
    setBusy(false);
    if (restored.ok) onRestored();
    else setError(restored.message);
  };

  return (
    <form className="onboarding ui-stack" noValidate onSubmit={(event) => void submit(event)} aria-labelledby="restore-title">
      <div className="onboarding__head">
        <h1 id="restore-title">Restore from a backup</h1>
        <p className="ui-muted">The backup’s passphrase becomes this vault’s passphrase. You can change it later.</p>
      </div>
      <BackupFileFields text={text} onText={setText} passphrase={passphrase} onPassphrase={setPassphrase} onError={setError} />
      {error ? <ErrorMessage>{error}</ErrorMessage> : null}
      <Button type="submit" variant="primary" busy={busy}>
        Restore
      </Button>
      <Button variant="ghost" onClick={onCancel}>
        Set up a new vault instead
      </Button>
    </form>
  );
}
