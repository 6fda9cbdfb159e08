import { describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { createVaultHandlers, type VaultHandlers } from '@/lib/vault/background/vault-handlers';
import { DAMAGED_EXPORT_FORMAT } from '@/lib/vault/background/vault-service';
import { VAULT_SEALED_ITEM_KEYS, createVaultStorage } from '@/lib/vault/background/vault-storage';
import { historyItem } from '@/lib/tester/background/history';
import { apiBasesItem } from '@/lib/kaneo/background/api-base-store';
import { listingKeysItem } from '@/lib/kaneo/background/listing-key-store';
import { pendingCreatesItem } from '@/lib/kaneo/background/pending-creates';
import { syncStateItem } from '@/lib/sync/background/sync-state';
import { expiryIndexItem, readExpiryIndex } from '@/lib/expiry/background/expiry-index';
import { registerExpiryWatcher } from '@/lib/expiry/background/expiry-watcher';
import type { VaultEnvelope } from '@/lib/vault/background/envelope';
import { draft, fastVault, flipByte, localSnapshot, sessionSnapshot, STRONG_PASSPHRASE, TestClock } from './vault-test-helpers';

const PAGE = { id: 'test-extension-id', url: 'chrome-extension://test-extension-id/options.html' };
const CONFIRM = { confirm: 'START OVER' } as const;

type AnyHandler = (data: unknown, sender: unknown) => Promise<unknown>;
function send(handlers: VaultHandlers, type: keyof VaultHandlers, data?: unknown, ...sender: [unknown?]) {
  return (handlers[type] as AnyHandler)(data, sender.length ? sender[0] : PAGE);
}

/** A vault with one key, then one changed byte in its ciphertext: stored, but damaged. */
async function damagedVault(meta: Record<string, unknown> = { v: 1 }) {
  const clock = new TestClock();
  const vault = fastVault({ clock });
  await vault.create(STRONG_PASSPHRASE);
  await vault.addKey(draft());
  const envelope = (await fakeBrowser.storage.local.get('vault')).vault as VaultEnvelope;
  const damaged = { ...envelope, index: { ...envelope.index, ct: flipByte(envelope.index.ct, 4) } };
  await fakeBrowser.storage.local.set({ vault: damaged, vault$: meta });
  return { vault, clock, handlers: createVaultHandlers({ vault }), damaged };
}

describe('vault.exportDamaged', () => {
  it('answers the stored value and its metadata exactly as stored, as JSON text', async () => {
    const { handlers, damaged } = await damagedVault();
    const answer = (await send(handlers, 'vault.exportDamaged')) as { ok: true; value: { fileName: string; json: string } };
    expect(answer.ok).toBe(true);
    expect(answer.value.fileName).toBe('kaneo-key-manager-damaged-vault-2026-11-26.json');
    const file = JSON.parse(answer.value.json);
    const stored = await fakeBrowser.storage.local.get(['vault', 'vault$']);
    expect(file).toMatchObject({ format: DAMAGED_EXPORT_FORMAT, v: 1, storageKey: 'local:vault' });
    expect(file.value).toEqual(stored.vault);
    expect(file.value).toEqual(damaged);
    expect(file.meta).toEqual(stored.vault$);
    // Same text as the stored value serializes to: nothing reordered, added or dropped.
    expect(JSON.stringify(file.value)).toBe(JSON.stringify(stored.vault));
  });

  it('keeps a value that is not even an envelope (a bare string, a newer format) as it is', async () => {
    const vault = fastVault();
    await fakeBrowser.storage.local.set({ vault: '{"truncated": ', vault$: { v: 7 } });
    const answer = (await send(createVaultHandlers({ vault }), 'vault.exportDamaged')) as {
      ok: true;
      value: { json: string };
    };
    expect(answer.ok).toBe(true);
    const file = JSON.parse(answer.value.json);
    expect(file.value).toBe('{"truncated": ');
    expect(file.meta).toEqual({ v: 7 });
  });

  it('writes nothing', async () => {
    const { handlers } = await damagedVault();
    const before = await localSnapshot();
    await send(handlers, 'vault.exportDamaged');
    expect(await localSnapshot()).toEqual(before);
  });

  it('is refused unless the vault is damaged: uninitialized, locked, unlocked', async () => {
    const vault = fastVault();
    const handlers = createVaultHandlers({ vault });
    expect(await send(handlers, 'vault.exportDamaged')).toMatchObject({ ok: false, reason: 'uninitialized' });
    await vault.create(STRONG_PASSPHRASE);
    expect(await send(handlers, 'vault.exportDamaged')).toMatchObject({ ok: false, reason: 'not-damaged' });
    await vault.lock();
    expect(await send(handlers, 'vault.exportDamaged')).toMatchObject({ ok: false, reason: 'not-damaged' });
  });
});

describe('vault.resetDamaged', () => {
  it('keeps the damaged vault byte for byte in the backup, clears it, and the state becomes uninitialized', async () => {
    const { vault, handlers } = await damagedVault();
    const stored = await fakeBrowser.storage.local.get(['vault', 'vault$']);
    expect(await vault.state()).toMatchObject({ state: 'damaged' });

    const answer = await send(handlers, 'vault.resetDamaged', CONFIRM);
    expect(answer).toEqual({
      ok: true,
      value: { backupSavedAt: '2026-11-26T12:00:00.000Z', replacedBackupSavedAt: null },
    });

    const local = await fakeBrowser.storage.local.get();
    expect(local.vault).toBeUndefined();
    const backup = local.vaultDamagedBackup as { savedAt: string; value: unknown; meta: unknown };
    expect(backup.savedAt).toBe('2026-11-26T12:00:00.000Z');
    expect(JSON.stringify(backup.value)).toBe(JSON.stringify(stored.vault));
    expect(backup.meta).toEqual(stored.vault$);
    expect(await send(handlers, 'vault.status')).toEqual({ state: 'uninitialized' });
  });

  it('clears the session: a vault that was unlocked before the damage is not "unlocked" afterwards', async () => {
    const { vault } = await damagedVault();
    expect(Object.keys(await sessionSnapshot())).toContain('vault.session');
    expect((await vault.resetDamaged()).ok).toBe(true);
    expect(await sessionSnapshot()).toEqual({});
  });

  it('a new vault can be created afterwards, and works', async () => {
    const { vault, handlers } = await damagedVault();
    await send(handlers, 'vault.resetDamaged', CONFIRM);
    expect(await send(handlers, 'vault.create', { passphrase: 'a completely different passphrase 31' })).toEqual({
      ok: true,
      value: null,
    });
    expect(await vault.state()).toEqual({ state: 'unlocked' });
    expect(await vault.listKeys()).toEqual({ ok: true, value: [] });
    expect((await vault.addKey(draft({ name: 'fresh' }))).ok).toBe(true);
    // A fresh service (a restarted background) reads the new vault as healthy.
    await vault.lock();
    const restarted = fastVault();
    expect(await restarted.state()).toEqual({ state: 'locked' });
    expect((await restarted.unlock('a completely different passphrase 31')).ok).toBe(true);
    // The backup is still there, untouched by the new vault's writes.
    expect((await fakeBrowser.storage.local.get('vaultDamagedBackup')).vaultDamagedBackup).toBeDefined();
  });

  it('a vault damaged by a newer format version: the stale version metadata goes too', async () => {
    const vault = fastVault();
    await vault.create(STRONG_PASSPHRASE);
    await vault.lock();
    await fakeBrowser.storage.local.set({ vault$: { v: 2 } });
    expect(await vault.state()).toMatchObject({ state: 'damaged' });
    expect((await vault.resetDamaged()).ok).toBe(true);
    const backup = (await fakeBrowser.storage.local.get('vaultDamagedBackup')).vaultDamagedBackup as { meta: unknown };
    expect(backup.meta).toEqual({ v: 2 });
    expect((await vault.create(OTHER)).ok).toBe(true);
    await vault.lock();
    expect(await fastVault().state()).toEqual({ state: 'locked' });
    expect((await fakeBrowser.storage.local.get('vault$')).vault$).toEqual({ v: 1 });
  });

  it('keeps only the latest backup, and says which one it replaced', async () => {
    const { vault, clock } = await damagedVault();
    await vault.resetDamaged();
    await fakeBrowser.storage.local.set({ vault: 'second damaged vault', vault$: { v: 1 } });
    clock.advanceMinutes(60);
    expect(await vault.resetDamaged()).toEqual({
      ok: true,
      value: { backupSavedAt: '2026-11-26T13:00:00.000Z', replacedBackupSavedAt: '2026-11-26T12:00:00.000Z' },
    });
    const backup = (await fakeBrowser.storage.local.get('vaultDamagedBackup')).vaultDamagedBackup as { value: unknown };
    expect(backup.value).toBe('second damaged vault');
  });

  it('moves items sealed with the damaged vault’s key into the backup with it', async () => {
    const { vault } = await damagedVault();
    await fakeBrowser.storage.local.set({
      'tester.history': { v: 1, iv: 'aaaa', ct: 'bbbb' },
      kaneoApiBases: { v: 1, iv: 'cccc', ct: 'dddd' },
      settings: { autoLockMinutes: 5 },
    });
    expect((await vault.resetDamaged()).ok).toBe(true);
    const local = await fakeBrowser.storage.local.get();
    expect(local['tester.history']).toBeUndefined();
    expect(local.kaneoApiBases).toBeUndefined();
    expect(local.settings).toEqual({ autoLockMinutes: 5 });
    expect((local.vaultDamagedBackup as { sealed: unknown }).sealed).toEqual({
      'local:tester.history': { v: 1, iv: 'aaaa', ct: 'bbbb' },
      'local:kaneoApiBases': { v: 1, iv: 'cccc', ct: 'dddd' },
    });
  });

  it('the sealed-item list matches the items their owners define', () => {
    expect([...VAULT_SEALED_ITEM_KEYS].sort()).toEqual([historyItem.key, apiBasesItem.key, listingKeysItem.key, pendingCreatesItem.key, syncStateItem.key].sort());
  });

  it('empties the expiry index (the badge stops counting the old keys)', async () => {
    const { vault } = await damagedVault();
    await expiryIndexItem.setValue({ v: 1, expiresAt: [Date.UTC(2026, 11, 1)], notified: [] });
    const stop = registerExpiryWatcher({ vault, notificationsEnabled: async () => false });
    try {
      // While damaged the index is left alone (nothing to rebuild it from).
      await vi.waitFor(async () => expect(await fakeBrowser.alarms.get('kaneo-expiry-check')).toBeDefined());
      expect((await readExpiryIndex()).expiresAt).toHaveLength(1);
      expect((await vault.resetDamaged()).ok).toBe(true);
      await vi.waitFor(async () => expect((await readExpiryIndex()).expiresAt).toEqual([]));
    } finally {
      stop();
    }
  });

  it('does not clear the vault when the backup can’t be confirmed', async () => {
    await damagedVault();
    const base = createVaultStorage();
    const before = await localSnapshot();
    const failing = {
      ...base,
      setAsideDamaged: async () => {
        throw new Error('quota');
      },
    };
    const vault = fastVault({ storage: failing });
    const answer = await send(createVaultHandlers({ vault }), 'vault.resetDamaged', CONFIRM);
    expect(answer).toMatchObject({ ok: false, reason: 'internal' });
    expect(await localSnapshot()).toEqual(before);
  });

  it('is refused unless the vault is damaged — a locked vault is never reset, forgotten passphrase or not', async () => {
    const vault = fastVault();
    const handlers = createVaultHandlers({ vault });
    expect(await send(handlers, 'vault.resetDamaged', CONFIRM)).toMatchObject({ ok: false, reason: 'uninitialized' });
    await vault.create(STRONG_PASSPHRASE);
    await vault.addKey(draft());
    expect(await send(handlers, 'vault.resetDamaged', CONFIRM)).toMatchObject({ ok: false, reason: 'not-damaged' });
    await vault.lock();
    const before = await localSnapshot();
    expect(await send(handlers, 'vault.resetDamaged', CONFIRM)).toMatchObject({ ok: false, reason: 'not-damaged' });
    expect(await localSnapshot()).toEqual(before);
    expect(before.vaultDamagedBackup).toBeUndefined();
  });

  it.each([
    ['no data', undefined],
    ['no phrase', {}],
    ['wrong phrase', { confirm: 'start over' }],
    ['phrase with spaces', { confirm: ' START OVER ' }],
    ['extra field', { confirm: 'START OVER', force: true }],
  ])('needs the exact confirmation phrase: %s', async (_label, data) => {
    const { handlers } = await damagedVault();
    const before = await localSnapshot();
    expect(await send(handlers, 'vault.resetDamaged', data)).toMatchObject({ ok: false, reason: 'invalid-input' });
    expect(await localSnapshot()).toEqual(before);
  });
});

describe('recovery sender checks', () => {
  const hostile = [
    ['no sender', undefined],
    ['another extension', { id: 'other-extension', url: 'chrome-extension://other-extension/options.html' }],
    ['own content script in a web page', { id: 'test-extension-id', url: 'https://kaneo.example.org/' }],
    ['look-alike host', { id: 'test-extension-id', url: 'chrome-extension://test-extension-id.evil.example/x.html' }],
  ] as const;

  it.each(hostile)('refuses export and reset from %s and touches nothing', async (_label, sender) => {
    const { handlers } = await damagedVault();
    const before = await localSnapshot();
    expect(await send(handlers, 'vault.exportDamaged', undefined, sender)).toMatchObject({ ok: false, reason: 'forbidden' });
    expect(await send(handlers, 'vault.resetDamaged', CONFIRM, sender)).toMatchObject({ ok: false, reason: 'forbidden' });
    expect(await localSnapshot()).toEqual(before);
  });
});

const OTHER = 'velvet cactus harbour nine grapes';
