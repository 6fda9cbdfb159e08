/**
 * The background's one vault, and the vault's own background wiring (its messages, auto-lock).
 *
 * Other background features get the vault from the composition root (entrypoints/background.ts),
 * which takes it from `getVaultService()`: never create another one — the background is the
 * vault's single writer. Pages never import this file; they use messages.
 */
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
 * Registers the vault and key handlers and the auto-lock alarm listener, synchronously. The
 * asynchronous start-up (restrict `storage.session` to trusted contexts, bring the auto-lock
 * alarm in step) runs behind the returned shared promise.
 */
export function setupVault(service: BackgroundVaultService = getVaultService()): Promise<void> {
  registerVaultHandlers({ vault: service });
  registerAutoLock({ vault: service });
  ready ??= (async () => {
    await restrictSessionStorage();
    await syncAutoLockAlarm({ vault: service });
  })().catch(() => undefined);
  return ready;
}
