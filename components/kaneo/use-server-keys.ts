import { useCallback, useEffect, useRef, useState } from 'react';
import { useVault } from '@/components/app/vault-context';
import { useStatus } from '@/components/ui/status';
import { call } from '@/lib/messaging/page/call';
import { sendMessage } from '@/lib/messaging/protocol';
import type { InstanceKeysView, KaneoTarget, NotSavedErr } from '@/lib/kaneo/protocol';
import type { ServerKey } from '@/lib/kaneo/kaneo-schemas';
import type { Err } from '@/lib/result';

/** A revoke or rotate waiting for the person to confirm it. */
export type PendingAction = { kind: 'revoke'; remoteId: string; vaultId?: string; name: string } | { kind: 'rotate'; vaultId: string; name: string };

/**
 * The instance's keys on the server and the actions on them (enable/disable, revoke, rotate),
 * with every message and piece of state the ServerKeys view needs. Reloads when `reloadToken`
 * or the vault's state changes.
 */
export function useServerKeys(target: KaneoTarget, reloadToken: number) {
  const vault = useVault();
  const { announce } = useStatus();
  const [view, setView] = useState<InstanceKeysView | null>(null);
  const [loadError, setLoadError] = useState<Err | null>(null);
  const [loading, setLoading] = useState(true);
  const [actionError, setActionError] = useState<string | null>(null);
  const [notice, setNotice] = useState<{ tone: 'success' | 'warning'; text: string } | null>(null);
  const [unsaved, setUnsaved] = useState<NotSavedErr | null>(null);
  const [busyId, setBusyId] = useState<string | null>(null);
  const [pending, setPending] = useState<PendingAction | null>(null);
  const generation = useRef(0);
  const targetKey = JSON.stringify(target);

  const load = useCallback(async () => {
    const mine = ++generation.current;
    setLoading(true);
    const answer = await call(() => sendMessage('kaneo.listServerKeys', { target: JSON.parse(targetKey) as KaneoTarget }));
    if (mine !== generation.current) return;
    setLoading(false);
    if (answer.ok) {
      setView(answer.value);
      setLoadError(null);
    } else {
      setLoadError(answer);
    }
  }, [targetKey]);

  useEffect(() => {
    void load();
  }, [load, reloadToken, vault.state?.state]);

  const after = async () => {
    await load();
    void vault.refresh();
  };

  const setEnabled = async (key: ServerKey, enabled: boolean, label: string) => {
    setBusyId(key.id);
    setActionError(null);
    setNotice(null);
    const answer = await call(() => sendMessage('kaneo.setEnabled', { target, remoteId: key.id, enabled }));
    setBusyId(null);
    if (!answer.ok) {
      setActionError(answer.message);
      return;
    }
    announce(`${label} ${enabled ? 'enabled' : 'disabled'}`, 'success');
    await after();
  };

  const confirmPending = async (): Promise<string | null> => {
    if (!pending) return null;
    setActionError(null);
    setNotice(null);
    if (pending.kind === 'revoke') {
      const answer = await call(() =>
        sendMessage('kaneo.revoke', { target, remoteId: pending.remoteId, ...(pending.vaultId ? { vaultId: pending.vaultId } : {}) }),
      );
      if (!answer.ok) return answer.message;
      setPending(null);
      setNotice({
        tone: 'success',
        text: answer.value.marked
          ? `“${pending.name}” was revoked. Its vault entry is kept, marked as revoked.`
          : `“${pending.name}” was revoked.`,
      });
      await after();
      return null;
    }
    const answer = await call(() => sendMessage('kaneo.rotate', { target, vaultId: pending.vaultId }));
    setPending(null);
    if (answer.ok) {
      const { replacement, warning } = answer.value;
      setNotice({
        tone: warning ? 'warning' : 'success',
        text: `Rotated: the new “${replacement.name}” (${replacement.start ?? '…'}…) is in the vault and the old key is revoked.${warning ? ` ${warning}` : ''}`,
      });
    } else if (answer.reason === 'not-saved' && 'unsaved' in answer) {
      setUnsaved(answer as NotSavedErr);
    } else {
      // rotate-partial and every other failure: the message says which key is which.
      setActionError(answer.message);
    }
    await after();
    return null;
  };

  return {
    view,
    loadError,
    loading,
    actionError,
    notice,
    unsaved,
    dismissUnsaved: () => setUnsaved(null),
    busyId,
    pending,
    setPending,
    load,
    /** Reload the list and the vault after a change. */
    afterChange: after,
    setEnabled,
    confirmPending,
  };
}
