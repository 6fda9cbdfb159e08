import type { ConflictChoice, SyncPreview, SyncPreviewEntry } from '@/lib/sync/protocol';
import { Callout } from '@/components/ui/alert';

const kb = (bytes: number) => `${Math.ceil(bytes / 1024)} KB`;

function Names({ title, entries }: { title: string; entries: SyncPreviewEntry[] }) {
  if (!entries.length) return null;
  return (
    <div>
      <h4 className="sync__list-title">
        {title} ({entries.length})
      </h4>
      <ul className="sync__list">
        {entries.map((e) => (
          <li key={e.ref}>
            {e.name} <span className="ui-muted">{e.host}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}

const CHOICES: { value: ConflictChoice; label: string }[] = [
  { value: 'mine', label: 'Keep this device’s' },
  { value: 'theirs', label: 'Take the synced one' },
  { value: 'both', label: 'Keep both' },
];

/** What turning sync on will do, before anything changes; a choice per conflict. */
export function MergePreview({
  preview,
  choices,
  onChoose,
}: {
  preview: SyncPreview;
  choices: Record<string, ConflictChoice>;
  onChoose: (ref: string, choice: ConflictChoice) => void;
}) {
  return (
    <div className="ui-stack sync__preview" aria-label="Merge preview" role="group" data-testid="sync-preview">
      <p>
        {preview.mode === 'fresh'
          ? `Nothing is synced yet: this vault's ${preview.fromHere.length} keys become the synced set.`
          : 'Keys are already synced from another device. This is what turning sync on here will do:'}
      </p>
      {preview.mode === 'join' ? (
        <>
          <Names title="New here, from sync" entries={preview.fromSync} />
          <Names title="Sent from this device" entries={preview.fromHere} />
          <Names title="Already the same (kept once)" entries={preview.identical} />
        </>
      ) : null}
      {preview.conflicts.length ? (
        <fieldset className="sync__conflicts">
          <legend>Same name, different contents ({preview.conflicts.length})</legend>
          {preview.conflicts.map((c) => (
            <div key={c.ref} role="radiogroup" aria-label={`${c.name} on ${c.host}`} className="sync__conflict">
              <span>
                {c.name} <span className="ui-muted">{c.host} · differs in {c.differs.join(', ')}</span>
              </span>
              {CHOICES.map((choice) => (
                <label key={choice.value} className="sync__choice">
                  <input
                    type="radio"
                    name={`choice-${c.ref}`}
                    checked={choices[c.ref] === choice.value}
                    onChange={() => onChoose(c.ref, choice.value)}
                  />{' '}
                  {choice.label}
                </label>
              ))}
            </div>
          ))}
        </fieldset>
      ) : null}
      {preview.refused ? (
        <Callout tone="warning">{preview.refused} synced records were refused (changed or not made with your key) and are left out.</Callout>
      ) : null}
      <p className="ui-muted">
        Uses about {kb(preview.bytes)} of the {kb(preview.budgetBytes)} the browser's sync allows.
      </p>
    </div>
  );
}
