import { memo, useEffect, useState } from 'react';
import type { LiHTMLAttributes, Ref } from 'react';
import { TruncatedText } from '@/components/ui/truncated-text';
import { sendMessage } from '@/lib/messaging/protocol';
import type { KeySummary } from '@/lib/keys/key-entry';
import { copySecret } from '@/lib/clipboard/page/copy';
import { call } from '@/lib/messaging/page/call';
import { Badge } from '@/components/ui/badge';
import { IconButton } from '@/components/ui/icon-button';
import { CheckIcon, CopyIcon, EyeIcon, EyeOffIcon, PencilIcon, TrashIcon } from '@/components/ui/icons';
import { useStatus } from '@/components/ui/status';
import { expiresInWords } from '@/components/kaneo/format';
import { keyHealth } from './key-groups';
import { CopyEnvButton } from '@/components/backup/copy-env-button';

/** A revealed secret hides itself again after this long, so it doesn't sit on screen forever. */
export const REVEAL_MS = 60_000;

export interface KeyRowProps {
  keyEntry: KeySummary;
  /** `full` (options page) adds edit and delete. */
  variant: 'compact' | 'full';
  onEdit?: (key: KeySummary) => void;
  onDelete?: (key: KeySummary) => void;
  /** Placement from the list (a virtual row: its index, ref, style and position in the set). */
  itemProps?: LiHTMLAttributes<HTMLLIElement> & { ref?: Ref<HTMLLIElement>; 'data-index'?: number; 'data-item-id'?: string };
}

/**
 * One key: name, state, masked secret, reveal and copy. The secret is fetched from the background
 * only when the user reveals it, kept only in this row's state, and dropped when hidden, after
 * REVEAL_MS, or when the row goes away: it is in the DOM only while shown.
 */
function KeyRowView({ keyEntry, variant, onEdit, onDelete, itemProps }: KeyRowProps) {
  const { announce } = useStatus();
  const [secret, setSecret] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<'reveal' | 'copy' | null>(null);
  const [copied, setCopied] = useState(false);
  const revealed = secret !== null;

  useEffect(() => {
    if (!copied) return;
    const timer = setTimeout(() => setCopied(false), 1500);
    return () => clearTimeout(timer);
  }, [copied]);

  useEffect(() => {
    if (!revealed) return;
    const timer = setTimeout(() => setSecret(null), REVEAL_MS);
    return () => clearTimeout(timer);
  }, [revealed]);

  const toggleReveal = async () => {
    if (revealed) {
      setSecret(null);
      return;
    }
    setBusy('reveal');
    setError(null);
    const result = await call(() => sendMessage('keys.reveal', { id: keyEntry.id }));
    setBusy(null);
    if (result.ok) setSecret(result.value.secret);
    else setError(result.message);
  };

  const copy = async () => {
    setBusy('copy');
    setError(null);
    const result = await call(() => copySecret(keyEntry.id));
    setBusy(null);
    if (!result.ok) {
      setError(result.message);
      return;
    }
    setCopied(true);
    const seconds = result.value.clearAfterSeconds;
    announce(seconds > 0 ? `Copied — clears in ${seconds} s` : 'Copied', 'success');
  };

  const health = keyHealth(keyEntry);
  const masked = `${keyEntry.start ?? ''}${'•'.repeat(keyEntry.start ? 8 : 12)}`;

  return (
    <li {...itemProps} className={`key-row key-row--${variant}${itemProps?.className ? ` ${itemProps.className}` : ''}`}>
      <div className="key-row__main">
        <div className="key-row__title">
          <TruncatedText text={keyEntry.name} className="key-row__name" />
          <HealthBadge health={health} />
          {revealed ? null : (
            <code className="key-row__secret" aria-label={`Key ${keyEntry.name}, hidden`}>
              {masked}
            </code>
          )}
        </div>
        {revealed ? (
          <code className="key-row__secret key-row__secret--revealed" aria-label={`Key ${keyEntry.name}`}>
            {secret}
          </code>
        ) : null}
        {variant === 'full' ? (
          <p className="key-row__meta">
            <span className="key-row__dates">
              Added {formatDate(keyEntry.createdAt)}
              {keyEntry.expiresAt ? ` · Expires ${formatDate(keyEntry.expiresAt)}` : ' · No expiry'}
            </span>
            {/* One line of the notes (tooltip: the list's preview of them) keeps every row the same height. */}
            {keyEntry.notes ? <TruncatedText text={keyEntry.notesCut ? `${keyEntry.notes}…` : keyEntry.notes} className="key-row__notes" /> : null}
          </p>
        ) : null}
      </div>
      <div className="key-row__actions">
        <IconButton
          label={`Reveal ${keyEntry.name}`}
          title={revealed ? 'Hide' : 'Reveal'}
          aria-pressed={revealed}
          aria-busy={busy === 'reveal' || undefined}
          icon={revealed ? <EyeOffIcon /> : <EyeIcon />}
          onClick={() => void toggleReveal()}
        />
        <IconButton
          label={`Copy ${keyEntry.name}`}
          title="Copy"
          aria-busy={busy === 'copy' || undefined}
          className={copied ? 'key-row__copied' : undefined}
          icon={copied ? <CheckIcon /> : <CopyIcon />}
          onClick={() => void copy()}
        />
        {variant === 'full' ? <CopyEnvButton keyEntry={keyEntry} /> : null}
        {variant === 'full' && onEdit ? (
          <IconButton label={`Edit ${keyEntry.name}`} title="Edit" icon={<PencilIcon />} onClick={() => onEdit(keyEntry)} />
        ) : null}
        {variant === 'full' && onDelete ? (
          <IconButton
            label={`Delete ${keyEntry.name}`}
            title="Delete"
            className="key-row__delete"
            icon={<TrashIcon />}
            onClick={() => onDelete(keyEntry)}
          />
        ) : null}
      </div>
      {error ? (
        <div role="alert" className="key-row__error">
          {error}
        </div>
      ) : null}
    </li>
  );
}

/**
 * Rows of a virtual list re-render only when their key or their place changed: a scroll, or the
 * list's first measurement trimming the rows drawn, then touches the few rows that came or went
 * instead of every row on screen (the list passes a fresh placement object each render).
 */
export const KeyRow = memo(
  KeyRowView,
  (a, b) =>
    a.keyEntry === b.keyEntry
    && a.variant === b.variant
    && a.onEdit === b.onEdit
    && a.onDelete === b.onDelete
    && sameShallow(a.itemProps, b.itemProps, (x, y, name) => name === 'style' && sameShallow(x as object, y as object)),
);

function sameShallow<T extends object>(a: T | undefined, b: T | undefined, alsoEqual?: (x: unknown, y: unknown, name: string) => boolean): boolean {
  if (a === b) return true;
  if (!a || !b) return false;
  const names = Object.keys(a) as Array<keyof T & string>;
  if (names.length !== Object.keys(b).length) return false;
  return names.every((name) => a[name] === b[name] || (alsoEqual?.(a[name], b[name], name) ?? false));
}

function HealthBadge({ health }: { health: ReturnType<typeof keyHealth> }) {
  switch (health.kind) {
    case 'ok':
      return null;
    case 'revoked':
      return <Badge tone="danger">Revoked</Badge>;
    case 'expired':
      return <Badge tone="danger">Expired</Badge>;
    case 'expiring':
      return <Badge tone="warning">{expiresInWords(health.days)}</Badge>;
  }
}

const dateFormat = new Intl.DateTimeFormat(undefined, { year: 'numeric', month: 'short', day: 'numeric' });

function formatDate(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : dateFormat.format(date);
}
