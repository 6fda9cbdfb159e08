import { useId, useMemo, useState } from 'react';
import { Button } from '@/components/ui/button';
import { Callout } from '@/components/ui/alert';
import { TextField } from '@/components/ui/text-field';
import type { EndpointCatalog } from '@/lib/tester/protocol';
import { searchOperations, type Operation } from '@/lib/openapi/catalog';
import { formatTime } from './format';

const SHOWN = 40;

/** Search the instance's endpoints by path or summary and pick one to fill the editor. */
export function EndpointPicker({
  catalog,
  loading,
  error,
  selectedId,
  onPick,
  onRefresh,
}: {
  catalog: EndpointCatalog | null;
  loading: boolean;
  error: string | null;
  selectedId: string | null;
  onPick: (operation: Operation) => void;
  onRefresh: () => void;
}) {
  const [query, setQuery] = useState('');
  const listId = useId();
  const hits = useMemo(() => (catalog ? searchOperations(catalog.operations, query) : []), [catalog, query]);

  return (
    <section className="tester-endpoints ui-stack ui-stack--tight" aria-label="Endpoints">
      <div className="ui-row">
        <TextField
          label="Search endpoints"
          placeholder="path or summary, e.g. project list"
          value={query}
          onChange={(event) => setQuery(event.target.value)}
          aria-controls={listId}
          className="tester-grow"
        />
        <Button size="sm" onClick={onRefresh} busy={loading}>
          Refresh endpoints
        </Button>
      </div>
      <p className="ui-small ui-muted">
        {loading
          ? 'Loading endpoints…'
          : catalog
            ? catalog.source === 'instance'
              ? `${catalog.operations.length} endpoints from this instance’s /openapi${catalog.fetchedAt ? `, loaded ${formatTime(catalog.fetchedAt)}` : ''}.`
              : `${catalog.operations.length} endpoints.`
            : null}
      </p>
      {catalog?.note ? <Callout tone="neutral">{catalog.note}</Callout> : null}
      {error ? <Callout tone="warning">{error}</Callout> : null}
      {catalog ? (
        <ul id={listId} className="tester-endpoints__list" aria-label="Matching endpoints">
          {hits.slice(0, SHOWN).map((op) => (
            <li key={op.id}>
              <button
                type="button"
                className="tester-endpoints__item"
                aria-pressed={op.id === selectedId}
                onClick={() => onPick(op)}
              >
                <span className={`tester-method tester-method--${op.method.toLowerCase()}`}>{op.method}</span>
                <code>{op.path}</code>
                <span className="ui-muted ui-small">{op.summary}</span>
              </button>
            </li>
          ))}
          {hits.length === 0 ? <li className="ui-muted ui-small">No endpoint matches “{query}”.</li> : null}
          {hits.length > SHOWN ? <li className="ui-muted ui-small">{hits.length - SHOWN} more — narrow the search.</li> : null}
        </ul>
      ) : null}
    </section>
  );
}
