import { useCallback, useEffect, useMemo, useState } from 'react';
import { call } from '@/components/app/call';
import { Callout } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { EmptyState } from '@/components/ui/empty-state';
import { Select } from '@/components/ui/select';
import type { KeySummary } from '@/lib/keys/key-entry';
import { sendMessage } from '@/lib/messaging/protocol';
import type { EndpointCatalog } from '@/lib/messaging/tester-protocol';
import { buildOperationPath, missingRequired, type Operation } from '@/lib/openapi/catalog';
import type { HttpRequest } from '@/lib/request/http-request';
import type { HistoryEntry } from '@/lib/tester/history';
import { requestHostPermission } from '@/lib/tester/host-permission';
import { draftToRequest, type DraftErrors, type RequestDraft } from '@/lib/tester/request-draft';
import { DEFAULT_TIMEOUT_MS } from '@/lib/tester/request-runner';
import { TEST_KEY_PATH, testKeyRequest } from '@/lib/tester/test-request';
import { pathRelativeToBase, resolveApiUrl } from '@/lib/tester/url-guard';
import { CopyAs } from './copy-as';
import { EndpointPicker } from './endpoint-picker';
import { HistoryList } from './history-list';
import { RequestEditor, type ParamValues } from './request-editor';
import { ResponseView } from './response-view';
import { useTesterSend } from './use-tester-send';
import './tester.css';

const EMPTY_DRAFT: RequestDraft = { method: 'GET', path: TEST_KEY_PATH, headers: [], body: '' };
const TIMEOUT_CHOICES = [5, 10, 30, 60, 120].map((s) => ({ value: String(s), label: `${s} s` }));

/** The full request tester (options page): key, endpoint, request, response, copy as, history. */
export function TesterPanel({ keys, locked }: { keys: KeySummary[]; locked: boolean }) {
  const usable = useMemo(() => keys.filter((k) => !k.revokedAt), [keys]);
  const [keyId, setKeyId] = useState<string>('');
  const key = keys.find((k) => k.id === keyId) ?? usable[0] ?? keys[0] ?? null;

  if (locked) {
    return <EmptyState title="The vault is locked">Unlock it to test your keys.</EmptyState>;
  }
  if (!key) {
    return <EmptyState title="No keys yet">Add a key first; then you can send test requests with it here.</EmptyState>;
  }
  return (
    <div className="tester ui-stack">
      <Select
        label="Key"
        value={key.id}
        options={keys.map((k) => {
          const label = `${k.name} — ${new URL(k.instance.apiBaseUrl).host}${k.revokedAt ? ' (revoked)' : ''}`;
          return { value: k.id, label, title: label };
        })}
        onChange={setKeyId}
        hint={`Requests go to ${key.instance.apiBaseUrl} only.`}
      />
      <KeyTester key={key.id} keyEntry={key} />
    </div>
  );
}

function KeyTester({ keyEntry }: { keyEntry: KeySummary }) {
  const base = keyEntry.instance.apiBaseUrl;
  const [draft, setDraft] = useState<RequestDraft>(EMPTY_DRAFT);
  const [errors, setErrors] = useState<DraftErrors>({});
  const [operation, setOperation] = useState<Operation | null>(null);
  const [params, setParams] = useState<ParamValues>({ path: {}, query: {} });
  const [timeoutSeconds, setTimeoutSeconds] = useState(String(DEFAULT_TIMEOUT_MS / 1000));
  const [catalog, setCatalog] = useState<EndpointCatalog | null>(null);
  const [catalogLoading, setCatalogLoading] = useState(false);
  const [catalogError, setCatalogError] = useState<string | null>(null);
  const [history, setHistory] = useState<HistoryEntry[]>([]);
  const [historyError, setHistoryError] = useState<string | null>(null);

  const loadHistory = useCallback(async () => {
    const result = await call(() => sendMessage('tester.history.list', { keyId: keyEntry.id }));
    if (result.ok) {
      setHistory(result.value);
      setHistoryError(null);
    } else setHistoryError(`History is not available: ${result.message}`);
  }, [keyEntry.id]);

  const { state, send, cancel } = useTesterSend(() => void loadHistory());

  const loadCatalog = useCallback(
    async (refresh: boolean) => {
      setCatalogLoading(true);
      const result = await call(() => sendMessage('tester.endpoints', { keyId: keyEntry.id, refresh }));
      setCatalogLoading(false);
      if (result.ok) {
        setCatalog(result.value);
        setCatalogError(null);
      } else setCatalogError(result.message);
    },
    [keyEntry.id],
  );

  useEffect(() => {
    void loadCatalog(false);
    void loadHistory();
  }, [loadCatalog, loadHistory]);

  const resolved = useMemo(() => {
    const url = resolveApiUrl(base, draft.path);
    return url.ok ? url.value : null;
  }, [base, draft.path]);

  /** The request as it would be sent now, for Copy as (null while the draft has errors). */
  const currentRequest: HttpRequest | null = useMemo(() => {
    const result = draftToRequest(base, draft);
    return result.ok ? result.value : null;
  }, [base, draft]);

  const running = state.phase === 'running';

  const pick = (op: Operation) => {
    setOperation(op);
    const nextParams = { path: {}, query: {} };
    setParams(nextParams);
    setErrors({});
    setDraft((d) => ({
      ...d,
      method: op.method,
      path: buildOperationPath(op, nextParams.path, nextParams.query),
      body: op.bodyTemplate ?? '',
    }));
  };

  const setParam = (where: 'path' | 'query', name: string, value: string) => {
    const next = { ...params, [where]: { ...params[where], [name]: value } };
    setParams(next);
    if (operation) setDraft((d) => ({ ...d, path: buildOperationPath(operation, next.path, next.query) }));
  };

  const sendDraft = () => {
    if (operation && draft.path === buildOperationPath(operation, params.path, params.query)) {
      const missing = missingRequired(operation, params.path, params.query);
      if (missing.length > 0) {
        setErrors({ path: `Fill in the required parameter${missing.length > 1 ? 's' : ''} first: ${missing.join(', ')}.` });
        return;
      }
    }
    const result = draftToRequest(base, draft);
    if (!result.ok) {
      setErrors(result.errors ?? {});
      return;
    }
    setErrors({});
    void send(keyEntry, result.value, Number(timeoutSeconds) * 1000);
  };

  const testKey = () => {
    setOperation(null);
    setErrors({});
    setDraft(EMPTY_DRAFT);
    void send(keyEntry, testKeyRequest(base), Number(timeoutSeconds) * 1000);
  };

  const rerun = (entry: HistoryEntry) => {
    setOperation(null);
    setErrors({});
    setDraft({
      method: entry.request.method,
      path: pathRelativeToBase(base, entry.request.url),
      headers: entry.request.headers.filter((h) => !(h.name.toLowerCase() === 'content-type' && entry.request.body !== null && h.value === 'application/json')),
      body: entry.request.body ?? '',
    });
    void send(keyEntry, entry.request, Number(timeoutSeconds) * 1000);
  };

  const refreshCatalog = () => {
    // Ask for access inside the click so the instance's own list can be fetched.
    void requestHostPermission(base).then(() => loadCatalog(true));
  };

  const clearHistory = async () => {
    const result = await call(() => sendMessage('tester.history.clear', { keyId: keyEntry.id }));
    if (result.ok) setHistory([]);
    else setHistoryError(result.message);
  };

  return (
    <div className="tester__grid">
      <div className="tester__main ui-stack">
        <div className="ui-row tester__actions">
          <Button variant="primary" onClick={testKey} disabled={running}>
            Test this key
          </Button>
          <span className="ui-small ui-muted">GET {TEST_KEY_PATH} — answers the key’s workspaces.</span>
        </div>
        <EndpointPicker
          catalog={catalog}
          loading={catalogLoading}
          error={catalogError}
          selectedId={operation?.id ?? null}
          onPick={pick}
          onRefresh={refreshCatalog}
        />
        <RequestEditor
          keyId={keyEntry.id}
          apiBaseUrl={base}
          draft={draft}
          errors={errors}
          operation={operation}
          params={params}
          resolvedUrl={resolved}
          onDraft={(patch) => {
            setDraft((d) => ({ ...d, ...patch }));
            if (patch.path !== undefined) setErrors((e) => ({ ...e, path: undefined }));
          }}
          onParam={setParam}
        />
        {resolved && /\/auth\/get-session\/?$/.test(new URL(resolved).pathname) ? (
          <Callout tone="warning">
            With a Bearer key Kaneo answers <code>null</code> here (and sends cookie-clearing headers). To check a key, use
            “Test this key” (GET {TEST_KEY_PATH}).
          </Callout>
        ) : null}
        <div className="ui-row">
          <Button variant="primary" onClick={sendDraft} disabled={running}>
            Send
          </Button>
          <Select
            label="Timeout"
            value={timeoutSeconds}
            options={TIMEOUT_CHOICES}
            onChange={setTimeoutSeconds}
            className="tester-timeout"
          />
        </div>
        <ResponseView state={state} onCancel={() => void cancel()} />
        <CopyAs request={currentRequest} keyEntry={keyEntry} />
      </div>
      <aside className="tester__side">
        <HistoryList
          entries={history}
          apiBaseUrl={base}
          error={historyError}
          disabled={running}
          onRerun={rerun}
          onClear={() => void clearHistory()}
        />
      </aside>
    </div>
  );
}
