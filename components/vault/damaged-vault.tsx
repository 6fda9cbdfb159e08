import { useId, useState } from 'react';
import { call } from '@/lib/messaging/page/call';
import { ErrorMessage } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { ConfirmDialog } from '@/components/ui/dialog';
import { TextField } from '@/components/ui/text-field';
import { sendMessage } from '@/lib/messaging/protocol';
import { RESET_DAMAGED_CONFIRMATION } from '@/lib/vault/protocol';

/**
 * Shown when the stored vault can't be read. The promise it makes is the vault's invariant:
 * a read never overwrites the stored bytes and no write replaces a vault that failed to decrypt.
 *
 * With `onReset` (the options page) it also offers the two ways out a password manager offers:
 * download the damaged vault as a file, and start a new vault after typing a confirmation
 * phrase — the damaged bytes are then kept in the extension's backup, never dropped.
 */
export function DamagedVault({ message, onReset }: { message: string; onReset?: () => void }) {
  return (
    <div className="ui-stack">
      <div role="alert" className="ui-callout ui-callout--danger damaged-vault">
        <strong className="ui-callout__title">The vault can’t be read</strong>
        <p>{message}</p>
        <p>
          Nothing was overwritten: the stored vault is kept exactly as it is, and the extension will not
          write over it. If you restored or changed the extension’s data, putting the original back makes
          your keys readable again.
        </p>
      </div>
      {onReset ? <DamagedVaultRecovery onReset={onReset} /> : null}
    </div>
  );
}

/** Saves text as a download: a Blob, an object URL and a clicked <a download>. No permission needed. */
export function saveTextFile(fileName: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.rel = 'noopener';
  link.hidden = true;
  document.body.append(link);
  try {
    link.click();
  } finally {
    link.remove();
    // Revoking right away can cancel the download in some browsers; a minute is plenty.
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
  }
}

function DamagedVaultRecovery({ onReset }: { onReset: () => void }) {
  const [downloading, setDownloading] = useState(false);
  const [downloadError, setDownloadError] = useState<string | null>(null);
  const [savedAs, setSavedAs] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [phrase, setPhrase] = useState('');
  const headingId = useId();

  const download = async () => {
    setDownloading(true);
    setDownloadError(null);
    const answer = await call(() => sendMessage('vault.exportDamaged'));
    setDownloading(false);
    if (!answer.ok) {
      setDownloadError(answer.message);
      return;
    }
    try {
      saveTextFile(answer.value.fileName, answer.value.json);
      setSavedAs(answer.value.fileName);
    } catch {
      setDownloadError('The file could not be saved. Try again.');
    }
  };

  const reset = async (): Promise<string | null> => {
    if (phrase !== RESET_DAMAGED_CONFIRMATION) {
      return `Type ${RESET_DAMAGED_CONFIRMATION} exactly (capital letters) to confirm.`;
    }
    // Send what was typed: the background checks the phrase again.
    const answer = await call(() => sendMessage('vault.resetDamaged', { confirm: phrase }));
    if (!answer.ok) return answer.message;
    setConfirming(false);
    onReset();
    return null;
  };

  return (
    <section aria-labelledby={headingId} className="ui-stack damaged-vault__recovery">
      <h2 id={headingId}>What you can do</h2>
      <div className="ui-stack ui-stack--tight">
        <p>
          Download the damaged vault to keep a copy of it, for example before you start over. The file
          holds only what was stored — encrypted data, never a key or a name in readable form — so it is
          safe to keep or to hand to someone helping you.
        </p>
        <div className="ui-row">
          <Button busy={downloading} onClick={() => void download()}>
            Download the damaged vault
          </Button>
        </div>
        {savedAs ? (
          <p role="status" className="ui-muted">
            Saved as {savedAs}.
          </p>
        ) : null}
        {downloadError ? <ErrorMessage>{downloadError}</ErrorMessage> : null}
      </div>
      <div className="ui-stack ui-stack--tight">
        <p>
          If the vault can’t be brought back, start a new one. Its keys will be gone from this extension;
          you add them again (or create new ones in Kaneo). If the message above asks you to update the
          extension, do that instead.
        </p>
        <div className="ui-row">
          <Button
            variant="danger"
            onClick={() => {
              setPhrase('');
              setConfirming(true);
            }}
          >
            Start a new vault
          </Button>
        </div>
      </div>
      <ConfirmDialog
        open={confirming}
        title="Start a new vault?"
        confirmLabel="Start a new vault"
        danger
        onConfirm={reset}
        onCancel={() => setConfirming(false)}
      >
        <p>
          The damaged vault is moved to a backup inside the extension (only the latest one is kept, so an
          earlier backup is replaced) and you set up a new vault with a new passphrase. The keys in the
          damaged vault can’t be used any more. Download it first if you want a copy of your own.
        </p>
        <TextField
          label={`Type ${RESET_DAMAGED_CONFIRMATION} to confirm`}
          value={phrase}
          autoComplete="off"
          spellCheck={false}
          onChange={(event) => setPhrase(event.target.value)}
        />
      </ConfirmDialog>
    </section>
  );
}
