import { Button } from '@/components/ui/button';
import { EmptyState } from '@/components/ui/empty-state';
import { HISTORY_BODY_LIMIT_BYTES, type HistoryEntry } from '@/lib/tester/history-schemas';
import { pathRelativeToBase } from '@/lib/tester/url-guard';
import { formatDuration, formatTime } from './format';

const OUTCOME_LABEL: Record<HistoryEntry['outcome'], string> = {
  response: '',
  timeout: 'Timed out',
  cancelled: 'Cancelled',
  network: 'No answer',
};

/** The last requests made with one key: method, URL, status, time; re-run with one click. */
export function HistoryList({
  entries,
  apiBaseUrl,
  error,
  disabled,
  onRerun,
  onClear,
}: {
  entries: HistoryEntry[];
  apiBaseUrl: string;
  error: string | null;
  disabled: boolean;
  onRerun: (entry: HistoryEntry) => void;
  onClear: () => void;
}) {
  return (
    <section className="tester-history ui-stack ui-stack--tight" aria-label="History">
      <div className="ui-section-head ui-row ui-row--between">
        <h3>History</h3>
        {entries.length > 0 ? (
          <Button size="sm" variant="ghost" onClick={onClear}>
            Clear history
          </Button>
        ) : null}
      </div>
      {error ? <p className="ui-small ui-muted">{error}</p> : null}
      {entries.length === 0 ? (
        <EmptyState title="No requests yet">The last 50 requests with this key appear here (never with the key itself).</EmptyState>
      ) : (
        <table className="tester-table tester-history__table">
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Request</th>
              <th scope="col">Status</th>
              <th scope="col">Time</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {entries.map((entry) => {
              const path = safeRelative(apiBaseUrl, entry.request.url);
              return (
                <tr key={entry.id}>
                  <td className="ui-small">{formatTime(entry.at)}</td>
                  <td>
                    <span className={`tester-method tester-method--${entry.request.method.toLowerCase()}`}>{entry.request.method}</span>{' '}
                    <code title={entry.request.url}>{path}</code>
                    {entry.bodyBytes !== undefined ? (
                      <p className="ui-small ui-muted">
                        Body kept only in part: the first {formatBytes(HISTORY_BODY_LIMIT_BYTES)} of {formatBytes(entry.bodyBytes)}. Re-run puts it in the editor without sending it.
                      </p>
                    ) : null}
                  </td>
                  <td>{entry.status ?? OUTCOME_LABEL[entry.outcome]}</td>
                  <td className="ui-small">{entry.timeMs === null ? '—' : formatDuration(entry.timeMs)}</td>
                  <td>
                    <Button size="sm" variant="ghost" disabled={disabled} aria-label={`Re-run ${entry.request.method} ${path}`} onClick={() => onRerun(entry)}>
                      Re-run
                    </Button>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}

function safeRelative(apiBaseUrl: string, url: string): string {
  try {
    return pathRelativeToBase(apiBaseUrl, url);
  } catch {
    return url;
  }
}

function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}
