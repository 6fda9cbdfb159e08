import { afterEach, describe, expect, it, vi } from 'vitest';
import { createLazyLoader, LOAD_FAILED_MESSAGE, registerInstallImport, type ScriptElementLike, type ScriptHost } from '@/lib/lazy/background/lazy-loader';

const PATH = '/background-features.js';
const GLOBAL = '__testFeatures';

/** A service worker: `importScripts` runs the script (defines the global) or throws like Chromium. */
function fakeWorker(options: { cached?: boolean } = {}) {
  const listeners: Array<() => void> = [];
  const host: ScriptHost & Record<string, unknown> = {
    importScripts: vi.fn((url: string) => {
      if (url !== PATH || options.cached === false) throw new DOMException('Failed to execute importScripts', 'NetworkError');
      host[GLOBAL] = (deps: unknown) => ({ deps, made: Symbol('features') });
    }),
    addEventListener: (type: string, listener: () => void) => {
      if (type === 'install') listeners.push(listener);
    },
  };
  return { host, install: () => listeners.forEach((listener) => listener()) };
}

/** A background page: a <script> element that loads (defines the global), fails, or never answers. */
function fakePage(outcome: 'load' | 'error' | 'silent' | 'defines-nothing') {
  const appended: ScriptElementLike[] = [];
  const host: ScriptHost & Record<string, unknown> = {
    document: {
      createElement: () => ({ src: '', onload: null, onerror: null }),
      head: {
        appendChild(script: ScriptElementLike) {
          appended.push(script);
          setTimeout(() => {
            if (outcome === 'load') {
              host[GLOBAL] = () => ({ made: 'page' });
              script.onload?.();
            } else if (outcome === 'defines-nothing') script.onload?.();
            else if (outcome === 'error') script.onerror?.();
          }, 1);
        },
      },
    },
  };
  return { host, appended };
}

const create = (defined: unknown) => (defined as (deps: unknown) => object)({ vault: 'the one vault' });

afterEach(() => {
  vi.useRealTimers();
});

describe('the lazy script loader', () => {
  it('worker: imports the script once, creates its features once with the shared deps, and answers them', async () => {
    const { host } = fakeWorker();
    const loader = createLazyLoader({ path: PATH, globalName: GLOBAL, host, create });
    expect(loader.loaded()).toBeNull();
    const first = await loader.get();
    expect(first).toMatchObject({ ok: true, value: { deps: { vault: 'the one vault' } } });
    expect(host.importScripts).toHaveBeenCalledWith(PATH);
    expect(await loader.get()).toEqual(first);
    expect(loader.loaded()).toBe(first.ok && first.value);
    expect(host.importScripts).toHaveBeenCalledTimes(1);
  });

  it('worker: concurrent callers share one load and one set of features', async () => {
    const { host } = fakeWorker();
    const made = vi.fn(create);
    const loader = createLazyLoader({ path: PATH, globalName: GLOBAL, host, create: made });
    const answers = await Promise.all([loader.get(), loader.get(), loader.get()]);
    expect(host.importScripts).toHaveBeenCalledTimes(1);
    expect(made).toHaveBeenCalledTimes(1);
    const values = answers.map((a) => (a.ok ? a.value : null));
    expect(values[1]).toBe(values[0]);
    expect(values[2]).toBe(values[0]);
  });

  it('worker: the script imported during install is used as it is (no second import)', async () => {
    const { host, install } = fakeWorker();
    registerInstallImport(PATH, host);
    install();
    expect(host.importScripts).toHaveBeenCalledTimes(1);
    const loader = createLazyLoader({ path: PATH, globalName: GLOBAL, host, create });
    expect((await loader.get()).ok).toBe(true);
    expect(host.importScripts).toHaveBeenCalledTimes(1);
  });

  it('worker: a script not kept at install (NetworkError) is answered as an error, and tried again on the next call', async () => {
    const cached = { cached: false };
    const { host, install } = fakeWorker(cached);
    registerInstallImport(PATH, host);
    expect(() => install()).not.toThrow();
    const loader = createLazyLoader({ path: PATH, globalName: GLOBAL, host, create });
    expect(await loader.get()).toEqual({ ok: false, reason: 'unavailable', message: LOAD_FAILED_MESSAGE });
    expect(loader.loaded()).toBeNull();
    cached.cached = true;
    expect((await loader.get()).ok).toBe(true);
  });

  it('a script that defines nothing, or features that fail to be created, answer an error', async () => {
    const empty: ScriptHost = { importScripts: vi.fn() };
    expect(await createLazyLoader({ path: PATH, globalName: GLOBAL, host: empty, create }).get()).toMatchObject({ ok: false, reason: 'unavailable' });
    const { host } = fakeWorker();
    const throwing = createLazyLoader({
      path: PATH,
      globalName: GLOBAL,
      host,
      create: () => {
        throw new Error('boom');
      },
    });
    expect(await throwing.get()).toEqual({ ok: false, reason: 'unavailable', message: LOAD_FAILED_MESSAGE });
  });

  it('page: loads the script with one <script> element of the same path, once', async () => {
    const { host, appended } = fakePage('load');
    const loader = createLazyLoader({ path: PATH, globalName: GLOBAL, host, create });
    const answers = await Promise.all([loader.get(), loader.get()]);
    expect(answers.every((a) => a.ok)).toBe(true);
    expect(appended).toHaveLength(1);
    expect(appended[0]!.src).toBe(PATH);
    expect((await loader.get()).ok).toBe(true);
    expect(appended).toHaveLength(1);
  });

  it('page: a script that fails to load, or defines nothing, answers an error', async () => {
    for (const outcome of ['error', 'defines-nothing'] as const) {
      const { host } = fakePage(outcome);
      const loader = createLazyLoader({ path: PATH, globalName: GLOBAL, host, create });
      expect(await loader.get()).toEqual({ ok: false, reason: 'unavailable', message: LOAD_FAILED_MESSAGE });
    }
  });

  it('page: a script that never answers does not leave the caller waiting', async () => {
    vi.useFakeTimers();
    const { host } = fakePage('silent');
    const loader = createLazyLoader({ path: PATH, globalName: GLOBAL, host, create, timeoutMs: 5_000 });
    const answer = loader.get();
    await vi.advanceTimersByTimeAsync(5_001);
    expect(await answer).toEqual({ ok: false, reason: 'unavailable', message: LOAD_FAILED_MESSAGE });
  });

  it('neither a worker nor a page: an error, not a throw', async () => {
    const loader = createLazyLoader({ path: PATH, globalName: GLOBAL, host: {}, create });
    expect(await loader.get()).toMatchObject({ ok: false, reason: 'unavailable' });
  });

  it('registers the install-time import only in a worker', () => {
    const page = { ...fakePage('load').host, addEventListener: vi.fn() };
    registerInstallImport(PATH, page);
    expect(page.addEventListener).not.toHaveBeenCalled();
  });
});
