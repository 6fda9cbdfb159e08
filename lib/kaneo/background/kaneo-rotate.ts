/**
 * Rotating a key: create its replacement on the server, store it, revoke the old one.
 *
 * Invariants:
 * - Nothing is half-saved: rotation keeps both keys usable when a step fails and says which is
 *   which (`rotate-partial`).
 * - Once the server has created the replacement, every failure ends in `not-saved` with its
 *   secret, and a rename of the old entry is undone (or the person is told it was not).
 */
import { toKeySummary } from '../../keys/key-entry';
import { VAULT_KEY_NAME_MAX } from '../../keys/key-names';
import type { KaneoTarget, RotateAnswer } from '../protocol';
import { err, ok } from '../../result';
import type { VaultService } from '../../vault/background/vault-service.types';
import type { KaneoConnections } from './kaneo-connection';
import { hostOf } from './kaneo-errors';
import { DAY_SECONDS, lockedOr, notSaved, unsavedOf, type KaneoVaultSteps } from './kaneo-vault-steps';
import { KEY_NAME_MAX, KEY_NAME_MIN, expiryPolicyOf } from '../key-state';
import { MAY_HAVE_CREATED_NOTE, mayHaveCreated, type PendingCreates } from './pending-creates';

export function createKaneoRotation(deps: {
  vault: VaultService;
  connections: KaneoConnections;
  steps: KaneoVaultSteps;
  pendingCreates: PendingCreates;
}) {
  const { vault } = deps;
  const { connect } = deps.connections;
  const { requireUnlocked, nameTaken, storeCreated, tryUpdate, markRevoked } = deps.steps;

  return {
    async rotate({ target, vaultId }: { target: KaneoTarget; vaultId: string }): Promise<RotateAnswer> {
      const unlocked = await requireUnlocked();
      if (!unlocked.ok) return unlocked;
      const found = await vault.getKey(vaultId);
      if (!found.ok) return lockedOr(found.reason, found.message);
      const old = found.value;
      if (old.revokedAt) return err('invalid-input', `"${old.name}" is already revoked; create a new key instead.`);
      if (!old.remoteId) {
        return err(
          'invalid-input',
          `"${old.name}" has no server id (it was added by hand), so it can't be rotated here. Create a new key, then revoke this one on the server.`,
        );
      }
      const connection = await connect(target, { vaultId });
      if (!connection.ok) return connection;
      const { api, instance } = connection.value;
      if (instance.webOrigin !== old.instance.webOrigin) {
        return err(
          'invalid-input',
          `"${old.name}" belongs to ${hostOf(old.instance.webOrigin)}, not to ${hostOf(instance.webOrigin)}. Open its own Kaneo tab.`,
        );
      }
      const policy = expiryPolicyOf(old);
      const serverName = old.name.length > KEY_NAME_MAX ? old.name.slice(0, KEY_NAME_MAX) : old.name.padEnd(KEY_NAME_MIN, '-');
      // Noted before it is sent (see kaneo-create.ts): an answer that never arrives is reported later.
      const pending = await deps.pendingCreates.begin(serverName, instance);
      const settle = () => (pending.ok ? deps.pendingCreates.finish(pending.value) : Promise.resolve());
      const created = await api.createKey({
        name: serverName,
        expiresInSeconds: policy === null ? null : policy * DAY_SECONDS,
      });
      if (!created.ok) {
        if (!mayHaveCreated(created.reason)) {
          await settle();
          return err(created.reason, `Rotation stopped before anything changed: ${created.message} "${old.name}" still works.`);
        }
        return err(created.reason, `Rotation stopped: ${created.message} "${old.name}" still works. ${MAY_HAVE_CREATED_NOTE}`);
      }

      // From here on the new key exists on the server: every failure must end in `not-saved`.
      // Free the name for the replacement: the old entry becomes "<name> (old)".
      const oldName = old.name;
      let renamedTo: string | null = null;
      for (const suffix of [' (old)', ' (old 2)', ' (old 3)']) {
        const candidate = `${oldName.slice(0, VAULT_KEY_NAME_MAX - suffix.length)}${suffix}`;
        if (await nameTaken(old.instance, candidate, old.id)) continue;
        const renamed = await tryUpdate(old.id, { name: candidate });
        if (renamed.ok) renamedTo = candidate;
        break;
      }
      const replacementName = renamedTo ? oldName : `${oldName.slice(0, VAULT_KEY_NAME_MAX - ' (new)'.length)} (new)`;
      const stored = await storeCreated(created.value, old.instance, replacementName, old.notes);
      await settle();
      if (!stored.ok) {
        // Undo the rename, and say so when that fails too: the old entry must not keep a name
        // that calls a working key "(old)" without the person knowing.
        const restored = renamedTo ? (await tryUpdate(old.id, { name: oldName })).ok : true;
        const oldState = restored
          ? `"${oldName}" is untouched and still works.`
          : `"${oldName}" still works, but its vault entry is still named "${renamedTo}": rename it back by hand.`;
        return notSaved(
          `The replacement key was created on ${hostOf(old.instance.webOrigin)} but could not be saved in the vault (${stored.message}). ` +
            `${oldState} Copy the new key now — it won't be shown again — or revoke it.`,
          unsavedOf(created.value, old.instance, replacementName),
        );
      }
      const replacement = toKeySummary(stored.value);
      const oldNow = { ...toKeySummary(old), name: renamedTo ?? oldName };

      const deleted = await api.deleteKey(old.remoteId);
      if (!deleted.ok && deleted.reason !== 'not-found') {
        return {
          ok: false,
          reason: 'rotate-partial',
          message:
            `The new key "${replacement.name}" (starts ${replacement.start ?? '?'}…) is saved and works. ` +
            `Revoking the old key "${oldNow.name}" (starts ${old.start ?? '?'}…) failed: ${deleted.message} ` +
            'Both keys work; revoke the old one when you can.',
          replacement,
          old: oldNow,
        };
      }
      const marked = await markRevoked(old.id);
      return ok({
        replacement,
        old: marked ?? oldNow,
        warning: marked
          ? null
          : `The old key was revoked on the server, but its vault entry "${oldNow.name}" could not be marked as revoked.`,
      });
    },

  };
}
