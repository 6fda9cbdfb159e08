import { useEffect, useState } from 'react';
import { Button } from '@/components/ui/button';
import { EmptyState } from '@/components/ui/empty-state';
import { TruncatedText } from '@/components/ui/truncated-text';
import { rowStyle, scrollerProps, useVirtualRows } from '@/components/ui/use-virtual-rows';
import { useStatus } from '@/components/ui/status';
import { ErrorMessage } from '@/components/ui/alert';
import type { KeySummary } from '@/lib/keys/key-entry';
import { renderSnippet } from '@/lib/snippets/render-snippet';
import { forgetPendingTest, rememberPendingTest, takePendingTest } from '@/lib/tester/page/pending-test';
import { testKeyRequest } from '@/lib/tester/test-request';
import { copyText } from '@/lib/clipboard/page/copy';
import { KEY_VARIABLE } from './copy-as';
import { ResponseView } from './response-view';
import { useTesterSend } from './use-tester-send';
import { useCopyForTerminal, type TerminalCopy } from './use-copy-for-terminal';
import './tester.css';

/**
 * The popup's compact tester: every key with "Test" (GET auth/organization/list with that key)
 * and "Copy curl" (the same request as a bash command reading the key from $KANEO_API_KEY). After
 * Copy curl it offers the line that sets $KANEO_API_KEY, or both lines in one paste: a fresh
 * terminal otherwise answers 401.
 *
 * A test that has to ask for the instance's host permission survives the popup closing while the
 * browser's prompt is open (Firefox does that): it is noted first (lib/tester/pending-test.ts) and
 * finished by the popup opened next, if access was granted.
 */
export function TesterPopup({ keys, locked }: { keys: KeySummary[]; locked: boolean }) {
  const { announce } = useStatus();
  const { state, send, cancel } = useTesterSend();
  const [testedId, setTestedId] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [curlFor, setCurlFor] = useState<string | null>(null);
  const copyForTerminal = useCopyForTerminal();

  const ready = !locked && keys.length > 0;
  useEffect(() => {
    if (!ready) return;
    let live = true;
    void takePendingTest().then((keyId) => {
      const key = keys.find((k) => k.id === keyId);
      if (!live || !key) return;
      setTestedId(key.id);
      void send(key, testKeyRequest(key.instance.apiBaseUrl), undefined, { resume: true });
    });
    return () => {
      live = false;
    };
    // Once per popup, when the keys are first there; later key list updates must not re-run it.
  }, [ready]);

  if (locked) return <EmptyState title="The vault is locked">Unlock it in the Keys tab to test your keys.</EmptyState>;
  if (keys.length === 0) return <EmptyState title="No keys yet">Add a key to test it here.</EmptyState>;

  const copyCurl = async (key: KeySummary) => {
    setError(null);
    const snippet = renderSnippet('curl-bash', testKeyRequest(key.instance.apiBaseUrl), { kind: 'env', variable: KEY_VARIABLE }, { singleLine: true });
    const written = await copyText(snippet.text);
    if (written.ok) {
      announce(`Copied curl — set ${KEY_VARIABLE} first`, 'success');
      setCurlFor(key.id);
    } else setError(written.message);
  };

  const copySetup = async (key: KeySummary, what: TerminalCopy) => {
    setError(null);
    setError(await copyForTerminal(key.id, what, 'curl-bash', testKeyRequest(key.instance.apiBaseUrl), { singleLine: true }));
  };
  const curlKey = keys.find((k) => k.id === curlFor);

  const tested = keys.find((k) => k.id === testedId);
  return (
    <div className="tester-popup ui-stack ui-stack--tight">
      <TestKeyRows
        keys={keys}
        running={state.phase === 'running'}
        onTest={(key) => {
          setTestedId(key.id);
          // Not awaited: send() must ask for the permission within this click. The note is
          // dropped once this popup has the answer (after it was written, never before).
          const noted = rememberPendingTest(key.id);
          void send(key, testKeyRequest(key.instance.apiBaseUrl), undefined, {
            onPermissionAnswered: () => void noted.then(forgetPendingTest, forgetPendingTest),
          });
        }}
        onCopyCurl={(key) => void copyCurl(key)}
      />
      {curlKey ? (
        <div className="tester-setup" role="group" aria-label={`Set up the terminal for ${curlKey.name}`}>
          <p className="ui-small">
            The curl reads <code>${KEY_VARIABLE}</code>. In a new terminal, set it first:
          </p>
          <div className="ui-row">
            <Button size="sm" onClick={() => void copySetup(curlKey, 'setup')}>
              Copy export line
            </Button>
            <Button size="sm" variant="primary" onClick={() => void copySetup(curlKey, 'both')}>
              Copy both lines
            </Button>
            <Button size="sm" variant="ghost" onClick={() => setCurlFor(null)}>
              Hide
            </Button>
          </div>
        </div>
      ) : null}
      {error ? <ErrorMessage>{error}</ErrorMessage> : null}
      {tested && state.phase !== 'idle' ? <p className="ui-small ui-muted tester-popup__tested">Test of {tested.name}:</p> : null}
      <ResponseView state={state} onCancel={() => void cancel()} compact />
    </div>
  );
}

/**
 * The keys, virtualised, in a box of their own height (at most a few rows' worth) so that the
 * answer below stays in view however many keys there are.
 */
function TestKeyRows({
  keys,
  running,
  onTest,
  onCopyCurl,
}: {
  keys: KeySummary[];
  running: boolean;
  onTest: (key: KeySummary) => void;
  onCopyCurl: (key: KeySummary) => void;
}) {
  const { listRef, virtualizer, scrollMargin } = useVirtualRows({
    count: keys.length,
    estimateSize: () => 38,
    getItemKey: (i) => keys[i]?.id ?? String(i),
  });
  return (
    <div className="tester-popup__scroller" {...scrollerProps}>
      <div ref={listRef}>
        <ul className="tester-popup__keys" aria-label="Keys to test" style={{ height: virtualizer.getTotalSize() }}>
          {virtualizer.getVirtualItems().map((virtual) => {
            const key = keys[virtual.index];
            if (!key) return null;
            return (
              <li
                key={virtual.key}
                data-index={virtual.index}
                ref={virtualizer.measureElement}
                style={rowStyle(virtual.start, scrollMargin)}
                aria-setsize={keys.length}
                aria-posinset={virtual.index + 1}
                className="tester-popup__key"
              >
                <div className="tester-popup__name">
                  <TruncatedText text={key.name} />
                  <TruncatedText text={new URL(key.instance.apiBaseUrl).host} className="ui-small ui-muted" />
                </div>
                <Button size="sm" aria-label={`Test ${key.name}`} disabled={running} onClick={() => onTest(key)}>
                  Test
                </Button>
                <Button size="sm" variant="ghost" aria-label={`Copy curl for ${key.name}`} onClick={() => onCopyCurl(key)}>
                  Copy curl
                </Button>
              </li>
            );
          })}
        </ul>
      </div>
    </div>
  );
}
