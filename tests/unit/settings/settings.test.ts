import { describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import {
  AUTO_LOCK_CHOICES,
  CLIPBOARD_CLEAR_CHOICES,
  CURRENT_SETTINGS_VERSION,
  DEFAULT_SETTINGS,
  defineSettingsItem,
  describeAutoLock,
  getSettings,
  parseStoredSettings,
  updateSettings,
  watchSettings,
} from '@/lib/settings/settings';
import fixtureV1 from '../../../lib/settings/migrations/fixtures/settings-v1.json';
import fixtureV2 from '../../../lib/settings/migrations/fixtures/settings-v2.json';

describe('settings', () => {
  it('defaults: lock after 15 idle minutes, clear the clipboard after 30 s, notify about expiry', async () => {
    expect(await getSettings()).toEqual({ autoLockMinutes: 15, clipboardClearSeconds: 30, expiryNotifications: true, expiryNotificationNames: false });
    expect(DEFAULT_SETTINGS.autoLockMinutes).toBe(15);
  });

  it('offers the auto-lock and clipboard choices the UI shows', () => {
    expect(AUTO_LOCK_CHOICES).toEqual([1, 5, 15, 30, 60, 240, 'browser-close']);
    expect(CLIPBOARD_CLEAR_CHOICES).toContain(0);
    expect(CLIPBOARD_CLEAR_CHOICES).toContain(30);
    expect(describeAutoLock(240)).toBe('After 4 hours');
    expect(describeAutoLock('browser-close')).toBe('When the browser closes');
  });

  it('stores a validated update and reads it back', async () => {
    await updateSettings({ autoLockMinutes: 'browser-close', clipboardClearSeconds: 0 });
    expect(await getSettings()).toEqual({ autoLockMinutes: 'browser-close', clipboardClearSeconds: 0, expiryNotifications: true, expiryNotificationNames: false });
    expect((await fakeBrowser.storage.local.get('settings$'))['settings$']).toEqual({ v: CURRENT_SETTINGS_VERSION });
  });

  it('rejects invalid values and keeps what was stored', async () => {
    await updateSettings({ autoLockMinutes: 5 });
    const before = await fakeBrowser.storage.local.get();
    await expect(updateSettings({ autoLockMinutes: 7 as never })).rejects.toThrow();
    await expect(updateSettings({ clipboardClearSeconds: -1 })).rejects.toThrow();
    await expect(updateSettings({ clipboardClearSeconds: 2.5 })).rejects.toThrow();
    expect(await fakeBrowser.storage.local.get()).toEqual(before);
  });

  it('reads a damaged stored value field by field with defaults, without overwriting it', async () => {
    const damaged = { autoLockMinutes: 'sometimes', clipboardClearSeconds: 45, expiryNotifications: 'yes' };
    await fakeBrowser.storage.local.set({ settings: damaged });
    expect(await getSettings()).toEqual({ autoLockMinutes: 15, clipboardClearSeconds: 45, expiryNotifications: true, expiryNotificationNames: false });
    expect((await fakeBrowser.storage.local.get('settings')).settings).toEqual(damaged);
    expect(parseStoredSettings('not an object')).toEqual(DEFAULT_SETTINGS);
    expect(parseStoredSettings([1, 2])).toEqual(DEFAULT_SETTINGS);
  });

  it('tells watchers about changes, validated', async () => {
    const seen = vi.fn();
    const off = watchSettings(seen);
    await updateSettings({ clipboardClearSeconds: 10 });
    expect(seen).toHaveBeenLastCalledWith({ autoLockMinutes: 15, clipboardClearSeconds: 10, expiryNotifications: true, expiryNotificationNames: false });
    off();
  });

  it('reads the frozen v1 bytes: every v1 value kept, migrated to v2 with key names in notifications off', async () => {
    await fakeBrowser.storage.local.set(structuredClone(fixtureV1.storageLocal));
    const item = defineSettingsItem();
    expect(parseStoredSettings(await item.getValue())).toEqual({ ...fixtureV1.expected, expiryNotificationNames: false });
    expect(await fakeBrowser.storage.local.get()).toEqual(fixtureV2.storageLocal);
  });

  it('reads the frozen v2 bytes unchanged', async () => {
    expect(CURRENT_SETTINGS_VERSION).toBe(2);
    await fakeBrowser.storage.local.set(structuredClone(fixtureV2.storageLocal));
    const item = defineSettingsItem();
    expect(parseStoredSettings(await item.getValue())).toEqual(fixtureV2.expected);
    expect(await fakeBrowser.storage.local.get()).toEqual(fixtureV2.storageLocal);
  });

  it('a v1 value the migration cannot read is left as stored', async () => {
    const consoleError = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    await fakeBrowser.storage.local.set({ settings: 'not settings', settings$: { v: 1 } });
    const item = defineSettingsItem();
    expect(parseStoredSettings(await item.getValue())).toEqual(DEFAULT_SETTINGS);
    expect(await fakeBrowser.storage.local.get()).toEqual({ settings: 'not settings', settings$: { v: 1 } });
    consoleError.mockRestore();
  });
});
