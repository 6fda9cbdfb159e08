// Issue 11: the session copy of the data key and the last activity are read on every vault
// operation; the default storage keeps them in memory, written through, and forgets them when
// anyone else changes them. The idle limit is kept until the settings change.
import { describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { createVaultStorage } from '@/lib/vault/background/vault-storage';
import { createVaultService } from '@/lib/vault/background/vault-service';
import { updateSettings } from '@/lib/settings/settings';
import { FAST_ITERATIONS, STRONG_PASSPHRASE, TestClock } from './vault-test-helpers';

const SESSION = { vaultId: 'vault-1', dataKey: btoa('k'.repeat(32)) };
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('the session copies in the default vault storage', () => {
  it('reads storage.session once, then answers from memory, also after its own writes', async () => {
    const storage = createVaultStorage();
    await storage.writeSession(SESSION);
    await storage.writeLastActivity(1000);
    await settle();
    const get = vi.spyOn(fakeBrowser.storage.session, 'get');
    expect(await storage.readSession()).toEqual(SESSION);
    expect(await storage.readLastActivity()).toBe(1000);
    await storage.writeLastActivity(2000);
    await settle();
    expect(await storage.readLastActivity()).toBe(2000);
    expect(await storage.readSession()).toEqual(SESSION);
    expect(get).not.toHaveBeenCalled();
  });

  it('forgets a copy another context changed, and reads the new value', async () => {
    const storage = createVaultStorage();
    await storage.writeSession(SESSION);
    await storage.writeLastActivity(1000);
    expect(await storage.readSession()).toEqual(SESSION);
    // Another context (or a browser restart) ends the session and marks other activity.
    await fakeBrowser.storage.session.remove('vault.session');
    await fakeBrowser.storage.session.set({ 'vault.lastActivity': 5000 });
    await settle();
    expect(await storage.readSession()).toBeNull();
    expect(await storage.readLastActivity()).toBe(5000);
    await fakeBrowser.storage.session.set({ 'vault.session': { ...SESSION, vaultId: 'vault-2' } });
    await settle();
    expect(await storage.readSession()).toEqual({ ...SESSION, vaultId: 'vault-2' });
  });

  it('a session ended elsewhere locks the vault at its next operation', async () => {
    const vault = createVaultService({ kdfIterations: FAST_ITERATIONS, idleLimitMs: async () => null });
    await vault.create(STRONG_PASSPHRASE);
    expect((await vault.listKeys()).ok).toBe(true);
    await fakeBrowser.storage.session.clear();
    await settle();
    expect(await vault.listKeys()).toMatchObject({ ok: false, reason: 'locked' });
  });

  it('the idle limit follows a settings change without a restart', async () => {
    const clock = new TestClock();
    await updateSettings({ autoLockMinutes: 60 });
    const vault = createVaultService({ kdfIterations: FAST_ITERATIONS, clock });
    await vault.create(STRONG_PASSPHRASE);
    clock.advanceMinutes(10);
    expect(await vault.state()).toEqual({ state: 'unlocked' });
    await updateSettings({ autoLockMinutes: 5 });
    await settle();
    expect(await vault.state()).toEqual({ state: 'locked' });
  });
});
