/**
 * Brings the background's lazy script (LAZY_SCRIPT_PATH, lazy-contract.ts) in, once, when it is
 * first needed, and answers what it defines. A failure is answered as a Result: never thrown, and
 * never a promise that does not settle.
 *
 * Chromium (MV3 service worker). A service worker cannot `import()`, and it may `importScripts()`
 * a URL it has not imported before only while it is installing; after that, only a URL it
 * imported then. That is the script resource map of the Service Workers spec: a script imported
 * during the `install` event is kept with that worker version, and any later instance of the same
 * version (the worker is stopped when idle and started again for an event) may `importScripts()`
 * it at any time, from the map, without the network. Measured in Chromium 156: a worker started
 * after `ServiceWorker.stopAllWorkers` imported it on its first message; a URL not imported
 * during install fails with a NetworkError (answered here as an error). So `registerInstallImport`
 * imports the script during `install`, and the loader imports it again when first needed.
 *
 * Versions stay matched across an extension update: the new version is a new worker script, so the
 * browser installs a new worker, whose own `install` event imports the new lazy script into its own
 * map. A worker only ever finds the lazy script its own install imported: the one built with it.
 *
 * Firefox (MV2): the background is a persistent page, not a worker. It has no `importScripts`, and
 * no wake cost either (it is started once per browser session). The script is still loaded on first
 * use, with a <script> element of the same packaged file: one behaviour in both browsers (the
 * features start when first needed, and the end-to-end tests exercise that path in both), and a
 * browser start that parses nothing it may not need.
 */
import { err, ok, type Result } from '../../result';

export const LOAD_FAILED_MESSAGE =
  'A part of the extension could not be loaded. Reload the extension (or restart the browser) and try again.';

/** The little of a <script> element the page path uses. */
export interface ScriptElementLike {
  src: string;
  onload: (() => void) | null;
  onerror: (() => void) | null;
}

/** Where the background runs: a worker has `importScripts`, a page has `document`. */
export interface ScriptHost {
  importScripts?: (url: string) => void;
  addEventListener?: (type: 'install', listener: () => void) => void;
  document?: {
    createElement(tag: 'script'): ScriptElementLike;
    head: { appendChild(node: ScriptElementLike): unknown } | null;
  };
}

const hostOf = (host: ScriptHost) => host as ScriptHost & Record<string, unknown>;
const isWorker = (host: ScriptHost) => typeof host.importScripts === 'function';

/**
 * Chromium's worker: import `path` during the `install` event, so that later instances of this
 * worker version can import it (see above). Evaluating it only defines the lazy script's global.
 * Call in the first turn (an `install` listener added later is never called). Does nothing in a page.
 */
export function registerInstallImport(path: string, host: ScriptHost): void {
  if (!isWorker(host) || typeof host.addEventListener !== 'function') return;
  host.addEventListener('install', () => {
    try {
      host.importScripts!(path);
    } catch {
      // Not fatal for the core worker: the lazy features then answer LOAD_FAILED_MESSAGE.
    }
  });
}

function bringIn(path: string, host: ScriptHost, timeoutMs: number): Promise<void> {
  if (isWorker(host)) {
    // Synchronous: the script has run (or this threw) when it returns.
    host.importScripts!(path);
    return Promise.resolve();
  }
  const document = host.document;
  if (!document?.head) return Promise.reject(new Error('No way to load a script here.'));
  const head = document.head;
  return new Promise((resolve, reject) => {
    const script = document.createElement('script');
    const settle = (error: Error | null) => {
      clearTimeout(timer);
      script.onload = null;
      script.onerror = null;
      if (error) reject(error);
      else resolve();
    };
    // A packaged file loads in milliseconds; this only keeps a caller from waiting forever.
    const timer = setTimeout(() => settle(new Error('The script did not load in time.')), timeoutMs);
    script.onload = () => settle(null);
    script.onerror = () => settle(new Error('The script did not load.'));
    script.src = path;
    head.appendChild(script);
  });
}

export interface LazyLoader<T> {
  /** Loads the script and creates its value on the first call; every call shares that one load. */
  get(): Promise<Result<T>>;
  /** The value, if it was already created (loads nothing). */
  loaded(): T | null;
}

/**
 * One in-flight load: concurrent callers share it; a failed load is forgotten, so the next call
 * tries again. `create` gets what the script defined at `globalThis[globalName]` (it is called
 * once per successful load).
 */
export function createLazyLoader<T>(options: {
  path: string;
  globalName: string;
  host: ScriptHost;
  create: (defined: unknown) => T;
  timeoutMs?: number;
}): LazyLoader<T> {
  const { path, globalName, host, create } = options;
  let value: T | null = null;
  let pending: Promise<Result<T>> | null = null;

  async function load(): Promise<Result<T>> {
    try {
      // The worker that ran `install` evaluated the script then: its global is already there.
      if (hostOf(host)[globalName] === undefined) await bringIn(path, host, options.timeoutMs ?? 10_000);
      const defined = hostOf(host)[globalName];
      if (defined === undefined) return err('unavailable', LOAD_FAILED_MESSAGE);
      value = create(defined);
      return ok(value);
    } catch {
      return err('unavailable', LOAD_FAILED_MESSAGE);
    }
  }

  return {
    get() {
      if (value !== null) return Promise.resolve(ok(value));
      pending ??= load().then((result) => {
        if (!result.ok) pending = null;
        return result;
      });
      return pending;
    },
    loaded: () => value,
  };
}
