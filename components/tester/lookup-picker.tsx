import { useState } from 'react';
import { call } from '@/lib/messaging/page/call';
import { Button } from '@/components/ui/button';
import { Select } from '@/components/ui/select';
import { sendMessage } from '@/lib/messaging/protocol';
import type { NamedItem } from '@/lib/tester/protocol';
import { requestHostPermission } from '@/lib/tester/page/host-permission';

/**
 * Fills a workspace or project id from real calls with the key (`auth/organization/list`,
 * `project?workspaceId=`), so nobody has to copy ids by hand. Projects need a workspace: when the
 * endpoint has no workspace field, the picker asks for one first.
 */
export function LookupPicker({
  keyId,
  apiBaseUrl,
  kind,
  workspaceId,
  value,
  onPick,
}: {
  keyId: string;
  apiBaseUrl: string;
  kind: 'workspaces' | 'projects';
  workspaceId?: string;
  value: string;
  onPick: (id: string) => void;
}) {
  const [workspaces, setWorkspaces] = useState<NamedItem[] | null>(null);
  const [chosenWorkspace, setChosenWorkspace] = useState('');
  const [projects, setProjects] = useState<NamedItem[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const workspace = workspaceId || chosenWorkspace;

  const lookup = async (data: { kind: 'workspaces' } | { kind: 'projects'; workspaceId: string }) => {
    setBusy(true);
    setError(null);
    const result = await call(() => sendMessage('tester.lookup', { keyId, ...data }));
    setBusy(false);
    if (!result.ok) {
      setError(result.message);
      return null;
    }
    return result.value;
  };

  const loadProjects = async (inWorkspace: string) => {
    const items = await lookup({ kind: 'projects', workspaceId: inWorkspace });
    if (!items) return;
    setProjects(items);
    if (items.length === 1 && items[0]) onPick(items[0].id);
  };

  const start = async () => {
    // First use: ask for the instance's origin inside this click (the browser's user gesture).
    const permission = await requestHostPermission(apiBaseUrl);
    if (!permission.ok) {
      setError(permission.message);
      return;
    }
    if (kind === 'projects' && workspace) {
      await loadProjects(workspace);
      return;
    }
    const items = await lookup({ kind: 'workspaces' });
    if (!items) return;
    setWorkspaces(items);
    if (items.length === 1 && items[0]) {
      if (kind === 'workspaces') onPick(items[0].id);
      else {
        setChosenWorkspace(items[0].id);
        await loadProjects(items[0].id);
      }
    }
  };

  const choices = (items: NamedItem[], noun: string) => [
    { value: '', label: items.length ? `Choose a ${noun}…` : `No ${noun}s` },
    ...items.map((i) => ({ value: i.id, label: i.name })),
  ];

  const showWorkspaces = workspaces && (kind === 'workspaces' || !workspaceId);
  return (
    <div className="tester-lookup">
      {showWorkspaces ? (
        <Select
          label={kind === 'workspaces' ? 'Pick a workspace' : 'Workspace of the project'}
          value={kind === 'workspaces' ? (workspaces.some((i) => i.id === value) ? value : '') : chosenWorkspace}
          options={choices(workspaces, 'workspace')}
          onChange={(id) => {
            if (!id) return;
            if (kind === 'workspaces') onPick(id);
            else {
              setChosenWorkspace(id);
              setProjects(null);
              void loadProjects(id);
            }
          }}
        />
      ) : null}
      {kind === 'projects' && projects ? (
        <Select
          label="Pick a project"
          value={projects.some((i) => i.id === value) ? value : ''}
          options={choices(projects, 'project')}
          onChange={(id) => id && onPick(id)}
        />
      ) : null}
      {!showWorkspaces && !(kind === 'projects' && projects) ? (
        <Button size="sm" busy={busy} onClick={() => void start()}>
          Load {kind === 'workspaces' ? 'workspaces' : 'projects'}
        </Button>
      ) : null}
      {error ? (
        <p role="alert" className="ui-field__error">
          {error}
        </p>
      ) : null}
    </div>
  );
}
