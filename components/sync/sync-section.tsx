import { useState } from 'react';
import type { FormEvent } from 'react';
import type { ConflictChoice, SyncPreview, SyncStatus } from '@/lib/sync/protocol';
import { syncClient } from '@/lib/sync/page/sync-client';
import { Callout, ErrorMessage } from '@/components/ui/alert';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { PasswordField } from '@/components/ui/password-field';
import { useStatus } from '@/components/ui/status';
import { ConflictList } from './conflict-list';
import { MergePreview } from './merge-preview';
import { useSync } from './use-sync';
import './sync.css';

const kb = (bytes: number) => `${Math.ceil(bytes / 1024)} KB`;

type Step = { kind: 'idle' } | { kind: 'passphrase'; message: string } | { kind: 'preview'; preview: SyncPreview };

/** Options page, Sync section: off by default; turning it on shows what will happen first. */
export function SyncSection() {
  const { status, conflicts, error, refresh, setStatus } = useSync();
  const { announce } = useStatus();
  const [step, setStep] = useState<Step>({ kind: 'idle' });
  const [choices, setChoices] = useState<Record<string, ConflictChoice>>({});
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [passphrase, setPassphrase] = useState('');

  async function run<T>(task: () => Promise<T>): Promise<T> {
    setBusy(true);
    try {
      return await task();
    } finally {
      setBusy(false);
    }
  }

  const startPreview = (withPassphrase?: string) =>
    run(async () => {
      setProblem(null);
      const answer = await syncClient.preview(withPassphrase);
      if (answer.ok) {
        setPassphrase('');
        setChoices({});
        setStep({ kind: 'preview', preview: answer.value });
      } else if (answer.reason === 'needs-passphrase') setStep({ kind: 'passphrase', message: answer.message });
      else setProblem(answer.message);
    });

  const confirm = () =>
    run(async () => {
      const answer = await syncClient.enable(choices);
      if (!answer.ok) return setProblem(answer.message);
      setStep({ kind: 'idle' });
      setStatus(answer.value);
      announce('Sync is on', 'success');
      await refresh();
    });

  const simple = (task: () => Promise<{ ok: boolean; message?: string; value?: SyncStatus }>, said: string) =>
    run(async () => {
      const answer = await task();
      if (!answer.ok) return setProblem(answer.message ?? 'That did not work.');
      setProblem(null);
      announce(said, 'success');
      await refresh();
    });

  const onPassphrase = (event: FormEvent) => {
    event.preventDefault();
    if (passphrase) void startPreview(passphrase);
  };

  if (error) return <ErrorMessage>{error}</ErrorMessage>;
  if (!status) return <p className="ui-muted">Loading…</p>;

  const preview = step.kind === 'preview' ? step.preview : null;
  const missingChoice = preview?.conflicts.some((c) => !choices[c.ref]) ?? false;
  const needsPassphrase = status.phase === 'needs-passphrase' && step.kind === 'idle';

  return (
    <div className="ui-stack sync">
      <h2>
        Sync <Badge tone={status.phase === 'on' ? 'success' : 'neutral'}>{PHASE_LABEL[status.phase]}</Badge>
      </h2>
      <p className="ui-muted">
        Keeps your keys the same in every browser where you are signed in to the browser's sync. Only ciphertext leaves this device; a
        second device opens it with your passphrase.
      </p>
      {problem ? <ErrorMessage>{problem}</ErrorMessage> : null}
      {status.problem && status.phase !== 'off' ? <Callout tone="warning">{status.problem.message}</Callout> : null}
      {status.refused.length ? (
        <Callout tone="warning" title="Refused synced records">
          {status.refused.length} record{status.refused.length === 1 ? ' was' : 's were'} refused and not applied:{' '}
          {status.refused.map((r) => `${r.item} (${r.reason})`).join('; ')}.
        </Callout>
      ) : null}

      {status.phase === 'locked' ? <p>Sync is on. Unlock the vault to sync.</p> : null}

      {step.kind === 'passphrase' || needsPassphrase ? (
        <form className="ui-stack" onSubmit={onPassphrase} aria-label="Open the synced keys">
          <p>{step.kind === 'passphrase' ? step.message : status.problem?.message}</p>
          <PasswordField label="Passphrase" value={passphrase} onChange={(e) => setPassphrase(e.target.value)} />
          <div className="ui-row">
            <Button type="submit" variant="primary" busy={busy} disabled={!passphrase}>
              Show what will change
            </Button>
            {step.kind === 'passphrase' ? <Button onClick={() => setStep({ kind: 'idle' })}>Cancel</Button> : null}
          </div>
        </form>
      ) : null}

      {preview ? (
        <>
          <MergePreview preview={preview} choices={choices} onChoose={(ref, choice) => setChoices((c) => ({ ...c, [ref]: choice }))} />
          {preview.fits ? null : (
            <ErrorMessage>
              Your keys need about {kb(preview.bytes)}; the browser's sync allows about {kb(preview.budgetBytes)}. Delete keys you no longer need,
              or keep sync off.
            </ErrorMessage>
          )}
          <div className="ui-row">
            <Button variant="primary" busy={busy} disabled={!preview.fits || missingChoice} onClick={() => void confirm()}>
              {preview.mode === 'join' ? 'Merge and turn on' : 'Turn on sync'}
            </Button>
            <Button onClick={() => setStep({ kind: 'idle' })}>Cancel</Button>
          </div>
        </>
      ) : null}

      {status.phase === 'off' && step.kind === 'idle' ? (
        <div className="ui-row">
          <Button variant="primary" busy={busy} onClick={() => void startPreview()}>
            Turn on sync…
          </Button>
        </div>
      ) : null}

      {status.phase === 'on' ? (
        <>
          <p aria-label="Sync status">
            {status.synced} key{status.synced === 1 ? '' : 's'} synced
            {status.notSynced ? `, ${status.notSynced} on this device only` : ''} · {kb(status.usage.bytes)} of {kb(status.usage.budgetBytes)} ·{' '}
            {status.lastSyncAt ? `last synced ${new Date(status.lastSyncAt).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' })}` : 'not synced yet'}
          </p>
          <ConflictList conflicts={conflicts} onResolve={(id, action) => void simple(() => syncClient.resolve(id, action), action === 'use' ? 'Version restored' : 'Conflict dismissed')} />
        </>
      ) : null}

      {status.phase !== 'off' && step.kind === 'idle' ? (
        <div className="ui-row">
          {status.phase === 'on' ? (
            <Button busy={busy} onClick={() => void simple(() => syncClient.now(), 'Synced')}>
              Sync now
            </Button>
          ) : null}
          <Button variant="ghost" busy={busy} onClick={() => void simple(() => syncClient.disable(), 'Sync is off')}>
            Turn off sync
          </Button>
        </div>
      ) : null}
    </div>
  );
}

const PHASE_LABEL: Record<SyncStatus['phase'], string> = {
  off: 'Off',
  on: 'On',
  'needs-passphrase': 'Needs passphrase',
  locked: 'Paused',
};
