/**
 * What the background's two scripts agree on: the core worker (entrypoints/background.ts →
 * background.js) and the lazy script (entrypoints/background-features.ts → background-features.js,
 * loaded on first use: lazy-loader.ts). Types and names only, so the core can import this file
 * without pulling in anything of the lazy features.
 *
 * The lazy script defines one thing when it is evaluated: `globalThis[LAZY_GLOBAL]`, a
 * `CreateBackgroundFeatures`. The core calls it once, with the objects that must exist only once in
 * the background (the one vault service: its single writer, its session and contents caches, its
 * write lock, its listeners and, on the object, the sealed-access gate), and gets the features back.
 */
import type { BackupProtocol } from '../../backup/protocol';
import type { KaneoProtocol } from '../../kaneo/protocol';
import type { ExposedHandler } from '../../messaging/background/guarded-handlers';
import type { SyncProtocol } from '../../sync/protocol';
import type { TesterProtocol } from '../../tester/protocol';
import type { BackgroundVaultService } from '../../vault/background/vault-service';
import type { PassphraseChangedListener } from '../../vault/background/vault-sync-access';

/** The lazy script, a packaged file of the extension (same origin as the core). */
export const LAZY_SCRIPT_PATH = '/background-features.js';
/** The one global the lazy script defines. */
export const LAZY_GLOBAL = '__kaneoKeyManagerBackgroundFeatures';

type Messages<P> = { [K in keyof P]: true };
/** The names of a protocol's messages; the type makes the list whole (a missing or extra name does not compile). */
const names = <P>(all: Messages<P>) => Object.keys(all) as Array<keyof P & string>;

/**
 * Every message the lazy script answers, per feature, with the reason its guard answers when a
 * handler fails (the core answers that reason, too, when the script cannot be loaded).
 */
export const LAZY_MESSAGES = [
  {
    feature: 'kaneo',
    failedReason: 'server-error',
    messages: names<KaneoProtocol>({
      'kaneo.inspectTab': true,
      'kaneo.createKey': true,
      'kaneo.listServerKeys': true,
      'kaneo.setEnabled': true,
      'kaneo.revoke': true,
      'kaneo.rotate': true,
      'kaneo.apiBases.list': true,
      'kaneo.apiBases.set': true,
    }),
  },
  {
    feature: 'tester',
    failedReason: 'internal',
    messages: names<TesterProtocol>({
      'tester.send': true,
      'tester.cancel': true,
      'tester.endpoints': true,
      'tester.lookup': true,
      'tester.history.list': true,
      'tester.history.clear': true,
    }),
  },
  {
    feature: 'sync',
    failedReason: 'internal',
    messages: names<SyncProtocol>({
      'sync.status': true,
      'sync.preview': true,
      'sync.enable': true,
      'sync.disable': true,
      'sync.now': true,
      'sync.conflicts': true,
      'sync.resolveConflict': true,
    }),
  },
  {
    feature: 'backup',
    failedReason: 'internal',
    messages: names<BackupProtocol>({
      'backup.export': true,
      'backup.preview': true,
      'backup.apply': true,
      'backup.restoreNew': true,
    }),
  },
] as const;

export type LazyMessage = keyof (KaneoProtocol & TesterProtocol & SyncProtocol & BackupProtocol);

export interface BackgroundFeatures {
  /** Every lazy message's handler, each already behind the one guard (guarded-handlers.ts). */
  handlers: { [K in LazyMessage]: ExposedHandler<K> };
  /** Sync's engine: the core's sync listeners (lib/sync/background/sync-setup.ts) call these. */
  sync: {
    request(): void;
    passphraseChanged: PassphraseChangedListener;
  };
  /** The tester history, its one writer: drops the history of keys no longer in the vault. */
  tester: { retainHistory(keyIds: string[]): Promise<unknown> };
}

/** What the core hands the lazy script: what is shared and stateful, created once, in the core. */
export interface BackgroundFeaturesDeps {
  vault: BackgroundVaultService;
}

export type CreateBackgroundFeatures = (deps: BackgroundFeaturesDeps) => BackgroundFeatures;
