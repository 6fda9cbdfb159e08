import { describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { Browser } from 'wxt/browser';
import { AUTO_LOCK_ALARM, registerAutoLock } from '@/lib/vault/background/auto-lock';
import { createVaultService } from '@/lib/vault/background/vault-service';
import { updateSettings } from '@/lib/settings/settings';
import { FAST_ITERATIONS, STRONG_PASSPHRASE, TestClock } from './vault-test-helpers';

function setup() {
  const clock = new TestClock();
  // Idle limit from the real settings item (default 15 minutes).
  const vault = createVaultService({ kdfIterations: FAST_ITERATIONS, clock });
  const unregister = registerAutoLock({ vault });
  return { clock, vault, unregister };
}

const alarm = () => fakeBrowser.alarms.get(AUTO_LOCK_ALARM);

describe('auto-lock alarm', () => {
  it('runs a one-minute alarm while unlocked and removes it on lock', async () => {
    const { vault, unregister } = setup();
    expect(await alarm()).toBeUndefined();
    await vault.create(STRONG_PASSPHRASE);
    await vi.waitFor(async () => expect((await alarm())?.periodInMinutes).toBe(1));
    await vault.lock();
    await vi.waitFor(async () => expect(await alarm()).toBeUndefined());
    unregister();
  });

  it('locks when the alarm fires after the idle limit, not before', async () => {
    const { clock, vault, unregister } = setup();
    await vault.create(STRONG_PASSPHRASE);
    clock.advanceMinutes(10);
    await fakeBrowser.alarms.onAlarm.trigger({ name: AUTO_LOCK_ALARM, scheduledTime: clock.now(), periodInMinutes: 1 } as Browser.alarms.Alarm);
    expect(await vault.state()).toEqual({ state: 'unlocked' });
    clock.advanceMinutes(5);
    await fakeBrowser.alarms.onAlarm.trigger({ name: AUTO_LOCK_ALARM, scheduledTime: clock.now(), periodInMinutes: 1 } as Browser.alarms.Alarm);
    await vi.waitFor(async () => expect(await vault.state()).toEqual({ state: 'locked' }));
    expect(await fakeBrowser.storage.session.get()).toEqual({});
    unregister();
  });

  it('follows the setting: shorter limits apply at once, "browser-close" removes the alarm', async () => {
    const { clock, vault, unregister } = setup();
    await vault.create(STRONG_PASSPHRASE);
    await vi.waitFor(async () => expect(await alarm()).toBeDefined());

    await updateSettings({ autoLockMinutes: 'browser-close' });
    await vi.waitFor(async () => expect(await alarm()).toBeUndefined());
    clock.advanceMinutes(600);
    expect(await vault.lockIfIdle()).toBe(false);

    await vault.touch();
    await updateSettings({ autoLockMinutes: 1 });
    await vi.waitFor(async () => expect(await alarm()).toBeDefined());
    clock.advanceMinutes(1);
    await fakeBrowser.alarms.onAlarm.trigger({ name: AUTO_LOCK_ALARM, scheduledTime: clock.now(), periodInMinutes: 1 } as Browser.alarms.Alarm);
    await vi.waitFor(async () => expect(await vault.state()).toEqual({ state: 'locked' }));
    unregister();
  });
});
