/**
 * Connecting to a signed-in tab and creating a key there.
 *
 * Invariant: a new key's secret goes from the tab's create answer straight into the vault. It is
 * never sent to a page, except once when it was created but could not be stored (`not-saved`),
 * so the person does not lose a live key silently. The vault is checked (unlocked, name free)
 * before the key is created.
 */
import { toKeySummary } from '../../keys/key-entry';
import type { CreateKeyAnswer, CreateKeyInput, KaneoTarget, TabInspection } from '../protocol';
import { err, ok } from '../../result';
import type { KaneoResult } from './kaneo-api';
import type { KaneoConnections } from './kaneo-connection';
import { hostOf } from './kaneo-errors';
import { checkExpiry, checkName, notSaved, unsavedOf, type KaneoVaultSteps } from './kaneo-vault-steps';
import { MAY_HAVE_CREATED_NOTE, mayHaveCreated, type PendingCreates } from './pending-creates';

export function createKaneoCreation(deps: { connections: KaneoConnections; steps: KaneoVaultSteps; pendingCreates: PendingCreates }) {
  const { connectTab, connect } = deps.connections;
  const { requireUnlocked, nameTaken, originKnown, storeCreated } = deps.steps;

  return {
    async inspectTab({ tabId }: { tabId: number }): Promise<KaneoResult<TabInspection>> {
      const connection = await connectTab(tabId);
      if (!connection.ok) return connection;
      const { api, instance, apiBaseSource } = connection.value;
      const health = await api.health();
      if (!health.ok) return health;
      const session = await api.session();
      if (!session.ok) return session;
      if (session.value === null) {
        return err(
          'signed-out',
          `You're not signed in to Kaneo on ${hostOf(instance.webOrigin)}. Sign in in this tab, then open Kaneo Key Manager again.`,
        );
      }
      const workspaces = await api.workspaces();
      if (!workspaces.ok) return workspaces;
      return ok({
        instance,
        apiBaseSource,
        user: { name: session.value.user.name ?? null, email: session.value.user.email },
        workspaces: workspaces.value.map((w) => ({ id: w.id, name: w.name })),
      });
    },

    async createKey(input: { target: KaneoTarget } & CreateKeyInput): Promise<CreateKeyAnswer> {
      const name = checkName(input.name);
      if (!name.ok) return name;
      const expiresIn = checkExpiry(input.expiresInDays);
      if (!expiresIn.ok) return expiresIn;
      const unlocked = await requireUnlocked();
      if (!unlocked.ok) return unlocked;
      const connection = await connect(input.target);
      if (!connection.ok) return connection;
      const { api, instance } = connection.value;
      // The key will be bound to the tab's origin: it must be the one the person was shown.
      if (input.expectedOrigin !== undefined && new URL(input.expectedOrigin).origin !== instance.webOrigin) {
        return err(
          'tab-moved',
          `The tab is now on ${hostOf(instance.webOrigin)}, not on ${hostOf(input.expectedOrigin)} as shown when you started. ` +
            'No key was created. Go back to your Kaneo tab and open Kaneo Key Manager from it again.',
        );
      }
      // A look-alike page that answers like Kaneo would get a key bound to its own origin: the first
      // create for an origin the vault has never seen is asked once, with the origin shown.
      const confirmed = input.confirmedNewOrigin !== undefined && new URL(input.confirmedNewOrigin).origin === instance.webOrigin;
      if (!confirmed && !(await originKnown(instance.webOrigin))) {
        return err(
          'confirm-new-origin',
          `This is the first key for ${instance.webOrigin}. Check that it is your Kaneo before creating a key there. No key was created.`,
          { webOrigin: instance.webOrigin },
        );
      }
      if (await nameTaken(instance, name.value)) {
        return err(
          'invalid-input',
          `The vault already has a key named "${name.value}" for ${hostOf(instance.webOrigin)}. Choose another name.`,
        );
      }
      // Noted before it is sent: if the answer never arrives (timeout, the background stopped), the
      // next listing of this instance finds the key on the server and says its secret was lost.
      // When storage refuses even the note (a full disk), the create still goes ahead: its answer
      // is then saved or shown once (`not-saved`), as before the note existed.
      const pending = await deps.pendingCreates.begin(name.value, instance);
      const settle = () => (pending.ok ? deps.pendingCreates.finish(pending.value) : Promise.resolve());
      const created = await api.createKey({ name: name.value, expiresInSeconds: expiresIn.value });
      if (!created.ok) {
        if (!mayHaveCreated(created.reason)) {
          await settle();
          return created;
        }
        return err(created.reason, `${created.message} ${MAY_HAVE_CREATED_NOTE}`, created.detail);
      }
      const stored = await storeCreated(created.value, instance, name.value, input.note);
      // Saved, or shown once below: either way its answer was handled.
      await settle();
      if (!stored.ok) {
        return notSaved(
          `The key was created on ${hostOf(instance.webOrigin)} but could not be saved in the vault (${stored.message}). ` +
            "Copy it now — it won't be shown again — or revoke it on the server.",
          unsavedOf(created.value, instance, name.value),
        );
      }
      return ok(toKeySummary(stored.value));
    },

  };
}
