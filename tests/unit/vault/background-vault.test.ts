import { describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { getVaultService, registerVaultBackground } from '@/lib/vault/background/vault-background';

// registerVaultBackground registers module-level message listeners, so it runs once per file.
describe('vault background wiring', () => {
  it('registers handlers synchronously, opens the options page on install only, and shares one vault', async () => {
    const openOptionsPage = vi.fn(async () => undefined);
    fakeBrowser.runtime.openOptionsPage = openOptionsPage;

    const ready = registerVaultBackground();
    // Registered in the same turn: a message that woke the worker is answered.
    const answer = new Promise<unknown>((resolve) => {
      void fakeBrowser.runtime.onMessage.trigger(
        { id: 1, type: 'vault.status', data: undefined, timestamp: Date.now() },
        { id: 'test-extension-id', url: 'chrome-extension://test-extension-id/popup.html' },
        resolve,
      );
    });
    expect(await answer).toEqual({ res: { state: 'uninitialized' } });
    await ready;

    await fakeBrowser.runtime.onInstalled.trigger({ reason: 'update', previousVersion: '0.0.9' });
    expect(openOptionsPage).not.toHaveBeenCalled();
    await fakeBrowser.runtime.onInstalled.trigger({ reason: 'install' });
    expect(openOptionsPage).toHaveBeenCalledTimes(1);

    expect(getVaultService()).toBe(getVaultService());
  });
});
