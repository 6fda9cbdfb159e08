import { useId } from 'react';
import type { KeySummary } from '@/lib/keys/key-entry';
import type { ConflictChoice } from '@/lib/backup/merge-plan.types';
import type { MergePreview as Preview, PreviewConflict } from '@/lib/backup/protocol';
import { Button } from '@/components/ui/button';
import { Callout, ErrorMessage } from '@/components/ui/alert';

const host = (k: KeySummary) => new URL(k.instance.webOrigin).host;
const day = (iso: string) => iso.slice(0, 10);

/** What an import would do, before anything changes: new, already here, conflicts with a choice each. */
export function MergePreview({
  preview,
  choices,
  onChoose,
  onApply,
  onCancel,
  busy,
  error,
}: {
  preview: Preview;
  choices: Record<string, ConflictChoice>;
  onChoose: (id: string, choice: ConflictChoice) => void;
  onApply: () => void;
  onCancel: () => void;
  busy: boolean;
  error: string | null;
}) {
  const titleId = useId();
  const changes = preview.added.length + preview.conflicts.length + preview.apiBases;
  const skipped = preview.identical.length + preview.duplicates;
  return (
    <section className="merge-preview ui-stack" aria-labelledby={titleId}>
      <h3 id={titleId}>Review the import</h3>
      <p className="ui-small" data-testid="merge-summary">
        {preview.createdAt ? `Backup of ${day(preview.createdAt)}: ` : ''}
        {preview.added.length} new · {skipped} already here · {preview.conflicts.length}{' '}
        {preview.conflicts.length === 1 ? 'conflict' : 'conflicts'}
        {preview.apiBases ? ` · ${preview.apiBases} API ${preview.apiBases === 1 ? 'base' : 'bases'}` : ''}
      </p>
      {preview.added.length ? (
        <KeyNames title="New" keys={preview.added} />
      ) : null}
      {preview.conflicts.length ? (
        <div className="ui-stack ui-stack--tight">
          <h4>Conflicts</h4>
          {preview.conflicts.map((conflict) => (
            <ConflictChoiceGroup key={conflict.id} conflict={conflict} value={choices[conflict.id] ?? 'keep-mine'} onChoose={onChoose} />
          ))}
        </div>
      ) : null}
      {preview.identical.length ? (
        <details>
          <summary>Already here, skipped ({preview.identical.length})</summary>
          <KeyNames keys={preview.identical} />
        </details>
      ) : null}
      {preview.problems.length ? (
        <details open>
          <summary>Lines not imported ({preview.problems.length})</summary>
          <ul className="merge-preview__problems ui-small">
            {preview.problems.map((p) => (
              <li key={p.line}>{p.message}</li>
            ))}
          </ul>
        </details>
      ) : null}
      {changes === 0 ? <Callout>Nothing to import: every key is already here.</Callout> : null}
      {error ? <ErrorMessage>{error}</ErrorMessage> : null}
      <div className="ui-row">
        <Button variant="primary" busy={busy} disabled={changes === 0} onClick={onApply}>
          Import
        </Button>
        <Button variant="ghost" onClick={onCancel}>
          Cancel
        </Button>
      </div>
    </section>
  );
}

function KeyNames({ title, keys }: { title?: string; keys: KeySummary[] }) {
  return (
    <div>
      {title ? <h4>{title}</h4> : null}
      <ul className="merge-preview__names ui-small" aria-label={title}>
        {keys.map((k) => (
          <li key={k.id}>
            {k.name} <span className="ui-muted">· {host(k)}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}

function ConflictChoiceGroup({
  conflict,
  value,
  onChoose,
}: {
  conflict: PreviewConflict;
  value: ConflictChoice;
  onChoose: (id: string, choice: ConflictChoice) => void;
}) {
  const name = useId();
  const why = conflict.reason === 'same-remote-id' ? 'same Kaneo key id, different secret' : 'same name, different secret';
  const options: { value: ConflictChoice; label: string }[] = [
    { value: 'keep-mine', label: 'Keep mine' },
    { value: 'take-theirs', label: 'Take theirs' },
    { value: 'keep-both', label: `Keep both (theirs as “${conflict.renamedTo}”)` },
  ];
  return (
    <fieldset className="merge-preview__conflict">
      <legend>
        “{conflict.mine.name}” on {host(conflict.mine)} — {why}
      </legend>
      <p className="ui-muted ui-small">
        Mine: “{conflict.mine.name}”, added {day(conflict.mine.createdAt)}. Theirs: “{conflict.theirs.name}”, added{' '}
        {day(conflict.theirs.createdAt)}
        {conflict.theirs.notes ? `, note “${conflict.theirs.notes}”` : ''}.
      </p>
      <div className="ui-row" role="radiogroup" aria-label={`Conflict: ${conflict.mine.name}`}>
        {options.map((option) => (
          <label key={option.value} className="merge-preview__choice">
            <input
              type="radio"
              name={name}
              value={option.value}
              checked={value === option.value}
              onChange={() => onChoose(conflict.id, option.value)}
            />
            {option.label}
          </label>
        ))}
      </div>
    </fieldset>
  );
}
