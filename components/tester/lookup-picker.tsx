import { useState } from 'react';
import { call } from '@/components/app/call';
import { Button } from '@/components/ui/button';
import { Select } from '@/components/ui/select';
import { sendMessage } from '@/lib/messaging/protocol';
import type { NamedItem } from '@/lib/messaging/tester-protocol';

/**
 * Fills a workspace or project id from a real call with the key (`auth/organization/list`,
 * `project?workspaceId=`), so nobody has to copy ids by hand.
 */
export function LookupPicker({
  keyId,
  kind,
  workspaceId,
  value,
  onPick,
}: {
  keyId: string;
  kind: 'workspaces' | 'projects';
  workspaceId?: string;
  value: string;
  onPick: (id: string) => void;
}) {
  const [items, setItems] = useState<NamedItem[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const noun = kind === 'workspaces' ? 'workspace' : 'project';
  const blocked = kind === 'projects' && !workspaceId;

  const load = async () => {
    setBusy(true);
    setError(null);
    const result = await call(() =>
      sendMessage(
        'tester.lookup',
        kind === 'workspaces' ? { keyId, kind } : { keyId, kind, workspaceId: workspaceId ?? '' },
      ),
    );
    setBusy(false);
    if (result.ok) {
      setItems(result.value);
      if (result.value.length === 1 && result.value[0]) onPick(result.value[0].id);
    } else setError(result.message);
  };

  return (
    <div className="tester-lookup">
      {items ? (
        <Select
          label={`Pick a ${noun}`}
          value={items.some((i) => i.id === value) ? value : ''}
          options={[{ value: '', label: items.length ? `Choose a ${noun}…` : `No ${noun}s` }, ...items.map((i) => ({ value: i.id, label: i.name }))]}
          onChange={(id) => id && onPick(id)}
        />
      ) : (
        <Button size="sm" variant="ghost" busy={busy} disabled={blocked} onClick={() => void load()} title={blocked ? 'Pick a workspace first' : undefined}>
          Load {noun}s
        </Button>
      )}
      {error ? (
        <p role="alert" className="ui-field__error">
          {error}
        </p>
      ) : null}
    </div>
  );
}
