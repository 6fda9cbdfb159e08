/**
 * Kaneo key management, run in the background (the vault's single writer). This file puts
 * together the parts that each do one job: kaneo-connection.ts (tab or stored key),
 * kaneo-create.ts (inspect a tab, create a key), kaneo-manage.ts (list, enable, revoke, API
 * bases), kaneo-rotate.ts, and the vault steps they share (kaneo-vault-steps.ts).
 *
 * Invariants:
 * - A new key's secret goes from the tab's create answer straight into the vault. It is never
 *   sent to a page, except once when it was created but could not be stored (`not-saved`), so
 *   the user does not lose a live key silently.
 * - A stored key is only ever sent to its own instance's API base, and only from here with
 *   `credentials: 'omit'` after the user granted that origin.
 * - Nothing is half-saved: the vault is checked (unlocked, name free) before a key is created;
 *   rotation keeps both keys usable when a step fails and says which is which.
 * - Once the server has answered a create with a secret, every failure after that — a refused
 *   or full vault, a thrown error — ends in `not-saved` with the secret, never in a generic error
 *   (which would drop a live key silently). See `storeCreated`.
 */
import type { VaultService } from '../../vault/background/vault-service.types';
import type { ApiBaseStore } from './api-base-store';
import { createKaneoConnections } from './kaneo-connection';
import { createKaneoCreation } from './kaneo-create';
import { createKaneoManagement } from './kaneo-manage';
import { createKaneoRotation } from './kaneo-rotate';
import { createKaneoVaultSteps } from './kaneo-vault-steps';
import { createListingKeyStore, type ListingKeyStore } from './listing-key-store';
import { createPendingCreates, type PendingCreates } from './pending-creates';
import type { TabExecutor } from './transport';

export type { ServerKey } from '../kaneo-schemas';

export interface KaneoServiceDeps {
  vault: VaultService;
  executor: TabExecutor;
  apiBases: ApiBaseStore;
  /** Used for key-authenticated requests from the background. */
  fetch: typeof fetch;
  /** Whether the extension may reach this origin from the background (granted host permission). */
  hasHostPermission(origin: string): Promise<boolean>;
  now(): number;
  /** Which stored key last listed an instance's keys (sealed); created from the vault when absent. */
  listingKeys?: ListingKeyStore;
  /** Creates sent whose answer was not handled yet (sealed); created from the vault when absent. */
  pendingCreates?: PendingCreates;
}

export function createKaneoService(deps: KaneoServiceDeps) {
  const listingKeys = deps.listingKeys ?? createListingKeyStore(deps.vault);
  const connections = createKaneoConnections({ ...deps, listingKeys });
  const steps = createKaneoVaultSteps(deps);
  const pendingCreates = deps.pendingCreates ?? createPendingCreates(deps.vault, { now: deps.now });
  return {
    ...createKaneoCreation({ connections, steps, pendingCreates }),
    ...createKaneoManagement({ vault: deps.vault, apiBases: deps.apiBases, listingKeys, connections, steps, pendingCreates, now: deps.now }),
    ...createKaneoRotation({ vault: deps.vault, connections, steps, pendingCreates }),
  };
}

export type KaneoService = ReturnType<typeof createKaneoService>;
