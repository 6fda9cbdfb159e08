/**
 * Managing the keys already on a server: list them (matched with the vault's), enable or
 * disable, revoke; and the API bases set by hand for split deployments.
 *
 * Invariant: listing with stored keys tries them in turn and moves on only when a key is
 * refused; the key that worked is remembered (sealed) as a hint, never as a reason to fail.
 */
import { toKeySummary, type Instance, type KeyEntry, type KeySummary } from '../../keys/key-entry';
import type { InstanceKeysView, KaneoTarget } from '../protocol';
import { err, ok } from '../../result';
import type { VaultService } from '../../vault/background/vault-service.types';
import type { ApiBaseStore } from './api-base-store';
import type { KaneoResult } from './kaneo-api';
import type { KaneoConnections } from './kaneo-connection';
import { hostOf, type KaneoErr } from './kaneo-errors';
import type { ListingKeyStore } from './listing-key-store';
import type { PendingCreates } from './pending-creates';
import { lockedOr, type KaneoVaultSteps } from './kaneo-vault-steps';
import type { ServerKey } from '../kaneo-schemas';
import { matchKeys } from '../key-state';

export function createKaneoManagement(deps: {
  vault: VaultService;
  apiBases: ApiBaseStore;
  listingKeys: ListingKeyStore;
  connections: KaneoConnections;
  steps: KaneoVaultSteps;
  pendingCreates: PendingCreates;
  now(): number;
}) {
  const { vault, apiBases, listingKeys } = deps;
  const { connectTab, connectWith, credentialsFor, connect } = deps.connections;
  const { markRevoked } = deps.steps;

  type Listed = { instance: Instance; via: InstanceKeysView['via']; serverKeys: ServerKey[] };

  async function listViaTab(tabId: number): Promise<KaneoResult<Listed>> {
    const connection = await connectTab(tabId);
    if (!connection.ok) return connection;
    const serverKeys = await connection.value.api.listKeys();
    if (!serverKeys.ok) return serverKeys;
    return ok({ instance: connection.value.instance, via: connection.value.via, serverKeys: serverKeys.value });
  }

  /**
   * Tries the instance's stored keys in turn (see credentialsFor) and stops at the first the
   * server accepts; remembers it (sealed) so it goes first next time. Only a refused key
   * (wrong, revoked, disabled, expired) moves on to the next: any other failure (network,
   * rate limit, redirect) would fail the same way with every key.
   */
  async function listViaStoredKeys(target: { webOrigin: string; keyId?: string }): Promise<KaneoResult<Listed>> {
    const webOrigin = new URL(target.webOrigin).origin;
    const credentials = await credentialsFor(webOrigin, target.keyId);
    if (!credentials.ok) return credentials;
    const refused: Array<{ keyName: string; why: string }> = [];
    let lastFailure: KaneoErr | null = null;
    for (const credential of credentials.value) {
      const connection = await connectWith(webOrigin, credential);
      if (!connection.ok) {
        lastFailure = connection;
        continue;
      }
      const serverKeys = await connection.value.api.listKeys();
      if (serverKeys.ok) {
        // Only a hint for next time: failing to save it must not hide the list.
        await listingKeys.set(webOrigin, credential.id);
        return ok({ instance: connection.value.instance, via: { kind: 'key', keyName: credential.name, keyId: credential.id, refused }, serverKeys: serverKeys.value });
      }
      if (serverKeys.reason !== 'key-rejected') return serverKeys;
      const why = (serverKeys.detail as { why?: string } | undefined)?.why ?? 'it was refused';
      refused.push({ keyName: credential.name, why });
      lastFailure = serverKeys;
    }
    if (refused.length === 0 && lastFailure) return lastFailure;
    const host = hostOf(webOrigin);
    const list = refused.map((r) => `“${r.keyName}” (${r.why})`).join(', ');
    return err(
      'key-rejected',
      target.keyId !== undefined
        ? `Kaneo on ${host} refused ${list}. Choose another key, or let the extension try them in turn.`
        : `Kaneo on ${host} refused every stored key of this instance: ${list}. ` +
            'Enable one of them in Kaneo, add a working key, or manage keys from a signed-in Kaneo tab.',
      { refused },
    );
  }

  return {
    async listServerKeys({ target }: { target: KaneoTarget }): Promise<KaneoResult<InstanceKeysView>> {
      const listed = 'tabId' in target ? await listViaTab(target.tabId) : await listViaStoredKeys(target);
      if (!listed.ok) return listed;
      const { instance, via, serverKeys } = listed.value;
      const now = deps.now();
      const vaultKeys = await vault.listKeys();
      const mine = vaultKeys.ok
        ? vaultKeys.value.filter((k) => k.instance.webOrigin === instance.webOrigin).map(toKeySummary)
        : [];
      const matched = matchKeys(mine, serverKeys, now);
      // Only with the vault open: a locked vault can't tell which server keys are its own.
      const interruptedCreates = vaultKeys.ok
        ? await deps.pendingCreates.reconcile(instance.webOrigin, matched.otherServerKeys, now)
        : [];
      return ok({
        ...(interruptedCreates.length > 0 ? { interruptedCreates } : {}),
        instance,
        vaultLocked: !vaultKeys.ok,
        vaultKeys: matched.vaultKeys,
        otherServerKeys: matched.otherServerKeys,
        via,
        computedAt: new Date(now).toISOString(),
      });
    },

    async setEnabled({ target, remoteId, enabled }: { target: KaneoTarget; remoteId: string; enabled: boolean }) {
      const connection = await connect(target, { remoteId });
      if (!connection.ok) return connection;
      return connection.value.api.setEnabled(remoteId, enabled);
    },

    async revoke({
      target,
      remoteId,
      vaultId,
    }: {
      target: KaneoTarget;
      remoteId: string;
      vaultId?: string;
    }): Promise<KaneoResult<{ marked: KeySummary | null }>> {
      // Check the binding before anything is deleted: the vault entry marked afterwards must be a
      // key of the instance the request goes to, and the same key (a page could pair another
      // instance's entry with this server's key id and mark the wrong key revoked).
      let entry: KeyEntry | null = null;
      if (vaultId) {
        const found = await vault.getKey(vaultId);
        if (!found.ok) return lockedOr(found.reason, found.message);
        entry = found.value;
        if (entry.remoteId && entry.remoteId !== remoteId) {
          return err('invalid-input', `"${entry.name}" is not the key with server id ${remoteId}. Nothing was revoked.`);
        }
      }
      const connection = await connect(target, { vaultId, remoteId });
      if (!connection.ok) return connection;
      if (entry && entry.instance.webOrigin !== connection.value.instance.webOrigin) {
        return err(
          'invalid-input',
          `"${entry.name}" belongs to ${hostOf(entry.instance.webOrigin)}, not to ${hostOf(connection.value.instance.webOrigin)}. Nothing was revoked. Open its own Kaneo tab.`,
        );
      }
      const deleted = await connection.value.api.deleteKey(remoteId);
      // Already gone is what revoking wants: mark the entry all the same.
      if (!deleted.ok && deleted.reason !== 'not-found') return deleted;
      if (!vaultId) return ok({ marked: null });
      const marked = await markRevoked(vaultId);
      if (!marked) {
        return err(
          'vault-error',
          'The key was revoked on the server, but its vault entry could not be marked. Unlock the vault and mark or delete it by hand.',
        );
      }
      return ok({ marked });
    },

    listApiBases: () => apiBases.list().then((r) => (r.ok ? r : lockedOr(r.reason, r.message))),

    async setApiBase({ webOrigin, apiBaseUrl }: { webOrigin: string; apiBaseUrl: string | null }) {
      const saved = await apiBases.set(webOrigin, apiBaseUrl);
      if (saved.ok) return saved;
      return saved.reason === 'invalid-input' ? err('invalid-input', saved.message) : lockedOr(saved.reason, saved.message);
    },
  };
}
