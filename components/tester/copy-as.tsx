import { useId, useMemo, useState } from 'react';
import { Button } from '@/components/ui/button';
import { ErrorMessage } from '@/components/ui/alert';
import { Select } from '@/components/ui/select';
import type { KeySummary } from '@/lib/keys/key-entry';
import type { HttpRequest, SecretMode } from '@/lib/request/http-request';
import { renderSnippet, snippetFormats, type SnippetFormat } from '@/lib/snippets/render-snippet';
import { useCopyForTerminal, type TerminalCopy } from './use-copy-for-terminal';
import { useCopySnippet, type SnippetKeyMode } from './use-copy-snippet';

export const KEY_VARIABLE = 'KANEO_API_KEY';
export const REDACTED_PLACEHOLDER = '<KANEO_API_KEY>';

const MODES: ReadonlyArray<{ value: SnippetKeyMode; label: string; hint: string }> = [
  { value: 'env', label: 'Environment variable', hint: `Reads the key from ${KEY_VARIABLE}. "Copy setup line" sets it to this key; "Copy both" adds the snippet. Both are cleared like the key.` },
  { value: 'inline', label: 'Include the key', hint: 'Writes the key itself into the snippet. The clipboard is cleared after the configured delay.' },
  { value: 'redacted', label: 'Redacted', hint: 'A placeholder instead of the key, for sharing.' },
];

/**
 * "Copy as": one request in seven formats. The preview never shows the key: in "include the key"
 * mode it is fetched from the background only at the moment of copying and goes straight to the
 * clipboard, which the background clears later.
 */
export function CopyAs({
  request,
  keyEntry,
  blockedReason = null,
}: {
  request: HttpRequest | null;
  keyEntry: KeySummary;
  /** Why there is nothing to copy yet (a required parameter, a body that is not JSON). */
  blockedReason?: string | null;
}) {
  const groupId = useId();
  const [format, setFormat] = useState<SnippetFormat>('curl-bash');
  const [mode, setMode] = useState<SnippetKeyMode>('env');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const copyForTerminal = useCopyForTerminal();
  const copySnippet = useCopySnippet();

  const preview = useMemo(() => {
    if (!request) return null;
    try {
      const previewMode: SecretMode =
        mode === 'env' ? { kind: 'env', variable: KEY_VARIABLE } : { kind: 'redacted', placeholder: REDACTED_PLACEHOLDER };
      return renderSnippet(format, request, previewMode);
    } catch (problem) {
      return { text: '', notes: [problem instanceof Error ? problem.message : 'Cannot render this request'], setupLine: undefined };
    }
  }, [request, format, mode]);

  const copy = async () => {
    if (!request || !preview) return;
    setError(null);
    setBusy(true);
    setError(await copySnippet(keyEntry.id, mode, format, request));
    setBusy(false);
  };

  /** The setup line with the key itself (cleared like the key), or it and the snippet in one paste. */
  const copySetup = async (what: TerminalCopy) => {
    if (!request || !preview?.setupLine) return;
    setError(null);
    setError(await copyForTerminal(keyEntry.id, what, format, request));
  };

  return (
    <section className="tester-copy-as ui-stack ui-stack--tight" aria-label="Copy as">
      <div className="tester-copy-as__controls">
        <Select
          label="Copy as"
          value={format}
          options={snippetFormats.map((f) => ({ value: f.id, label: f.label }))}
          onChange={setFormat}
        />
        <fieldset className="tester-copy-as__modes">
          <legend className="ui-field__label">Key in the snippet</legend>
          {MODES.map((option) => (
            <label key={option.value} className="tester-radio" title={option.hint}>
              <input
                type="radio"
                name={`${groupId}-mode`}
                value={option.value}
                checked={mode === option.value}
                onChange={() => setMode(option.value)}
              />
              {option.label}
            </label>
          ))}
        </fieldset>
      </div>
      <p className="ui-small ui-muted">{MODES.find((m) => m.value === mode)?.hint}</p>
      {!request && blockedReason ? <p className="ui-small tester-blocked">{blockedReason}</p> : null}
      {preview?.text ? (
        <pre className="tester-snippet" aria-label="Snippet preview" tabIndex={0}>
          {mode === 'inline' ? renderSnippetWithPlaceholder(format, request) : preview.text}
        </pre>
      ) : null}
      {preview?.notes.length ? (
        <ul className="ui-small ui-muted tester-notes">
          {preview.notes.map((note) => (
            <li key={note}>{note}</li>
          ))}
        </ul>
      ) : null}
      <div className="ui-row">
        <Button variant="primary" size="sm" disabled={!request} busy={busy} onClick={() => void copy()}>
          {mode === 'inline' ? 'Copy with key' : 'Copy'}
        </Button>
        {mode === 'env' && preview?.setupLine ? (
          <>
            <code className="tester-setup-line">{preview.setupLine}</code>
            <Button size="sm" variant="ghost" onClick={() => void copySetup('setup')}>
              Copy setup line
            </Button>
            <Button size="sm" variant="ghost" onClick={() => void copySetup('both')}>
              Copy both
            </Button>
          </>
        ) : null}
      </div>
      {error ? <ErrorMessage>{error}</ErrorMessage> : null}
    </section>
  );
}

/** In "include the key" mode the preview shows where the key will go, never the key. */
function renderSnippetWithPlaceholder(format: SnippetFormat, request: HttpRequest | null): string {
  if (!request) return '';
  try {
    return renderSnippet(format, request, { kind: 'redacted', placeholder: '••••••••' }).text;
  } catch {
    return '';
  }
}
