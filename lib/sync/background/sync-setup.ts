/**
 * Sync's background wiring: its messages, `storage.onChanged` for the sync area, vault changes
 * (unlock, edits) and the retry alarm all ask the engine for a cycle. Registered synchronously.
 *
 * A passphrase change re-wraps the synced key record; "change passphrase and re-encrypt" (a NEW
 * data key) re-seals the whole synced set under it. The vault tells its passphrase listeners
 * which of the two happened.
 */
import { browser } from 'wxt/browser';
import type { BackgroundVaultService } from '../../vault/background/vault-service';
import { createSyncEngine, type SyncEngine } from './sync-engine';
import { registerSyncHandlers } from './sync-handlers';
import { createBrowserSyncStore } from './sync-store';

export const SYNC_RETRY_ALARM = 'sync-retry';

let engine: SyncEngine | null = null;

export function setupSync(vault: BackgroundVaultService): SyncEngine {
  const store = createBrowserSyncStore();
  const created = createSyncEngine({
    vault,
    store,
    scheduleRetry: (ms) => void browser.alarms.create(SYNC_RETRY_ALARM, { delayInMinutes: Math.max(1, ms / 60_000) }),
  });
  engine = created;
  registerSyncHandlers({ engine: created, touch: () => vault.touch() });
  store.onChanged(() => created.request());
  vault.onChange(() => created.request());
  vault.onPassphraseChanged(async ({ passphrase, rekeyed }) => {
    if (rekeyed) await created.resyncAfterRekey(passphrase);
    else await created.rewrapForPassphrase(passphrase);
  });
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === SYNC_RETRY_ALARM) created.request();
  });
  // A cycle at start-up: changes that arrived while the worker was stopped.
  created.request();
  return created;
}
