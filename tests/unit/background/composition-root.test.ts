import { describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import background from '@/entrypoints/background';
import { getVaultService } from '@/lib/vault/background/vault-setup';

// The composition root registers module-level message listeners, so it runs once per file.
describe('background composition root', () => {
  it('registers handlers synchronously, opens the options page on install only, and shares one vault', async () => {
    const openOptionsPage = vi.fn(async () => undefined);
    fakeBrowser.runtime.openOptionsPage = openOptionsPage;

    void background.main();
    // Registered in the same turn: a message that woke the worker is answered.
    const answer = new Promise<unknown>((resolve) => {
      void fakeBrowser.runtime.onMessage.trigger(
        { id: 1, type: 'vault.status', data: undefined, timestamp: Date.now() },
        { id: 'test-extension-id', url: 'chrome-extension://test-extension-id/popup.html' },
        resolve,
      );
    });
    expect(await answer).toEqual({ res: { state: 'uninitialized' } });

    await fakeBrowser.runtime.onInstalled.trigger({ reason: 'update', previousVersion: '0.0.9' });
    expect(openOptionsPage).not.toHaveBeenCalled();
    await fakeBrowser.runtime.onInstalled.trigger({ reason: 'install' });
    expect(openOptionsPage).toHaveBeenCalledTimes(1);

    expect(getVaultService()).toBe(getVaultService());
  });

  it('lists every feature setup in entrypoints/background.ts and nowhere else', async () => {
    const { readFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const root = join(__dirname, '../../..');
    const rootText = readFileSync(join(root, 'entrypoints/background.ts'), 'utf8');
    for (const setup of ['setupVault', 'setupClipboard', 'registerTesterHandlers', 'registerKaneoHandlers', 'registerExpiryWatcher', 'registerOpenOptionsOnInstall']) {
      expect(rootText).toContain(`${setup}(`);
    }
    // No feature wires another: the setups are called from the root only.
    const { execSync } = await import('node:child_process');
    const callers = execSync(
      "grep -rlE '(setupClipboard|registerTesterHandlers|registerKaneoHandlers|registerExpiryWatcher|registerClipboardHandlers|registerClipboardClearing)\\(' lib",
      { cwd: root, encoding: 'utf8' },
    )
      .split('\n')
      .filter(Boolean)
      .sort();
    // Each file that matches is the one that defines (or, for the clipboard, composes) the setup.
    expect(callers).toEqual([
      'lib/clipboard/background/clipboard-clearer.ts',
      'lib/clipboard/background/clipboard-handlers.ts',
      'lib/clipboard/background/clipboard-setup.ts',
      'lib/expiry/background/expiry-watcher.ts',
      'lib/kaneo/background/kaneo-handlers.ts',
      'lib/tester/background/tester-handlers.ts',
    ]);
  });
});
