import '@/lib/zod-jitless';
import { defineBackground } from 'wxt/utils/define-background';
import { registerBackupHandlers } from '@/lib/backup/background/backup-handlers';
import { setupClipboard } from '@/lib/clipboard/background/clipboard-setup';
import { registerExpiryWatcher } from '@/lib/expiry/background/expiry-watcher';
import { registerKaneoHandlers } from '@/lib/kaneo/background/kaneo-handlers';
import { getSettings } from '@/lib/settings/settings';
import { registerTesterHandlers } from '@/lib/tester/background/tester-handlers';
import { setupSync } from '@/lib/sync/background/sync-setup';
import { registerOpenOptionsOnInstall } from '@/lib/vault/background/open-options-on-install';
import { getVaultService, setupVault } from '@/lib/vault/background/vault-setup';
import { registerBenchSeeder } from '@/lib/bench/background/bench-seeder';
import { registerToolbarIcon } from '@/lib/vault/background/toolbar-icon';

// The composition root: every background feature is wired here, in this order, and nowhere
// else (no feature wires another). Every call registers its listeners synchronously, in the
// first turn: an MV3 service worker is woken by the very message it must not miss. Asynchronous
// start-up runs behind each feature's own promise and never delays a listener.
export default defineBackground(() => {
  // 1. The one vault. Every feature below gets this instance: the background is its single writer.
  const vault = getVaultService();
  // 2. Vault and key messages, auto-lock; restricts storage.session to trusted contexts.
  void setupVault(vault);
  // 3. Clipboard clearing after a copy (offscreen document on Chrome, background page on Firefox).
  //    Scheduling a clear is a person acting, so it counts as vault activity.
  setupClipboard({ touch: () => vault.touch() });
  // 4. The request tester (adds the key to requests, keeps the sealed history).
  registerTesterHandlers({ vault });
  // 5. Kaneo: key creation and management through the tab or a stored key.
  registerKaneoHandlers({ vault });
  // 6. The expiry badge and notifications, from the unencrypted expiry index.
  registerExpiryWatcher({
    vault,
    notificationsEnabled: async () => (await getSettings()).expiryNotifications,
    notificationNames: async () => (await getSettings()).expiryNotificationNames,
  });
  // 7. First install: open the options page to create the vault.
  registerOpenOptionsOnInstall();
  // 8. Sync across devices (off until turned on): storage.sync holds only sealed records.
  setupSync(vault);
  // Bench builds only (`--mode bench`; the branch and its module are compiled out of every other
  // build): the benchmark's seeder and key-derivation counter (lib/bench/background/bench-seeder.ts).
  if (import.meta.env.MODE === 'bench') registerBenchSeeder({ vault });
  // 9. Encrypted backup, restore with a merge preview, `.env` import.
  registerBackupHandlers({ vault });
  // 10. The toolbar icon shows locked vs unlocked.
  registerToolbarIcon({ vault });
});
