/**
 * The vault service: the background's single writer of the vault.
 *
 * Protects: every stored key (secret, name, instance, notes) and other concerns' sealed data.
 * Against: readers of `storage.local` (they see only the envelope, see envelope.ts), lost writes
 * when two callers write at once, and a damaged vault being replaced or "repaired".
 *
 * Invariants:
 * - A write always starts from what is stored now: read the envelope, decrypt it with the session
 *   data key, apply the change, encrypt with a fresh IV, and write only if the stored envelope is
 *   still the one that was read (revision + digest check), all under one write lock.
 * - A write never happens unless the stored envelope validated and decrypted. `create` never
 *   replaces anything that is stored, damaged or not.
 * - The one exception is `resetDamaged`: explicit and confirmed by the person, only while the
 *   stored envelope is damaged, and only after its bytes are safely in the damaged backup.
 * - Unlock runs exactly one key derivation (plus one more only when re-wrapping an envelope whose
 *   PBKDF2 cost is below the current target). A wrong passphrase changes nothing.
 * - The raw data key leaves this file only to `storage.session` (memory); lock removes it.
 * - Secrets are never logged.
 */
import { err, ok, type Result } from '../result';
import {
  keyDraftSchema,
  keyEntrySchema,
  keyPatchSchema,
  type KeyDraft,
  type KeyEntry,
  type KeyPatch,
} from '../keys/key-entry';
import type { DamagedVaultExport, VaultState } from '../messaging/vault-protocol';
import { getSettings } from '../settings/settings';
import { base64ToBytes, bytesToBase64 } from './base64';
import { finishEnvelope, readEnvelope, type EnvelopeRead, type VaultEnvelope } from './envelope';
import {
  additionalData,
  decryptJson,
  deriveWrappingKey,
  encryptJson,
  generateDataKeyBytes,
  importDataKey,
  PBKDF2_ITERATIONS,
  randomBytes,
  SALT_BYTES,
  unwrapDataKey,
  wrapDataKey,
} from './vault-crypto';
import { emptyVaultContents, vaultContentsSchema, type VaultContents } from './vault-contents';
import { createVaultStorage, envelopeBytes, MAX_ENVELOPE_BYTES, type VaultStorage } from './vault-storage';
import type { DamagedVaultRecovery, SealedBlob, VaultService } from './vault-service.types';
import { defaultLock, type LockRunner } from './write-lock';
import { z } from 'zod';

export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/** Machine-readable reasons a vault call can fail with. */
export type VaultErrorReason =
  | 'uninitialized'
  | 'locked'
  | 'damaged'
  | 'wrong-passphrase'
  | 'already-exists'
  | 'duplicate-name'
  | 'not-found'
  | 'invalid-input'
  | 'undecryptable'
  | 'conflict'
  | 'not-damaged'
  | 'too-large'
  | 'write-failed'
  | 'internal';

export interface CreateVaultServiceOptions {
  storage?: VaultStorage;
  clock?: Clock;
  /**
   * PBKDF2 rounds for new wrappings. TESTS ONLY, to keep tests of unrelated behaviour fast; the
   * extension never passes it, so it always uses PBKDF2_ITERATIONS.
   */
  kdfIterations?: number;
  lock?: LockRunner;
  /** Auto-lock limit in ms, or null for "only when the browser closes". Defaults to the settings. */
  idleLimitMs?: () => Promise<number | null>;
  newId?: () => string;
  /** Largest envelope written, in bytes. TESTS ONLY (to reach the limit without 40 MiB of keys). */
  maxEnvelopeBytes?: number;
}

/** The vault as the background holds it: the public interface plus what auto-lock needs. */
export interface BackgroundVaultService extends VaultService, DamagedVaultRecovery {
  /**
   * Adds many keys in one write (all or none; names must be free and distinct). Background only:
   * no page message reaches it. Used to seed large vaults in tests and benchmarks.
   */
  addKeys(drafts: KeyDraft[]): Promise<Result<KeyEntry[]>>;
  /** Locks when the idle limit has passed since the last activity. Answers whether it locked. */
  lockIfIdle(): Promise<boolean>;
}

const WRITE_LOCK = 'kaneo-key-manager:vault-write';
const MAX_WRITE_ATTEMPTS = 5;

const sealedBlobSchema = z.object({ v: z.literal(1), iv: z.string().min(1), ct: z.string().min(1) });

async function defaultIdleLimitMs(): Promise<number | null> {
  const { autoLockMinutes } = await getSettings();
  return autoLockMinutes === 'browser-close' ? null : autoLockMinutes * 60_000;
}

interface Unlocked {
  envelope: VaultEnvelope;
  key: CryptoKey;
}

function instanceKey(entry: { instance: { webOrigin: string } }): string {
  return entry.instance.webOrigin;
}

function sameName(a: string, b: string): boolean {
  return a.trim().toLocaleLowerCase() === b.trim().toLocaleLowerCase();
}

function duplicateNameError(name: string, webOrigin: string) {
  return err(
    'duplicate-name',
    `A key named “${name.trim()}” already exists for ${new URL(webOrigin).host}. Names are unique per instance (ignoring case).`,
  );
}

function firstIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'The input is not valid.';
  const where = issue.path.length ? `${issue.path.join('.')}: ` : '';
  return `${where}${issue.message}`;
}

/** `format` of a damaged-vault export file. */
export const DAMAGED_EXPORT_FORMAT = 'kaneo-key-manager/damaged-vault-export';

/**
 * The recovery paths answer only while the stored vault is damaged. In particular a vault that
 * is merely locked is never reset, not even when its passphrase is forgotten: the extension can't
 * tell a person who forgot their passphrase from someone else at their browser, and "start over"
 * on a readable vault would hand that person a way to destroy (or, with a restored backup,
 * replace) the real owner's keys. A forgotten passphrase means the keys are gone, by design.
 */
function notDamaged(read: EnvelopeRead): Result<never, VaultErrorReason> {
  if (read.kind === 'empty') return err('uninitialized', 'There is no vault, so there is nothing to recover.');
  return err('not-damaged', 'The vault is not damaged. Only a damaged vault can be downloaded or replaced this way.');
}

function mebibytes(bytes: number): string {
  return (bytes / 1024 / 1024).toFixed(1);
}

const NOTHING_CHANGED = 'Nothing was changed.';

export function createVaultService(options: CreateVaultServiceOptions = {}): BackgroundVaultService {
  const storage = options.storage ?? createVaultStorage();
  const clock = options.clock ?? systemClock;
  const targetIterations = options.kdfIterations ?? PBKDF2_ITERATIONS;
  if (targetIterations < PBKDF2_ITERATIONS && import.meta.env.MODE !== 'test') {
    throw new Error('A PBKDF2 cost below the default is for tests only.');
  }
  const withLock = options.lock ?? defaultLock;
  const idleLimitMs = options.idleLimitMs ?? defaultIdleLimitMs;
  const newId = options.newId ?? (() => globalThis.crypto.randomUUID());
  const maxEnvelopeBytes = options.maxEnvelopeBytes ?? MAX_ENVELOPE_BYTES;
  const listeners = new Set<() => void>();
  let cachedKey: { raw: string; key: CryptoKey } | null = null;

  function emit() {
    for (const listener of [...listeners]) {
      try {
        listener();
      } catch {
        // A listener's failure must not break the vault operation that triggered it.
      }
    }
  }

  const nowIso = () => new Date(clock.now()).toISOString();

  async function loadEnvelope(): Promise<EnvelopeRead> {
    const stored = await storage.readEnvelope();
    return readEnvelope(stored.raw, stored.storedVersion);
  }

  async function keyFromSession(raw: string): Promise<CryptoKey> {
    if (cachedKey?.raw === raw) return cachedKey.key;
    const key = await importDataKey(base64ToBytes(raw));
    cachedKey = { raw, key };
    return key;
  }

  async function idleExpired(): Promise<boolean> {
    const limit = await idleLimitMs();
    if (limit === null) return false;
    const last = await storage.readLastActivity();
    if (last === null) return false;
    return clock.now() - last >= limit;
  }

  async function doLock(): Promise<void> {
    cachedKey = null;
    await storage.clearSession();
    emit();
  }

  async function requireEnvelope(): Promise<Result<VaultEnvelope, VaultErrorReason>> {
    const read = await loadEnvelope();
    if (read.kind === 'empty') return err('uninitialized', 'There is no vault yet. Set a passphrase first.');
    if (read.kind === 'damaged') return err('damaged', read.message);
    return ok(read.envelope);
  }

  async function requireUnlocked(): Promise<Result<Unlocked, VaultErrorReason>> {
    const envelope = await requireEnvelope();
    if (!envelope.ok) return envelope;
    const session = await storage.readSession();
    if (!session || session.vaultId !== envelope.value.vaultId) return err('locked', 'The vault is locked.');
    if (await idleExpired()) {
      await doLock();
      return err('locked', 'The vault locked itself after being idle.');
    }
    try {
      return ok({ envelope: envelope.value, key: await keyFromSession(session.dataKey) });
    } catch {
      return err('locked', 'The vault is locked.');
    }
  }

  async function readContents(unlocked: Unlocked): Promise<Result<VaultContents, VaultErrorReason>> {
    let plain: unknown;
    try {
      plain = await decryptJson(unlocked.key, unlocked.envelope.vault, additionalData('vault', unlocked.envelope.vaultId));
    } catch {
      return err(
        'damaged',
        'The stored vault could not be decrypted with its key: it is damaged. It has been left exactly as it is.',
      );
    }
    const parsed = vaultContentsSchema.safeParse(plain);
    if (!parsed.success) {
      return err('damaged', 'The decrypted vault has an unexpected shape. It has been left exactly as it is.');
    }
    return ok(parsed.data);
  }

  /**
   * Read-modify-write of the vault contents. `change` sees the contents as stored right now and
   * may run more than once (when another writer got in between); it must be pure.
   */
  function mutate<T>(
    change: (contents: VaultContents) => Result<{ contents: VaultContents; value: T }, VaultErrorReason>,
  ): Promise<Result<T, VaultErrorReason>> {
    return withLock(WRITE_LOCK, async (): Promise<Result<T, VaultErrorReason>> => {
      try {
        for (let attempt = 0; attempt < MAX_WRITE_ATTEMPTS; attempt++) {
          const unlocked = await requireUnlocked();
          if (!unlocked.ok) return unlocked;
          const contents = await readContents(unlocked.value);
          if (!contents.ok) return contents;
          const changed = change(contents.value);
          if (!changed.ok) return changed;
          const { envelope, key } = unlocked.value;
          const vault = await encryptJson(key, changed.value.contents, additionalData('vault', envelope.vaultId));
          const next = await finishEnvelope({
            ...envelope,
            revision: envelope.revision + 1,
            vault: { alg: 'AES-GCM', ...vault },
          });
          if (!(await storedIsStill(envelope))) continue;
          const written = await writeChecked(next, envelope);
          if (!written.ok) return written;
          emit();
          return ok(changed.value.value);
        }
        return err('conflict', 'The vault kept changing while saving. Nothing was lost; try again.');
      } catch {
        // Everything that can throw here runs before the one write (which answers a Result).
        return err('internal', `The vault could not be saved: something went wrong while preparing the change. ${NOTHING_CHANGED}`);
      }
    });
  }

  /**
   * The one way the envelope is written. Answers a Result, never throws: a write that would
   * exceed MAX_ENVELOPE_BYTES is refused before anything is stored, and a write the browser
   * refuses (quota exceeded, a storage error) becomes 'write-failed'. The error's own text is
   * not echoed: it is the browser's, and says nothing a person can act on.
   */
  async function writeChecked(next: VaultEnvelope, previous: VaultEnvelope | null): Promise<Result<null, VaultErrorReason>> {
    const size = envelopeBytes(next);
    if (size > maxEnvelopeBytes) {
      return err(
        'too-large',
        `The vault would grow to ${mebibytes(size)} MiB, over its limit of ${mebibytes(maxEnvelopeBytes)} MiB. ${NOTHING_CHANGED} ` +
          'Delete keys you no longer need or shorten long notes to make room.',
      );
    }
    try {
      await storage.writeEnvelope(next);
      return ok(null);
    } catch (error) {
      const full = /quota|full|space/i.test(error instanceof Error ? `${error.name} ${error.message}` : String(error));
      const why = full ? 'the browser’s storage for the extension is full' : 'the browser refused to store it';
      let after: EnvelopeRead | null = null;
      try {
        after = await loadEnvelope();
      } catch {
        after = null;
      }
      // A write that reported failure but landed all the same is a success.
      if (after?.kind === 'ok' && after.envelope.digest === next.digest) return ok(null);
      const unchanged =
        after !== null &&
        (previous === null ? after.kind === 'empty' : after.kind === 'ok' && after.envelope.digest === previous.digest);
      return err(
        'write-failed',
        `The vault could not be saved: ${why}. ${unchanged ? NOTHING_CHANGED : 'Check that your keys are all there.'}`,
      );
    }
  }

  /** The revision check: nobody replaced the envelope since `read` was read. */
  async function storedIsStill(read: VaultEnvelope): Promise<boolean> {
    const now = await loadEnvelope();
    return now.kind === 'ok' && now.envelope.revision === read.revision && now.envelope.digest === read.digest;
  }

  /**
   * Replace the key wrapping (kdf + wrappedKey) of the stored envelope, provided the wrapping is
   * still the one `unwrappedFrom` had — so a passphrase change elsewhere is never undone.
   */
  function rewrap(
    unwrappedFrom: VaultEnvelope,
    wrapping: Pick<VaultEnvelope, 'kdf' | 'wrappedKey'>,
  ): Promise<Result<null, VaultErrorReason>> {
    return withLock(WRITE_LOCK, async () => {
      for (let attempt = 0; attempt < MAX_WRITE_ATTEMPTS; attempt++) {
        const current = await requireEnvelope();
        if (!current.ok) return current;
        const stored = current.value;
        if (
          stored.vaultId !== unwrappedFrom.vaultId ||
          stored.kdf.salt !== unwrappedFrom.kdf.salt ||
          stored.wrappedKey.ct !== unwrappedFrom.wrappedKey.ct
        ) {
          return err('conflict', 'The passphrase was changed elsewhere in the meantime. Nothing was changed here.');
        }
        const next = await finishEnvelope({ ...stored, ...wrapping, revision: stored.revision + 1 });
        if (!(await storedIsStill(stored))) continue;
        return writeChecked(next, stored);
      }
      return err('conflict', 'The vault kept changing while saving. Try again.');
    });
  }

  async function wrapWithPassphrase(
    passphrase: string,
    dataKey: Uint8Array<ArrayBuffer>,
    vaultId: string,
  ): Promise<Pick<VaultEnvelope, 'kdf' | 'wrappedKey'>> {
    const salt = randomBytes(SALT_BYTES);
    const wrappingKey = await deriveWrappingKey(passphrase, { iterations: targetIterations, salt });
    const wrapped = await wrapDataKey(wrappingKey, dataKey, vaultId);
    return {
      kdf: { name: 'PBKDF2', hash: 'SHA-256', iterations: targetIterations, salt: bytesToBase64(salt) },
      wrappedKey: { alg: 'AES-GCM', iv: bytesToBase64(wrapped.iv), ct: bytesToBase64(wrapped.ct) },
    };
  }

  /** One key derivation; answers the raw data key, or 'wrong-passphrase'. */
  async function unwrapWithPassphrase(
    envelope: VaultEnvelope,
    passphrase: string,
  ): Promise<Result<Uint8Array<ArrayBuffer>, VaultErrorReason>> {
    const wrappingKey = await deriveWrappingKey(passphrase, {
      iterations: envelope.kdf.iterations,
      salt: base64ToBytes(envelope.kdf.salt),
    });
    try {
      return ok(
        await unwrapDataKey(
          wrappingKey,
          { iv: base64ToBytes(envelope.wrappedKey.iv), ct: base64ToBytes(envelope.wrappedKey.ct) },
          envelope.vaultId,
        ),
      );
    } catch {
      return err('wrong-passphrase', 'That passphrase is not right. Nothing was changed.');
    }
  }

  async function startSession(vaultId: string, dataKey: Uint8Array<ArrayBuffer>): Promise<void> {
    await storage.writeLastActivity(clock.now());
    await storage.writeSession({ vaultId, dataKey: bytesToBase64(dataKey) });
  }

  const service: BackgroundVaultService = {
    async state(): Promise<VaultState> {
      const read = await loadEnvelope();
      if (read.kind === 'empty') return { state: 'uninitialized' };
      if (read.kind === 'damaged') return { state: 'damaged', message: read.message };
      const session = await storage.readSession();
      if (!session || session.vaultId !== read.envelope.vaultId) return { state: 'locked' };
      if (await idleExpired()) {
        await doLock();
        return { state: 'locked' };
      }
      return { state: 'unlocked' };
    },

    async create(passphrase) {
      if (passphrase.length === 0) return err('invalid-input', 'Choose a passphrase.');
      // Derive before taking the lock: it is the slow part and needs nothing stored.
      const vaultId = newId();
      const dataKey = generateDataKeyBytes();
      const wrapping = await wrapWithPassphrase(passphrase, dataKey, vaultId);
      const key = await importDataKey(dataKey);
      const vault = await encryptJson(key, emptyVaultContents(), additionalData('vault', vaultId));
      const envelope = await finishEnvelope({
        format: 'kaneo-key-manager/vault',
        v: 1,
        vaultId,
        revision: 0,
        ...wrapping,
        vault: { alg: 'AES-GCM', ...vault },
      });
      const created = await withLock(WRITE_LOCK, async (): Promise<Result<null, VaultErrorReason>> => {
        const read = await loadEnvelope();
        if (read.kind === 'damaged') return err('damaged', read.message);
        if (read.kind === 'ok') return err('already-exists', 'A vault already exists. Unlock it instead.');
        const written = await writeChecked(envelope, null);
        if (!written.ok) return written;
        try {
          await startSession(vaultId, dataKey);
        } catch {
          return err('write-failed', 'The vault was created, but it could not be unlocked here. Unlock it with your passphrase.');
        }
        return ok(null);
      });
      if (created.ok) emit();
      return created;
    },

    async unlock(passphrase) {
      const envelope = await requireEnvelope();
      if (!envelope.ok) return envelope;
      const unwrapped = await unwrapWithPassphrase(envelope.value, passphrase);
      if (!unwrapped.ok) return unwrapped;
      const key = await importDataKey(unwrapped.value);
      const contents = await readContents({ envelope: envelope.value, key });
      if (!contents.ok) return contents;
      try {
        await startSession(envelope.value.vaultId, unwrapped.value);
      } catch {
        return err('write-failed', `The vault could not be unlocked: the browser refused to keep it unlocked in memory. ${NOTHING_CHANGED}`);
      }
      cachedKey = null;
      if (envelope.value.kdf.iterations < targetIterations) {
        // Raise the stored cost now that the passphrase is known to be right. If this fails
        // (e.g. a concurrent passphrase change), the vault stays unlocked with the old wrapping.
        const wrapping = await wrapWithPassphrase(passphrase, unwrapped.value, envelope.value.vaultId);
        await rewrap(envelope.value, wrapping);
      }
      emit();
      return ok(null);
    },

    async lock() {
      await doLock();
    },

    async changePassphrase(current, next) {
      if (next.length === 0) return err('invalid-input', 'Choose a new passphrase.');
      const envelope = await requireEnvelope();
      if (!envelope.ok) return envelope;
      const unwrapped = await unwrapWithPassphrase(envelope.value, current);
      if (!unwrapped.ok) {
        return err('wrong-passphrase', 'The current passphrase is not right. Nothing was changed.');
      }
      const contents = await readContents({ envelope: envelope.value, key: await importDataKey(unwrapped.value) });
      if (!contents.ok) return contents;
      const wrapping = await wrapWithPassphrase(next, unwrapped.value, envelope.value.vaultId);
      const written = await rewrap(envelope.value, wrapping);
      if (written.ok) emit();
      return written;
    },

    async listKeys() {
      const unlocked = await requireUnlocked();
      if (!unlocked.ok) return unlocked;
      const contents = await readContents(unlocked.value);
      if (!contents.ok) return contents;
      return ok(contents.value.keys);
    },

    async getKey(id) {
      const keys = await service.listKeys();
      if (!keys.ok) return keys;
      const entry = keys.value.find((k) => k.id === id);
      return entry ? ok(entry) : err('not-found', 'That key is not in the vault (any more).');
    },

    async addKey(draft: KeyDraft) {
      const parsed = keyDraftSchema.safeParse(draft);
      if (!parsed.success) return err('invalid-input', firstIssue(parsed.error));
      const now = nowIso();
      const entry: KeyEntry = keyEntrySchema.parse({
        ...parsed.data,
        id: newId(),
        createdAt: now,
        updatedAt: now,
        revokedAt: null,
      });
      return mutate<KeyEntry>((contents) => {
        const clash = contents.keys.find((k) => instanceKey(k) === instanceKey(entry) && sameName(k.name, entry.name));
        if (clash) return duplicateNameError(entry.name, entry.instance.webOrigin);
        return ok({ contents: { ...contents, keys: [...contents.keys, entry] }, value: entry });
      });
    },

    async addKeys(drafts: KeyDraft[]) {
      const entries: KeyEntry[] = [];
      const now = nowIso();
      for (const one of drafts) {
        const parsed = keyDraftSchema.safeParse(one);
        if (!parsed.success) return err('invalid-input', firstIssue(parsed.error));
        entries.push(keyEntrySchema.parse({ ...parsed.data, id: newId(), createdAt: now, updatedAt: now, revokedAt: null }));
      }
      return mutate<KeyEntry[]>((contents) => {
        const taken = new Set(contents.keys.map((k) => `${instanceKey(k)} ${k.name.trim().toLocaleLowerCase()}`));
        for (const entry of entries) {
          const name = `${instanceKey(entry)} ${entry.name.trim().toLocaleLowerCase()}`;
          if (taken.has(name)) return duplicateNameError(entry.name, entry.instance.webOrigin);
          taken.add(name);
        }
        return ok({ contents: { ...contents, keys: [...contents.keys, ...entries] }, value: entries });
      });
    },

    async updateKey(id, patch: KeyPatch) {
      const parsed = keyPatchSchema.safeParse(patch);
      if (!parsed.success) return err('invalid-input', firstIssue(parsed.error));
      // `partial()` fills defaults for absent fields; apply only what the caller actually sent.
      const sent = Object.fromEntries(
        Object.entries(parsed.data).filter(([field]) => Object.hasOwn(patch, field)),
      ) as Partial<KeyEntry>;
      const updatedAt = nowIso();
      return mutate<KeyEntry>((contents) => {
        const index = contents.keys.findIndex((k) => k.id === id);
        const existing = contents.keys[index];
        if (!existing) return err('not-found', 'That key is not in the vault (any more).');
        const merged = keyEntrySchema.safeParse({ ...existing, ...sent, id, updatedAt });
        if (!merged.success) return err('invalid-input', firstIssue(merged.error));
        const entry = merged.data;
        const clash = contents.keys.find(
          (k) => k.id !== id && instanceKey(k) === instanceKey(entry) && sameName(k.name, entry.name),
        );
        if (clash) return duplicateNameError(entry.name, entry.instance.webOrigin);
        const keys = [...contents.keys];
        keys[index] = entry;
        return ok({ contents: { ...contents, keys }, value: entry });
      });
    },

    async deleteKey(id) {
      return mutate<null>((contents) => {
        if (!contents.keys.some((k) => k.id === id)) {
          return err('not-found', 'That key is not in the vault (any more).');
        }
        return ok({ contents: { ...contents, keys: contents.keys.filter((k) => k.id !== id) }, value: null });
      });
    },

    async seal(value) {
      const unlocked = await requireUnlocked();
      if (!unlocked.ok) return unlocked;
      const { key, envelope } = unlocked.value;
      try {
        const sealed = await encryptJson(key, value ?? null, additionalData('sealed', envelope.vaultId));
        const blob: SealedBlob = { v: 1, ...sealed };
        return ok(blob);
      } catch {
        return err('invalid-input', 'That value cannot be stored.');
      }
    },

    async open(blob) {
      const parsed = sealedBlobSchema.safeParse(blob);
      if (!parsed.success) return err('invalid-input', 'That is not sealed vault data.');
      const unlocked = await requireUnlocked();
      if (!unlocked.ok) return unlocked;
      const { key, envelope } = unlocked.value;
      try {
        return ok(await decryptJson(key, parsed.data, additionalData('sealed', envelope.vaultId)));
      } catch {
        return err('undecryptable', 'This data was sealed by another vault or is damaged.');
      }
    },

    async exportDamaged() {
      const read = await loadEnvelope();
      if (read.kind !== 'damaged') return notDamaged(read);
      const { value, meta } = await storage.readRawEnvelope();
      const exportedAt = nowIso();
      const file: DamagedVaultExport = {
        fileName: `kaneo-key-manager-damaged-vault-${exportedAt.slice(0, 10)}.json`,
        json: JSON.stringify(
          { format: DAMAGED_EXPORT_FORMAT, v: 1, exportedAt, storageKey: 'local:vault', value, meta },
          null,
          2,
        ),
      };
      return ok(file);
    },

    async resetDamaged() {
      const result = await withLock(
        WRITE_LOCK,
        async (): Promise<Result<{ backupSavedAt: string; replacedBackupSavedAt: string | null }, VaultErrorReason>> => {
          // Decided again under the lock, from what is stored now: never on the page's word.
          const read = await loadEnvelope();
          if (read.kind !== 'damaged') return notDamaged(read);
          const previous = await storage.readDamagedBackup();
          const backup = await storage.setAsideDamaged(nowIso());
          cachedKey = null;
          await storage.clearSession();
          return ok({ backupSavedAt: backup.savedAt, replacedBackupSavedAt: previous?.savedAt ?? null });
        },
      );
      // Listeners (the expiry index, the badge) see an uninitialized vault and clear what they
      // derived from the old one.
      if (result.ok) emit();
      return result;
    },

    onChange(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },

    async touch() {
      if (await service.lockIfIdle()) return;
      const session = await storage.readSession();
      if (session) await storage.writeLastActivity(clock.now());
    },

    async lockIfIdle() {
      const session = await storage.readSession();
      if (!session) return false;
      if (!(await idleExpired())) return false;
      await doLock();
      return true;
    },
  };
  return service;
}
