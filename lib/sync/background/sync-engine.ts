/**
 * Sync across devices: turning it on (fresh, or joining a synced set through a merge preview),
 * the background cycle that merges storage.sync into the vault and uploads what changed, and
 * the re-wraps a passphrase change or a new data key need.
 *
 * Protects: every key, on every device — the sync provider only ever holds sealed records
 * (sync-records.ts), and no version a person wrote is dropped without being kept as a conflict.
 * Against: lost updates (every vault write goes through the vault's own write path, and a cycle
 * that finds the vault changed under it starts again instead of writing), tampered or injected
 * records (refused, reported, never applied), a full or rate-limited sync storage (the vault
 * is never touched by an upload failure; uploads are recomputed each cycle, so a retry later
 * loses nothing).
 * Invariants:
 * - Cycles run one at a time (one queue); a request during a cycle runs one more cycle after it.
 * - A cycle applies remote versions to the vault before saving the merge state; if it stops in
 *   between, the next cycle sees the same versions again (no version is skipped).
 * - Missing records are never deletes; only tombstones delete.
 */
import { err, ok, type Result } from '../../result';
import type { KeyEntry } from '../../keys/key-entry';
import { base64ToBytes, bytesToBase64 } from '../../vault/background/base64';
import { KDF_ITERATIONS_MAX, KDF_ITERATIONS_MIN } from '../../vault/background/envelope';
import { createPassphraseWrapping } from '../../vault/background/passphrase-wrapping';
import { deriveWrappingKey, PBKDF2_ITERATIONS, unwrapDataKey } from '../../vault/background/vault-crypto';
import type { VaultSyncAccess } from '../../vault/background/vault-sync-access';
import type { VaultService } from '../../vault/background/vault-service.types';
import type { ConflictChoice, SyncConflictView, SyncKeyView, SyncPreview, SyncProblem, SyncStatus } from '../protocol';
import { emptyReplica, itemsToUpload, mergeRemote, pruneTombstones, recordLocalChanges, stableJson, type ReplicaState, type Version } from './merge';
import { applyJoin, planJoin, previewConflicts, previewEntry } from './sync-join';
import { classifySyncError, itemBytes, SYNC_BUDGET_BYTES, SYNC_BUDGET_ITEMS } from './sync-quota';
import { deriveSyncKeys, KEY_RECORD_KEY, openRecords, readKeyRecord, recordIdFor, REFUSAL_TEXT, sealRecord, type KeyRecord, type OpenedRecords, type SyncedEntry, type SyncKeys } from './sync-records';
import { createSyncLocalStore, type StoredConflict, type SyncLocalStore, type SyncSettings, type SyncStateValue } from './sync-state';
import type { SyncStore } from './sync-store';

export type SyncVault = Pick<VaultService, 'state' | 'listKeys' | 'onChange' | 'seal' | 'open'> & VaultSyncAccess;

export interface SyncEngineOptions {
  vault: SyncVault;
  store: SyncStore;
  local?: SyncLocalStore;
  now?: () => number;
  /** TESTS ONLY: PBKDF2 rounds for wrapping and the lowest accepted when unwrapping. */
  kdfIterations?: number;
  /** Ask to be run again after `ms` (an alarm in the extension). */
  scheduleRetry?: (ms: number) => void;
  newId?: () => string;
}

export interface SyncEngine {
  status(): Promise<Result<SyncStatus>>;
  preview(passphrase?: string): Promise<Result<SyncPreview>>;
  enable(choices: Record<string, ConflictChoice>): Promise<Result<SyncStatus>>;
  disable(): Promise<Result<SyncStatus>>;
  /** Merge storage.sync into the vault and upload what changed. Safe to call any time. */
  syncNow(): Promise<Result<SyncStatus>>;
  conflicts(): Promise<Result<SyncConflictView[]>>;
  resolveConflict(id: string, action: 'use' | 'dismiss'): Promise<Result<SyncStatus>>;
  /** After the passphrase changed (same data key): re-wrap the synced key with it. */
  rewrapForPassphrase(passphrase: string): Promise<Result<null>>;
  /**
   * After the vault got a NEW data key ("change passphrase and re-encrypt"): start a new synced
   * set under it — new set id, every record sealed again, the key record wrapped with the new
   * passphrase, the old records removed. Other devices then ask for the passphrase once.
   */
  resyncAfterRekey(passphrase: string): Promise<Result<null>>;
  /** Run a cycle soon (storage.onChanged, vault changes, alarms). */
  request(): void;
  /** Resolves when no cycle is running or queued. */
  idle(): Promise<void>;
}

const LOCKED = err('locked', 'Unlock the vault first.');

function keyView(entry: KeyEntry | null): SyncKeyView | null {
  if (!entry) return null;
  return { name: entry.name, host: new URL(entry.instance.webOrigin).host, notes: entry.notes, expiresAt: entry.expiresAt, updatedAt: entry.updatedAt };
}

export function createSyncEngine(options: SyncEngineOptions): SyncEngine {
  const { vault, store } = options;
  const local = options.local ?? createSyncLocalStore(vault);
  const now = options.now ?? (() => Date.now());
  const nowIso = () => new Date(now()).toISOString();
  const iterations = options.kdfIterations ?? PBKDF2_ITERATIONS;
  const minIterations = Math.min(iterations, KDF_ITERATIONS_MIN);
  const wrapping = createPassphraseWrapping(iterations);
  const newId = options.newId ?? (() => globalThis.crypto.randomUUID());

  // ── one queue for everything that reads-then-writes sync state ──
  let chain: Promise<unknown> = Promise.resolve();
  function serial<T>(run: () => Promise<T>): Promise<T> {
    const next = chain.then(run, run);
    chain = next.catch(() => undefined);
    return next;
  }
  let queued = false;

  async function setProblem(settings: SyncSettings, problem: SyncProblem | null) {
    await local.saveSettings({ ...settings, problem });
  }

  async function keysOf(state: SyncStateValue): Promise<SyncKeys> {
    return deriveSyncKeys(base64ToBytes(state.key), state.syncId);
  }

  async function statusNow(): Promise<Result<SyncStatus>> {
    const settings = await local.settings();
    const vaultState = await vault.state();
    const base: SyncStatus = {
      phase: settings.enabled ? 'on' : 'off',
      lastSyncAt: settings.lastSyncAt,
      problem: settings.problem,
      synced: settings.synced,
      notSynced: 0,
      refused: [],
      conflicts: 0,
      usage: { bytes: settings.usageBytes, items: settings.usageItems, budgetBytes: SYNC_BUDGET_BYTES, budgetItems: SYNC_BUDGET_ITEMS },
    };
    if (!settings.enabled) return ok(base);
    if (vaultState.state !== 'unlocked') return ok({ ...base, phase: 'locked' });
    if (settings.problem?.kind === 'key') base.phase = 'needs-passphrase';
    const state = await local.state.read();
    if (state.ok && state.value) {
      base.notSynced = state.value.notSynced.length;
      base.refused = state.value.refused.map((r) => ({ item: r.item, reason: r.reason }));
      base.conflicts = state.value.conflicts.length;
    }
    return ok(base);
  }

  /** Everything a cycle needs to know about what is stored in storage.sync right now. */
  async function readSet(keys: SyncKeys): Promise<{ dump: Record<string, unknown>; opened: OpenedRecords; keyRecord: ReturnType<typeof readKeyRecord> }> {
    const dump = await store.readAll();
    return { dump, opened: await openRecords(keys, dump), keyRecord: readKeyRecord(dump) };
  }

  /** Sealed size of a whole set (for "does it fit"), without writing anything. */
  async function measure(keys: SyncKeys, items: SyncedEntry[]): Promise<{ bytes: number; items: number }> {
    let bytes = itemBytes(KEY_RECORD_KEY, { pad: 'x'.repeat(260) });
    let count = 1;
    for (const item of items) {
      const sealed = await sealRecord(keys, item);
      bytes += sealed.bytes;
      count += Object.keys(sealed.items).length;
    }
    return { bytes, items: count };
  }

  function tooLargeMessage(needed: number, keyCount: number) {
    const perKey = keyCount ? needed / keyCount : 0;
    const fit = perKey ? Math.floor(SYNC_BUDGET_BYTES / perKey) : 0;
    return `Your keys need about ${Math.ceil(needed / 1024)} KB of sync storage; the browser allows about ${Math.floor(SYNC_BUDGET_BYTES / 1024)} KB${fit ? ` (about ${fit} keys like yours)` : ''}. Sync stays off; nothing was changed.`;
  }

  async function cycle(): Promise<void> {
    const settings = await local.settings();
    if (!settings.enabled) return;
    if ((await vault.state()).state !== 'unlocked') return;
    const read = await local.state.read();
    if (!read.ok) return void (await setProblem(settings, { kind: 'failed', message: read.message, retryAt: null }));
    if (!read.value) return;
    let state = read.value;
    const keys = await keysOf(state);
    let set;
    try {
      set = await readSet(keys);
    } catch {
      return void (await setProblem(settings, { kind: 'failed', message: 'The browser’s sync storage could not be read. Sync tries again later.', retryAt: null }));
    }
    if (set.keyRecord.kind === 'ok' && set.keyRecord.record.syncId !== state.syncId) {
      return void (await setProblem(settings, {
        kind: 'key',
        message: 'The synced keys were re-encrypted on another device. Enter your passphrase to keep syncing.',
        retryAt: null,
      }));
    }
    const listed = await vault.listKeys();
    if (!listed.ok) return;
    const at = nowIso();
    let replica = recordLocalChanges(state.replica, listed.value, at).state;
    const merged = mergeRemote(replica, set.opened.items);
    replica = merged.state;
    const conflicts = [...state.conflicts];
    for (const c of merged.conflicts) {
      if (conflicts.some((k) => k.entryId === c.entryId && stableJson(k.kept) === stableJson(c.loser.entry))) continue;
      conflicts.push({ id: newId(), entryId: c.entryId, detectedAt: at, kept: c.loser.entry });
    }
    const pruned = pruneTombstones(replica, now());
    replica = pruned.state;

    // Apply what came from elsewhere through the vault's own write path.
    const localNow = new Map(listed.value.map((k) => [k.id, stableJson(k)]));
    const touched = merged.changed.filter((id) => stableJson(replica.items[id]?.entry ?? null) !== (localNow.get(id) ?? 'null'));
    if (touched.length) {
      const written = await vault.writeKeysForSync((keysNow) => {
        for (const id of touched) {
          const current = keysNow.find((k) => k.id === id);
          if ((current ? stableJson(current) : 'null') !== (localNow.get(id) ?? 'null')) return null;
        }
        const next: KeyEntry[] = [];
        for (const entry of keysNow) {
          if (!touched.includes(entry.id)) next.push(entry);
          else if (replica.items[entry.id]?.entry) next.push(replica.items[entry.id]!.entry!);
        }
        for (const id of touched) {
          const entry = replica.items[id]?.entry;
          if (entry && !keysNow.some((k) => k.id === id)) next.push(entry);
        }
        return next;
      });
      if (!written.ok) {
        if (written.reason === 'conflict') queued = true;
        else await setProblem(settings, { kind: 'failed', message: `Synced changes could not be saved here: ${written.message}`, retryAt: null });
        return;
      }
    }

    // Upload: whatever the merged view holds newer than storage.sync, within the budget.
    const ridOf = new Map<string, string>();
    for (const id of Object.keys(replica.items)) ridOf.set(id, set.opened.ridOf.get(id) ?? (await recordIdFor(keys, id)));
    const storedVersions = new Map<string, Version>();
    for (const item of set.opened.items) storedVersions.set(item.id, item.v);
    const wanted = new Set(ridOf.values());
    let bytes = Object.entries(set.dump).reduce((sum, [k, v]) => sum + itemBytes(k, v), 0);
    let count = Object.keys(set.dump).length;
    const writes: Record<string, unknown> = {};
    const removals = new Set<string>(set.opened.orphans);
    const notSynced: string[] = [];
    const upload = itemsToUpload(replica, storedVersions).sort((a, b) => {
      const rank = (id: string) => (set.opened.stored.has(ridOf.get(id)!) ? 0 : 1);
      return rank(a.id) - rank(b.id) || a.at.localeCompare(b.at) || a.id.localeCompare(b.id);
    });
    for (const item of upload) {
      const sealed = await sealRecord(keys, item);
      const old = set.opened.stored.get(sealed.rid);
      const nextBytes = bytes - (old?.bytes ?? 0) + sealed.bytes;
      const nextCount = count - (old?.itemKeys.length ?? 0) + Object.keys(sealed.items).length;
      if (nextBytes > SYNC_BUDGET_BYTES || nextCount > SYNC_BUDGET_ITEMS) {
        if (!old) notSynced.push(item.id);
        continue;
      }
      bytes = nextBytes;
      count = nextCount;
      Object.assign(writes, sealed.items);
      for (const key of old?.itemKeys ?? []) if (!(key in sealed.items)) removals.add(key);
    }
    // Records of pruned tombstones go; records that were refused are left alone (reported).
    const refusedItems = new Set(set.opened.refused.map((r) => r.item));
    for (const [rid, record] of set.opened.stored) {
      if (!wanted.has(rid) && !refusedItems.has(record.itemKeys[0]!)) record.itemKeys.forEach((k) => removals.add(k));
    }
    if (set.keyRecord.kind !== 'ok') writes[KEY_RECORD_KEY] = state.keyRecord;

    let problem: SyncProblem | null = null;
    try {
      await store.set(writes);
      await store.remove([...removals]);
    } catch (error) {
      const classified = classifySyncError(error);
      problem = { kind: classified.kind, message: classified.message, retryAt: classified.retryAfterMs === null ? null : new Date(now() + classified.retryAfterMs).toISOString() };
      if (classified.retryAfterMs !== null) options.scheduleRetry?.(classified.retryAfterMs);
    }
    if (!problem && notSynced.length) {
      problem = {
        kind: 'quota',
        message: `The browser's sync storage is full: ${notSynced.length} new key${notSynced.length === 1 ? ' stays' : 's stay'} on this device only. Delete keys you no longer need to sync them.`,
        retryAt: null,
      };
    }
    state = { ...state, replica, conflicts, refused: set.opened.refused.map((r) => ({ item: r.item, reason: REFUSAL_TEXT[r.reason] })), notSynced };
    const saved = await local.state.write(state);
    if (!saved.ok) return;
    const synced = Object.values(replica.items).filter((i) => i.entry !== null && !notSynced.includes(i.id)).length;
    await local.saveSettings({ ...(await local.settings()), lastSyncAt: problem ? settings.lastSyncAt : at, problem, synced, usageBytes: bytes, usageItems: count });
  }

  async function runCycles(): Promise<void> {
    do {
      queued = false;
      await cycle();
    } while (queued);
  }

  /** The synced set's raw key, for a preview: pending, known, our own, or from the passphrase. */
  async function keyForSet(record: KeyRecord, passphrase: string | undefined): Promise<Result<Uint8Array<ArrayBuffer>>> {
    const pending = await local.pendingJoin();
    if (pending?.syncId === record.syncId) return ok(base64ToBytes(pending.key));
    const previous = await local.state.read();
    if (previous.ok && previous.value?.syncId === record.syncId) return ok(base64ToBytes(previous.value.key));
    const own = await vault.dataKeyForSync();
    if (!own.ok) return own;
    if (own.value.vaultId === record.syncId && own.value.wrapping.wrappedKey.ct === record.wrappedKey.ct) return ok(own.value.dataKey);
    if (!passphrase) return err('needs-passphrase', 'Keys are already synced from another device. Enter your passphrase to open them.');
    if (record.kdf.iterations < minIterations || record.kdf.iterations > KDF_ITERATIONS_MAX) {
      return err('damaged', 'The synced key record asks for an unusual key-derivation cost, so it was not used. Nothing was changed.');
    }
    try {
      const wrappingKey = await deriveWrappingKey(passphrase, { iterations: record.kdf.iterations, salt: base64ToBytes(record.kdf.salt) });
      return ok(await unwrapDataKey(wrappingKey, { iv: base64ToBytes(record.wrappedKey.iv), ct: base64ToBytes(record.wrappedKey.ct) }, record.syncId));
    } catch {
      return err('wrong-passphrase', 'That passphrase does not open the synced keys. Nothing was changed.');
    }
  }

  async function joinContext(passphrase?: string) {
    const dump = await store.readAll();
    const record = readKeyRecord(dump);
    if (record.kind === 'damaged') return err('damaged', 'The synced key record is damaged. Nothing was changed.');
    const listed = await vault.listKeys();
    if (!listed.ok) return listed;
    if (record.kind === 'none') return ok({ mode: 'fresh' as const, local: listed.value });
    const raw = await keyForSet(record.record, passphrase);
    if (!raw.ok) return raw;
    const keys = await deriveSyncKeys(raw.value, record.record.syncId);
    const opened = await openRecords(keys, dump);
    return ok({ mode: 'join' as const, local: listed.value, record: record.record, raw: raw.value, keys, opened });
  }

  const engine: SyncEngine = {
    status: () => statusNow(),

    preview(passphrase) {
      return serial(async (): Promise<Result<SyncPreview>> => {
        if ((await vault.state()).state !== 'unlocked') return LOCKED;
        const context = await joinContext(passphrase);
        if (!context.ok) return context;
        const c = context.value;
        const budget = { budgetBytes: SYNC_BUDGET_BYTES, budgetItems: SYNC_BUDGET_ITEMS };
        if (c.mode === 'fresh') {
          const own = await vault.dataKeyForSync();
          if (!own.ok) return own;
          const keys = await deriveSyncKeys(own.value.dataKey, own.value.vaultId);
          const replica = recordLocalChanges(emptyReplica<KeyEntry>('measure'), c.local, nowIso()).state;
          const size = await measure(keys, Object.values(replica.items));
          return ok({ mode: 'fresh', fromSync: [], fromHere: c.local.map((k) => previewEntry(k)), identical: [], conflicts: [], refused: 0, fits: size.bytes <= SYNC_BUDGET_BYTES && size.items <= SYNC_BUDGET_ITEMS, bytes: size.bytes, items: size.items, ...budget });
        }
        await local.setPendingJoin({ syncId: c.record.syncId, key: bytesToBase64(c.raw) });
        const plan = planJoin(c.local, c.opened.items);
        const joined = applyJoin(c.local, c.opened.items, plan, Object.fromEntries(plan.conflicts.map((x) => [x.local.id, 'both' as const])));
        const replica = recordLocalChanges(emptyReplica<KeyEntry>('measure'), joined?.keys ?? [], nowIso()).state;
        const tombstones = c.opened.items.filter((i) => i.entry === null);
        const size = await measure(c.keys, [...Object.values(replica.items), ...tombstones]);
        return ok({
          mode: 'join',
          fromSync: plan.fromSync.map((k) => previewEntry(k)),
          fromHere: plan.fromHere.map((k) => previewEntry(k)),
          identical: plan.identical.map((p) => previewEntry(p.local)),
          conflicts: previewConflicts(plan),
          refused: c.opened.refused.length,
          fits: size.bytes <= SYNC_BUDGET_BYTES && size.items <= SYNC_BUDGET_ITEMS,
          bytes: size.bytes,
          items: size.items,
          ...budget,
        });
      });
    },

    enable(choices) {
      return serial(async (): Promise<Result<SyncStatus>> => {
        if ((await vault.state()).state !== 'unlocked') return LOCKED;
        const settings = await local.settings();
        const context = await joinContext();
        if (!context.ok) return context.reason === 'needs-passphrase' ? err('needs-passphrase', 'Look at the merge preview first (enter your passphrase).') : context;
        const c = context.value;
        const previous = await local.state.read();
        const previousReplica = previous.ok && previous.value && previous.value.replica.device === settings.device ? previous.value.replica : null;
        let state: SyncStateValue;
        if (c.mode === 'fresh') {
          const own = await vault.dataKeyForSync();
          if (!own.ok) return own;
          const keys = await deriveSyncKeys(own.value.dataKey, own.value.vaultId);
          const replica = recordLocalChanges(emptyReplica<KeyEntry>(settings.device), c.local, nowIso()).state;
          const size = await measure(keys, Object.values(replica.items));
          if (size.bytes > SYNC_BUDGET_BYTES || size.items > SYNC_BUDGET_ITEMS) return err('too-large', tooLargeMessage(size.bytes, c.local.length));
          state = {
            v: 1,
            syncId: own.value.vaultId,
            key: bytesToBase64(own.value.dataKey),
            keyRecord: { v: 1, syncId: own.value.vaultId, ...own.value.wrapping },
            replica: previousReplica ?? emptyReplica<KeyEntry>(settings.device),
            conflicts: [],
            refused: [],
            notSynced: [],
          };
        } else {
          const plan = planJoin(c.local, c.opened.items);
          const joined = applyJoin(c.local, c.opened.items, plan, choices);
          if (!joined) return err('invalid-input', 'Choose what to keep for every conflict.');
          const seen = stableJson(c.local);
          let replica: ReplicaState<KeyEntry> = mergeRemote(previousReplica ?? emptyReplica<KeyEntry>(settings.device), c.opened.items).state;
          replica = { ...replica, device: settings.device };
          const measured = recordLocalChanges(replica, joined.keys, nowIso()).state;
          const size = await measure(c.keys, Object.values(measured.items));
          if (size.bytes > SYNC_BUDGET_BYTES || size.items > SYNC_BUDGET_ITEMS) return err('too-large', tooLargeMessage(size.bytes, joined.keys.length));
          const written = await vault.writeKeysForSync((keysNow) => (stableJson(keysNow) === seen ? joined.keys : null));
          if (!written.ok) {
            return written.reason === 'conflict' ? err('conflict', 'Your keys changed since the preview. Look at it again.') : written;
          }
          const at = nowIso();
          state = {
            v: 1,
            syncId: c.record.syncId,
            key: bytesToBase64(c.raw),
            keyRecord: c.record,
            replica,
            conflicts: [
              ...(previous.ok && previous.value ? previous.value.conflicts : []),
              ...joined.setAside.map((s): StoredConflict => ({ id: newId(), entryId: s.entryId, detectedAt: at, kept: s.entry })),
            ],
            refused: [],
            notSynced: [],
          };
        }
        const saved = await local.state.write(state);
        if (!saved.ok) return saved;
        await local.setPendingJoin(null);
        await local.saveSettings({ ...settings, enabled: true, problem: null });
        await runCycles();
        return statusNow();
      });
    },

    disable() {
      return serial(async () => {
        const settings = await local.settings();
        await local.saveSettings({ ...settings, enabled: false, problem: null });
        await local.setPendingJoin(null);
        return statusNow();
      });
    },

    syncNow() {
      return serial(async () => {
        await runCycles();
        return statusNow();
      });
    },

    async conflicts() {
      const state = await local.state.read();
      if (!state.ok) return state;
      if (!state.value) return ok([]);
      const { replica, conflicts } = state.value;
      return ok(
        conflicts.map((c) => {
          const current = replica.items[c.entryId]?.entry ?? null;
          return {
            id: c.id,
            entryId: c.entryId,
            detectedAt: c.detectedAt,
            kept: keyView(c.kept),
            current: keyView(current),
            secretDiffers: (c.kept?.secret ?? null) !== (current?.secret ?? null),
          };
        }),
      );
    },

    resolveConflict(id, action) {
      return serial(async (): Promise<Result<SyncStatus>> => {
        const read = await local.state.read();
        if (!read.ok) return read;
        const state = read.value;
        const conflict = state?.conflicts.find((c) => c.id === id);
        if (!state || !conflict) return err('not-found', 'That conflict is not there any more.');
        const rest = state.conflicts.filter((c) => c.id !== id);
        if (action === 'use') {
          // Bring the kept version back as a new edit: it wins everywhere, the current one is kept.
          const current = state.replica.items[conflict.entryId]?.entry ?? null;
          const written = await vault.writeKeysForSync((keysNow) => {
            const others = keysNow.filter((k) => k.id !== conflict.entryId);
            return conflict.kept ? [...others, { ...conflict.kept, updatedAt: nowIso() }] : others;
          });
          if (!written.ok) return written;
          // The next cycle records the vault write above as a local edit (newer than anything
          // seen), so it wins on every device. The version it replaced is kept in turn.
          const swapped: StoredConflict = { id: newId(), entryId: conflict.entryId, detectedAt: nowIso(), kept: current };
          const saved = await local.state.write({ ...state, conflicts: [...rest, swapped] });
          if (!saved.ok) return saved;
        } else {
          const saved = await local.state.write({ ...state, conflicts: rest });
          if (!saved.ok) return saved;
        }
        await runCycles();
        return statusNow();
      });
    },

    rewrapForPassphrase(passphrase) {
      return serial(async (): Promise<Result<null>> => {
        const settings = await local.settings();
        if (!settings.enabled) return ok(null);
        const read = await local.state.read();
        if (!read.ok || !read.value) return read.ok ? ok(null) : read;
        const state = read.value;
        const wrapped = await wrapping.wrap(passphrase, base64ToBytes(state.key), state.syncId);
        const keyRecord: KeyRecord = { v: 1, syncId: state.syncId, ...wrapped };
        const saved = await local.state.write({ ...state, keyRecord });
        if (!saved.ok) return saved;
        try {
          await store.set({ [KEY_RECORD_KEY]: keyRecord });
        } catch (error) {
          const c = classifySyncError(error);
          // The next cycle puts the record back from the state only if it is missing; retry here.
          options.scheduleRetry?.(c.retryAfterMs ?? 60_000);
          await setProblem(settings, { kind: c.kind, message: c.message, retryAt: null });
        }
        return ok(null);
      });
    },

    resyncAfterRekey(passphrase) {
      return serial(async (): Promise<Result<null>> => {
        const settings = await local.settings();
        if (!settings.enabled) return ok(null);
        const read = await local.state.read();
        if (!read.ok || !read.value) return read.ok ? ok(null) : read;
        const own = await vault.dataKeyForSync();
        if (!own.ok) return own;
        const syncId = newId();
        const wrapped = await wrapping.wrap(passphrase, own.value.dataKey, syncId);
        const keyRecord: KeyRecord = { v: 1, syncId, ...wrapped };
        const state: SyncStateValue = { ...read.value, syncId, key: bytesToBase64(own.value.dataKey), keyRecord, refused: [] };
        const saved = await local.state.write(state);
        if (!saved.ok) return saved;
        try {
          const old = Object.keys(await store.readAll());
          await store.remove(old);
          await store.set({ [KEY_RECORD_KEY]: keyRecord });
        } catch (error) {
          const c = classifySyncError(error);
          options.scheduleRetry?.(c.retryAfterMs ?? 60_000);
        }
        await runCycles();
        return ok(null);
      });
    },

    request() {
      void serial(() => runCycles()).catch(() => undefined);
    },

    async idle() {
      let seen: Promise<unknown>;
      do {
        seen = chain;
        await seen;
      } while (seen !== chain);
    },
  };
  return engine;
}
