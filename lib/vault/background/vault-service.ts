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
 * - A write always starts from what is stored now: read the envelope, decrypt it with the session
 *   data key, apply the change, encrypt with a fresh IV, and write only if the stored envelope is
 *   still the one that was read (revision + digest check), all under one write lock.
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
import { getSettings } from '../../settings/settings';
import { createDamagedVaultRecovery } from './damaged-vault-recovery';
import { finishEnvelope, KDF_ITERATIONS_MIN, type VaultEnvelope } from './envelope';
import { createEnvelopeIo, MAX_WRITE_ATTEMPTS, NOTHING_CHANGED } from './envelope-io';
import { createPassphraseWrapping, type KeyWrapping } from './passphrase-wrapping';
import { additionalData, encryptJson, generateDataKeyBytes, importDataKey, PBKDF2_ITERATIONS } from './vault-crypto';
import { emptyVaultContents } from './vault-contents';
import { createVaultContentsStore } from './vault-contents-store';
import type { VaultErrorReason } from './vault-errors';
import { createVaultKeys } from './vault-keys';
import { createVaultSealing } from './vault-sealing';
import { createVaultSession, systemClock, type Clock } from './vault-session';
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

async function defaultIdleLimitMs(): Promise<number | null> {
  const { autoLockMinutes } = await getSettings();
  return autoLockMinutes === 'browser-close' ? null : autoLockMinutes * 60_000;
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
  const session = createVaultSession({ storage, envelopes, clock, idleLimitMs: options.idleLimitMs ?? defaultIdleLimitMs, emit });
  const contents = createVaultContentsStore({ envelopes, session, emit });
  const wrapping = createPassphraseWrapping(targetIterations);

  /**
   * Replace the key wrapping (kdf + wrappedKey) of the stored envelope, provided the wrapping is
   * still the one `unwrappedFrom` had — so a passphrase change elsewhere is never undone.
   */
  function rewrap(unwrappedFrom: VaultEnvelope, next: KeyWrapping): Promise<Result<null, VaultErrorReason>> {
    return envelopes.locked(async () => {
      for (let attempt = 0; attempt < MAX_WRITE_ATTEMPTS; attempt++) {
        const current = await envelopes.require();
        if (!current.ok) return current;
        const stored = current.value;
        if (
          stored.vaultId !== unwrappedFrom.vaultId ||
          stored.kdf.salt !== unwrappedFrom.kdf.salt ||
          stored.wrappedKey.ct !== unwrappedFrom.wrappedKey.ct
        ) {
          return err('conflict', 'The passphrase was changed elsewhere in the meantime. Nothing was changed here.');
        }
        const rewrapped = await finishEnvelope({ ...stored, ...next, revision: stored.revision + 1 });
        if (!(await envelopes.storedIsStill(stored))) continue;
        return envelopes.writeChecked(rewrapped, stored);
      }
      return err('conflict', 'The vault kept changing while saving. Try again.');
    });
  }

  const service: BackgroundVaultService = {
    state: () => session.state(),

    async create(passphrase) {
      if (passphrase.length === 0) return err('invalid-input', 'Choose a passphrase.');
      // Derive before taking the lock: it is the slow part and needs nothing stored.
      const vaultId = newId();
      const dataKey = generateDataKeyBytes();
      const wrapped = await wrapping.wrap(passphrase, dataKey, vaultId);
      const key = await importDataKey(dataKey);
      const vault = await encryptJson(key, emptyVaultContents(), additionalData('vault', vaultId));
      const envelope = await finishEnvelope({
        format: 'kaneo-key-manager/vault',
        v: 1,
        vaultId,
        revision: 0,
        ...wrapped,
        vault: { alg: 'AES-GCM', ...vault },
      });
      const created = await envelopes.locked(async (): Promise<Result<null, VaultErrorReason>> => {
        const read = await envelopes.load();
        if (read.kind === 'damaged') return err('damaged', read.message);
        if (read.kind === 'ok') return err('already-exists', 'A vault already exists. Unlock it instead.');
        const written = await envelopes.writeChecked(envelope, null);
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
      const envelope = await envelopes.require();
      if (!envelope.ok) return envelope;
      const unwrapped = await wrapping.unwrap(envelope.value, passphrase);
      if (!unwrapped.ok) return unwrapped;
      const key = await importDataKey(unwrapped.value);
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
        await rewrap(envelope.value, await wrapping.wrap(passphrase, unwrapped.value, envelope.value.vaultId));
      }
      emit();
      return ok(null);
    },

    lock: () => session.lock(),

    async changePassphrase(current, next) {
      if (next.length === 0) return err('invalid-input', 'Choose a new passphrase.');
      const envelope = await envelopes.require();
      if (!envelope.ok) return envelope;
      const unwrapped = await wrapping.unwrap(envelope.value, current);
      if (!unwrapped.ok) {
        return err('wrong-passphrase', 'The current passphrase is not right. Nothing was changed.');
      }
      const read = await contents.read({ envelope: envelope.value, key: await importDataKey(unwrapped.value) });
      if (!read.ok) return read;
      const written = await rewrap(envelope.value, await wrapping.wrap(next, unwrapped.value, envelope.value.vaultId));
      if (written.ok) emit();
      return written;
    },

    ...createVaultKeys({ session, contents, newId, nowIso }),
    ...createVaultSealing(session),
    ...createDamagedVaultRecovery({ storage, envelopes, session, nowIso, emit }),

    onChange(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },

    touch: () => session.touch(),
    lockIfIdle: () => session.lockIfIdle(),
  };
  return service;
}
