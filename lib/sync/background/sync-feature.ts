/**
 * Sync's engine and messages, in the background's lazy script (lib/lazy/background/
 * lazy-features.ts). What asks the engine for work — storage.onChanged for the sync area, vault
 * changes, the retry alarm, a passphrase change — is registered by the core worker (sync-setup.ts),
 * which hands each of them to `request` / `passphraseChanged` here.
 */
import { browser } from 'wxt/browser';
import type { PassphraseChangedListener } from '../../vault/background/vault-sync-access';
import type { BackgroundVaultService } from '../../vault/background/vault-service';
import { createSyncEngine } from './sync-engine';
import { createSyncHandlers, type SyncHandlers } from './sync-handlers';
import { SYNC_RETRY_ALARM } from './sync-setup';
import { createBrowserSyncStore } from './sync-store';

export interface SyncFeature {
  handlers: SyncHandlers;
  /** Run a cycle soon. */
  request(): void;
  /**
   * The vault's passphrase changed: re-wrap the synced key record, or (after a re-key, a NEW data
   * key) re-seal the whole synced set under it.
   */
  passphraseChanged: PassphraseChangedListener;
}

export function createSyncFeature(vault: BackgroundVaultService): SyncFeature {
  const engine = createSyncEngine({
    vault,
    store: createBrowserSyncStore(),
    scheduleRetry: (ms) => void browser.alarms.create(SYNC_RETRY_ALARM, { delayInMinutes: Math.max(1, ms / 60_000) }),
  });
  return {
    handlers: createSyncHandlers({ engine, touch: () => vault.touch() }),
    request: () => engine.request(),
    async passphraseChanged({ passphrase, rekeyed }) {
      if (rekeyed) await engine.resyncAfterRekey(passphrase);
      else await engine.rewrapForPassphrase(passphrase);
    },
  };
}
