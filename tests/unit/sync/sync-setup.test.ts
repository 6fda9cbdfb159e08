import { describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { Browser } from 'wxt/browser';
import { setupSync, SYNC_RETRY_ALARM, syncIsOn } from '@/lib/sync/background/sync-setup';
import type { BackgroundFeatures } from '@/lib/lazy/background/lazy-contract';
import type { PassphraseChangedListener } from '@/lib/vault/background/vault-sync-access';
import { ok } from '@/lib/result';

// Sync's listeners are in the core worker; its engine is in the lazy script. A wake of someone who
// does not sync must not load the lazy script; with sync on, every event reaches the engine.
function setup(options: { on: boolean; state?: 'locked' | 'unlocked'; loaded?: boolean }) {
  const vaultListeners: Array<() => void> = [];
  const passphraseListeners: PassphraseChangedListener[] = [];
  const storeListeners: Array<() => void> = [];
  const sync = { request: vi.fn(), passphraseChanged: vi.fn(async () => undefined) };
  const features = { sync } as unknown as BackgroundFeatures;
  let loaded = options.loaded ?? false;
  const lazy = {
    get: vi.fn(async () => {
      loaded = true;
      return ok(features);
    }),
    loaded: () => (loaded ? features : null),
  };
  setupSync({
    vault: {
      state: async () => ({ state: options.state ?? 'unlocked' }),
      onChange: (listener) => (vaultListeners.push(listener), () => undefined),
      onPassphraseChanged: (listener) => (passphraseListeners.push(listener), () => undefined),
    },
    features: lazy,
    store: { onChanged: (listener) => (storeListeners.push(listener), () => undefined) },
    isOn: async () => options.on,
  });
  const settle = () => new Promise((resolve) => setTimeout(resolve, 10));
  const everyEvent = async () => {
    vaultListeners.forEach((listener) => listener());
    storeListeners.forEach((listener) => listener());
    await fakeBrowser.alarms.onAlarm.trigger({ name: SYNC_RETRY_ALARM, scheduledTime: Date.now() } as Browser.alarms.Alarm);
    await settle();
  };
  return { sync, lazy, everyEvent, passphraseListeners, settle };
}

describe('sync’s listeners in the core worker', () => {
  it('sync off: neither the start-up, nor a vault, storage or alarm event loads the lazy script', async () => {
    const { lazy, everyEvent, passphraseListeners } = setup({ on: false });
    await everyEvent();
    await passphraseListeners[0]!({ passphrase: 'p', rekeyed: true });
    expect(lazy.get).not.toHaveBeenCalled();
  });

  it('sync on, vault locked: a cycle (which would do nothing) loads nothing; a passphrase change reaches the engine', async () => {
    const { sync, lazy, everyEvent, passphraseListeners } = setup({ on: true, state: 'locked' });
    await everyEvent();
    expect(lazy.get).not.toHaveBeenCalled();
    await passphraseListeners[0]!({ passphrase: 'p', rekeyed: false });
    expect(sync.passphraseChanged).toHaveBeenCalledWith({ passphrase: 'p', rekeyed: false });
  });

  it('sync on, vault unlocked: the start-up cycle and every event reach the engine', async () => {
    const { sync, lazy, everyEvent, settle } = setup({ on: true });
    await settle();
    expect(lazy.get).toHaveBeenCalled();
    expect(sync.request).toHaveBeenCalledTimes(1);
    await everyEvent();
    expect(sync.request).toHaveBeenCalledTimes(4);
  });

  it('once the lazy script is loaded (for any feature), every event goes to the engine, which checks for itself', async () => {
    const { sync, everyEvent } = setup({ on: false, state: 'locked', loaded: true });
    await everyEvent();
    expect(sync.request).toHaveBeenCalledTimes(4);
  });

  it('reads “on” from sync’s plain settings', async () => {
    expect(await syncIsOn()).toBe(false);
    await fakeBrowser.storage.local.set({ 'sync.settings': { enabled: false, device: 'abcdefgh' } });
    expect(await syncIsOn()).toBe(false);
    await fakeBrowser.storage.local.set({ 'sync.settings': { enabled: true, device: 'abcdefgh' } });
    expect(await syncIsOn()).toBe(true);
  });
});
