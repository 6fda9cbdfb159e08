import { describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { createVaultHandlers, registerVaultHandlers, type VaultHandlers } from '@/lib/vault/background/vault-handlers';
import { isExtensionPageSender } from '@/lib/messaging/sender-check';
import type { VaultService } from '@/lib/vault/background/vault-service.types';
import { createVaultService } from '@/lib/vault/background/vault-service';
import { NOTES_PREVIEW_CHARS } from '@/lib/keys/key-entry';
import { PAGE, hostileSenders } from '../messaging/senders';
import { draft, fastVault, FAST_ITERATIONS, STRONG_PASSPHRASE, TestClock } from './vault-test-helpers';

const OPTIONS_TAB = { id: 'test-extension-id', url: 'chrome-extension://test-extension-id/options.html#keys', tab: { id: 3 } };

async function unlockedHandlers() {
  const vault = fastVault();
  await vault.create(STRONG_PASSPHRASE);
  return { vault, handlers: createVaultHandlers({ vault }) };
}

describe('sender check', () => {
  it('accepts the extension’s own pages only', () => {
    expect(isExtensionPageSender(PAGE)).toBe(true);
    expect(isExtensionPageSender(OPTIONS_TAB)).toBe(true);
    for (const [, sender] of hostileSenders) expect(isExtensionPageSender(sender)).toBe(false);
  });
});

describe('vault handlers', () => {
  it.each(hostileSenders)('refuse every message from %s and touch nothing', async (_label, sender) => {
    const { vault, handlers } = await unlockedHandlers();
    const added = await vault.addKey(draft());
    if (!added.ok) throw new Error(added.message);
    const before = await fakeBrowser.storage.local.get();
    const calls: [keyof VaultHandlers, unknown][] = [
      ['vault.create', { passphrase: STRONG_PASSPHRASE }],
      ['vault.unlock', { passphrase: STRONG_PASSPHRASE }],
      ['vault.lock', undefined],
      ['vault.changePassphrase', { current: STRONG_PASSPHRASE, next: 'brand new strong passphrase 99' }],
      ['keys.list', undefined],
      ['keys.changes', undefined],
      ['keys.add', { draft: draft({ name: 'hostile' }) }],
      ['keys.update', { id: added.value.id, patch: { name: 'pwned' } }],
      ['keys.delete', { id: added.value.id }],
      ['keys.reveal', { id: added.value.id }],
      ['keys.get', { id: added.value.id }],
    ];
    for (const [type, data] of calls) {
      const answer = await (handlers[type] as (d: unknown, s: unknown) => Promise<unknown>)(data, sender);
      expect(answer, type).toMatchObject({ ok: false, reason: 'forbidden' });
    }
    expect(await handlers['vault.status'](undefined, sender)).toEqual({ state: 'locked' });
    expect(await fakeBrowser.storage.local.get()).toEqual(before);
    expect(await vault.state()).toEqual({ state: 'unlocked' });
  });

  it('lists summaries without secrets and reveals a secret only on request', async () => {
    const { handlers } = await unlockedHandlers();
    const added = await handlers['keys.add']({ draft: draft() }, PAGE);
    if (!added.ok) throw new Error(added.message);
    expect(added.value).not.toHaveProperty('secret');
    const list = await handlers['keys.list'](undefined, PAGE);
    expect(list.ok).toBe(true);
    expect(JSON.stringify(list)).not.toContain(draft().secret);
    expect(list.ok && list.value[0]).toMatchObject({ name: draft().name, instance: draft().instance });

    expect(await handlers['keys.reveal']({ id: added.value.id }, PAGE)).toEqual({ ok: true, value: { secret: draft().secret } });
  });

  it('keys.changes answers summaries (notes cut, no secret), whole or since a cursor', async () => {
    const { handlers } = await unlockedHandlers();
    const longNotes = 'n'.repeat(2000);
    const added = await handlers['keys.add']({ draft: draft({ notes: longNotes }) }, PAGE);
    if (!added.ok) throw new Error(added.message);
    const whole = await handlers['keys.changes'](undefined, PAGE);
    if (!whole.ok || !whole.value.whole) throw new Error('expected the whole list');
    expect(whole.value.keys).toEqual([{ ...added.value, notes: longNotes.slice(0, NOTES_PREVIEW_CHARS), notesCut: true }]);
    const updated = await handlers['keys.update']({ id: added.value.id, patch: { name: 'Renamed' } }, PAGE);
    if (!updated.ok) throw new Error(updated.message);
    const delta = await handlers['keys.changes']({ since: whole.value.cursor }, PAGE);
    if (!delta.ok || delta.value.whole) throw new Error('expected a delta');
    expect(delta.value.changed).toEqual([{ ...updated.value, notes: longNotes.slice(0, NOTES_PREVIEW_CHARS), notesCut: true }]);
    expect(JSON.stringify([whole, delta])).not.toContain(draft().secret);
    // The cursor is checked like any input.
    expect(await handlers['keys.changes']({ since: 'x'.repeat(201) }, PAGE)).toMatchObject({ ok: false, reason: 'invalid-input' });
    expect(await handlers['keys.changes']({ since: 'c', extra: 1 } as never, PAGE)).toMatchObject({ ok: false, reason: 'invalid-input' });
  });

  it('lists long notes as a preview and gets them whole, never with the secret', async () => {
    const { handlers } = await unlockedHandlers();
    const notes = `${'é🔑'.repeat(99)}x${'tail '.repeat(360)}END`.slice(0, 2000);
    const added = await handlers['keys.add']({ draft: draft({ notes }) }, PAGE);
    const short = await handlers['keys.add']({ draft: draft({ name: 'Short', notes: 'brief' }) }, PAGE);
    if (!added.ok || !short.ok) throw new Error('not added');
    expect(added.value.notes).toBe(notes);
    const list = await handlers['keys.list'](undefined, PAGE);
    if (!list.ok) throw new Error(list.message);
    const [long, brief] = list.value;
    expect(long!.notesCut).toBe(true);
    expect(notes.startsWith(long!.notes)).toBe(true);
    expect(long!.notes.length).toBeGreaterThanOrEqual(NOTES_PREVIEW_CHARS - 1);
    expect(long!.notes.length).toBeLessThanOrEqual(NOTES_PREVIEW_CHARS);
    // Cut on a whole character: no lone surrogate at the end.
    expect(encodeURIComponent(long!.notes)).toBeTypeOf('string');
    expect(brief).toMatchObject({ notes: 'brief' });
    expect(brief).not.toHaveProperty('notesCut');
    const got = await handlers['keys.get']({ id: added.value.id }, PAGE);
    expect(got).toEqual({ ok: true, value: added.value });
    expect(JSON.stringify(got)).not.toContain(draft().secret);
    expect(await handlers['keys.get']({ id: 'nope' }, PAGE)).toMatchObject({ ok: false, reason: 'not-found' });
  });

  it('update applies the sent fields and answers a summary; delete removes', async () => {
    const { handlers } = await unlockedHandlers();
    const added = await handlers['keys.add']({ draft: draft({ notes: 'stay' }) }, PAGE);
    if (!added.ok) throw new Error(added.message);
    const updated = await handlers['keys.update']({ id: added.value.id, patch: { name: 'New name' } }, PAGE);
    expect(updated).toMatchObject({ ok: true, value: { name: 'New name', notes: 'stay' } });
    expect(updated.ok && updated.value).not.toHaveProperty('secret');
    expect(await handlers['keys.delete']({ id: added.value.id }, PAGE)).toEqual({ ok: true, value: null });
    expect(await handlers['keys.list'](undefined, PAGE)).toEqual({ ok: true, value: [] });
  });

  it('reports a duplicate name clearly', async () => {
    const { handlers } = await unlockedHandlers();
    await handlers['keys.add']({ draft: draft({ name: 'Deploy' }) }, PAGE);
    const again = await handlers['keys.add']({ draft: draft({ name: 'DEPLOY' }) }, PAGE);
    expect(again).toMatchObject({ ok: false, reason: 'duplicate-name' });
    expect(again.ok || again.message).toMatch(/already exists/);
  });

  it('validates input with zod and answers invalid-input instead of throwing', async () => {
    const { handlers } = await unlockedHandlers();
    const bad: [keyof VaultHandlers, unknown][] = [
      ['vault.unlock', {}],
      ['vault.unlock', { passphrase: 42 }],
      ['vault.create', null],
      ['vault.changePassphrase', { current: 'x' }],
      ['keys.add', { draft: { name: 'x' } }],
      ['keys.add', { draft: draft({ instance: { webOrigin: 'not a url', apiBaseUrl: 'x' } }) }],
      ['keys.update', { id: 'x', patch: { name: 'y'.repeat(65) } }],
      ['keys.delete', { id: '' }],
      ['keys.reveal', 'abc'],
    ];
    for (const [type, data] of bad) {
      const answer = await (handlers[type] as (d: unknown, s: unknown) => Promise<unknown>)(data, PAGE);
      expect(answer, `${type} ${JSON.stringify(data)}`).toMatchObject({ ok: false, reason: 'invalid-input' });
    }
  });

  it('refuses trivially weak passphrases for create and change, with the background floor', async () => {
    const vault = fastVault();
    const handlers = createVaultHandlers({ vault });
    for (const weak of ['password123', 'short', 'aaaaaaaaaaaaaaa', 'qwertyuiop12']) {
      expect(await handlers['vault.create']({ passphrase: weak }, PAGE)).toMatchObject({ ok: false, reason: 'weak-passphrase' });
    }
    expect(await vault.state()).toEqual({ state: 'uninitialized' });
    expect(await handlers['vault.create']({ passphrase: STRONG_PASSPHRASE }, PAGE)).toEqual({ ok: true, value: null });
    expect(
      await handlers['vault.changePassphrase']({ current: STRONG_PASSPHRASE, next: 'password1234' }, PAGE),
    ).toMatchObject({ ok: false, reason: 'weak-passphrase' });
  });

  it('status, lock and unlock round trip; a wrong passphrase is reported', async () => {
    const { handlers } = await unlockedHandlers();
    expect(await handlers['vault.status'](undefined, PAGE)).toEqual({ state: 'unlocked' });
    expect(await handlers['vault.lock'](undefined, PAGE)).toEqual({ ok: true, value: null });
    expect(await handlers['vault.status'](undefined, PAGE)).toEqual({ state: 'locked' });
    expect(await handlers['keys.list'](undefined, PAGE)).toMatchObject({ ok: false, reason: 'locked' });
    expect(await handlers['vault.unlock']({ passphrase: 'wrong wrong wrong' }, PAGE)).toMatchObject({
      ok: false,
      reason: 'wrong-passphrase',
    });
    expect(await handlers['vault.unlock']({ passphrase: STRONG_PASSPHRASE }, PAGE)).toEqual({ ok: true, value: null });
  });

  it('never throws: a failing vault becomes an internal error answer', async () => {
    const broken = new Proxy({} as VaultService, {
      get: () => async () => {
        throw new Error('boom');
      },
    });
    const handlers = createVaultHandlers({ vault: broken });
    expect(await handlers['keys.list'](undefined, PAGE)).toMatchObject({ ok: false, reason: 'internal' });
    expect(await handlers['vault.status'](undefined, PAGE)).toMatchObject({ state: 'damaged' });
  });

  it('counts accepted actions as activity (touch), but not the status and list reads pages poll', async () => {
    const { vault } = await unlockedHandlers();
    const touch = vi.spyOn(vault, 'touch');
    const handlers = createVaultHandlers({ vault });
    await handlers['vault.status'](undefined, PAGE);
    await handlers['keys.list'](undefined, PAGE);
    await handlers['keys.changes'](undefined, PAGE);
    expect(touch).not.toHaveBeenCalled();
    const added = await handlers['keys.add']({ draft: draft() }, PAGE);
    if (!added.ok) throw new Error(added.message);
    await handlers['keys.reveal']({ id: added.value.id }, PAGE);
    expect(touch).toHaveBeenCalledTimes(2);
    await handlers['keys.reveal']({ id: added.value.id }, {});
    expect(touch).toHaveBeenCalledTimes(2);
  });

  it('an open page that keeps polling does not hold the vault unlocked past the idle limit', async () => {
    const clock = new TestClock();
    const vault = createVaultService({ kdfIterations: FAST_ITERATIONS, clock, idleLimitMs: async () => 5 * 60_000 });
    await vault.create(STRONG_PASSPHRASE);
    const handlers = createVaultHandlers({ vault });
    for (let minute = 0; minute < 4; minute++) {
      clock.advanceMinutes(1);
      expect(await handlers['vault.status'](undefined, PAGE)).toEqual({ state: 'unlocked' });
      expect((await handlers['keys.list'](undefined, PAGE)).ok).toBe(true);
    }
    clock.advanceMinutes(1);
    expect(await handlers['vault.status'](undefined, PAGE)).toEqual({ state: 'locked' });
    expect(await handlers['keys.list'](undefined, PAGE)).toMatchObject({ ok: false, reason: 'locked' });
  });
});

describe('registerVaultHandlers', () => {
  async function deliver(type: string, data: unknown, sender: { id?: string; url?: string }): Promise<unknown> {
    let answer: unknown;
    const responded = new Promise<void>((resolve) => {
      void fakeBrowser.runtime.onMessage.trigger({ id: 1, type, data, timestamp: Date.now() }, sender, (r: unknown) => {
        answer = r;
        resolve();
      });
    });
    await responded;
    return answer;
  }

  it('answers through the runtime message listener with the browser-provided sender', async () => {
    const vault = fastVault();
    await vault.create(STRONG_PASSPHRASE);
    const unregister = registerVaultHandlers({ vault });
    try {
      expect(await deliver('vault.status', undefined, PAGE)).toEqual({ res: { state: 'unlocked' } });
      expect(await deliver('keys.list', undefined, { id: 'test-extension-id', url: 'https://evil.example/' })).toMatchObject({
        res: { ok: false, reason: 'forbidden' },
      });
    } finally {
      unregister();
    }
  });
});
