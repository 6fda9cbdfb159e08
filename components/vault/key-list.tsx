import { useId, useMemo } from 'react';
import type { ReactNode } from 'react';
import type { KeySummary } from '@/lib/keys/key-entry';
import { EmptyState } from '@/components/ui/empty-state';
import { KeyRow } from './key-row';
import { groupByInstance, matchesQuery } from './key-groups';
import type { InstanceGroup } from './key-groups';

export interface KeyListProps {
  keys: readonly KeySummary[];
  query: string;
  variant: 'compact' | 'full';
  onEdit?: (key: KeySummary) => void;
  onDelete?: (key: KeySummary) => void;
  /** Shown when the vault holds no key at all (e.g. an "Add key" button). */
  emptyAction?: ReactNode;
}

/** Keys grouped by instance, filtered by the search query, with a live count while searching. */
export function KeyList({ keys, query, variant, onEdit, onDelete, emptyAction }: KeyListProps) {
  const visible = useMemo(() => keys.filter((key) => matchesQuery(key, query)), [keys, query]);
  const groups = useMemo(() => groupByInstance(visible), [visible]);
  const searching = query.trim() !== '';

  if (keys.length === 0) {
    return (
      <EmptyState title="No keys yet" action={emptyAction}>
        Add a Kaneo API key to keep it encrypted here, ready to copy.
      </EmptyState>
    );
  }

  return (
    <div className="key-list">
      <p role="status" className="key-list__count">
        {searching ? countText(visible.length, query) : ''}
      </p>
      {visible.length === 0 ? (
        <EmptyState title="No matching keys">Search looks at key names and instance addresses.</EmptyState>
      ) : (
        groups.map((group) => (
          <InstanceGroupView key={group.id} group={group} variant={variant} onEdit={onEdit} onDelete={onDelete} />
        ))
      )}
    </div>
  );
}

function countText(n: number, query: string): string {
  const what = n === 1 ? '1 key matches' : `${n} keys match`;
  return `${what} “${query.trim()}”`;
}

function InstanceGroupView({
  group,
  variant,
  onEdit,
  onDelete,
}: {
  group: InstanceGroup;
  variant: 'compact' | 'full';
  onEdit?: (key: KeySummary) => void;
  onDelete?: (key: KeySummary) => void;
}) {
  const headingId = useId();
  const customApi = group.apiBaseUrl !== `${group.webOrigin}/api`;
  return (
    <div role="group" aria-labelledby={headingId} className="key-group">
      <div className="key-group__head">
        <h3 id={headingId} className="key-group__host" title={group.webOrigin}>
          {group.host}
        </h3>
        {customApi ? (
          <span className="key-group__api" title="API base URL">
            API {group.apiBaseUrl}
          </span>
        ) : null}
      </div>
      <ul className="key-group__list">
        {group.keys.map((key) => (
          <KeyRow key={key.id} keyEntry={key} variant={variant} onEdit={onEdit} onDelete={onDelete} />
        ))}
      </ul>
    </div>
  );
}
