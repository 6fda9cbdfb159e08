// The page-load prefetch of the vault's state and keys (lib/vault/page/vault-prefetch.ts): asked
// once, taken once, and dropped when the vault changed in storage after it was asked.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

const sent: string[] = [];
vi.mock('@/lib/messaging/protocol', () => ({
  sendMessage: (type: string) => {
    sent.push(type);
    return Promise.resolve(type === 'vault.status' ? { state: 'unlocked' } : { ok: true, value: [] });
  },
}));

const { startVaultPrefetch, takeVaultPrefetch } = await import('../../../lib/vault/page/vault-prefetch');

type Listener = (changes: Record<string, unknown>, area: string) => void;
let listeners: Listener[] = [];
const fire = (changes: Record<string, unknown>, area: string) => listeners.forEach((l) => l(changes, area));

beforeEach(() => {
  sent.length = 0;
  listeners = [];
  vi.stubGlobal('chrome', {
    storage: {
      onChanged: {
        addListener: (l: Listener) => listeners.push(l),
        removeListener: (l: Listener) => (listeners = listeners.filter((x) => x !== l)),
      },
    },
  });
});

afterEach(() => {
  takeVaultPrefetch();
  vi.unstubAllGlobals();
});

describe('vault prefetch', () => {
  it('asks for the state and the keys at once, and hands the answers over once', async () => {
    startVaultPrefetch();
    // The list goes by runtime message here (no service worker to post to: lib/messaging/page/worker-call.ts).
    await vi.waitFor(() => expect(sent).toEqual(['vault.status', 'keys.changes']));
    const early = takeVaultPrefetch();
    expect(await early?.status).toEqual({ state: 'unlocked' });
    expect(await early?.keys).toEqual({ ok: true, value: [] });
    expect(takeVaultPrefetch()).toBeNull();
    expect(listeners).toEqual([]);
  });

  it('is null when nothing was asked', () => {
    expect(takeVaultPrefetch()).toBeNull();
  });

  it('drops the answers when the vault or its session changed after they were asked', () => {
    startVaultPrefetch();
    fire({ vault: {} }, 'local');
    expect(takeVaultPrefetch()).toBeNull();
    startVaultPrefetch();
    fire({ 'vault.session': {} }, 'session');
    expect(takeVaultPrefetch()).toBeNull();
  });

  it('keeps them through changes that are not the vault (activity, settings)', () => {
    startVaultPrefetch();
    fire({ settings: {} }, 'local');
    fire({ somethingElse: 1 }, 'session');
    expect(takeVaultPrefetch()).not.toBeNull();
  });
});
