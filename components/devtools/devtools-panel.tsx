/**
 * The DevTools "Kaneo" panel: the web app's API requests, each turned into a snippet or a script
 * that uses an API key instead of the session.
 *
 * Protects: the person's Kaneo session and their keys. Recorded requests hold only what
 * `recordFromHar` let through (no Cookie, Set-Cookie, Authorization or x-api-key; response
 * headers never read). A key's secret is fetched (`keys.reveal`) only when "Include the key" is
 * copied, goes straight to the clipboard and is cleared after the configured delay; it is never
 * rendered. Everything recorded lives in this component's state: nothing is stored, so closing
 * DevTools forgets it.
 */
import { useEffect, useId, useMemo, useState } from 'react';
import { call } from '@/lib/messaging/page/call';
import { Callout, ErrorMessage } from '@/components/ui/alert';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Select } from '@/components/ui/select';
import { useStatus } from '@/components/ui/status';
import { TextField } from '@/components/ui/text-field';
import { KEY_VARIABLE, REDACTED_PLACEHOLDER } from '@/components/tester/copy-as';
import { useCopySnippet, type SnippetKeyMode } from '@/components/tester/use-copy-snippet';
import { assembleScript, type ScriptLanguage } from '@/lib/devtools/call-script';
import { detectAfterNavigation, type KaneoDetection, type NetworkSource } from '@/lib/devtools/page/devtools-network';
import { compileOperations, matchOperation, serverBasePaths, type OperationMatch } from '@/lib/devtools/match-operation';
import { BODY_CAP, recordFromHar, type RecordedRequest } from '@/lib/devtools/recorded-request';
import { defaultApiBase, type KeySummary } from '@/lib/keys/key-entry';
import { sendMessage } from '@/lib/messaging/protocol';
import { loadBundledOpenApiDocument } from '@/lib/openapi/bundled-spec';
import { parseOpenApiDocument, type Operation } from '@/lib/openapi/catalog';
import type { HttpMethod, SecretMode } from '@/lib/request/http-request';
import { renderSnippet, snippetFormats, type SnippetFormat } from '@/lib/snippets/render-snippet';
import { handoffFor, testerHandoffUrl } from '@/lib/devtools/tester-handoff';
import { openExtensionTab, openToolbarPopup } from './panel-navigation';
import { writePanelClipboard } from './panel-clipboard';

/** Enough for a long session in the web app; older requests drop off so memory stays bounded. */
export const MAX_RECORDED = 500;
const METHOD_FILTERS: ReadonlyArray<'ALL' | HttpMethod> = ['ALL', 'GET', 'POST', 'PUT', 'PATCH', 'DELETE'];

const MODES: ReadonlyArray<{ value: SnippetKeyMode; label: string; hint: string }> = [
  { value: 'env', label: 'Environment variable', hint: `Reads the key from $${KEY_VARIABLE}. No unlock needed.` },
  { value: 'inline', label: 'Include the key', hint: 'Writes this instance’s key into the snippet (needs the vault unlocked); the clipboard is cleared after the configured delay.' },
  { value: 'redacted', label: 'Redacted', hint: 'A placeholder instead of the key, for sharing.' },
];

type KeyState =
  | { kind: 'loading' }
  | { kind: 'locked' }
  | { kind: 'no-vault' }
  | { kind: 'none' }
  | { kind: 'keys'; keys: KeySummary[] }
  | { kind: 'error'; message: string };

interface Catalog {
  operations: Operation[];
  source: 'instance' | 'bundled';
}

interface BundledCatalog {
  operations: Operation[];
  /** The API base paths the bundled document's servers name, for matching full paths. */
  basePaths: string[];
}

let bundledCatalog: Promise<BundledCatalog> | null = null;

/**
 * The bundled Kaneo 2.22.0 operations, from the packaged file (about 200 KB, kept out of the
 * panel's script), parsed once per panel; a failed read is tried again by the next list.
 */
function loadBundledCatalog(): Promise<BundledCatalog> {
  bundledCatalog ??= loadBundledOpenApiDocument().then(
    (document) => ({
      operations: parseOpenApiDocument(document),
      basePaths: serverBasePaths(
        ((document as { servers?: Array<{ url?: unknown }> }).servers ?? []).flatMap((s) => (typeof s.url === 'string' ? [s.url] : [])),
      ),
    }),
    (error: unknown) => {
      bundledCatalog = null;
      throw error;
    },
  );
  return bundledCatalog;
}

function hostOf(origin: string): string {
  try {
    return new URL(origin).host;
  } catch {
    return origin;
  }
}

function entryKey(entry: unknown): string {
  const e = entry as { startedDateTime?: unknown; request?: { method?: unknown; url?: unknown } } | null;
  return `${String(e?.startedDateTime)}|${String(e?.request?.method)}|${String(e?.request?.url)}`;
}

/**
 * `retryDelaysMs`: how often a "not Kaneo" answer is asked again (a busy or loading page may not
 * answer at first); tests pass `[]`.
 */
export function DevtoolsPanel({ source, retryDelaysMs }: { source: NetworkSource; retryDelaysMs?: readonly number[] }) {
  const [detection, setDetection] = useState<KaneoDetection | null>(null);

  useEffect(() => {
    let alive = true;
    // After a navigation the list stays while the new page is checked: a sign-in reload or a
    // page change on the same instance keeps what was recorded (the same origin keeps the same
    // KaneoRequests, keyed by it); another origin replaces it.
    const check = () => {
      void detectAfterNavigation(source, retryDelaysMs).then(
        (d) => alive && setDetection((old) => (old?.kind === d.kind && (d.kind === 'not-kaneo' || (old.kind === 'kaneo' && old.webOrigin === d.webOrigin)) ? old : d)),
      );
    };
    check();
    const off = source.onNavigated(check);
    return () => {
      alive = false;
      off();
    };
  }, [source]);

  if (!detection) return <p className="devtools-panel__note ui-muted" role="status">Checking whether this tab is Kaneo…</p>;
  if (detection.kind === 'not-kaneo') {
    return (
      <main className="devtools-panel devtools-panel--empty" data-ready="true">
        <Callout title="Not a Kaneo tab">
          The Kaneo panel only works on Kaneo tabs: {detection.origin ? hostOf(detection.origin) : 'this page'} has no Kaneo health check at
          /api/health. Open your Kaneo web app in this tab.
        </Callout>
      </main>
    );
  }
  return <KaneoRequests key={detection.webOrigin} source={source} webOrigin={detection.webOrigin} />;
}

function useInstanceKeys(webOrigin: string): KeyState {
  const [state, setState] = useState<KeyState>({ kind: 'loading' });
  useEffect(() => {
    let alive = true;
    void (async () => {
      const status = await call(async () => ({ ok: true as const, value: await sendMessage('vault.status', undefined) }));
      if (!alive) return;
      if (!status.ok) return setState({ kind: 'error', message: status.message });
      if (status.value.state === 'uninitialized') return setState({ kind: 'no-vault' });
      if (status.value.state !== 'unlocked') return setState({ kind: 'locked' });
      const listed = await call(() => sendMessage('keys.list', undefined));
      if (!alive) return;
      if (!listed.ok) return setState(listed.reason === 'locked' ? { kind: 'locked' } : { kind: 'error', message: listed.message });
      const mine = listed.value.filter((k) => k.instance.webOrigin === webOrigin && k.revokedAt === null);
      setState(mine.length === 0 ? { kind: 'none' } : { kind: 'keys', keys: mine });
    })();
    return () => {
      alive = false;
    };
  }, [webOrigin]);
  return state;
}

function KaneoRequests({ source, webOrigin }: { source: NetworkSource; webOrigin: string }) {
  const keys = useInstanceKeys(webOrigin);
  const [keyId, setKeyId] = useState<string | null>(null);
  const key = keys.kind === 'keys' ? (keys.keys.find((k) => k.id === keyId) ?? keys.keys[0]!) : null;
  // A key on a split deployment knows the API's real base; otherwise Kaneo's default `<origin>/api`.
  const apiBaseUrl = key?.instance.apiBaseUrl ?? defaultApiBase(webOrigin);
  const [recorded, setRecorded] = useState<RecordedRequest[]>([]);
  // Empty until the bundled list is read; an instance's own list (with a key) replaces it.
  const [catalog, setCatalog] = useState<Catalog>({ operations: [], source: 'bundled' });
  const [basePaths, setBasePaths] = useState<readonly string[]>([]);
  const [bundledState, setBundledState] = useState<'loading' | 'loaded' | 'failed'>('loading');
  const [selectedSeq, setSelectedSeq] = useState<number | null>(null);
  const [checked, setChecked] = useState<ReadonlySet<number>>(new Set());
  const [text, setText] = useState('');
  const [method, setMethod] = useState<'ALL' | HttpMethod>('ALL');
  const [hideReads, setHideReads] = useState(false);
  // True once what DevTools recorded before the panel opened is listed, the vault was asked and
  // the bundled operations were read (or failed): the panel's "ready" marker (data-ready), which the e2e waits on instead of guessing a delay.
  const [harRead, setHarRead] = useState(false);

  useEffect(() => {
    let alive = true;
    loadBundledCatalog().then(
      (bundled) => {
        if (!alive) return;
        setBasePaths(bundled.basePaths);
        setCatalog((old) => (old.source === 'instance' ? old : { operations: bundled.operations, source: 'bundled' }));
        setBundledState('loaded');
      },
      () => alive && setBundledState('failed'),
    );
    return () => {
      alive = false;
    };
  }, []);

  useEffect(() => {
    if (!key) return;
    let alive = true;
    void call(() => sendMessage('tester.endpoints', { keyId: key.id })).then((answer) => {
      if (alive && answer.ok && answer.value.operations.length > 0) setCatalog({ operations: answer.value.operations, source: answer.value.source });
    });
    return () => {
      alive = false;
    };
  }, [key?.id]);

  // Subscribe before reading the HAR, so nothing finishing in between is lost; duplicates are
  // dropped by start time + method + URL.
  useEffect(() => {
    let seq = 0;
    const seen = new Set<string>();
    const add = (entries: unknown[]) => {
      const fresh: RecordedRequest[] = [];
      for (const entry of entries) {
        const id = entryKey(entry);
        if (seen.has(id)) continue;
        seen.add(id);
        const result = recordFromHar(entry, apiBaseUrl, (seq += 1));
        // GET /health is the Kaneo check this extension runs in the page (devtools page and
        // panel): DevTools records it like the web app's own requests, so it is not listed.
        if (result.ok && !(result.value.method === 'GET' && /^\/health\/?$/.test(result.value.apiPath))) fresh.push(result.value);
      }
      if (fresh.length > 0) setRecorded((old) => [...fresh.reverse(), ...old].slice(0, MAX_RECORDED));
    };
    setRecorded([]);
    setHarRead(false);
    let alive = true;
    const off = source.onFinished((entry) => add([entry]));
    void source.recorded().then((entries) => {
      if (!alive) return;
      add(entries);
      setHarRead(true);
    });
    return () => {
      alive = false;
      off();
    };
  }, [source, apiBaseUrl]);

  const compiled = useMemo(() => compileOperations(catalog.operations), [catalog]);
  const matches = useMemo(() => {
    const map = new Map<number, OperationMatch | null>();
    for (const r of recorded) {
      map.set(r.seq, matchOperation(compiled, r.method, r.apiPath, { originPath: new URL(r.url).pathname, basePaths }));
    }
    return map;
  }, [recorded, compiled, basePaths]);

  const visible = useMemo(() => {
    const needle = text.trim().toLowerCase();
    return recorded.filter((r) => {
      if (hideReads && r.method === 'GET') return false;
      if (method !== 'ALL' && r.method !== method) return false;
      if (!needle) return true;
      const op = matches.get(r.seq)?.operation;
      return `${r.method} ${r.apiPath} ${r.status} ${op?.summary ?? ''} ${op?.path ?? ''}`.toLowerCase().includes(needle);
    });
  }, [recorded, text, method, hideReads, matches]);

  const selected = recorded.find((r) => r.seq === selectedSeq) ?? null;
  // Oldest first: a script runs the calls in the order the web app made them.
  const scriptCalls = useMemo(
    () =>
      recorded
        .filter((r) => checked.has(r.seq))
        .sort((a, b) => a.seq - b.seq)
        .map((r) => ({ recorded: r, label: labelOf(r, matches.get(r.seq) ?? null) })),
    [recorded, checked, matches],
  );

  const toggle = (seq: number) =>
    setChecked((old) => {
      const next = new Set(old);
      if (next.has(seq)) next.delete(seq);
      else next.add(seq);
      return next;
    });

  return (
    <main className="devtools-panel" data-ready={harRead && keys.kind !== 'loading' && bundledState !== 'loading' ? 'true' : 'false'}>
      <header className="devtools-panel__head">
        <h1 className="devtools-panel__title">
          Kaneo on {hostOf(webOrigin)} <span className="ui-muted ui-small">API {apiBaseUrl}</span>
        </h1>
        <KeyNotice state={keys} host={hostOf(webOrigin)} keyId={key?.id ?? null} onKey={setKeyId} />
      </header>
      <div className="devtools-panel__filters" role="search">
        <TextField label="Filter" hideLabel placeholder="Filter by path, status, operation" value={text} onChange={(e) => setText(e.target.value)} />
        <Select label="Method" value={method} options={METHOD_FILTERS.map((m) => ({ value: m, label: m === 'ALL' ? 'All methods' : m }))} onChange={setMethod} />
        <label className="devtools-panel__toggle">
          <input type="checkbox" checked={hideReads} onChange={(e) => setHideReads(e.target.checked)} /> Hide reads (GET)
        </label>
        <span className="ui-small ui-muted">
          {catalog.source === 'instance'
            ? 'Operations from this instance’s /openapi'
            : bundledState === 'failed'
              ? 'No operation names: the bundled Kaneo 2.22.0 list could not be read'
              : 'Operations from the bundled Kaneo 2.22.0 list'}
        </span>
      </div>
      <div className="devtools-panel__body">
        <RequestTable
          requests={visible}
          total={recorded.length}
          matches={matches}
          selectedSeq={selectedSeq}
          checked={checked}
          onSelect={setSelectedSeq}
          onToggle={toggle}
        />
        <aside className="devtools-panel__detail" aria-label="Selected request">
          {scriptCalls.length > 0 ? <ScriptCopy calls={scriptCalls} onClear={() => setChecked(new Set())} /> : null}
          {selected ? (
            <RequestDetail request={selected} match={matches.get(selected.seq) ?? null} keyId={key?.id ?? null} keyState={keys} />
          ) : scriptCalls.length === 0 ? (
            <p className="ui-muted ui-small">Select a request to copy it with an API key, or tick several to copy them as a script.</p>
          ) : null}
        </aside>
      </div>
    </main>
  );
}

function optionsPageUrl(): string {
  return new URL('/options.html', window.location.href).href;
}

function labelOf(r: RecordedRequest, match: OperationMatch | null): string {
  return match ? `${r.method} ${match.operation.path}${match.operation.summary ? ` — ${match.operation.summary}` : ''}` : `${r.method} ${r.apiPath.split('?')[0]}`;
}

function KeyNotice({ state, host, keyId, onKey }: { state: KeyState; host: string; keyId: string | null; onKey: (id: string) => void }) {
  switch (state.kind) {
    case 'loading':
      return null;
    case 'locked':
      return (
        <p className="ui-small ui-muted">
          The vault is locked. Snippets read the key from ${KEY_VARIABLE}; unlock in the toolbar popup to include the key itself.
        </p>
      );
    case 'no-vault':
    case 'none':
      return (
        <Callout tone="warning" title={`No key for ${host}`}>
          The vault holds no API key for this instance. Create one in the toolbar popup, on this tab: <strong>This tab → Create key</strong>.{' '}
          <OpenPopupLink /> Snippets below still read the key from ${KEY_VARIABLE}.
        </Callout>
      );
    case 'error':
      return <ErrorMessage>{state.message}</ErrorMessage>;
    case 'keys':
      return state.keys.length === 1 ? (
        <p className="ui-small ui-muted">Key for “include the key”: {state.keys[0]!.name}</p>
      ) : (
        <Select
          label="Key"
          value={keyId ?? state.keys[0]!.id}
          options={state.keys.map((k) => ({ value: k.id, label: k.name }))}
          onChange={onKey}
        />
      );
  }
}

/** Opens the toolbar popup (on This tab) where the browser allows it; otherwise says how. */
function OpenPopupLink() {
  const [refused, setRefused] = useState(false);
  if (refused) return <span className="ui-small">Click the extension’s toolbar button to open it.</span>;
  return (
    <Button size="sm" variant="ghost" onClick={() => void openToolbarPopup().then((opened) => opened || setRefused(true))}>
      Open the popup’s This tab
    </Button>
  );
}

function RequestTable(props: {
  requests: RecordedRequest[];
  total: number;
  matches: Map<number, OperationMatch | null>;
  selectedSeq: number | null;
  checked: ReadonlySet<number>;
  onSelect: (seq: number) => void;
  onToggle: (seq: number) => void;
}) {
  if (props.total === 0) {
    return <p className="devtools-panel__list ui-muted">No requests to this instance’s API yet. Use the web app in this tab; its requests appear here.</p>;
  }
  return (
    <div className="devtools-panel__list">
      <table className="devtools-table" aria-label="API requests, newest first">
        <thead>
          <tr>
            <th scope="col"><span className="visually-hidden">Script</span></th>
            <th scope="col">Method</th>
            <th scope="col">Path</th>
            <th scope="col">Status</th>
            <th scope="col">Time</th>
            <th scope="col">Operation</th>
          </tr>
        </thead>
        <tbody>
          {props.requests.map((r) => {
            const match = props.matches.get(r.seq) ?? null;
            const selected = r.seq === props.selectedSeq;
            return (
              <tr key={r.seq} aria-selected={selected} className={selected ? 'is-selected' : undefined}>
                <td>
                  <input type="checkbox" aria-label={`Add ${r.method} ${r.apiPath} to the script`} checked={props.checked.has(r.seq)} onChange={() => props.onToggle(r.seq)} />
                </td>
                <td><code>{r.method}</code></td>
                <td className="devtools-table__path">
                  <button type="button" className="devtools-table__open" onClick={() => props.onSelect(r.seq)} title={r.apiPath}>
                    {r.apiPath}
                  </button>
                </td>
                <td><span className={r.status >= 400 || r.status === 0 ? 'devtools-status--bad' : undefined}>{r.status || 'failed'}</span></td>
                <td className="ui-muted">{r.durationMs === null ? '' : `${Math.round(r.durationMs)} ms`}</td>
                <td>{match ? <span title={`${match.operation.id}${match.operation.operationId ? ` (${match.operation.operationId})` : ''}`}>{match.operation.summary || match.operation.path}</span> : <span className="ui-muted">no operation</span>}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {props.requests.length === 0 ? <p className="ui-muted ui-small">No request matches the filter.</p> : null}
    </div>
  );
}

function RequestDetail({ request, match, keyId, keyState }: { request: RecordedRequest; match: OperationMatch | null; keyId: string | null; keyState: KeyState }) {
  const groupId = useId();
  const [format, setFormat] = useState<SnippetFormat>('curl-bash');
  const [mode, setMode] = useState<SnippetKeyMode>('env');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const copySnippet = useCopySnippet(writePanelClipboard);

  const preview = useMemo(() => {
    if (!request.request) return null;
    const previewMode: SecretMode = mode === 'redacted' ? { kind: 'redacted', placeholder: REDACTED_PLACEHOLDER } : { kind: 'env', variable: KEY_VARIABLE };
    try {
      return renderSnippet(format, request.request, previewMode);
    } catch (problem) {
      return { text: '', notes: [problem instanceof Error ? problem.message : 'This request cannot be written as a snippet.'], setupLine: undefined };
    }
  }, [request, format, mode]);

  const copy = async () => {
    if (!request.request || !preview) return;
    setError(null);
    if (mode === 'inline' && !keyId) {
      setError(keyState.kind === 'locked' ? 'Unlock the vault in the toolbar popup first, then copy again.' : 'The vault holds no key for this instance to include.');
      return;
    }
    setBusy(true);
    setError(await copySnippet(keyId, mode, format, request.request));
    setBusy(false);
  };

  const openInTester = async () => {
    const handoff = handoffFor(request, keyId);
    if (!handoff) return;
    setError(null);
    try {
      await openExtensionTab(testerHandoffUrl(optionsPageUrl(), handoff));
    } catch {
      setError('The tester could not be opened. Open the options page’s Tester by hand.');
    }
  };

  const params = match ? Object.entries(match.params) : [];
  return (
    <section className="ui-stack ui-stack--tight" aria-label="Request details">
      <h2 className="devtools-panel__subtitle">
        <code>{request.method}</code> {request.apiPath.split('?')[0]} <Badge tone={request.status >= 400 ? 'danger' : 'neutral'}>{request.status || 'failed'}</Badge>
      </h2>
      <p className="ui-small">
        {match ? (
          <>
            Operation: <strong>{match.operation.summary || match.operation.id}</strong>{' '}
            <code>{match.operation.operationId ?? match.operation.id}</code> <span className="ui-muted">{match.operation.id}</span>
          </>
        ) : (
          <span className="ui-muted">No matching operation in the OpenAPI document.</span>
        )}
      </p>
      {params.length > 0 || request.query.length > 0 ? (
        <dl className="devtools-params ui-small">
          {params.map(([name, value]) => (
            <div key={`p-${name}`}><dt>{`{${name}}`}</dt><dd><code>{value}</code></dd></div>
          ))}
          {request.query.map((q, i) => (
            <div key={`q-${i}`}><dt>?{q.name}</dt><dd><code>{q.value}</code></dd></div>
          ))}
        </dl>
      ) : null}
      {request.body.kind === 'text' ? (
        <pre className="devtools-pre" aria-label="Request body" tabIndex={0}>{request.body.text.slice(0, BODY_CAP)}</pre>
      ) : request.body.kind === 'refused' ? (
        <Callout tone="warning">{request.body.message}</Callout>
      ) : null}
      {request.request ? (
        <>
          <div className="devtools-copy__controls">
            <Select label="Copy as" value={format} options={snippetFormats.map((f) => ({ value: f.id, label: f.label }))} onChange={setFormat} />
            <fieldset className="devtools-copy__modes">
              <legend className="ui-field__label">Key in the snippet</legend>
              {MODES.map((option) => (
                <label key={option.value} title={option.hint}>
                  <input type="radio" name={`${groupId}-mode`} value={option.value} checked={mode === option.value} onChange={() => setMode(option.value)} /> {option.label}
                </label>
              ))}
            </fieldset>
          </div>
          <p className="ui-small ui-muted">{MODES.find((m) => m.value === mode)?.hint}</p>
          {/* The preview never shows a key: in "include" mode it shows the env version. */}
          {preview?.text ? <pre className="devtools-pre" aria-label="Snippet preview" tabIndex={0}>{preview.text}</pre> : null}
          {preview?.notes.length ? (
            <ul className="ui-small ui-muted">{preview.notes.map((n) => <li key={n}>{n}</li>)}</ul>
          ) : null}
          <div className="ui-row">
            <Button variant="primary" size="sm" busy={busy} onClick={() => void copy()}>
              {mode === 'inline' ? 'Copy with key' : 'Copy'}
            </Button>
            <Button size="sm" onClick={() => void openInTester()} title={keyId ? 'Opens the options page’s tester with this request filled in.' : 'The tester needs a key for this instance.'} disabled={!keyId}>
              Open in tester
            </Button>
            {mode === 'env' && preview?.setupLine ? <code className="ui-small">{preview.setupLine}</code> : null}
          </div>
          {error ? <ErrorMessage>{error}</ErrorMessage> : null}
        </>
      ) : null}
    </section>
  );
}

function ScriptCopy({ calls, onClear }: { calls: Parameters<typeof assembleScript>[0]; onClear: () => void }) {
  const { announce } = useStatus();
  const [error, setError] = useState<string | null>(null);
  const built = useMemo(() => ({ bash: assembleScript(calls, 'bash'), node: assembleScript(calls, 'node') }), [calls]);
  const build = (language: ScriptLanguage) => built[language];
  const bash = built.bash;

  const copy = async (language: ScriptLanguage) => {
    setError(null);
    const script = build(language);
    try {
      await writePanelClipboard(script.text);
      announce(`Copied a ${language === 'bash' ? 'bash' : 'Node'} script with ${calls.length - script.skipped.length} calls — set ${KEY_VARIABLE} before running it`, 'success');
    } catch {
      setError('The browser did not allow copying.');
    }
  };

  return (
    <section className="ui-stack ui-stack--tight devtools-script" aria-label="Copy as script">
      <h2 className="devtools-panel__subtitle">{calls.length} {calls.length === 1 ? 'request' : 'requests'} ticked</h2>
      {bash.references.length > 0 ? (
        <ul className="ui-small">
          {bash.references.map((ref) => (
            <li key={ref.name}>
              <code>{ref.name}</code>: the <code>{ref.jsonPath.join('.')}</code> call {ref.fromCall}’s response answered, read from it when the script runs
            </li>
          ))}
        </ul>
      ) : null}
      {bash.skipped.map((s) => (
        <Callout key={s.call} tone="warning">Call {s.call} is left out: {s.message}</Callout>
      ))}
      <div className="ui-row">
        <Button size="sm" variant="primary" onClick={() => void copy('bash')}>Copy bash script</Button>
        <Button size="sm" onClick={() => void copy('node')}>Copy Node script</Button>
        <Button size="sm" variant="ghost" onClick={onClear}>Untick all</Button>
      </div>
      {error ? <ErrorMessage>{error}</ErrorMessage> : null}
    </section>
  );
}
