import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { iconDecoder, registerToolbarIcon, toolbarIconFor } from '@/lib/vault/background/toolbar-icon';

function fakeVault(initial: string) {
  let state = initial;
  const listeners = new Set<() => void>();
  return {
    vault: {
      state: async () => ({ state }) as never,
      onChange: (listener: () => void) => {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
    },
    set(next: string) {
      state = next;
      for (const listener of listeners) listener();
    },
  };
}

describe('toolbar icon', () => {
  beforeEach(() => fakeBrowser.reset());
  afterEach(() => vi.unstubAllGlobals());

  it('shows locked on start and follows unlock and lock', async () => {
    const setIcon = vi.fn(async () => undefined);
    const setTitle = vi.fn(async () => undefined);
    Object.assign(fakeBrowser.action, { setIcon, setTitle });
    const fake = fakeVault('locked');
    registerToolbarIcon({ vault: fake.vault });
    await vi.waitFor(() => expect(setIcon).toHaveBeenLastCalledWith({ path: toolbarIconFor('locked').path }));
    expect(setTitle).toHaveBeenLastCalledWith({ title: 'Kaneo Key Manager — locked' });
    fake.set('unlocked');
    await vi.waitFor(() => expect(setIcon).toHaveBeenLastCalledWith({ path: { '16': '/icon/unlocked-16.png', '32': '/icon/unlocked-32.png' } }));
    fake.set('locked');
    await vi.waitFor(() => expect(setIcon).toHaveBeenCalledTimes(3));
    expect(setIcon).toHaveBeenLastCalledWith({ path: { '16': '/icon/locked-16.png', '32': '/icon/locked-32.png' } });
  });

  it('where it can decode (a service worker), gives each look as pixels, decoded once, the other look ahead of time', async () => {
    const setIcon = vi.fn(async () => undefined);
    Object.assign(fakeBrowser.action, { setIcon, setTitle: vi.fn(async () => undefined) });
    const decoded: string[] = [];
    const pixelsOf = (path: Record<string, string>) => ({ '16': `pixels of ${path['16']}` }) as unknown as Record<string, ImageData>;
    const decode = vi.fn(async (path: Record<string, string>) => {
      decoded.push(path['16']!);
      return pixelsOf(path);
    });
    const fake = fakeVault('locked');
    registerToolbarIcon({ vault: fake.vault, decode });
    await vi.waitFor(() => expect(setIcon).toHaveBeenLastCalledWith({ imageData: pixelsOf(toolbarIconFor('locked').path) }));
    // The unlocked look is decoded before any unlock asks for it.
    await vi.waitFor(() => expect(decoded).toContain('/icon/unlocked-16.png'));
    fake.set('unlocked');
    await vi.waitFor(() => expect(setIcon).toHaveBeenLastCalledWith({ imageData: pixelsOf(toolbarIconFor('unlocked').path) }));
  });

  it('falls back to the files when the pixels cannot be had, or are refused', async () => {
    const setIcon = vi.fn(async () => undefined);
    Object.assign(fakeBrowser.action, { setIcon, setTitle: vi.fn(async () => undefined) });
    registerToolbarIcon({ vault: fakeVault('unlocked').vault, decode: async () => null });
    await vi.waitFor(() => expect(setIcon).toHaveBeenLastCalledWith({ path: toolbarIconFor('unlocked').path }));

    const refusing = vi.fn(async (details: { imageData?: unknown }) => {
      if (details.imageData) throw new Error('bad pixels');
    });
    Object.assign(fakeBrowser.action, { setIcon: refusing });
    registerToolbarIcon({ vault: fakeVault('locked').vault, decode: async () => ({}) as Record<string, ImageData> });
    await vi.waitFor(() => expect(refusing).toHaveBeenLastCalledWith({ path: toolbarIconFor('locked').path }));
  });

  it('the decoder reads and decodes each file once, and answers null (the files) when that fails', async () => {
    const fetch = vi.fn(async (url: string) => ({ blob: async () => ({ url }) }));
    vi.stubGlobal('fetch', fetch);
    vi.stubGlobal('createImageBitmap', async (blob: { url: string }) => ({ width: blob.url.includes('32') ? 32 : 16, height: blob.url.includes('32') ? 32 : 16 }));
    vi.stubGlobal(
      'OffscreenCanvas',
      class {
        constructor(
          public width: number,
          public height: number,
        ) {}
        getContext() {
          return { drawImage: () => undefined, getImageData: (_x: number, _y: number, w: number, h: number) => ({ width: w, height: h }) };
        }
      },
    );
    const decode = iconDecoder();
    const path = toolbarIconFor('unlocked').path;
    const first = await decode(path);
    expect(first).toEqual({ '16': { width: 16, height: 16 }, '32': { width: 32, height: 32 } });
    expect(await decode({ ...path })).toBe(first);
    expect(fetch).toHaveBeenCalledTimes(2);
    expect(fetch.mock.calls.map(([url]) => url).sort()).toEqual([fakeBrowser.runtime.getURL('/icon/unlocked-16.png'), fakeBrowser.runtime.getURL('/icon/unlocked-32.png')]);

    fetch.mockRejectedValueOnce(new Error('gone'));
    expect(await iconDecoder()(path)).toBeNull();
  });

  it('points at icon files that exist', async () => {
    const { existsSync } = await import('node:fs');
    const { join } = await import('node:path');
    for (const state of ['locked', 'unlocked']) {
      for (const file of Object.values(toolbarIconFor(state).path)) expect(existsSync(join(__dirname, '../../../public', file))).toBe(true);
    }
  });
});
