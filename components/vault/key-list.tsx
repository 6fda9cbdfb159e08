import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { FocusEvent, ReactNode } from 'react';
import { defaultRangeExtractor, type Range } from '@tanstack/react-virtual';
import type { KeySummary } from '@/lib/keys/key-entry';
import { EmptyState } from '@/components/ui/empty-state';
import { rowStyle, useVirtualRows } from '@/components/ui/use-virtual-rows';
import { KeyRow } from './key-row';
import { buildKeyIndex, prepareSearch, searchKeyIndex, type VisibleGroup } from './key-index';
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

/** One line of the flattened list: an instance's heading, or one of its keys. */
type ListItem =
  | { kind: 'head'; id: string; group: InstanceGroup; shown: number; collapsed: boolean }
  | { kind: 'key'; id: string; key: KeySummary; position: number; first: boolean; last: boolean };

/** Heights before measuring (px), as the stylesheet draws them; rows that grow (a revealed secret, an error) are measured. */
const ESTIMATE = { compact: { head: 20, key: 34 }, full: { head: 20, key: 46 } } as const;

/**
 * Keys grouped by instance, filtered by the search query, with a live count while searching.
 * Only the rows in view are in the DOM (components/ui/use-virtual-rows.ts); the full variant
 * (options page) lets each instance's group collapse.
 */
export function KeyList({ keys, query, variant, onEdit, onDelete, emptyAction }: KeyListProps) {
  const index = useMemo(() => buildKeyIndex(keys), [keys]);
  const found = useMemo(() => searchKeyIndex(index, query), [index, query]);
  const searching = query.trim() !== '';
  // The search texts are made after the list is on screen, while the page is idle.
  useEffect(() => whenIdle(() => prepareSearch(index)), [index]);

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
        {searching ? countText(found.count, query) : ''}
      </p>
      {found.count === 0 ? (
        <EmptyState title="No matching keys">Search looks at key names and instance addresses.</EmptyState>
      ) : (
        <VirtualKeyRows groups={found.groups} total={found.count} variant={variant} onEdit={onEdit} onDelete={onDelete} />
      )}
    </div>
  );
}

/** Runs `work` when the page is idle (soon at the latest); returns a cancel. */
function whenIdle(work: () => void): () => void {
  if (typeof requestIdleCallback === 'function') {
    const id = requestIdleCallback(work, { timeout: 1_000 });
    return () => cancelIdleCallback(id);
  }
  const timer = setTimeout(work, 50);
  return () => clearTimeout(timer);
}

function countText(n: number, query: string): string {
  const what = n === 1 ? '1 key matches' : `${n} keys match`;
  return `${what} “${query.trim()}”`;
}

function flatten(groups: readonly VisibleGroup[], collapsed: ReadonlySet<string>): ListItem[] {
  const items: ListItem[] = [];
  let position = 0;
  for (const { group, keys } of groups) {
    const isCollapsed = collapsed.has(group.id);
    items.push({ kind: 'head', id: `head ${group.id}`, group, shown: keys.length, collapsed: isCollapsed });
    if (isCollapsed) {
      position += keys.length;
      continue;
    }
    keys.forEach((key, i) => {
      position += 1;
      items.push({ kind: 'key', id: key.id, key, position, first: i === 0, last: i === keys.length - 1 });
    });
  }
  return items;
}

function VirtualKeyRows({
  groups,
  total,
  variant,
  onEdit,
  onDelete,
}: {
  groups: readonly VisibleGroup[];
  total: number;
  variant: 'compact' | 'full';
  onEdit?: (key: KeySummary) => void;
  onDelete?: (key: KeySummary) => void;
}) {
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(new Set());
  // Rows are memoised (key-row.tsx): they get handlers that stay the same across renders and
  // call whatever the page passed last.
  const handlers = useRef({ onEdit, onDelete });
  handlers.current = { onEdit, onDelete };
  const canEdit = onEdit !== undefined;
  const canDelete = onDelete !== undefined;
  const edit = useMemo(() => (canEdit ? (key: KeySummary) => handlers.current.onEdit?.(key) : undefined), [canEdit]);
  const remove = useMemo(() => (canDelete ? (key: KeySummary) => handlers.current.onDelete?.(key) : undefined), [canDelete]);
  const items = useMemo(() => flatten(groups, collapsed), [groups, collapsed]);
  const estimate = ESTIMATE[variant];
  // The row holding keyboard focus stays rendered while it is scrolled out of view, so focus
  // (and a screen reader's place) is never dropped onto <body>.
  const focusedId = useRef<string | null>(null);
  const itemsRef = useRef(items);
  itemsRef.current = items;

  const rangeExtractor = useCallback((range: Range) => {
    const indexes = defaultRangeExtractor(range);
    const focused = focusedId.current === null ? -1 : itemsRef.current.findIndex((item) => item.id === focusedId.current);
    if (focused >= 0 && !indexes.includes(focused)) indexes.push(focused);
    return indexes.sort((a, b) => a - b);
  }, []);

  const { listRef, virtualizer, scrollMargin } = useVirtualRows({
    count: items.length,
    estimateSize: (i) => (items[i]?.kind === 'head' ? estimate.head : estimate.key),
    getItemKey: (i) => items[i]?.id ?? String(i),
    rangeExtractor,
  });

  const onFocus = (event: FocusEvent<HTMLElement>) => {
    const row = (event.target as HTMLElement).closest<HTMLElement>('[data-item-id]');
    focusedId.current = row?.dataset.itemId ?? null;
  };
  const onBlur = (event: FocusEvent<HTMLElement>) => {
    if (!event.currentTarget.contains(event.relatedTarget as Node | null)) focusedId.current = null;
  };

  const toggle = (id: string) =>
    setCollapsed((previous) => {
      const next = new Set(previous);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  return (
    <div ref={listRef} className="key-list__viewport">
      <ul
        className={`key-list__rows key-list__rows--${variant}`}
        aria-label="Keys"
        style={{ height: virtualizer.getTotalSize() }}
        onFocus={onFocus}
        onBlur={onBlur}
      >
        {virtualizer.getVirtualItems().map((virtual) => {
          const item = items[virtual.index];
          if (!item) return null;
          const common = {
            'data-index': virtual.index,
            'data-item-id': item.id,
            ref: virtualizer.measureElement,
            style: rowStyle(virtual.start, scrollMargin),
          };
          if (item.kind === 'head') {
            return (
              <li key={virtual.key} className="key-list__item key-group__head" {...common}>
                <GroupHeading
                  item={item}
                  collapsible={variant === 'full'}
                  onToggle={() => toggle(item.group.id)}
                />
              </li>
            );
          }
          const edge = `${item.first ? ' key-list__item--first' : ''}${item.last ? ' key-list__item--last' : ''}`;
          return (
            <KeyRow
              key={virtual.key}
              itemProps={{ ...common, className: `key-list__item${edge}`, 'aria-setsize': total, 'aria-posinset': item.position }}
              keyEntry={item.key}
              variant={variant}
              onEdit={edit}
              onDelete={remove}
            />
          );
        })}
      </ul>
    </div>
  );
}

function GroupHeading({
  item,
  collapsible,
  onToggle,
}: {
  item: Extract<ListItem, { kind: 'head' }>;
  collapsible: boolean;
  onToggle: () => void;
}) {
  const { group, shown, collapsed } = item;
  const customApi = group.apiBaseUrl !== `${group.webOrigin}/api`;
  return (
    <>
      <h3 className="key-group__host" title={group.webOrigin}>
        {collapsible ? (
          <button
            type="button"
            className="key-group__toggle"
            aria-expanded={!collapsed}
            onClick={onToggle}
          >
            {/* The name is the visible text (host, count) plus the hidden word, so it matches what is read on screen. */}
            <span aria-hidden="true" className={collapsed ? 'key-group__chevron key-group__chevron--collapsed' : 'key-group__chevron'} />
            <span className="ui-truncate">{group.host}</span>{' '}
            <span className="key-group__count">
              {shown}
              <span className="visually-hidden">{shown === 1 ? ' key' : ' keys'}</span>
            </span>
          </button>
        ) : (
          group.host
        )}
      </h3>
      {customApi ? (
        <span className="key-group__api" title="API base URL">
          API {group.apiBaseUrl}
        </span>
      ) : null}
    </>
  );
}
