import { useMemo, useState } from 'react';
import { Badge, type BadgeTone } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Callout, ErrorMessage } from '@/components/ui/alert';
import { MAX_BODY_BYTES, type TesterResponse } from '@/lib/tester/protocol';
import type { StatusTone } from '@/lib/tester/protocol';
import { formatBytes, formatDuration } from './format';
import { JsonTree } from './json-tree';
import type { SendState } from './use-tester-send';

const TONE: Record<StatusTone, BadgeTone> = { success: 'success', warning: 'warning', danger: 'danger', info: 'accent' };

/** Titles for failures where no HTTP answer came back. */
const FAILURE_TITLE: Record<string, string> = {
  timeout: 'Timed out',
  cancelled: 'Cancelled',
  network: 'No answer',
  'permission-refused': 'Permission needed',
  'no-permission': 'Permission needed',
  'refused-url': 'Not sent: wrong address for this key',
  'refused-header': 'Not sent',
  'secret-in-request': 'Not sent',
  locked: 'Vault locked',
};

/** The answer to a tester request (or why there is none), plus a Cancel button while it runs. */
export function ResponseView({
  state,
  onCancel,
  compact = false,
}: {
  state: SendState;
  onCancel: () => void;
  compact?: boolean;
}) {
  if (state.phase === 'idle') return null;
  if (state.phase === 'running') {
    return (
      <div className="tester-response" aria-busy="true">
        <div className="ui-row">
          <span className="ui-spinner" aria-hidden="true" />
          <span role="status">Sending {state.request.method} request…</span>
          <span className="ui-spacer" />
          <Button size="sm" onClick={onCancel}>
            Cancel
          </Button>
        </div>
      </div>
    );
  }
  if (state.phase === 'failed') {
    return (
      <section className="tester-response" aria-label="Response">
        <ErrorMessage title={FAILURE_TITLE[state.reason] ?? 'Not sent'}>{state.message}</ErrorMessage>
      </section>
    );
  }
  return <ResponseDetails response={state.response} compact={compact} />;
}

function ResponseDetails({ response, compact }: { response: TesterResponse; compact: boolean }) {
  const { status, meaning, body } = response;
  return (
    <section className="tester-response" aria-label="Response">
      <div className="tester-response__status">
        <Badge tone={TONE[meaning.tone]}>
          <span data-testid="response-status">{response.redirected ? 'Redirect' : `${status} ${meaning.text}`}</span>
        </Badge>
        <span className="ui-small ui-muted">{formatDuration(response.timeMs)}</span>
        <span className="ui-small ui-muted">{formatBytes(response.sizeBytes)}</span>
      </div>
      <p className="tester-response__meaning">{meaning.meaning}</p>
      {response.secretHidden ? (
        <Callout tone="warning">The answer contained your key. It is hidden here; the extension never shows it outside Reveal.</Callout>
      ) : null}
      {response.tryAgainInMs !== null ? (
        <Callout tone="warning">Kaneo says to try again in {Math.ceil(response.tryAgainInMs / 1000)} s.</Callout>
      ) : null}
      {compact ? null : (
        <details className="tester-response__headers">
          <summary>Headers ({response.headers.length})</summary>
          <table className="tester-table">
            <tbody>
              {response.headers.map(([name, value], index) => (
                <tr key={`${name}-${index}`}>
                  <th scope="row">{name}</th>
                  <td>{value}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </details>
      )}
      <ResponseBody body={body} sizeBytes={response.sizeBytes} compact={compact} />
    </section>
  );
}

function ResponseBody({ body, sizeBytes, compact }: { body: TesterResponse['body']; sizeBytes: number; compact: boolean }) {
  const [raw, setRaw] = useState(false);
  const parsed = useMemo(() => {
    if (body.kind !== 'json') return undefined;
    try {
      return { value: JSON.parse(body.text) as unknown };
    } catch {
      return undefined;
    }
  }, [body]);

  const truncatedNote = body.truncated ? (
    <Callout tone="warning">
      Showing the first {formatBytes(MAX_BODY_BYTES)} of {formatBytes(sizeBytes)} ({sizeBytes.toLocaleString('en')} bytes). The
      rest was received but is not shown.
    </Callout>
  ) : null;

  if (body.kind === 'empty') return <p className="ui-muted ui-small">No body.</p>;
  if (body.kind === 'binary') return <p className="ui-muted ui-small">Binary body ({formatBytes(sizeBytes)}), not shown.</p>;
  if (parsed && !raw) {
    return (
      <div className="tester-body">
        <div className="ui-row ui-row--between">
          <span className="ui-small ui-muted">JSON</span>
          <Button size="sm" variant="ghost" onClick={() => setRaw(true)}>
            Raw
          </Button>
        </div>
        <div className={compact ? 'tester-body__scroll tester-body__scroll--compact' : 'tester-body__scroll'}>
          <JsonTree value={parsed.value} />
        </div>
      </div>
    );
  }
  const text = parsed && raw ? JSON.stringify(parsed.value, null, 2) : body.text;
  return (
    <div className="tester-body">
      <div className="ui-row ui-row--between">
        <span className="ui-small ui-muted">
          {body.kind === 'html' ? 'HTML, shown as text (never rendered)' : parsed ? 'JSON (raw)' : 'Text'}
        </span>
        {parsed ? (
          <Button size="sm" variant="ghost" onClick={() => setRaw(false)}>
            Tree
          </Button>
        ) : null}
      </div>
      {truncatedNote}
      <pre
        className={compact ? 'tester-body__pre tester-body__scroll--compact' : 'tester-body__pre'}
        aria-label="Response body"
        tabIndex={0}
      >
        {text}
      </pre>
    </div>
  );
}
