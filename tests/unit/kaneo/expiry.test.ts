import { describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import {
  countExpiringSoon,
  dueNotices,
  expiryIndexItem,
  expiryInstantsOf,
  readExpiryIndex,
} from '../../../lib/expiry/background/expiry-index';
import { createExpiryWatcher, EXPIRY_ALARM, noticeText, registerExpiryWatcher } from '../../../lib/expiry/background/expiry-watcher';
import { createInMemoryVaultService } from './fakes';

const DAY = 86_400_000;
const NOW = Date.parse('2026-06-01T12:00:00.000Z');
const iso = (t: number) => new Date(t).toISOString();

function notifications() {
  return (fakeBrowser.notifications as unknown as { getAllCreateOptions(): Record<string, { message: string }> }).getAllCreateOptions();
}

describe('expiry index', () => {
  it('keeps expiry instants only, without revoked or never-expiring keys', () => {
    expect(
      expiryInstantsOf([
        { expiresAt: iso(NOW + 2 * DAY), revokedAt: null },
        { expiresAt: null, revokedAt: null },
        { expiresAt: iso(NOW - DAY), revokedAt: null },
        { expiresAt: iso(NOW + DAY), revokedAt: iso(NOW) },
      ]),
    ).toEqual([NOW - DAY, NOW + 2 * DAY]);
  });

  it('counts expired and expiring within 7 days for the badge', () => {
    const index = { v: 1 as const, expiresAt: [NOW - DAY, NOW + 7 * DAY, NOW + 7 * DAY + 1], notified: [] };
    expect(countExpiringSoon(index, NOW)).toBe(2);
  });

  it('announces each expiry once, 3 days ahead', () => {
    const index = { v: 1 as const, expiresAt: [NOW - DAY, NOW + 2 * DAY, NOW + 3 * DAY, NOW + 4 * DAY], notified: [NOW + 3 * DAY] };
    expect(dueNotices(index, NOW)).toEqual([NOW + 2 * DAY]);
  });

  it('treats a damaged stored index as empty', async () => {
    await fakeBrowser.storage.local.set({ expiryIndex: { v: 1, expiresAt: ['soon'], notified: [] } });
    expect(await readExpiryIndex()).toEqual({ v: 1, expiresAt: [], notified: [] });
  });

  it('words the notification without a name unless one is known', () => {
    expect(noticeText([3], [])).toEqual({
      title: 'Kaneo API key expiring',
      message: 'A Kaneo API key expires in 3 days — open Kaneo Key Manager',
    });
    expect(noticeText([1], ['deploy']).message).toBe('Your Kaneo API key "deploy" expires in 1 day — open Kaneo Key Manager');
    expect(noticeText([1, 3], []).message).toBe('2 Kaneo API keys expire within 3 days — open Kaneo Key Manager');
  });
});

describe('expiry watcher', () => {
  function seeded() {
    const fake = createInMemoryVaultService('unlocked');
    fake.seed({ name: 'secret-name-1', secret: 'a'.repeat(64), expiresAt: iso(NOW + 2 * DAY), instance: { webOrigin: 'https://private.example', apiBaseUrl: 'https://private.example/api' } });
    fake.seed({ name: 'secret-name-2', secret: 'b'.repeat(64), expiresAt: iso(NOW + 30 * DAY) });
    fake.seed({ name: 'secret-name-3', secret: 'c'.repeat(64), expiresAt: iso(NOW - DAY) });
    return fake;
  }

  it('writes an index of instants only, sets the badge and notifies once', async () => {
    const fake = seeded();
    const watcher = createExpiryWatcher({ vault: fake.vault, notificationsEnabled: async () => true, notificationNames: async () => true, now: () => NOW });
    await watcher.refresh();

    const stored = JSON.stringify(await fakeBrowser.storage.local.get(null));
    expect(stored).not.toMatch(/secret-name|private\.example|aaaa/);
    // Days, not the server's exact instants (NOW is noon UTC).
    expect((await expiryIndexItem.getValue()).expiresAt).toEqual([NOW - DAY, NOW + 2 * DAY, NOW + 30 * DAY].map((t) => t - DAY / 2));
    expect(await fakeBrowser.action.getBadgeText({})).toBe('2');
    expect(Object.values(notifications()).map((n) => n.message)).toEqual([
      'Your Kaneo API key "secret-name-1" expires in 2 days — open Kaneo Key Manager',
    ]);

    await fakeBrowser.notifications.clear('kaneo-expiry');
    await watcher.refresh();
    expect(notifications()).toEqual({});
  });

  it('works while locked from the index alone, naming no key', async () => {
    const fake = seeded();
    const watcher = createExpiryWatcher({ vault: fake.vault, notificationsEnabled: async () => true, now: () => NOW });
    await watcher.syncFromVault();
    await fake.vault.lock();
    await expiryIndexItem.setValue({ ...(await expiryIndexItem.getValue()), notified: [] });
    await watcher.refresh();
    expect(await fakeBrowser.action.getBadgeText({})).toBe('2');
    expect(Object.values(notifications()).map((n) => n.message)).toEqual(['A Kaneo API key expires in 2 days — open Kaneo Key Manager']);
  });

  it('does not notify when notifications are off, but still sets the badge', async () => {
    const fake = seeded();
    const watcher = createExpiryWatcher({ vault: fake.vault, notificationsEnabled: async () => false, now: () => NOW });
    await watcher.refresh();
    expect(notifications()).toEqual({});
    expect(await fakeBrowser.action.getBadgeText({})).toBe('2');
  });

  it('clears the badge when nothing is due', async () => {
    const fake = createInMemoryVaultService('unlocked');
    await fakeBrowser.action.setBadgeText({ text: '5' });
    await createExpiryWatcher({ vault: fake.vault, notificationsEnabled: async () => true, now: () => NOW }).refresh();
    expect(await fakeBrowser.action.getBadgeText({})).toBe('');
  });

  it('registers a daily alarm and follows vault changes', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(NOW);
    try {
      const fake = createInMemoryVaultService('unlocked');
      const stop = registerExpiryWatcher({ vault: fake.vault, notificationsEnabled: async () => false });
      await vi.waitFor(async () => expect(await fakeBrowser.alarms.get(EXPIRY_ALARM)).toMatchObject({ periodInMinutes: 1440 }));
      await fake.vault.addKey({
        name: 'soon',
        secret: 'z'.repeat(64),
        instance: { webOrigin: 'https://k.test', apiBaseUrl: 'https://k.test/api' },
        expiresAt: iso(NOW + DAY),
      });
      await vi.waitFor(async () => expect(await fakeBrowser.action.getBadgeText({})).toBe('1'));
      stop();
    } finally {
      vi.useRealTimers();
    }
  });

  it('names no key by default, even unlocked (the setting is off)', async () => {
    const fake = seeded();
    await createExpiryWatcher({ vault: fake.vault, notificationsEnabled: async () => true, now: () => NOW }).refresh();
    expect(Object.values(notifications()).map((n) => n.message)).toEqual(['A Kaneo API key expires in 2 days — open Kaneo Key Manager']);
    await fakeBrowser.notifications.clear('kaneo-expiry');
    await expiryIndexItem.setValue({ ...(await expiryIndexItem.getValue()), notified: [] });
    await createExpiryWatcher({ vault: fake.vault, notificationsEnabled: async () => true, notificationNames: async () => false, now: () => NOW }).refresh();
    expect(JSON.stringify(notifications())).not.toContain('secret-name');
  });

  it('stores days, never an exact instant, and rounds an older exact index even while locked', async () => {
    const exact = Date.parse('2026-06-03T17:42:13.517Z');
    const fake = createInMemoryVaultService('unlocked');
    fake.seed({ name: 'k', secret: 'd'.repeat(64), expiresAt: iso(exact) });
    const watcher = createExpiryWatcher({ vault: fake.vault, notificationsEnabled: async () => false, now: () => NOW });
    await watcher.refresh();
    expect(await expiryIndexItem.getValue()).toEqual({ v: 1, expiresAt: [Date.parse('2026-06-03T00:00:00.000Z')], notified: [] });

    await fake.vault.lock();
    await expiryIndexItem.setValue({ v: 1, expiresAt: [exact, exact + 5], notified: [exact] });
    await watcher.refresh();
    const day = Date.parse('2026-06-03T00:00:00.000Z');
    expect(await expiryIndexItem.getValue()).toEqual({ v: 1, expiresAt: [day, day], notified: [day] });
    expect(await fakeBrowser.action.getBadgeText({})).toBe('2');
  });
});
