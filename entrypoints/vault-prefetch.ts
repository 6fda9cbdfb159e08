// Loaded as a classic script at the top of the popup and options pages (their index.html), before
// their module scripts: asks the background for the vault's state and key list while the page's
// own chunks still load (lib/vault/page/vault-prefetch.ts). Bare on purpose: it imports the
// messaging module and nothing with a schema, so it stays a few kilobytes and needs no zod switch.
import { defineUnlistedScript } from 'wxt/utils/define-unlisted-script';
import { startVaultPrefetch } from '@/lib/vault/page/vault-prefetch';

export default defineUnlistedScript(() => {
  startVaultPrefetch();
});
