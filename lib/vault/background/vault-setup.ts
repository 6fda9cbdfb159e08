/**
 * The background's one vault, and the vault's own background wiring (its messages, auto-lock).
 *
 * Other background features get the vault from the composition root (entrypoints/background.ts),
 * which takes it from `getVaultService()`: never create another one — the background is the
 * vault's single writer. Pages never import this file; they use messages.
 */
import { registerAutoLock, syncAutoLockAlarm } from './auto-lock';
import { registerHandlers } from '../../messaging/background/guarded-handlers';
import { registerBackgroundPageChannel, registerWorkerPort } from '../../messaging/background/worker-port';
import { createVaultHandlers } from './vault-handlers';
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
 * Registers the vault and key handlers and the auto-lock alarm listener, synchronously. The
 * asynchronous start-up (restrict `storage.session` to trusted contexts, bring the auto-lock
 * alarm in step) runs behind the returned shared promise.
 */
export function setupVault(service: BackgroundVaultService = getVaultService()): Promise<void> {
  const handlers = createVaultHandlers({ vault: service });
  registerHandlers(handlers);
  // The key list also goes the fast way (worker-port.ts): on a port to Chromium's service worker
  // (20× faster for 10,000 keys than a runtime message), or by a call on Firefox's background page.
  if (isServiceWorker()) registerWorkerPort({ 'keys.changes': handlers['keys.changes'] });
  else registerBackgroundPageChannel({ 'keys.changes': handlers['keys.changes'] });
  registerAutoLock({ vault: service });
  ready ??= (async () => {
    await restrictSessionStorage();
    // A passphrase change that re-encrypts and was cut short (the worker stopped) is finished or dropped.
    await service.recoverInterruptedRekey();
    await syncAutoLockAlarm({ vault: service });
  })().catch(() => undefined);
  return ready;
}

function isServiceWorker(): boolean {
  const scope = globalThis as { ServiceWorkerGlobalScope?: abstract new () => unknown };
  return typeof scope.ServiceWorkerGlobalScope === 'function' && globalThis instanceof scope.ServiceWorkerGlobalScope;
}
