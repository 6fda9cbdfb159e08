import { describe, expect, it } from 'vitest';
import { keyEntrySchema, type KeyEntry } from '@/lib/keys/key-entry';
import type { SyncedItem } from '@/lib/sync/background/merge';
import { classifySyncError, itemBytes, SYNC_BUDGET_BYTES, SYNC_BUDGET_ITEMS, SYNC_LIMITS } from '@/lib/sync/background/sync-quota';
import { deriveSyncKeys, openRecords, recordIdFor, sealRecord, PAD_BYTES } from '@/lib/sync/background/sync-records';
import { flipByte } from '../vault/vault-test-helpers';

const rawKey = () => globalThis.crypto.getRandomValues(new Uint8Array(32));
const SYNC_ID = '3f0c6f0e-8a55-4c36-9b43-2f3f51f0a001';

function entry(overrides: Partial<KeyEntry> = {}): KeyEntry {
  return keyEntrySchema.parse({
    id: globalThis.crypto.randomUUID(),
    name: 'CI deploy key',
    secret: 'k'.repeat(64),
    instance: { webOrigin: 'https://kaneo.example.org', apiBaseUrl: 'https://kaneo.example.org/api' },
    notes: 'used by the nightly job',
    createdAt: '2026-11-01T10:00:00.000Z',
    updatedAt: '2026-11-01T10:00:00.000Z',
    expiresAt: '2027-11-01T00:00:00.000Z',
    remoteId: 'k8H2mQ0pZx4Lr7Tn',
    start: 'kaneo_',
    ...overrides,
  });
}

const item = (e: KeyEntry | null, id = e?.id ?? 'gone', c = 3): SyncedItem<KeyEntry> => ({ id, v: { c, d: 'deviceAAAA', vv: { deviceAAAA: c } }, at: '2026-12-01T00:00:00.000Z', entry: e });

describe('sync records', () => {
  it('round-trips an entry and a tombstone; ids are HMACs, not names', async () => {
    const keys = await deriveSyncKeys(rawKey(), SYNC_ID);
    const e = entry();
    const a = await sealRecord(keys, item(e));
    const t = await sealRecord(keys, item(null, 'deleted-id'));
    expect(a.rid).toBe(await recordIdFor(keys, e.id));
    expect(a.rid).not.toContain(e.id.slice(0, 8));
    const opened = await openRecords(keys, { ...a.items, ...t.items });
    expect(opened.refused).toEqual([]);
    expect(opened.items.map((i) => i.entry)).toEqual([e, null]);
  });

  it('pads plaintext so record size moves in steps of PAD_BYTES', async () => {
    const keys = await deriveSyncKeys(rawKey(), SYNC_ID);
    const sizes = new Set<number>();
    for (let n = 0; n < 40; n++) sizes.add((await sealRecord(keys, item(entry({ notes: 'x'.repeat(n) })))).bytes);
    expect(sizes.size).toBeLessThanOrEqual(2);
    expect(PAD_BYTES).toBe(64);
  });

  it('chunks a large entry into items under 8,192 bytes and reassembles it; a missing chunk is refused', async () => {
    const keys = await deriveSyncKeys(rawKey(), SYNC_ID);
    const e = entry({ notes: '界'.repeat(2000), name: '鍵'.repeat(64) });
    const sealed = await sealRecord(keys, item(e));
    const parts = Object.entries(sealed.items);
    expect(parts.length).toBeGreaterThan(1);
    for (const [k, v] of parts) expect(itemBytes(k, v)).toBeLessThanOrEqual(SYNC_LIMITS.QUOTA_BYTES_PER_ITEM);
    expect((await openRecords(keys, sealed.items)).items[0]!.entry).toEqual(e);
    const without = Object.fromEntries(parts.slice(0, -1));
    expect((await openRecords(keys, without)).refused).toEqual([{ item: parts[0]![0], reason: 'missing-part' }]);
  });

  it('refuses a changed byte, a record under another id, another revision, another set or key', async () => {
    const keys = await deriveSyncKeys(rawKey(), SYNC_ID);
    const one = await sealRecord(keys, item(entry()));
    const two = await sealRecord(keys, item(entry()));
    const [oneKey, oneHead] = Object.entries(one.items)[0]! as [string, { ct: string; c: number }];
    const [twoKey] = Object.entries(two.items)[0]!;
    const refusal = async (dump: Record<string, unknown>, k = keys) => (await openRecords(k, dump)).refused.map((r) => r.reason);
    expect(await refusal({ [oneKey]: { ...oneHead, ct: flipByte(oneHead.ct, 3) } })).toEqual(['not-authentic']);
    expect(await refusal({ [twoKey]: oneHead })).toEqual(['not-authentic']);
    expect(await refusal({ [oneKey]: { ...oneHead, c: oneHead.c + 1 } })).toEqual(['not-authentic']);
    expect(await refusal(one.items, await deriveSyncKeys(rawKey(), SYNC_ID))).toEqual(['not-authentic']);
    expect(await refusal({ [oneKey]: { ...oneHead, extra: 1 } })).toEqual(['malformed']);
    expect(await refusal({ 'kkm.something': 1 })).toEqual(['unknown-item']);
  });

  it('measures how many typical keys fit in the sync storage', async () => {
    const keys = await deriveSyncKeys(rawKey(), SYNC_ID);
    const typical = (await sealRecord(keys, item(entry()))).bytes;
    const fit = Math.floor(SYNC_BUDGET_BYTES / typical);
    // The README states this figure ("about 110 typical keys"); keep them in step.
    expect(typical).toBeGreaterThan(700);
    expect(typical).toBeLessThan(960);
    expect(fit).toBeGreaterThanOrEqual(100);
    expect(fit).toBeLessThan(SYNC_BUDGET_ITEMS);
    console.info(`sync: a typical key's record is ${typical} bytes; ${fit} fit in ${SYNC_BUDGET_BYTES} bytes`);
  });

  it('classifies Chrome quota and write-rate errors', () => {
    expect(classifySyncError(new Error('QUOTA_BYTES_PER_ITEM quota exceeded'))).toMatchObject({ kind: 'quota', retryAfterMs: null });
    expect(classifySyncError(new Error('QUOTA_BYTES quota exceeded'))).toMatchObject({ kind: 'quota' });
    expect(classifySyncError(new Error('This request exceeds the MAX_WRITE_OPERATIONS_PER_HOUR quota.'))).toMatchObject({ kind: 'rate', retryAfterMs: 600_000 });
    expect(classifySyncError(new Error('This request exceeds the MAX_WRITE_OPERATIONS_PER_MINUTE quota.'))).toMatchObject({ kind: 'rate', retryAfterMs: 60_000 });
    expect(classifySyncError(new Error('boom'))).toMatchObject({ kind: 'failed' });
  });
});
