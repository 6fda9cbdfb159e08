/**
 * The vault service: the background's single writer of the vault. This file is the vault's
 * lifecycle (create, unlock, change passphrase, lock) and puts together the parts that each do
 * one job: envelope-io.ts (reading and writing the envelope), vault-session.ts (the unlocked
 * data key and auto-lock), vault-contents-store.ts (the one read-modify-write), vault-keys.ts
 * (key CRUD), vault-sealing.ts (other features' sealed data), passphrase-wrapping.ts and
 * damaged-vault-recovery.ts.
 *
 * Protects: every stored key (secret, name, instance, notes) and other concerns' sealed data.
 * Against: readers of `storage.local` (they see only the envelope, see envelope.ts), lost writes
 * when two callers write at once, and a damaged vault being replaced or "repaired".
 *
 * Invariants:
 * - A write always starts from what is stored now: the contents decrypted from the stored envelope
 *   and its buckets (vault-buckets.ts), the change applied, only the changed buckets re-sealed
 *   with fresh IVs, and written only if the stored envelope is still the one that was read
 *   (revision + digest check), all under one write lock.
 * - A write never happens unless the stored envelope validated and decrypted. `create` never
 *   replaces anything that is stored, damaged or not.
 * - The one exception is `resetDamaged`: explicit and confirmed by the person, only while the
 *   stored envelope is damaged, and only after its bytes are safely in the damaged backup.
 * - Unlock runs exactly one key derivation (plus one more only when re-wrapping an envelope whose
 *   PBKDF2 cost is below the current target). A wrong passphrase changes nothing.
 * - The raw data key leaves lib/vault/background only to `storage.session` (memory); lock removes it.
 * - Secrets are never logged.
 */
import { err, ok, type Result } from '../../result';
import type { KeyDraft, KeyEntry } from '../../keys/key-entry';
import { getSettings, watchSettings } from '../../settings/settings';
import { createDamagedVaultRecovery } from './damaged-vault-recovery';
import { finishEnvelope, isCurrentEnvelope, KDF_ITERATIONS_MIN, type VaultEnvelope } from './envelope';
import { createEnvelopeIo, MAX_WRITE_ATTEMPTS, NOTHING_CHANGED } from './envelope-io';
import { createPassphraseWrapping, type KeyWrapping } from './passphrase-wrapping';
import { generateDataKeyBytes, importDataKey, PBKDF2_ITERATIONS } from './vault-crypto';
import { openIndex, sealAll, sealIndex } from './vault-buckets';
import { upgradeEnvelopeFormat } from './envelope-format-upgrade';
import { createVaultRekey, type RekeyStep } from './vault-rekey';
import { sealedAccessGate } from './sealed-item';
import { emptyVaultContents, vaultContentsSchema, type VaultContents } from './vault-contents';
import { createVaultContentsStore, type ContentsChange } from './vault-contents-store';
import type { VaultErrorReason } from './vault-errors';
import { createVaultKeys } from './vault-keys';
import { createVaultSealing } from './vault-sealing';
import { createVaultSession, systemClock, type Clock } from './vault-session';
import { createVaultSyncAccess, notifyPassphraseChanged, type PassphraseChangedListener, type VaultSyncAccess } from './vault-sync-access';
import { createVaultStorage, MAX_ENVELOPE_BYTES, type VaultStorage } from './vault-storage';
import type { DamagedVaultRecovery, VaultService } from './vault-service.types';
import { defaultLock, type LockRunner } from './write-lock';

export { DAMAGED_EXPORT_FORMAT } from './damaged-vault-recovery';
export { systemClock, type Clock } from './vault-session';
export type { VaultErrorReason } from './vault-errors';

export interface CreateVaultServiceOptions {
  storage?: VaultStorage;
  clock?: Clock;
  /**
   * PBKDF2 rounds for new wrappings. TESTS ONLY, to keep tests of unrelated behaviour fast; the
   * extension never passes it, so it always uses PBKDF2_ITERATIONS.
   */
  kdfIterations?: number;
  /**
   * Fewest PBKDF2 rounds a stored envelope may ask for. TESTS ONLY (reading fast test vaults);
   * defaults to the lower of kdfIterations and KDF_ITERATIONS_MIN.
   */
  kdfMinIterations?: number;
  lock?: LockRunner;
  /** Auto-lock limit in ms, or null for "only when the browser closes". Defaults to the settings. */
  idleLimitMs?: () => Promise<number | null>;
  newId?: () => string;
  /** Largest envelope written, in bytes. TESTS ONLY (to reach the limit without 40 MiB of keys). */
  maxEnvelopeBytes?: number;
  /** TESTS ONLY: called after each step of a re-key, to stop there like a crash. */
  afterRekeyStep?: (step: RekeyStep) => void | Promise<void>;
}

/** What `onDataKeyChanged` listeners get: the vault whose data key was replaced. */
export interface DataKeyChange {
  vaultId: string;
}

/** The vault as the background holds it: the public interface plus what auto-lock needs. */
export interface BackgroundVaultService extends VaultService, DamagedVaultRecovery, VaultSyncAccess {
  /**
   * Adds many keys in one write (all or none; names must be free and distinct). Background only:
   * no page message reaches it. Used to seed large vaults in tests and benchmarks.
   */
  addKeys(drafts: KeyDraft[]): Promise<Result<KeyEntry[]>>;
  /** Locks when the idle limit has passed since the last activity. Answers whether it locked. */
  lockIfIdle(): Promise<boolean>;
  /**
   * THE hook for anything that keeps its own copy of data sealed with the data key (sync, backup):
   * called once after a re-key ("change passphrase and re-encrypt") has switched every stored
   * item to a new data key, including a re-key finished after a crash. A copy sealed under the old
   * key no longer opens; re-seal it from the vault. Answers the unsubscribe function.
   */
  onDataKeyChanged(listener: (change: DataKeyChange) => void): () => void;
  /**
   * Resolves once the clean-up an unlock started after answering (the orphan sweep) has run.
   * Nothing waits for it in the extension; tests do, to look at storage after it. Never rejects.
   */
  housekeeping(): Promise<void>;
  /** Finishes or drops a re-key a crash interrupted (run once at start-up). Never throws. */
  recoverInterruptedRekey(): Promise<void>;
  /** Background only (backup): whether `passphrase` is the vault's. One key derivation; changes nothing. */
  verifyPassphrase(passphrase: string): Promise<Result<null>>;
  /** Background only (backup export): the decrypted contents, secrets included. Never for a page. */
  readContents(): Promise<Result<VaultContents>>;
  /**
   * Background only (backup restore, merges): one read-modify-write of the whole contents, through
   * the same write path as every key change. The change may run more than once; its result must
   * parse as contents, or nothing is written.
   */
  rewriteContents<T>(change: ContentsChange<T>): Promise<Result<T>>;
  /** Background only (restore on first run): `create`, with these contents instead of none. */
  createWithContents(passphrase: string, contents: VaultContents): Promise<Result<null>>;
}

async function idleLimitFromSettings(): Promise<number | null> {
  const { autoLockMinutes } = await getSettings();
  return autoLockMinutes === 'browser-close' ? null : autoLockMinutes * 60_000;
}

/**
 * The idle limit from the settings, read once and kept until the settings change (it is asked on
 * every vault operation: issue 11). The watch starts before the first read, so no change is missed.
 */
function watchedIdleLimit(): () => Promise<number | null> {
  let kept: Promise<number | null> | null = null;
  let watching = false;
  return () => {
    if (!watching) {
      watching = true;
      watchSettings(() => (kept = null));
    }
    const read = (kept ??= idleLimitFromSettings());
    read.catch(() => {
      if (kept === read) kept = null;
    });
    return read;
  };
}

export function createVaultService(options: CreateVaultServiceOptions = {}): BackgroundVaultService {
  const storage = options.storage ?? createVaultStorage();
  const clock = options.clock ?? systemClock;
  const targetIterations = options.kdfIterations ?? PBKDF2_ITERATIONS;
  if (targetIterations < PBKDF2_ITERATIONS && import.meta.env.MODE !== 'test') {
    throw new Error('A PBKDF2 cost below the default is for tests only.');
  }
  const envelopeBounds = { minIterations: options.kdfMinIterations ?? Math.min(targetIterations, KDF_ITERATIONS_MIN) };
  if (envelopeBounds.minIterations < KDF_ITERATIONS_MIN && import.meta.env.MODE !== 'test') {
    throw new Error('Accepting a PBKDF2 cost below the default is for tests only.');
  }
  const newId = options.newId ?? (() => globalThis.crypto.randomUUID());
  const listeners = new Set<() => void>();
  const passphraseListeners = new Set<PassphraseChangedListener>();
  const keyListeners = new Set<(change: DataKeyChange) => void>();

  function keyChanged(vaultId: string) {
    for (const listener of [...keyListeners]) {
      try {
        listener({ vaultId });
      } catch {
        // A listener's failure must not undo or break the re-key.
      }
    }
  }

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
  const envelopes = createEnvelopeIo({
    storage,
    lock: options.lock ?? defaultLock,
    maxEnvelopeBytes: options.maxEnvelopeBytes ?? MAX_ENVELOPE_BYTES,
    bounds: envelopeBounds,
  });
  const session = createVaultSession({
    storage,
    envelopes,
    clock,
    idleLimitMs: options.idleLimitMs ?? watchedIdleLimit(),
    emit,
    onLock: () => contents.forget(),
  });
  const contents = createVaultContentsStore({ storage, envelopes, session, emit });
  const wrapping = createPassphraseWrapping(targetIterations);
  /** The orphan sweep the last unlock started (never rejects). */
  let sweeping: Promise<void> = Promise.resolve();

  /**
   * Replace the key wrapping (kdf + wrappedKey) of the stored envelope, provided the wrapping is
   * still the one `unwrappedFrom` had — so a passphrase change elsewhere is never undone. The
   * index is re-sealed (same data key) because it is bound to the revision; the buckets stay.
   */
  function rewrap(unwrappedFrom: VaultEnvelope, next: KeyWrapping, key: CryptoKey): Promise<Result<null, VaultErrorReason>> {
    return envelopes.locked(async () => {
      for (let attempt = 0; attempt < MAX_WRITE_ATTEMPTS; attempt++) {
        const current = await envelopes.require();
        if (!current.ok) return current;
        const stored = current.value;
        if (!isCurrentEnvelope(stored)) return err('locked', 'Unlock the vault once to finish updating it.');
        if (
          stored.vaultId !== unwrappedFrom.vaultId ||
          stored.kdf.salt !== unwrappedFrom.kdf.salt ||
          stored.wrappedKey.ct !== unwrappedFrom.wrappedKey.ct
        ) {
          return err('conflict', 'The passphrase was changed elsewhere in the meantime. Nothing was changed here.');
        }
        const revision = stored.revision + 1;
        let index: VaultEnvelope['index'];
        try {
          index = await sealIndex(key, { vaultId: stored.vaultId, revision }, await openIndex(key, stored));
        } catch {
          return err('damaged', `The stored vault could not be decrypted with its key. ${NOTHING_CHANGED}`);
        }
        const rewrapped = await finishEnvelope({ ...stored, ...next, revision, index });
        if (!(await envelopes.storedIsStill(stored))) continue;
        return envelopes.writeChecked(rewrapped, stored);
      }
      return err('conflict', 'The vault kept changing while saving. Try again.');
    });
  }

  const rekey = createVaultRekey({
    storage,
    envelopes,
    session,
    wrapping,
    bounds: envelopeBounds,
    gate: () => sealedAccessGate(service),
    keyChanged,
    ...(options.afterRekeyStep ? { afterStep: options.afterRekeyStep } : {}),
  });

  const service: BackgroundVaultService = {
    state: () => session.state(),

    create: (passphrase) => service.createWithContents(passphrase, emptyVaultContents()),

    async createWithContents(passphrase, initial) {
      if (passphrase.length === 0) return err('invalid-input', 'Choose a passphrase.');
      const parsedInitial = vaultContentsSchema.safeParse(initial);
      if (!parsedInitial.success) return err('invalid-input', 'Those vault contents are not valid.');
      // Derive before taking the lock: it is the slow part and needs nothing stored.
      const vaultId = newId();
      const dataKey = generateDataKeyBytes();
      const wrapped = await wrapping.wrap(passphrase, dataKey, vaultId);
      const key = await importDataKey(dataKey);
      const layout = await sealAll(key, vaultId, 0, parsedInitial.data);
      const envelope = await finishEnvelope({
        format: 'kaneo-key-manager/vault',
        v: 3,
        vaultId,
        revision: 0,
        ...wrapped,
        buckets: layout.table,
        index: await sealIndex(key, { vaultId, revision: 0 }, layout.index),
      });
      const created = await envelopes.locked(async (): Promise<Result<null, VaultErrorReason>> => {
        const read = await envelopes.load();
        if (read.kind === 'damaged') return err('damaged', read.message);
        if (read.kind === 'ok') return err('already-exists', 'A vault already exists. Unlock it instead.');
        const written = await envelopes.writeChecked(envelope, null, layout.items);
        if (!written.ok) return written;
        try {
          await session.start(vaultId, dataKey);
        } catch {
          return err('write-failed', 'The vault was created, but it could not be unlocked here. Unlock it with your passphrase.');
        }
        return ok(null);
      });
      if (created.ok) emit();
      return created;
    },

    async unlock(passphrase) {
      await rekey.recoverInterrupted();
      const stored = await envelopes.require();
      if (!stored.ok) return stored;
      const unwrapped = await wrapping.unwrap(stored.value, passphrase);
      if (!unwrapped.ok) return unwrapped;
      const key = await importDataKey(unwrapped.value);
      // An older format is brought up to date now that the data key is known (keyed migration).
      const envelope = await upgradeEnvelopeFormat({ storage, envelopes, bounds: envelopeBounds }, stored.value, key);
      if (!envelope.ok) return envelope;
      const read = await contents.read({ envelope: envelope.value, key });
      if (!read.ok) return read;
      try {
        await session.start(envelope.value.vaultId, unwrapped.value);
      } catch {
        return err('write-failed', `The vault could not be unlocked: the browser refused to keep it unlocked in memory. ${NOTHING_CHANGED}`);
      }
      session.forgetKey();
      if (envelope.value.kdf.iterations < targetIterations) {
        // Raise the stored cost now that the passphrase is known to be right. If this fails
        // (e.g. a concurrent passphrase change), the vault stays unlocked with the old wrapping.
        await rewrap(envelope.value, await wrapping.wrap(passphrase, unwrapped.value, envelope.value.vaultId), key);
      }
      // Buckets a crash left behind (written, but never named by an envelope that landed). The
      // answer does not wait for it (issue 11): it is queued on the write lock now, before any
      // write this unlock lets through, and removes only what the stored envelope does not name.
      sweeping = contents.sweepOrphans().catch(() => undefined);
      emit();
      return ok(null);
    },

    lock: () => session.lock(),

    async changePassphrase(current, next, { reencrypt = true } = {}) {
      if (next.length === 0) return err('invalid-input', 'Choose a new passphrase.');
      await rekey.recoverInterrupted();
      const envelope = await envelopes.require();
      if (!envelope.ok) return envelope;
      const stored = envelope.value;
      if (!isCurrentEnvelope(stored)) return err('locked', 'Unlock the vault once to finish updating it, then change the passphrase.');
      const unwrapped = await wrapping.unwrap(stored, current);
      if (!unwrapped.ok) {
        return err('wrong-passphrase', 'The current passphrase is not right. Nothing was changed.');
      }
      const key = await importDataKey(unwrapped.value);
      const read = await contents.read({ envelope: stored, key });
      if (!read.ok) return read;
      const written = reencrypt
        ? await rekey.rekey(stored, key, next)
        : await rewrap(stored, await wrapping.wrap(next, unwrapped.value, stored.vaultId), key);
      if (written.ok) {
        emit();
        // Sync keeps a passphrase-wrapped copy of the data key in storage.sync: re-wrap it, or
        // (after a re-key) re-seal its whole set under the new key.
        await notifyPassphraseChanged(passphraseListeners, next, reencrypt);
      }
      return written;
    },

    ...createVaultKeys({ session, contents, newId, nowIso }),
    ...createVaultSealing(session),
    ...createDamagedVaultRecovery({ storage, envelopes, session, nowIso, emit }),
    ...createVaultSyncAccess({ storage, session, contents, passphraseListeners }),

    onChange(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },

    onDataKeyChanged(listener) {
      keyListeners.add(listener);
      return () => {
        keyListeners.delete(listener);
      };
    },
    recoverInterruptedRekey: () => rekey.recoverInterrupted(),
    housekeeping: () => sweeping,

    touch: () => session.touch(),
    lockIfIdle: () => session.lockIfIdle(),

    async verifyPassphrase(passphrase) {
      const envelope = await envelopes.require();
      if (!envelope.ok) return envelope;
      const unwrapped = await wrapping.unwrap(envelope.value, passphrase);
      return unwrapped.ok ? ok(null) : unwrapped;
    },

    async readContents() {
      const unlocked = await session.requireUnlocked();
      if (!unlocked.ok) return unlocked;
      return contents.read(unlocked.value);
    },

    rewriteContents<T>(change: ContentsChange<T>) {
      return contents.mutate<T>((current) => {
        const changed = change(current);
        if (!changed.ok) return changed;
        const parsed = vaultContentsSchema.safeParse(changed.value.contents);
        if (!parsed.success) return err('invalid-input', 'The merged vault contents are not valid. Nothing was changed.');
        return ok({ contents: parsed.data, value: changed.value.value });
      });
    },
  };
  return service;
}
