import type { SyncConflictView, SyncKeyView } from '@/lib/sync/protocol';
import { Button } from '@/components/ui/button';

function describe(view: SyncKeyView | null): string {
  if (!view) return 'deleted';
  return `${view.name} (${view.host})${view.notes ? ` — ${view.notes}` : ''}${view.expiresAt ? ` · expires ${view.expiresAt.slice(0, 10)}` : ''}`;
}

/** Versions that lost a merge: look at them, bring one back, or let it go. */
export function ConflictList({ conflicts, onResolve }: { conflicts: SyncConflictView[]; onResolve: (id: string, action: 'use' | 'dismiss') => void }) {
  if (!conflicts.length) return null;
  return (
    <section aria-label="Sync conflicts" className="ui-stack">
      <h3>Conflicts ({conflicts.length})</h3>
      <p className="ui-muted">Two devices changed the same key at once. The newer change won everywhere; the other is kept here.</p>
      <ul className="sync__list">
        {conflicts.map((c) => (
          <li key={c.id} className="sync__conflict-row">
            <div>
              <div>
                <strong>Kept:</strong> {describe(c.kept)}
              </div>
              <div className="ui-muted">
                <strong>Now:</strong> {describe(c.current)}
                {c.secretDiffers ? ' · the secrets differ' : ''}
              </div>
            </div>
            <Button size="sm" onClick={() => onResolve(c.id, 'use')}>
              Use this one
            </Button>
            <Button size="sm" variant="ghost" onClick={() => onResolve(c.id, 'dismiss')}>
              Dismiss
            </Button>
          </li>
        ))}
      </ul>
    </section>
  );
}
