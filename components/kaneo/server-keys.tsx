import { useState, type ReactNode } from 'react';
import { TruncatedText } from '@/components/ui/truncated-text';
import type { KaneoTarget } from '@/lib/kaneo/protocol';
import type { ServerKey } from '@/lib/kaneo/kaneo-schemas';
import { serverKeyState, unusedFlag, UNUSED_FLAG_DAYS } from '@/lib/kaneo/key-state';
import type { MatchedVaultKey } from '@/lib/kaneo/protocol';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Callout, ErrorMessage } from '@/components/ui/alert';
import { ConfirmDialog } from '@/components/ui/dialog';
import { describeState, describeUnused, describeUsage, hostOf, NOT_MATCHED_HINT } from './format';
import { UnsavedKeyNotice } from './unsaved-key-notice';
import { useServerKeys } from './use-server-keys';

/**
 * The instance's keys as the server lists them, matched to the vault: state, usage, and
 * disable / enable / revoke / rotate. Works through a tab (`{ tabId }`) or, from the options
 * page, with a stored key (`{ webOrigin }`).
 */
export function ServerKeys({
  target,
  reloadToken = 0,
  onNeedsPermission,
  headerActions,
}: {
  target: KaneoTarget;
  /** More buttons for the heading row (e.g. the popup's "New API key"). */
  headerActions?: ReactNode;
  /** Change it to reload (e.g. after a key was created). */
  reloadToken?: number;
  /** Shown as an "Allow access" button when the background lacks host permission. */
  onNeedsPermission?: () => void;
}) {
  const { view, loadError, loading, actionError, notice, unsaved, dismissUnsaved, busyId, pending, setPending, load, afterChange, setEnabled, confirmPending } =
    useServerKeys(target, reloadToken);
  const [byLastUse, setByLastUse] = useState(false);

  if (loading && !view && !loadError) return <p className="ui-muted ui-small">Loading keys on the server…</p>;

  if (loadError && !view) {
    return (
      <div className="ui-stack ui-stack--tight">
        <ErrorMessage title="Could not list the keys on the server">{loadError.message}</ErrorMessage>
        <div className="ui-row">
          {loadError.reason === 'no-permission' && onNeedsPermission ? (
            <Button variant="primary" onClick={onNeedsPermission}>
              Allow access
            </Button>
          ) : null}
          <Button onClick={() => void load()}>Retry</Button>
        </div>
      </div>
    );
  }
  if (!view) return null;

  const now = new Date(view.computedAt).getTime();
  const nothing = view.vaultKeys.length === 0 && view.otherServerKeys.length === 0;
  // Newest first (a key just created is at the top); on request, least recently used first —
  // never-used keys before all — which puts the keys worth pruning at the top.
  const lastUse = (server: ServerKey | null) => (server?.lastRequest ? new Date(server.lastRequest).getTime() : -1);
  const created = (iso: string | undefined) => (iso ? new Date(iso).getTime() : 0);
  // Ties (never used) go oldest first when sorting by use: the longest-idle key leads.
  const order = (aLast: number, aMade: number, bLast: number, bMade: number) =>
    byLastUse ? aLast - bLast || aMade - bMade : bMade - aMade;
  const vaultKeys = [...view.vaultKeys].sort((a, b) =>
    order(lastUse(a.server), created(a.server?.createdAt ?? a.key.createdAt), lastUse(b.server), created(b.server?.createdAt ?? b.key.createdAt)),
  );
  const otherServerKeys = [...view.otherServerKeys].sort((a, b) => order(lastUse(a), created(a.createdAt), lastUse(b), created(b.createdAt)));
  const flagged = [...view.vaultKeys.map((e) => e.server), ...view.otherServerKeys].filter(
    (k): k is ServerKey => k !== null && k.enabled && unusedFlag(k, now) !== null,
  ).length;

  return (
    <div className="ui-stack ui-stack--tight">
      <div className="ui-section-head">
        <h3 className="kaneo-heading">Keys on {hostOf(view.instance.webOrigin)}</h3>
        <div className="ui-row kaneo-head-actions">
          {headerActions}
          <Button size="sm" variant="ghost" busy={loading} onClick={() => void load()}>
            Reload
          </Button>
        </div>
      </div>
      {flagged > 0 ? (
        <p className="ui-small kaneo-unused-summary">
          {flagged === 1 ? '1 key has' : `${flagged} keys have`} not been used for {UNUSED_FLAG_DAYS} days or ever. Kaneo advises removing keys you no longer need.
        </p>
      ) : null}
      {!nothing ? (
        <label className="ui-small kaneo-sort">
          <input type="checkbox" checked={byLastUse} onChange={(event) => setByLastUse(event.target.checked)} />
          Least recently used first
        </label>
      ) : null}
      {view.via.kind === 'key' ? (
        <p className="ui-muted ui-small">
          Listed with your stored key “{view.via.keyName}”.
          {view.via.refused.length > 0
            ? ` Refused first: ${view.via.refused.map((r) => `“${r.keyName}” (${r.why})`).join(', ')}.`
            : null}
        </p>
      ) : null}
      {loadError ? <ErrorMessage>{loadError.message}</ErrorMessage> : null}
      {view.vaultLocked ? <Callout>Unlock the vault to see which of these keys you have stored.</Callout> : null}
      {view.interruptedCreates && view.interruptedCreates.length > 0 ? (
        <Callout tone="warning" title="Created, but not saved">
          {view.interruptedCreates.map((lost) => (
            <p key={lost.serverKey.id}>
              “{lost.name}” (starts {lost.serverKey.start ?? '?'}…) was created on the server, but its answer never reached
              Kaneo Key Manager (the request stopped in the middle), so its secret was not saved and can’t be shown again.
              Revoke it below and create a new key.
            </p>
          ))}
        </Callout>
      ) : null}
      {notice ? (
        <Callout tone={notice.tone} title={notice.tone === 'success' ? 'Done' : 'Done, with a warning'}>
          {notice.text}
        </Callout>
      ) : null}
      {actionError ? <ErrorMessage>{actionError}</ErrorMessage> : null}
      {unsaved ? (
        <UnsavedKeyNotice
          unsaved={unsaved.unsaved}
          message={unsaved.message}
          target={target}
          onDone={() => {
            dismissUnsaved();
            void afterChange();
          }}
        />
      ) : null}
      {nothing ? <p className="ui-muted ui-small">No API keys on this server yet.</p> : null}
      {view.vaultKeys.length > 0 ? (
        <section aria-label="In your vault" className="ui-stack ui-stack--tight">
          <h4 className="ui-small ui-muted">In your vault</h4>
          <ul className="kaneo-list">
            {vaultKeys.map((entry) => (
              <VaultKeyRow
                key={entry.key.id}
                entry={entry}
                now={now}
                busy={busyId !== null && busyId === entry.server?.id}
                onToggle={(enabled) => entry.server && void setEnabled(entry.server, enabled, entry.key.name)}
                onRevoke={() =>
                  setPending({ kind: 'revoke', remoteId: (entry.server?.id ?? entry.key.remoteId)!, vaultId: entry.key.id, name: entry.key.name })
                }
                onRotate={() => setPending({ kind: 'rotate', vaultId: entry.key.id, name: entry.key.name })}
              />
            ))}
          </ul>
        </section>
      ) : null}
      {view.otherServerKeys.length > 0 ? (
        <section aria-label="Not in this vault" className="ui-stack ui-stack--tight">
          <h4 className="ui-small ui-muted">{view.vaultLocked ? 'On the server' : 'Not in this vault'}</h4>
          {view.vaultLocked ? null : (
            <p className="ui-small ui-muted">
              Keys of your account this vault doesn’t hold (made in Kaneo, another browser or lost). Their secret can’t be shown again: disable or revoke the ones you don’t need.
            </p>
          )}
          <ul className="kaneo-list">
            {otherServerKeys.map((key) => (
              <ServerOnlyRow
                key={key.id}
                serverKey={key}
                now={now}
                busy={busyId === key.id}
                onToggle={(enabled) => void setEnabled(key, enabled, key.name ?? 'Key')}
                onRevoke={() => setPending({ kind: 'revoke', remoteId: key.id, name: key.name ?? key.start ?? key.id })}
              />
            ))}
          </ul>
        </section>
      ) : null}
      <ConfirmDialog
        open={pending !== null}
        title={pending?.kind === 'rotate' ? `Rotate “${pending.name}”?` : `Revoke “${pending?.name ?? ''}”?`}
        confirmLabel={pending?.kind === 'rotate' ? 'Rotate' : 'Revoke'}
        danger={pending?.kind === 'revoke'}
        onCancel={() => setPending(null)}
        onConfirm={confirmPending}
      >
        {pending?.kind === 'rotate' ? (
          <p>
            A new key with the same name and expiry is created and stored, then the old key is revoked. Anything still
            using the old key stops working.
          </p>
        ) : (
          <p>The key stops working at once, everywhere. This cannot be undone.</p>
        )}
      </ConfirmDialog>
    </div>
  );
}

function VaultKeyRow({
  entry,
  now,
  busy,
  onToggle,
  onRevoke,
  onRotate,
}: {
  entry: MatchedVaultKey;
  now: number;
  busy: boolean;
  onToggle: (enabled: boolean) => void;
  onRevoke: () => void;
  onRotate: () => void;
}) {
  const { key, server, state } = entry;
  const badge = describeState(state);
  const live = state.kind !== 'revoked' && state.kind !== 'gone';
  return (
    <li className="kaneo-key" aria-label={key.name}>
      <div className="kaneo-key__main">
        <div className="kaneo-key__title">
          <TruncatedText text={key.name} />
          <Badge tone={badge.tone}>{badge.label}</Badge>
        </div>
        <span className="kaneo-key__meta">
          {key.start ? <code>{key.start}…</code> : null} {server ? describeUsage(server.lastRequest, server.requestCount, now) : null}
        </span>
        {state.kind === 'unknown' ? <span className="kaneo-key__meta">{NOT_MATCHED_HINT}</span> : null}
        <UnusedFlag serverKey={server} now={now} />
      </div>
      <div className="kaneo-key__actions">
        {server && live ? (
          <Button size="sm" busy={busy} onClick={() => onToggle(!server.enabled)} aria-label={`${server.enabled ? 'Disable' : 'Enable'} ${key.name}`}>
            {server.enabled ? 'Disable' : 'Enable'}
          </Button>
        ) : null}
        {key.remoteId && live ? (
          <Button size="sm" onClick={onRotate} aria-label={`Rotate ${key.name}`}>
            Rotate
          </Button>
        ) : null}
        {server && live ? (
          <Button size="sm" variant="danger" onClick={onRevoke} aria-label={`Revoke ${key.name}`}>
            Revoke
          </Button>
        ) : null}
      </div>
    </li>
  );
}

function ServerOnlyRow({
  serverKey,
  now,
  busy,
  onToggle,
  onRevoke,
}: {
  serverKey: ServerKey;
  now: number;
  busy: boolean;
  onToggle: (enabled: boolean) => void;
  onRevoke: () => void;
}) {
  const badge = describeState(serverKeyState(serverKey, now));
  const label = serverKey.name ?? `Unnamed key ${serverKey.start ?? ''}`.trim();
  return (
    <li className="kaneo-key" aria-label={label}>
      <div className="kaneo-key__main">
        <div className="kaneo-key__title">
          <TruncatedText text={label} />
          <Badge tone={badge.tone}>{badge.label}</Badge>
        </div>
        <span className="kaneo-key__meta">
          {serverKey.start ? <code>{serverKey.start}…</code> : null} {describeUsage(serverKey.lastRequest, serverKey.requestCount, now)}
        </span>
        <UnusedFlag serverKey={serverKey} now={now} />
      </div>
      <div className="kaneo-key__actions">
        <Button size="sm" busy={busy} onClick={() => onToggle(!serverKey.enabled)} aria-label={`${serverKey.enabled ? 'Disable' : 'Enable'} ${label}`}>
          {serverKey.enabled ? 'Disable' : 'Enable'}
        </Button>
        <Button size="sm" variant="danger" onClick={onRevoke} aria-label={`Revoke ${label}`}>
          Revoke
        </Button>
      </div>
    </li>
  );
}

/** "Never used" / "Unused for 120 days" on an enabled key: a candidate for revoking. */
function UnusedFlag({ serverKey, now }: { serverKey: ServerKey | null; now: number }) {
  const flag = serverKey && serverKey.enabled ? unusedFlag(serverKey, now) : null;
  if (!flag) return null;
  return (
    <span className="kaneo-key__flag">
      <Badge tone="warning">{describeUnused(flag)}</Badge>
    </span>
  );
}

