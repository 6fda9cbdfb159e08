import { describe, expect, it } from 'vitest';
import { KEY_RECORD_KEY } from '@/lib/sync/background/sync-records';
import { SYNC_BUDGET_BYTES } from '@/lib/sync/background/sync-quota';
import { OTHER_STRONG_PASSPHRASE, STRONG_PASSPHRASE, flipByte } from '../vault/vault-test-helpers';
import { advanceDays, carry, device, key, names } from './sync-test-helpers';

async function enableFresh(d: Awaited<ReturnType<typeof device>>) {
  const preview = await d.engine.preview();
  expect(preview).toMatchObject({ ok: true, value: { mode: 'fresh', fits: true } });
  const on = await d.engine.enable({});
  expect(on).toMatchObject({ ok: true, value: { phase: 'on' } });
}

async function join(d: Awaited<ReturnType<typeof device>>, passphrase = STRONG_PASSPHRASE, choices = {}) {
  const preview = await d.engine.preview(passphrase);
  if (!preview.ok) throw new Error(preview.message);
  const on = await d.engine.enable(choices);
  if (!on.ok) throw new Error(on.message);
  return preview.value;
}

describe('sync engine: two profiles', () => {
  it('a second device with its own vault joins with the passphrase alone, after a preview', async () => {
    const a = await device(STRONG_PASSPHRASE);
    await a.vault.addKey(key('deploy'));
    await a.vault.addKey(key('shared', { notes: 'from A' }));
    await enableFresh(a);
    const b = await device(STRONG_PASSPHRASE);
    await b.vault.addKey(key('laptop only'));
    await b.vault.addKey(key('shared', { notes: 'from B' }));
    carry(a, b);

    expect(await b.engine.preview()).toMatchObject({ ok: false, reason: 'needs-passphrase' });
    expect(await b.engine.preview(OTHER_STRONG_PASSPHRASE)).toMatchObject({ ok: false, reason: 'wrong-passphrase' });
    expect(await names(b)).toEqual(['laptop only', 'shared']);
    const preview = await b.engine.preview(STRONG_PASSPHRASE);
    expect(preview).toMatchObject({
      ok: true,
      value: {
        mode: 'join',
        fromSync: [{ name: 'deploy', host: 'kaneo.secret-host.example' }],
        fromHere: [{ name: 'laptop only' }],
        identical: [],
        conflicts: [{ name: 'shared', differs: ['notes'] }],
      },
    });
    // The preview changed nothing.
    expect(await names(b)).toEqual(['laptop only', 'shared']);
    const ref = preview.ok ? preview.value.conflicts[0]!.ref : '';
    expect(await b.engine.enable({})).toMatchObject({ ok: false, reason: 'invalid-input' });
    expect(await b.engine.enable({ [ref]: 'both' })).toMatchObject({ ok: true });
    expect(await names(b)).toEqual(['deploy', 'laptop only', 'shared', 'shared (this device)']);

    carry(b, a);
    await a.engine.syncNow();
    expect(await names(a)).toEqual(await names(b));
  });

  it('add on A appears on B; delete on B is gone on A; concurrent edits converge with a conflict', async () => {
    const a = await device(STRONG_PASSPHRASE);
    await enableFresh(a);
    const b = await device(OTHER_STRONG_PASSPHRASE);
    carry(a, b);
    await join(b);

    const added = await a.vault.addKey(key('new on A'));
    await a.engine.syncNow();
    carry(a, b);
    await b.engine.syncNow();
    expect(await names(b)).toEqual(['new on A']);

    const id = added.ok ? added.value.id : '';
    await a.vault.updateKey(id, { notes: 'edited on A' });
    await b.vault.updateKey(id, { notes: 'edited on B' });
    await a.engine.syncNow();
    await b.engine.syncNow();
    // The browser's sync keeps one of the two writes of the same item; then each side merges.
    carry(b, a);
    await a.engine.syncNow();
    carry(a, b);
    await b.engine.syncNow();
    const notesA = await a.vault.getKey(id);
    const notesB = await b.vault.getKey(id);
    expect(notesA.ok && notesB.ok && notesA.value.notes).toBe(notesB.ok && notesB.value.notes);
    const conflictsA = await a.engine.conflicts();
    const conflictsB = await b.engine.conflicts();
    const all = [...(conflictsA.ok ? conflictsA.value : []), ...(conflictsB.ok ? conflictsB.value : [])];
    expect(all.length).toBeGreaterThanOrEqual(1);
    const losing = all[0]!;
    expect([losing.kept?.notes, losing.current?.notes].sort()).toEqual(['edited on A', 'edited on B']);

    // "Use this one" brings the losing version back on every device.
    const owner = conflictsA.ok && conflictsA.value.length ? a : b;
    const other = owner === a ? b : a;
    const conflict = (owner === a ? conflictsA : conflictsB) as { ok: true; value: typeof all };
    const wanted = conflict.value[0]!.kept!.notes;
    expect(await owner.engine.resolveConflict(conflict.value[0]!.id, 'use')).toMatchObject({ ok: true });
    carry(owner, other);
    await other.engine.syncNow();
    const after = await other.vault.getKey(id);
    expect(after.ok && after.value.notes).toBe(wanted);

    await b.vault.deleteKey(id);
    await b.engine.syncNow();
    carry(b, a);
    await a.engine.syncNow();
    expect(await names(a)).toEqual([]);
  });

  it('a device offline for a month still applies a delete (tombstones last 90 days)', async () => {
    const a = await device(STRONG_PASSPHRASE);
    const added = await a.vault.addKey(key('old'));
    await enableFresh(a);
    const b = await device(STRONG_PASSPHRASE);
    carry(a, b);
    await join(b);
    await a.vault.deleteKey(added.ok ? added.value.id : '');
    await a.engine.syncNow();
    advanceDays(31);
    await a.engine.syncNow();
    carry(a, b);
    await b.engine.syncNow();
    expect(await names(b)).toEqual([]);
    // And B's old copy did not come back on A.
    carry(b, a);
    await a.engine.syncNow();
    expect(await names(a)).toEqual([]);
  });

  it('refuses a tampered, swapped or injected record and reports it; applies nothing from it', async () => {
    const a = await device(STRONG_PASSPHRASE);
    const one = await a.vault.addKey(key('one'));
    await a.vault.addKey(key('two'));
    await enableFresh(a);
    const b = await device(STRONG_PASSPHRASE);
    carry(a, b);
    await join(b);
    await a.vault.updateKey(one.ok ? one.value.id : '', { notes: 'changed on A' });
    await a.engine.syncNow();
    carry(a, b);
    const records = Object.keys(b.sync.items).filter((k) => k.startsWith('kkm.r.'));
    const target = records.find((k) => (b.sync.items[k] as { c: number }).c === Math.max(...records.map((r) => (b.sync.items[r] as { c: number }).c)))!;
    const head = b.sync.items[target] as { ct: string };
    b.sync.items[target] = { ...head, ct: flipByte(head.ct, 5) };
    // Injected: a record under a made-up id, copied from another one (swap).
    const other = records.find((k) => k !== target)!;
    b.sync.items['kkm.r.AAAAAAAAAAAAAAAAAAAAAA'] = b.sync.items[other];
    b.sync.items['kkm.evil'] = { hello: 1 };
    await b.engine.syncNow();
    const one1 = await b.vault.getKey(one.ok ? one.value.id : '');
    expect(one1.ok && one1.value.notes).toBe('notes for one');
    const status = await b.engine.status();
    expect(status.ok && status.value.refused.map((r) => r.item).sort()).toEqual(['kkm.evil', 'kkm.r.AAAAAAAAAAAAAAAAAAAAAA', target].sort());
  });

  it('storage.sync holds no name, secret, host or note', async () => {
    const a = await device(STRONG_PASSPHRASE);
    await a.vault.addKey(key('production deploy'));
    await enableFresh(a);
    const dump = JSON.stringify(a.sync.items);
    for (const secretish of ['production', 'deploy', 'kaneo_sk_', 'secret-host', 'notes for', 'kaneo.']) expect(dump).not.toContain(secretish);
    expect(Object.keys(a.sync.items).every((k) => k === KEY_RECORD_KEY || /^kkm\.r\.[\w-]{22}(\.\d+)?$/.test(k))).toBe(true);
  });

  it('a passphrase change re-wraps the synced key: a new device joins with the new one only', async () => {
    const a = await device(STRONG_PASSPHRASE);
    await a.vault.addKey(key('k'));
    await enableFresh(a);
    expect(await a.vault.changePassphrase(STRONG_PASSPHRASE, OTHER_STRONG_PASSPHRASE, { reencrypt: false })).toMatchObject({ ok: true });
    const b = await device(STRONG_PASSPHRASE);
    carry(a, b);
    expect(await b.engine.preview(STRONG_PASSPHRASE)).toMatchObject({ ok: false, reason: 'wrong-passphrase' });
    await join(b, OTHER_STRONG_PASSPHRASE);
    expect(await names(b)).toEqual(['k']);
  });

  it('"change passphrase and re-encrypt" re-seals the synced set under the new key: no record opens with the old one', async () => {
    const a = await device(STRONG_PASSPHRASE);
    await a.vault.addKey(key('k'));
    await enableFresh(a);
    const before = structuredClone(a.sync.items);
    expect(await a.vault.changePassphrase(STRONG_PASSPHRASE, OTHER_STRONG_PASSPHRASE)).toMatchObject({ ok: true });
    const recordIds = (items: Record<string, unknown>) => Object.keys(items).filter((k) => k !== KEY_RECORD_KEY);
    for (const id of recordIds(a.sync.items)) expect(recordIds(before)).not.toContain(id);
    const b = await device(STRONG_PASSPHRASE);
    carry(a, b);
    expect(await b.engine.preview(STRONG_PASSPHRASE)).toMatchObject({ ok: false, reason: 'wrong-passphrase' });
    await join(b, OTHER_STRONG_PASSPHRASE);
    expect(await names(b)).toEqual(['k']);
  });

  it('after a re-key the set starts over under the new key; other devices ask for the passphrase, then converge', async () => {
    const a = await device(STRONG_PASSPHRASE);
    await a.vault.addKey(key('k'));
    await enableFresh(a);
    const b = await device(STRONG_PASSPHRASE);
    carry(a, b);
    await join(b);
    expect(await a.engine.resyncAfterRekey(STRONG_PASSPHRASE)).toEqual({ ok: true, value: null });
    carry(a, b);
    await b.engine.syncNow();
    expect(await b.engine.status()).toMatchObject({ ok: true, value: { phase: 'needs-passphrase' } });
    const preview = await join(b);
    expect(preview.identical.length + preview.fromSync.length + preview.conflicts.length).toBe(0);
    expect(await names(b)).toEqual(['k']);
    expect(await b.engine.status()).toMatchObject({ ok: true, value: { phase: 'on', problem: null } });
  });

  it('write-rate and quota errors: a message, a retry, nothing lost', async () => {
    const a = await device(STRONG_PASSPHRASE);
    await enableFresh(a);
    await a.vault.addKey(key('k'));
    a.sync.failNext = 'This request exceeds the MAX_WRITE_OPERATIONS_PER_MINUTE quota.';
    await a.engine.syncNow();
    const status = await a.engine.status();
    expect(status).toMatchObject({ ok: true, value: { problem: { kind: 'rate' } } });
    expect(status.ok && status.value.problem?.message).toMatch(/120 writes a minute.*Nothing was lost/);
    expect(await names(a)).toEqual(['k']);
    await a.engine.syncNow();
    expect(await a.engine.status()).toMatchObject({ ok: true, value: { problem: null, synced: 1 } });
  });

  it('refuses to turn on for a vault larger than the sync storage, and stops syncing new keys when full', async () => {
    const a = await device(STRONG_PASSPHRASE);
    const big = Array.from({ length: 60 }, (_, i) => key(`key ${i}`, { notes: 'n'.repeat(1900) }));
    await a.vault.addKeys(big);
    const preview = await a.engine.preview();
    expect(preview).toMatchObject({ ok: true, value: { fits: false } });
    const refused = await a.engine.enable({});
    expect(refused).toMatchObject({ ok: false, reason: 'too-large' });
    expect(!refused.ok && refused.message).toMatch(/about \d+ KB.*Sync stays off/);
    expect(Object.keys(a.sync.items)).toEqual([]);

    const b = await device(STRONG_PASSPHRASE);
    await enableFresh(b);
    for (const one of big) await b.vault.addKey(one);
    await b.engine.syncNow();
    const status = await b.engine.status();
    expect(status.ok && status.value.notSynced).toBeGreaterThan(0);
    expect(status.ok && status.value.problem?.message).toMatch(/full/);
    expect(status.ok && status.value.usage.bytes).toBeLessThanOrEqual(SYNC_BUDGET_BYTES);
    expect(await names(b)).toHaveLength(60);
  });
});
