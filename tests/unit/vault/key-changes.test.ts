// Issue 11: a page that holds the key list asks only for what changed since its list
// (`keys.changes`), and gets the whole list whenever the background cannot say exactly what did.
import { describe, expect, it } from 'vitest';
import { CHANGE_LOG_WRITES } from '@/lib/vault/background/vault-contents-store';
import type { KeyEntry } from '@/lib/keys/key-entry';
import type { KeyChanges } from '@/lib/vault/protocol';
import { draft, fastVault, STRONG_PASSPHRASE } from './vault-test-helpers';

async function openVault(names: string[]) {
  const vault = fastVault();
  expect((await vault.create(STRONG_PASSPHRASE)).ok).toBe(true);
  const added = await vault.addKeys(names.map((name) => draft({ name })));
  if (!added.ok) throw new Error(added.message);
  return { vault, keys: added.value };
}

async function changes(vault: ReturnType<typeof fastVault>, since?: string): Promise<KeyChanges<KeyEntry>> {
  const answer = await vault.listChanges(since);
  if (!answer.ok) throw new Error(answer.message);
  return answer.value;
}

async function cursorOf(vault: ReturnType<typeof fastVault>): Promise<string> {
  return (await changes(vault)).cursor;
}

const names = (keys: readonly KeyEntry[]) => keys.map((k) => k.name).sort();

describe('keys.changes in the background', () => {
  it('answers the whole list without a cursor, and nothing changed for the current one', async () => {
    const { vault } = await openVault(['a', 'b']);
    const whole = await changes(vault);
    expect(whole.whole).toBe(true);
    if (whole.whole) expect(names(whole.keys)).toEqual(['a', 'b']);
    expect(await changes(vault, whole.cursor)).toEqual({ cursor: whole.cursor, whole: false, since: whole.cursor, changed: [], removed: [] });
  });

  it('after an edit, a delete and an add, answers exactly those keys against the older cursor', async () => {
    const { vault, keys } = await openVault(['a', 'b', 'c']);
    const before = await cursorOf(vault);
    expect((await vault.updateKey(keys[0]!.id, { notes: 'edited' })).ok).toBe(true);
    expect((await vault.deleteKey(keys[1]!.id)).ok).toBe(true);
    const added = await vault.addKey(draft({ name: 'd' }));
    if (!added.ok) throw new Error(added.message);
    const delta = await changes(vault, before);
    expect(delta.whole).toBe(false);
    if (delta.whole) return;
    expect(delta.since).toBe(before);
    expect(delta.cursor).toBe(await cursorOf(vault));
    expect(delta.cursor).not.toBe(before);
    expect(names(delta.changed)).toEqual(['a', 'd']);
    expect(delta.changed.find((k) => k.name === 'a')?.notes).toBe('edited');
    expect(delta.removed).toEqual([keys[1]!.id]);
    // Key "c" was not touched and is not sent again.
    expect(delta.changed.some((k) => k.id === keys[2]!.id)).toBe(false);
  });

  it('a key added and deleted after the cursor is only "removed"; one changed twice is sent once, as it is now', async () => {
    const { vault, keys } = await openVault(['a']);
    const before = await cursorOf(vault);
    const added = await vault.addKey(draft({ name: 'short-lived' }));
    if (!added.ok) throw new Error(added.message);
    await vault.deleteKey(added.value.id);
    await vault.updateKey(keys[0]!.id, { notes: 'one' });
    await vault.updateKey(keys[0]!.id, { notes: 'two' });
    const delta = await changes(vault, before);
    if (delta.whole) throw new Error('expected a delta');
    expect(delta.removed).toEqual([added.value.id]);
    expect(delta.changed.map((k) => k.notes)).toEqual(['two']);
  });

  it('answers the whole list for a cursor it does not know', async () => {
    const { vault } = await openVault(['a']);
    const answer = await changes(vault, 'not a cursor');
    expect(answer.whole).toBe(true);
    if (answer.whole) expect(names(answer.keys)).toEqual(['a']);
  });

  it('a cursor names stored contents, not a session: one from before a lock still answers the change after it', async () => {
    const { vault, keys } = await openVault(['a']);
    const before = await cursorOf(vault);
    await vault.lock();
    expect((await vault.unlock(STRONG_PASSPHRASE)).ok).toBe(true);
    await vault.updateKey(keys[0]!.id, { notes: 'after the lock' });
    const delta = await changes(vault, before);
    if (delta.whole) throw new Error('expected a delta');
    expect(delta.changed.map((k) => k.notes)).toEqual(['after the lock']);
  });

  it('answers the whole list when another background wrote in between (a write it did not log)', async () => {
    const { vault, keys } = await openVault(['a', 'b']);
    const before = await cursorOf(vault);
    // A second service over the same storage: another background, or this one restarted.
    const other = fastVault();
    expect((await other.unlock(STRONG_PASSPHRASE)).ok).toBe(true);
    expect((await other.updateKey(keys[1]!.id, { notes: 'written elsewhere' })).ok).toBe(true);
    await vault.updateKey(keys[0]!.id, { notes: 'written here' });
    const answer = await changes(vault, before);
    expect(answer.whole).toBe(true);
    if (answer.whole) expect(answer.keys.map((k) => k.notes).sort()).toEqual(['written elsewhere', 'written here']);
  });

  it(`keeps the last ${CHANGE_LOG_WRITES} writes: a cursor older than that gets the whole list`, async () => {
    const { vault, keys } = await openVault(['a']);
    const oldest = await cursorOf(vault);
    await vault.updateKey(keys[0]!.id, { notes: 'first' });
    const second = await cursorOf(vault);
    for (let i = 1; i <= CHANGE_LOG_WRITES; i++) await vault.updateKey(keys[0]!.id, { notes: `write ${i}` });
    expect((await changes(vault, second)).whole).toBe(false);
    expect((await changes(vault, oldest)).whole).toBe(true);
  });

  it('a failed write logs nothing: the old cursor still answers the change that did land', async () => {
    const { vault, keys } = await openVault(['a', 'b']);
    const before = await cursorOf(vault);
    await vault.updateKey(keys[0]!.id, { notes: 'landed' });
    const clash = await vault.updateKey(keys[1]!.id, { name: 'a' });
    expect(clash.ok).toBe(false);
    const delta = await changes(vault, before);
    if (delta.whole) throw new Error('expected a delta');
    expect(delta.changed.map((k) => k.notes)).toEqual(['landed']);
  });

  it('says "locked" while locked, like keys.list', async () => {
    const { vault } = await openVault(['a']);
    await vault.lock();
    const answer = await vault.listChanges();
    expect(answer.ok ? 'ok' : answer.reason).toBe('locked');
  });
});
