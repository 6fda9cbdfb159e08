import '@/lib/zod-jitless';
import { defineBackground } from 'wxt/utils/define-background';
import { setupClipboard } from '@/lib/clipboard/background/clipboard-setup';
import { registerExpiryWatcher } from '@/lib/expiry/background/expiry-watcher';
import { setupLazyFeatures } from '@/lib/lazy/background/lazy-setup';
import { getSettings } from '@/lib/settings/settings';
import { registerHistoryRetention } from '@/lib/tester/background/history-retention';
import { setupSync } from '@/lib/sync/background/sync-setup';
import { registerOpenOptionsOnInstall } from '@/lib/vault/background/open-options-on-install';
import { getVaultService, setupVault } from '@/lib/vault/background/vault-setup';
import { registerBenchSeeder } from '@/lib/bench/background/bench-seeder';
import { registerToolbarIcon } from '@/lib/vault/background/toolbar-icon';

// The composition root: every background feature is wired here, in this order, and nowhere
// else (no feature wires another). Every call registers its listeners synchronously, in the
// first turn: an MV3 service worker is woken by the very message it must not miss. Asynchronous
// start-up runs behind each feature's own promise and never delays a listener.
//
// What a wake usually needs (the vault, keys, clipboard, expiry badge, toolbar icon) is in this
// script. Kaneo, the request tester, sync and backup are in the lazy script
// (lib/lazy/background/lazy-features.ts → background-features.js), loaded on first use; their
// listeners are registered here all the same (docs/ARCHITECTURE.md "The lazy script").
export default defineBackground(() => {
  // 1. The one vault. Every feature below gets this instance: the background is its single writer.
  const vault = getVaultService();
  // 2. Vault and key messages, auto-lock; restricts storage.session to trusted contexts.
  void setupVault(vault);
  // 3. Clipboard clearing after a copy (offscreen document on Chrome, background page on Firefox).
  //    Scheduling a clear is a person acting, so it counts as vault activity.
  setupClipboard({ touch: () => vault.touch() });
  // 4. The lazy script's messages — Kaneo (key creation and management through the tab or a
  //    stored key), the request tester, sync, backup — and its install-time import (Chromium).
  const features = setupLazyFeatures({ vault });
  // 5. The tester history follows deleted keys (the tester is loaded only if one left history).
  registerHistoryRetention({
    vault,
    retain: async (keyIds) => {
      const loaded = await features.get();
      if (loaded.ok) await loaded.value.tester.retainHistory(keyIds);
    },
    testerLoaded: () => features.loaded() !== null,
  });
  // 6. The expiry badge and notifications, from the unencrypted expiry index.
  registerExpiryWatcher({
    vault,
    notificationsEnabled: async () => (await getSettings()).expiryNotifications,
    notificationNames: async () => (await getSettings()).expiryNotificationNames,
  });
  // 7. First install: open the options page to create the vault.
  registerOpenOptionsOnInstall();
  // 8. Sync across devices (off until turned on): storage.sync holds only sealed records. Its
  //    storage, vault and alarm listeners load the lazy script only while sync is on.
  setupSync({ vault, features });
  // Bench builds only (`--mode bench`; the branch and its module are compiled out of every other
  // build): the benchmark's seeder and key-derivation counter (lib/bench/background/bench-seeder.ts).
  if (import.meta.env.MODE === 'bench') registerBenchSeeder({ vault });
  // 9. The toolbar icon shows locked vs unlocked.
  registerToolbarIcon({ vault });
});
