import '@/lib/zod-jitless';
import { defineBackground } from 'wxt/utils/define-background';
import { registerVaultBackground } from '@/lib/vault/background/vault-background';
import { getVaultService } from '@/lib/vault/background/vault-background';
import { registerTesterHandlers } from '@/lib/tester/background/tester-handlers';
import { registerKaneoHandlers } from '@/lib/kaneo/background/kaneo-handlers';

// Every listener is registered synchronously in the first turn: an MV3 service worker is woken
// by the very message it must not miss. Each concern registers its own handlers.
export default defineBackground(() => {
  // Vault handlers, auto-lock, clipboard clearing, open options on install. Others get the vault
  // with getVaultService() from the same module.
  void registerVaultBackground();
  registerTesterHandlers({ vault: getVaultService() });
  registerKaneoHandlers({ vault: getVaultService() });
});
