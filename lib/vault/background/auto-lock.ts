/**
 * Auto-lock: the vault locks itself after N idle minutes (settings.autoLockMinutes).
 *
 * Protects: the data key in `storage.session` from outliving the user's attention.
 * Invariants:
 * - Activity is any vault message (handlers call `touch`); the time of the last one lives in
 *   `storage.session` with the key, so a service-worker restart keeps counting.
 * - A periodic alarm (every minute, above Chrome's 30 s minimum) runs while unlocked with a time
 *   limit, and is removed when locked or with "when the browser closes".
 * - The vault also checks the limit itself before every use, so a late or missed alarm (a
 *   sleeping machine) can never extend it.
 */
import { browser } from 'wxt/browser';
import { getSettings, watchSettings } from '../../settings/settings';
import type { BackgroundVaultService } from './vault-service';

export const AUTO_LOCK_ALARM = 'vault-auto-lock';

export interface AutoLockDeps {
  vault: BackgroundVaultService;
  alarms?: typeof browser.alarms;
}

/** Create or remove the periodic alarm to match the vault's state and the setting. */
export async function syncAutoLockAlarm({ vault, alarms = browser.alarms }: AutoLockDeps): Promise<void> {
  const [state, settings] = await Promise.all([vault.state(), getSettings()]);
  const wanted = state.state === 'unlocked' && settings.autoLockMinutes !== 'browser-close';
  const existing = await alarms.get(AUTO_LOCK_ALARM);
  if (wanted && !existing) await alarms.create(AUTO_LOCK_ALARM, { delayInMinutes: 1, periodInMinutes: 1 });
  if (!wanted && existing) await alarms.clear(AUTO_LOCK_ALARM);
}

/** Background: register the alarm listener (synchronously) and keep the alarm in step. */
export function registerAutoLock(deps: AutoLockDeps): () => void {
  const alarms = deps.alarms ?? browser.alarms;
  const sync = () => void syncAutoLockAlarm({ ...deps, alarms }).catch(() => undefined);
  const onAlarm = (alarm: { name: string }) => {
    if (alarm.name !== AUTO_LOCK_ALARM) return;
    void deps.vault.lockIfIdle().catch(() => undefined);
  };
  alarms.onAlarm.addListener(onAlarm);
  const offVault = deps.vault.onChange(sync);
  const offSettings = watchSettings(sync);
  return () => {
    alarms.onAlarm.removeListener(onAlarm);
    offVault();
    offSettings();
  };
}
