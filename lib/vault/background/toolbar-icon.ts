import { browser } from 'wxt/browser';
import type { VaultService } from './vault-service.types';

/** The toolbar button's look per vault state: the key in colour when unlocked, grey with a padlock otherwise. */
export function toolbarIconFor(state: string): { path: Record<string, string>; title: string } {
  const unlocked = state === 'unlocked';
  const name = unlocked ? 'unlocked' : 'locked';
  return {
    path: { '16': `/icon/${name}-16.png`, '32': `/icon/${name}-32.png` },
    title: unlocked ? 'Kaneo Key Manager — unlocked' : state === 'uninitialized' ? 'Kaneo Key Manager — set up' : 'Kaneo Key Manager — locked',
  };
}

/**
 * Keeps the toolbar icon in step with the vault: on start (a browser restart leaves it locked) and
 * on every vault change (unlock, lock, auto-lock). The expiry badge is drawn over it separately
 * (expiry-watcher.ts). Registered in the background's first turn; the work itself is async.
 */
export function registerToolbarIcon({ vault }: { vault: Pick<VaultService, 'state' | 'onChange'> }): void {
  const action = browser.action ?? (browser as unknown as { browserAction?: typeof browser.action }).browserAction;
  let last = '';
  const update = async () => {
    const { state } = await vault.state();
    if (state === last) return;
    last = state;
    const look = toolbarIconFor(state);
    await action?.setIcon({ path: look.path });
    await action?.setTitle({ title: look.title });
  };
  const safeUpdate = () => void update().catch(() => undefined);
  vault.onChange(safeUpdate);
  safeUpdate();
}
