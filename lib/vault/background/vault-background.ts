/**
 * The background's one vault, and the vault concern's background wiring.
 *
 * Other background concerns get the vault with `getVaultService()` (never create another one:
 * the background is the vault's single writer). Pages never import this file; they use messages.
 */
import { browser } from 'wxt/browser';
import { createClipboardClearer, registerClipboardClearing } from '../../clipboard/background/clipboard-clearer';
import { registerAutoLock, syncAutoLockAlarm } from './auto-lock';
import { registerVaultHandlers } from './vault-handlers';
import { createVaultService, type BackgroundVaultService } from './vault-service';
import { restrictSessionStorage } from './vault-storage';

let vault: BackgroundVaultService | null = null;

/** The background's vault service (created on first use). */
export function getVaultService(): BackgroundVaultService {
  vault ??= createVaultService();
  return vault;
}

let ready: Promise<void> | null = null;

/**
 * Register every vault, clipboard, auto-lock and install listener. Call once, synchronously, in
 * the background's first turn. Asynchronous start-up runs behind the returned shared promise.
 */
export function registerVaultBackground(): Promise<void> {
  const service = getVaultService();
  const clipboard = createClipboardClearer();
  registerVaultHandlers({ vault: service, clipboard });
  registerClipboardClearing(clipboard);
  registerAutoLock({ vault: service });
  browser.runtime.onInstalled.addListener(({ reason }) => {
    if (reason === 'install') void browser.runtime.openOptionsPage().catch(() => undefined);
  });
  ready ??= (async () => {
    await restrictSessionStorage();
    await syncAutoLockAlarm({ vault: service });
  })().catch(() => undefined);
  return ready;
}
