import { describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import background from '@/entrypoints/background';
import { LAZY_GLOBAL, type BackgroundFeaturesDeps } from '@/lib/lazy/background/lazy-contract';
import { createBackgroundFeatures } from '@/lib/lazy/background/lazy-features';
import { LOAD_FAILED_MESSAGE } from '@/lib/lazy/background/lazy-loader';
import { getVaultService } from '@/lib/vault/background/vault-setup';

const PAGE = { id: 'test-extension-id', url: 'chrome-extension://test-extension-id/popup.html' };

function deliver(type: string, data: unknown): Promise<unknown> {
  return new Promise<unknown>((resolve) => {
    void fakeBrowser.runtime.onMessage.trigger({ id: 1, type, data, timestamp: Date.now() }, PAGE, resolve);
  });
}

// The composition root registers module-level message listeners, so it runs once per file.
describe('background composition root', () => {
  it('registers handlers synchronously, opens the options page on install only, shares one vault, and loads the lazy script on first use', async () => {
    const openOptionsPage = vi.fn(async () => undefined);
    fakeBrowser.runtime.openOptionsPage = openOptionsPage;
    // A service worker's importScripts, as Chromium's would run the lazy script: it defines the global.
    const scope = globalThis as unknown as Record<string, unknown>;
    const given: BackgroundFeaturesDeps[] = [];
    let loadable = false;
    scope.importScripts = vi.fn(() => {
      if (!loadable) throw new DOMException('not kept at install', 'NetworkError');
      scope[LAZY_GLOBAL] = (deps: BackgroundFeaturesDeps) => {
        given.push(deps);
        return createBackgroundFeatures(deps);
      };
    });
    try {
      void background.main();
      // Registered in the same turn: a message that woke the worker is answered.
      expect(await deliver('vault.status', undefined)).toEqual({ res: { state: 'uninitialized' } });
      // Neither the start-up nor a core message loaded the lazy script.
      expect(scope.importScripts).not.toHaveBeenCalled();

      // A lazy message is registered too; a script that cannot be loaded is answered as an error.
      expect(await deliver('sync.status', undefined)).toEqual({ res: { ok: false, reason: 'internal', message: LOAD_FAILED_MESSAGE } });
      // Then, loaded: answered by the lazy script's own handler, with the one vault.
      loadable = true;
      expect(await deliver('sync.status', undefined)).toMatchObject({ res: { ok: true, value: { phase: 'off' } } });
      expect(await deliver('tester.history.list', { keyId: 'k1' })).toEqual({ res: { ok: true, value: [] } });
      expect(scope.importScripts).toHaveBeenCalledTimes(2);
      expect(given).toHaveLength(1);
      expect(given[0]!.vault).toBe(getVaultService());

      await fakeBrowser.runtime.onInstalled.trigger({ reason: 'update', previousVersion: '0.0.9' });
      expect(openOptionsPage).not.toHaveBeenCalled();
      await fakeBrowser.runtime.onInstalled.trigger({ reason: 'install' });
      expect(openOptionsPage).toHaveBeenCalledTimes(1);

      expect(getVaultService()).toBe(getVaultService());
    } finally {
      delete scope.importScripts;
      delete scope[LAZY_GLOBAL];
    }
  });

  it('lists every feature setup in entrypoints/background.ts (core) or lib/lazy/background/lazy-features.ts (lazy), and nowhere else', async () => {
    const { readFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const root = join(__dirname, '../../..');
    const coreText = readFileSync(join(root, 'entrypoints/background.ts'), 'utf8');
    for (const setup of ['setupVault', 'setupClipboard', 'setupLazyFeatures', 'registerHistoryRetention', 'registerExpiryWatcher', 'registerOpenOptionsOnInstall', 'setupSync', 'registerToolbarIcon']) {
      expect(coreText).toContain(`${setup}(`);
    }
    const lazyText = readFileSync(join(root, 'lib/lazy/background/lazy-features.ts'), 'utf8');
    for (const create of ['createTesterFeature', 'createKaneoGuardedHandlers', 'createSyncFeature', 'createBackupGuardedHandlers']) {
      expect(lazyText).toContain(`${create}(`);
    }
    // No feature wires another: the setups are called from the roots only.
    const { execSync } = await import('node:child_process');
    const callers = execSync(
      "grep -rlE '(setupClipboard|setupSync|setupLazyFeatures|registerHistoryRetention|createTesterFeature|createKaneoGuardedHandlers|createSyncFeature|createBackupGuardedHandlers|registerExpiryWatcher|registerClipboardHandlers|registerClipboardClearing)\\(' lib",
      { cwd: root, encoding: 'utf8' },
    )
      .split('\n')
      .filter(Boolean)
      .sort();
    // Each file that matches is the one that defines (or, for the clipboard, composes) the setup,
    // or the lazy script's composition root.
    expect(callers).toEqual([
      'lib/backup/background/backup-handlers.ts',
      'lib/clipboard/background/clipboard-clearer.ts',
      'lib/clipboard/background/clipboard-handlers.ts',
      'lib/clipboard/background/clipboard-setup.ts',
      'lib/expiry/background/expiry-watcher.ts',
      'lib/kaneo/background/kaneo-handlers.ts',
      'lib/lazy/background/lazy-features.ts',
      'lib/lazy/background/lazy-setup.ts',
      'lib/sync/background/sync-feature.ts',
      'lib/sync/background/sync-setup.ts',
      'lib/tester/background/history-retention.ts',
      'lib/tester/background/tester-handlers.ts',
    ]);
  });
});
