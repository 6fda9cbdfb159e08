/**
 * The core worker's side of the background's lazy script (Kaneo, the request tester, sync and
 * backup: lib/lazy/background/lazy-features.ts, built as /background-features.js). Why: the
 * service worker's script is parsed on every wake, and most wakes are a popup asking for the
 * vault's state and its key list (issue 11); those features are not needed then.
 *
 * Synchronous, in the first turn: the install-time import (Chromium, lazy-loader.ts) and a
 * listener for every lazy message (lazy-handlers.ts). The script is loaded and its features
 * created at most once per worker (or page), on first use, with the one vault.
 */
import { registerHandlers, type OnMessageLike } from '../../messaging/background/guarded-handlers';
import { LAZY_GLOBAL, LAZY_SCRIPT_PATH, type BackgroundFeatures, type BackgroundFeaturesDeps, type CreateBackgroundFeatures } from './lazy-contract';
import { createLazyHandlers } from './lazy-handlers';
import { createLazyLoader, registerInstallImport, type LazyLoader, type ScriptHost } from './lazy-loader';

export type LazyFeatures = LazyLoader<BackgroundFeatures>;

export function setupLazyFeatures(
  deps: BackgroundFeaturesDeps,
  options: { host?: ScriptHost; onMessage?: OnMessageLike } = {},
): LazyFeatures {
  const host = options.host ?? (globalThis as ScriptHost);
  registerInstallImport(LAZY_SCRIPT_PATH, host);
  const features = createLazyLoader<BackgroundFeatures>({
    path: LAZY_SCRIPT_PATH,
    globalName: LAZY_GLOBAL,
    host,
    create: (defined) => {
      if (typeof defined !== 'function') throw new Error('The lazy script defined no features.');
      return (defined as CreateBackgroundFeatures)(deps);
    },
  });
  registerHandlers(createLazyHandlers(() => features.get()), options.onMessage);
  return features;
}
