import { describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';

// The background is two bundles (lib/lazy/): the core worker and the lazy features script each
// carry their own copy of sealed-item.ts. A re-key runs in the core and takes the vault's gate
// exclusively; the sealed items of the lazy copy (tester history, API bases, sync state…) must
// wait for it all the same.
describe('the sealed-access gate of one vault', () => {
  async function twoCopies() {
    vi.resetModules();
    const first = await import('@/lib/vault/background/sealed-item');
    vi.resetModules();
    const second = await import('@/lib/vault/background/sealed-item');
    return { first, second };
  }

  it('is the same gate for every copy of the module', async () => {
    const { first, second } = await twoCopies();
    expect(second.sealedAccessGate).not.toBe(first.sealedAccessGate);
    const vault = {};
    expect(second.sealedAccessGate(vault)).toBe(first.sealedAccessGate(vault));
    expect(first.sealedAccessGate({})).not.toBe(first.sealedAccessGate(vault));
  });

  it('held exclusively by one copy (a re-key), holds off a sealed read of the other', async () => {
    const { first, second } = await twoCopies();
    const vault = {
      seal: vi.fn(),
      open: vi.fn(async () => ({ ok: true as const, value: { v: 1 } })),
    };
    await fakeBrowser.storage.local.set({ 'tester.history': { v: 2, iv: 'iv', ct: 'ct' } });
    let release!: () => void;
    const rekey = first.sealedAccessGate(vault).exclusive(() => new Promise<void>((resolve) => (release = resolve)));
    await new Promise((resolve) => setTimeout(resolve, 0));
    const item = second.defineSealedItem({
      item: second.defineSealedStorageItem({ key: 'local:tester.history', area: 'local', version: 1, sealed: true, owner: 'tester', holds: '' }),
      schema: (await import('zod/mini')).unknown(),
      vault,
      damagedMessage: 'damaged',
    });
    const read = item.read();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(vault.open).not.toHaveBeenCalled();
    release();
    await rekey;
    expect(await read).toEqual({ ok: true, value: { v: 1 } });
    expect(vault.open).toHaveBeenCalledTimes(1);
  });
});

// The lazy script must do nothing when it is evaluated (it is evaluated once during the service
// worker's install, lib/lazy/): a WXT item reads storage as soon as it is defined, so the items
// that modules define at their top level are defined on first use.
describe('a sealed storage item', () => {
  it('reads nothing until it is used', async () => {
    const { defineSealedStorageItem } = await import('@/lib/vault/background/sealed-item');
    const get = vi.spyOn(fakeBrowser.storage.local, 'get');
    const item = defineSealedStorageItem({ key: 'local:tester.history', area: 'local', version: 1, sealed: true, owner: 'tester', holds: '' });
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(item.key).toBe('local:tester.history');
    expect(get).not.toHaveBeenCalled();
    expect(await item.getValue()).toBeNull();
    expect(get).toHaveBeenCalled();
  });
});
