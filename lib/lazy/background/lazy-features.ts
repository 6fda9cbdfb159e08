/**
 * The lazy script's composition root (entrypoints/background-features.ts → /background-features.js):
 * every background feature that is not needed on a typical wake, put together with what the core
 * worker hands over (lazy-contract.ts). It is the one place these features are created; the core
 * (entrypoints/background.ts) registers their listeners and calls this once, on first use.
 *
 * Nothing here registers a listener: the browser's events and the vault's are all taken by the
 * core in its first turn, which forwards them (lazy-handlers.ts, sync-setup.ts,
 * history-retention.ts). Creating the features registers nothing and writes nothing.
 */
import { createBackupGuardedHandlers } from '../../backup/background/backup-handlers';
import { createApiBaseStore } from '../../kaneo/background/api-base-store';
import { createKaneoGuardedHandlers } from '../../kaneo/background/kaneo-handlers';
import { createSyncFeature } from '../../sync/background/sync-feature';
import { createTesterFeature } from '../../tester/background/tester-handlers';
import type { BackgroundFeatures, BackgroundFeaturesDeps } from './lazy-contract';

export function createBackgroundFeatures({ vault }: BackgroundFeaturesDeps): BackgroundFeatures {
  // One store of API bases for Kaneo and backup: one queue of writes to its sealed item.
  const apiBases = createApiBaseStore(vault);
  // 1. The request tester (adds the key to requests, keeps the sealed history).
  const tester = createTesterFeature({ vault });
  // 2. Sync across devices (off until turned on): storage.sync holds only sealed records.
  const sync = createSyncFeature(vault);
  return {
    handlers: {
      ...tester.handlers,
      // 3. Kaneo: key creation and management through the tab or a stored key.
      ...createKaneoGuardedHandlers({ vault, apiBases }),
      ...sync.handlers,
      // 4. Encrypted backup, restore with a merge preview, `.env` import.
      ...createBackupGuardedHandlers({ vault, apiBases }),
    },
    sync: { request: sync.request, passphraseChanged: sync.passphraseChanged },
    tester: { retainHistory: tester.retainHistory },
  };
}
