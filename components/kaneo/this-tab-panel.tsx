import { useCallback, useEffect, useRef, useState } from 'react';
import { sendMessage } from '@/lib/messaging/protocol';
import type { TabInspection } from '@/lib/kaneo/protocol';
import type { KaneoFailureReason } from '@/lib/kaneo/protocol';
import { resolvePopupTabId } from '@/lib/kaneo/page/popup-tab';
import type { Err } from '@/lib/result';
import { call } from '@/lib/messaging/page/call';
import { openOptionsPage } from '@/components/app/open-options';
import { Button } from '@/components/ui/button';
import { ErrorMessage, Notice } from '@/components/ui/alert';
import type { KeySummary } from '@/lib/keys/key-entry';
import { CreateKeyForm } from './create-key-form';
import { CreatedKeyCallout } from './created-key-callout';
import { focusTab } from './focus-tab';
import { ServerKeys } from './server-keys';
import { hostOf } from './format';
import './kaneo.css';

/** A short title per failure; the background's message says what happened and what to do. */
const TITLES: Partial<Record<KaneoFailureReason | 'unreachable', string>> = {
  'not-kaneo': 'Not a Kaneo tab',
  'signed-out': 'Signed out',
  'scripts-blocked': "Can't work on this page",
  'no-access': 'No access to this tab',
  'no-tab': 'No tab',
  'session-expired': 'Session expired',
  network: 'Network error',
  'origin-refused': 'Refused by Kaneo',
  'rate-limited': 'Too many requests',
  'bad-response': 'Unexpected answer',
  'server-error': 'Kaneo had a problem',
  timeout: 'No answer',
  'tab-moved': 'The tab moved',
  'too-large': 'Answer too large',
  unreachable: 'Extension not answering',
};

/** Normal states, not failures: a neutral notice with the next step. */
const NORMAL_STATES = new Set<string>(['not-kaneo', 'signed-out', 'scripts-blocked', 'no-tab']);

type Inspect =
  | { kind: 'loading' }
  | { kind: 'failed'; failure: Err; tabId?: number }
  | { kind: 'ready'; tabId: number; inspection: TabInspection };

/**
 * Popup, "This tab": who is signed in to the Kaneo in the active tab, that instance's keys on
 * the server (what a person comes to manage, so they come first), and "New API key", which opens
 * the create form above them. A created key's callout has the one click to a working curl.
 */
export function ThisTabPanel({ findTabId = resolvePopupTabId }: { findTabId?: () => Promise<number | null> }) {
  const [inspect, setInspect] = useState<Inspect>({ kind: 'loading' });
  const [reloadToken, setReloadToken] = useState(0);
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<KeySummary | null>(null);
  const generation = useRef(0);

  const run = useCallback(async () => {
    const mine = ++generation.current;
    setInspect({ kind: 'loading' });
    const tabId = await findTabId().catch(() => null);
    if (mine !== generation.current) return;
    if (tabId === null) {
      setInspect({
        kind: 'failed',
        failure: { ok: false, reason: 'no-tab', message: 'No active tab was found. Open your Kaneo tab and try again.' },
      });
      return;
    }
    const answer = await call(() => sendMessage('kaneo.inspectTab', { tabId }));
    if (mine !== generation.current) return;
    setInspect(answer.ok ? { kind: 'ready', tabId, inspection: answer.value } : { kind: 'failed', failure: answer, tabId });
  }, [findTabId]);

  useEffect(() => {
    void run();
  }, [run]);

  if (inspect.kind === 'loading') {
    return (
      <p className="ui-muted ui-small" role="status">
        Looking at this tab…
      </p>
    );
  }

  if (inspect.kind === 'failed') {
    const { reason, message } = inspect.failure;
    const title = TITLES[reason as KaneoFailureReason] ?? 'Something went wrong';
    if (NORMAL_STATES.has(reason)) {
      return (
        <Notice
          title={title}
          actions={
            <>
              {reason === 'signed-out' && inspect.tabId !== undefined ? (
                <Button variant="primary" onClick={() => void focusTab(inspect.tabId!)}>
                  Go to sign-in
                </Button>
              ) : null}
              {reason === 'not-kaneo' ? (
                <Button variant="primary" onClick={() => void openOptionsPage('kaneo')}>
                  Set an API base
                </Button>
              ) : null}
              <Button onClick={() => void run()}>Check again</Button>
            </>
          }
        >
          {message}
        </Notice>
      );
    }
    return (
      <div className="ui-stack ui-stack--tight">
        <ErrorMessage title={TITLES[reason as KaneoFailureReason] ?? 'Something went wrong'}>{message}</ErrorMessage>
        <div className="ui-row">
          <Button onClick={() => void run()}>Try again</Button>
          {reason === 'origin-refused' ? (
            <Button variant="ghost" onClick={() => void openOptionsPage('kaneo')}>
              Set an API base
            </Button>
          ) : null}
        </div>
      </div>
    );
  }

  const { tabId, inspection } = inspect;
  const target = { tabId };
  return (
    <div className="ui-stack">
      <div className="kaneo-who" aria-label="Signed in">
        <span className="kaneo-who__line">
          <strong>{inspection.user.name || inspection.user.email}</strong>
          {inspection.user.name ? <> · {inspection.user.email}</> : null} on <strong>{hostOf(inspection.instance.webOrigin)}</strong>
        </span>
        <span className="ui-muted ui-small kaneo-who__line">
          {inspection.workspaces.length === 0
            ? 'No workspaces'
            : `Workspaces: ${inspection.workspaces.map((w) => w.name).join(', ')}`}
          {inspection.apiBaseSource === 'configured' ? ` · API at ${inspection.instance.apiBaseUrl}` : null}
        </span>
      </div>
      {created ? <CreatedKeyCallout created={created} onDismiss={() => setCreated(null)} /> : null}
      {creating ? (
        <CreateKeyForm
          target={target}
          expectedOrigin={inspection.instance.webOrigin}
          onCancel={() => setCreating(false)}
          onCreated={(key) => {
            setCreating(false);
            setCreated(key);
            setReloadToken((n) => n + 1);
          }}
        />
      ) : null}
      <ServerKeys
        target={target}
        reloadToken={reloadToken}
        headerActions={
          creating ? null : (
            <Button
              size="sm"
              variant="primary"
              onClick={() => {
                setCreated(null);
                setCreating(true);
              }}
            >
              New API key
            </Button>
          )
        }
      />
    </div>
  );
}
