import { useState } from 'react';

/**
 * A JSON value as a collapsible tree of nested lists (each branch has a toggle button with
 * aria-expanded; native buttons keep it keyboard-usable without a custom tree widget). Children are rendered only while their node is open, so a
 * 1 MB answer costs what is on screen. Values are React text: nothing from a response is ever
 * interpreted as markup.
 */
export function JsonTree({ value }: { value: unknown }) {
  return (
    <ul className="json-tree" aria-label="JSON body">
      <JsonNode name={null} value={value} depth={0} />
    </ul>
  );
}

const AUTO_OPEN_DEPTH = 2;
const AUTO_OPEN_MAX_CHILDREN = 50;
const MAX_CHILDREN_SHOWN = 500;

function JsonNode({ name, value, depth }: { name: string | null; value: unknown; depth: number }) {
  const isContainer = typeof value === 'object' && value !== null;
  const entries = isContainer ? Object.entries(value as Record<string, unknown>) : [];
  const [open, setOpen] = useState(depth < AUTO_OPEN_DEPTH && entries.length <= AUTO_OPEN_MAX_CHILDREN);
  const label = name === null ? null : <span className="json-tree__key">{`${name}: `}</span>;

  if (!isContainer) {
    return (
      <li className="json-tree__leaf">
        {label}
        <span className={`json-tree__value json-tree__value--${value === null ? 'null' : typeof value}`}>
          {JSON.stringify(value)}
        </span>
      </li>
    );
  }
  const isArray = Array.isArray(value);
  const summary = isArray ? `[${entries.length} item${entries.length === 1 ? '' : 's'}]` : `{${entries.length} key${entries.length === 1 ? '' : 's'}}`;
  return (
    <li className="json-tree__branch">
      <button
        type="button"
        className="json-tree__toggle"
        aria-expanded={open}
        aria-label={`${open ? 'Collapse' : 'Expand'} ${name ?? 'root'}`}
        onClick={() => setOpen(!open)}
      >
        <span aria-hidden="true">{open ? '▾' : '▸'}</span>
      </button>
      {label}
      <span className="json-tree__summary">{summary}</span>
      {open ? (
        <ul>
          {entries.slice(0, MAX_CHILDREN_SHOWN).map(([childName, child]) => (
            <JsonNode key={childName} name={childName} value={child} depth={depth + 1} />
          ))}
          {entries.length > MAX_CHILDREN_SHOWN ? (
            <li className="json-tree__more">… {entries.length - MAX_CHILDREN_SHOWN} more (see Raw)</li>
          ) : null}
        </ul>
      ) : null}
    </li>
  );
}
