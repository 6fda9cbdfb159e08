import { browser } from 'wxt/browser';
import type { VaultService } from '../../vault/background/vault-service.types';
import { daysUntil } from '../../kaneo/key-state';
import {
  countExpiringSoon,
  dueNotices,
  expiryDayOf,
  expiryIndexItem,
  expiryInstantsOf,
  readExpiryIndex,
  rebuildIndex,
  roundIndex,
} from './expiry-index';

export const EXPIRY_ALARM = 'kaneo-expiry-check';
export const EXPIRY_NOTIFICATION_ID = 'kaneo-expiry';
/** A plain accent-coloured square: notifications need an icon and must not depend on a packaged file. */
const NOTIFICATION_ICON =
  'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAACAAAAAgCAIAAAD8GO2jAAAAKklEQVR42mPwd3tKU8QwasGoBaMWjFowasGoBaMWjFowasGoBaMWDBULAE0y6EyFy2OWAAAAAElFTkSuQmCC';

export interface ExpiryWatcherDeps {
  vault: VaultService;
  notificationsEnabled(): Promise<boolean>;
  /**
   * Whether a notification may name the key (setting, off by default): OS notifications show on
   * the lock screen and stay in the notification history, for anyone watching the screen.
   */
  notificationNames?: () => Promise<boolean>;
  now?: () => number;
  item?: typeof expiryIndexItem;
}

/** The notification's words. Without unlocking there is no name to give. */
export function noticeText(days: number[], names: string[]): { title: string; message: string } {
  const soonest = Math.max(1, Math.min(...days));
  const dayWord = soonest === 1 ? 'day' : 'days';
  if (days.length === 1) {
    return {
      title: 'Kaneo API key expiring',
      message:
        names.length === 1
          ? `Your Kaneo API key "${names[0]}" expires in ${soonest} ${dayWord} — open Kaneo Key Manager`
          : `A Kaneo API key expires in ${soonest} ${dayWord} — open Kaneo Key Manager`,
    };
  }
  return {
    title: 'Kaneo API keys expiring',
    message: `${days.length} Kaneo API keys expire within ${Math.max(...days)} days — open Kaneo Key Manager`,
  };
}

/**
 * Keeps the expiry index in step with the vault and shows it: the action badge (count of keys
 * expired or expiring within 7 days) on start, on every vault change and daily by alarm; a
 * notification 3 days before a key expires unless turned off in settings.
 */
export function createExpiryWatcher(deps: ExpiryWatcherDeps) {
  const now = deps.now ?? (() => Date.now());
  const item = deps.item ?? expiryIndexItem;
  let queue: Promise<void> = Promise.resolve();

  async function updateBadge(): Promise<number> {
    const count = countExpiringSoon(await readExpiryIndex(item), now());
    const action = browser.action ?? (browser as unknown as { browserAction?: typeof browser.action }).browserAction;
    await action?.setBadgeText({ text: count > 0 ? String(count) : '' });
    if (count > 0) await action?.setBadgeBackgroundColor({ color: '#b42323' });
    return count;
  }

  async function syncFromVault(): Promise<void> {
    const state = await deps.vault.state();
    if (state.state === 'uninitialized') {
      await item.setValue({ v: 1, expiresAt: [], notified: [] });
      return;
    }
    if (state.state !== 'unlocked') {
      // An index from before day rounding: round it now rather than wait for the next unlock.
      const stored = await readExpiryIndex(item);
      const rounded = roundIndex(stored);
      if (JSON.stringify(rounded) !== JSON.stringify(stored)) await item.setValue(rounded);
      return;
    }
    const keys = await deps.vault.listKeys();
    if (!keys.ok) return;
    const previous = await readExpiryIndex(item);
    await item.setValue(rebuildIndex(previous, expiryInstantsOf(keys.value)));
  }

  async function notifyDue(): Promise<void> {
    const index = await readExpiryIndex(item);
    const due = dueNotices(index, now());
    if (due.length === 0 || !(await deps.notificationsEnabled())) return;
    // Only when the person chose it, and only after unlock, may the notification name the key;
    // the index itself never holds a name.
    let names: string[] = [];
    const mayName = (await deps.notificationNames?.()) ?? false;
    if (mayName && (await deps.vault.state()).state === 'unlocked') {
      const keys = await deps.vault.listKeys();
      if (keys.ok) {
        names = keys.value
          .filter((k) => k.expiresAt && !k.revokedAt && due.includes(expiryDayOf(new Date(k.expiresAt).getTime())))
          .map((k) => k.name);
      }
    }
    const { title, message } = noticeText(
      due.map((t) => daysUntil(new Date(t).toISOString(), now())),
      names,
    );
    await browser.notifications.create(EXPIRY_NOTIFICATION_ID, {
      type: 'basic',
      iconUrl: NOTIFICATION_ICON,
      title,
      message,
    });
    await item.setValue({ ...index, notified: [...index.notified, ...due] });
  }

  /** One full pass, serialized so overlapping triggers don't race on the index. */
  function refresh(options: { sync: boolean } = { sync: true }): Promise<void> {
    const run = queue.then(async () => {
      if (options.sync) await syncFromVault();
      await updateBadge();
      await notifyDue();
    });
    queue = run.catch(() => undefined);
    return run;
  }

  return { refresh, updateBadge, syncFromVault, notifyDue };
}

/** Background wiring: listeners synchronously, then one refresh. */
export function registerExpiryWatcher(deps: ExpiryWatcherDeps): () => void {
  const watcher = createExpiryWatcher(deps);
  const onAlarm = (alarm: { name: string }) => {
    if (alarm.name === EXPIRY_ALARM) void watcher.refresh().catch(() => undefined);
  };
  const onClicked = (id: string) => {
    if (id === EXPIRY_NOTIFICATION_ID) void browser.runtime.openOptionsPage().catch(() => undefined);
  };
  browser.alarms.onAlarm.addListener(onAlarm);
  browser.notifications?.onClicked.addListener(onClicked);
  const offChange = deps.vault.onChange(() => void watcher.refresh().catch(() => undefined));
  void (async () => {
    const existing = await browser.alarms.get(EXPIRY_ALARM);
    if (!existing) await browser.alarms.create(EXPIRY_ALARM, { delayInMinutes: 1, periodInMinutes: 24 * 60 });
    await watcher.refresh();
  })().catch(() => undefined);
  return () => {
    browser.alarms.onAlarm.removeListener(onAlarm);
    browser.notifications?.onClicked.removeListener(onClicked);
    offChange();
  };
}
