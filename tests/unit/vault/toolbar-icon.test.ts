import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { registerToolbarIcon, toolbarIconFor } from '@/lib/vault/background/toolbar-icon';

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

  it('points at icon files that exist', async () => {
    const { existsSync } = await import('node:fs');
    const { join } = await import('node:path');
    for (const state of ['locked', 'unlocked']) {
      for (const file of Object.values(toolbarIconFor(state).path)) expect(existsSync(join(__dirname, '../../../public', file))).toBe(true);
    }
  });
});
