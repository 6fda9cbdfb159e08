/**
 * Sync's background wiring, in the core worker: `storage.onChanged` for the sync area, vault
 * changes (unlock, edits), the retry alarm and the start-up all ask the engine for a cycle; a
 * passphrase change asks it to re-wrap the synced key record, or (after "change passphrase and
 * re-encrypt", a NEW data key) to re-seal the whole synced set. Registered synchronously.
 *
 * The engine and sync's messages are in the background's lazy script (sync-feature.ts). Until it
 * is loaded, these listeners load it only when sync is on (and, for a cycle, the vault unlocked:
 * a cycle does nothing otherwise), so a wake of someone who does not sync never parses it. Once it
 * is loaded, every event goes to the engine, which checks the same again.
 */
import { browser } from 'wxt/browser';
import { storage } from 'wxt/utils/storage';
import { STORAGE } from '../../storage/catalogue';
import type { LazyFeatures } from '../../lazy/background/lazy-setup';
import type { BackgroundFeatures } from '../../lazy/background/lazy-contract';
import type { BackgroundVaultService } from '../../vault/background/vault-service';
import { createBrowserSyncStore, type SyncStore } from './sync-store';

export const SYNC_RETRY_ALARM = 'sync-retry';

/** Whether sync is on, from its plain settings (sync-state.ts writes them; no secret in them). */
export async function syncIsOn(): Promise<boolean> {
  const settings = await storage.getItem<{ enabled?: unknown }>(STORAGE.syncSettings.key);
  return settings?.enabled === true;
}

export function setupSync(deps: {
  vault: Pick<BackgroundVaultService, 'state' | 'onChange' | 'onPassphraseChanged'>;
  features: Pick<LazyFeatures, 'get' | 'loaded'>;
  store?: Pick<SyncStore, 'onChanged'>;
  isOn?: () => Promise<boolean>;
}): void {
  const { vault, features } = deps;
  const isOn = deps.isOn ?? syncIsOn;

  async function withEngine(needsUnlocked: boolean, use: (sync: BackgroundFeatures['sync']) => unknown): Promise<void> {
    let loaded = features.loaded();
    if (!loaded) {
      if (!(await isOn())) return;
      if (needsUnlocked && (await vault.state()).state !== 'unlocked') return;
      const got = await features.get();
      if (!got.ok) return;
      loaded = got.value;
    }
    await use(loaded.sync);
  }
  const cycle = () => void withEngine(true, (sync) => sync.request()).catch(() => undefined);

  (deps.store ?? createBrowserSyncStore()).onChanged(cycle);
  vault.onChange(cycle);
  vault.onPassphraseChanged((change) => withEngine(false, (sync) => sync.passphraseChanged(change)));
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === SYNC_RETRY_ALARM) cycle();
  });
  // A cycle at start-up: changes that arrived while the worker was stopped.
  cycle();
}
