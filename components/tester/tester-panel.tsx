import { useEffect, useMemo, useState } from 'react';
import { Callout } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { EmptyState } from '@/components/ui/empty-state';
import { Combobox } from '@/components/ui/combobox';
import { Select } from '@/components/ui/select';
import { forgetTesterHandoff, takeTesterHandoff } from '@/lib/devtools/page/take-tester-handoff';
import { handoffDraft } from '@/lib/devtools/tester-handoff';
import type { KeySummary } from '@/lib/keys/key-entry';
import { DEFAULT_TIMEOUT_MS } from '@/lib/tester/protocol';
import type { HistoryEntry } from '@/lib/tester/history-schemas';
import type { RequestDraft } from '@/lib/tester/request-draft';
import { TEST_KEY_PATH, testKeyRequest } from '@/lib/tester/test-request';
import { CopyAs } from './copy-as';
import { EndpointPicker } from './endpoint-picker';
import { HistoryList } from './history-list';
import { RequestEditor } from './request-editor';
import { ResponseView } from './response-view';
import { useEndpointCatalog } from './use-endpoint-catalog';
import { useRequestDraft } from './use-request-draft';
import { useTesterHistory } from './use-tester-history';
import { useTesterSend } from './use-tester-send';
import './tester.css';

const TIMEOUT_CHOICES = [5, 10, 30, 60, 120].map((s) => ({ value: String(s), label: `${s} s` }));

/** The full request tester (options page): key, endpoint, request, response, copy as, history. */
export function TesterPanel({ keys, locked }: { keys: KeySummary[]; locked: boolean }) {
  const usable = useMemo(() => keys.filter((k) => !k.revokedAt), [keys]);
  // A request opened from the DevTools panel ("Open in tester"), shown once.
  const [handoff] = useState(takeTesterHandoff);
  useEffect(() => {
    if (handoff) forgetTesterHandoff();
  }, [handoff]);
  const [keyId, setKeyId] = useState<string>(handoff?.keyId ?? '');
  const key = keys.find((k) => k.id === keyId) ?? usable[0] ?? keys[0] ?? null;
  const keyOptions = useMemo(
    () =>
      keys.map((k) => ({
        value: k.id,
        label: `${k.name} — ${new URL(k.instance.apiBaseUrl).host}${k.revokedAt ? ' (revoked)' : ''}`,
      })),
    [keys],
  );

  if (locked) {
    return <EmptyState title="The vault is locked">Unlock it to test your keys.</EmptyState>;
  }
  if (!key) {
    return <EmptyState title="No keys yet">Add a key first; then you can send test requests with it here.</EmptyState>;
  }
  return (
    <div className="tester ui-stack">
      <Combobox
        label="Key"
        value={key.id}
        options={keyOptions}
        placeholder="Type to find a key"
        onChange={setKeyId}
        hint={`Requests go to ${key.instance.apiBaseUrl} only.`}
      />
      <KeyTester
        key={key.id}
        keyEntry={key}
        initialDraft={handoff && (handoff.keyId === null || handoff.keyId === key.id) ? handoffDraft(handoff) : undefined}
      />
    </div>
  );
}

function KeyTester({ keyEntry, initialDraft }: { keyEntry: KeySummary; initialDraft?: RequestDraft }) {
  const base = keyEntry.instance.apiBaseUrl;
  const request = useRequestDraft(base, initialDraft);
  const [timeoutSeconds, setTimeoutSeconds] = useState(String(DEFAULT_TIMEOUT_MS / 1000));
  const endpoints = useEndpointCatalog(keyEntry.id, base);
  const history = useTesterHistory(keyEntry.id);
  const { state, send, cancel } = useTesterSend(() => void history.reload());
  const { draft, errors, blocked, operation, params, resolvedUrl: resolved, currentRequest } = request;
  const running = state.phase === 'running';
  const timeoutMs = () => Number(timeoutSeconds) * 1000;

  const sendDraft = () => {
    const ready = request.toRequest();
    if (ready) void send(keyEntry, ready, timeoutMs());
  };

  const testKey = () => {
    request.reset();
    void send(keyEntry, testKeyRequest(base), timeoutMs());
  };

  const rerun = (entry: HistoryEntry) => {
    request.loadFromHistory(entry);
    // A body cut short in history is not the request that was sent: let the person finish it.
    if (entry.bodyBytes !== undefined) return;
    void send(keyEntry, entry.request, timeoutMs());
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
          catalog={endpoints.catalog}
          loading={endpoints.loading}
          error={endpoints.error}
          selectedId={operation?.id ?? null}
          onPick={request.pick}
          onRefresh={endpoints.refresh}
        />
        <RequestEditor
          keyId={keyEntry.id}
          apiBaseUrl={base}
          draft={draft}
          errors={errors}
          operation={operation}
          params={params}
          resolvedUrl={resolved}
          onDraft={request.edit}
          onParam={request.setParam}
        />
        {resolved && /\/auth\/get-session\/?$/.test(new URL(resolved).pathname) ? (
          <Callout tone="warning">
            With a Bearer key Kaneo answers <code>null</code> here (and sends cookie-clearing headers). To check a key, use
            “Test this key” (GET {TEST_KEY_PATH}).
          </Callout>
        ) : null}
        <div className="ui-row">
          <Button variant="primary" onClick={sendDraft} disabled={running || blocked !== null} aria-describedby={blocked ? 'tester-blocked' : undefined}>
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
        {blocked ? (
          <p id="tester-blocked" className="ui-small tester-blocked">
            {blocked}
          </p>
        ) : null}
        <ResponseView state={state} onCancel={() => void cancel()} />
        <CopyAs request={currentRequest} keyEntry={keyEntry} blockedReason={blocked ?? (errors.body ? 'Fix the body first: it is not valid JSON.' : null)} />
      </div>
      <aside className="tester__side">
        <HistoryList
          entries={history.history}
          apiBaseUrl={base}
          error={history.error}
          disabled={running}
          onRerun={rerun}
          onClear={() => void history.clear()}
        />
      </aside>
    </div>
  );
}
