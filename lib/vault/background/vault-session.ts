/**
 * The unlocked session and auto-lock: where the raw data key lives while the vault is open.
 *
 * Protects: the data key, from outliving the person's attention or reaching disk.
 * Against: an idle vault staying usable (every use checks the idle limit first, so a late alarm
 * can never extend it) and a session left over from another vault (its id must match).
 * Invariants:
 * - The raw data key goes only to `storage.session` (memory); `lock` removes it, the cached
 *   CryptoKey and (onLock) the decrypted contents.
 * - A vault whose idle time has run out locks on the next use, before anything is answered.
 */
import { err, ok, type Result } from '../../result';
import type { VaultState } from '../protocol';
import { base64ToBytes, bytesToBase64 } from './base64';
import { CURRENT_ENVELOPE_VERSION, isCurrentEnvelope, type VaultEnvelope } from './envelope';
import type { EnvelopeIo } from './envelope-io';
import { importDataKey } from './vault-crypto';
import type { VaultErrorReason } from './vault-errors';
import type { VaultStorage } from './vault-storage';

export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/** An open vault: its envelope and the data key it was unlocked with. */
export interface Unlocked {
  envelope: VaultEnvelope;
  key: CryptoKey;
}

/** The session as the vault's parts use it (not the stored record, which is vault-storage.ts' VaultSession). */
export interface UnlockedSession {
  state(): Promise<VaultState>;
  /** The open vault, or why it is not open (locking it first when its idle time ran out). */
  requireUnlocked(): Promise<Result<Unlocked, VaultErrorReason>>;
  /** Keep the data key in memory and count from now. */
  start(vaultId: string, dataKey: Uint8Array<ArrayBuffer>): Promise<void>;
  /** Drop the cached CryptoKey (the next use imports it again from the session). */
  forgetKey(): void;
  lock(): Promise<void>;
  touch(): Promise<void>;
  lockIfIdle(): Promise<boolean>;
}

export function createVaultSession(deps: {
  storage: VaultStorage;
  envelopes: EnvelopeIo;
  clock: Clock;
  idleLimitMs: () => Promise<number | null>;
  /** Tell the vault's listeners (a lock changes what they may read). */
  emit: () => void;
  /** Drop what was decrypted with the data key (vault-contents-store.ts); runs on every lock. */
  onLock?: () => void;
}): UnlockedSession {
  const { storage, envelopes, clock } = deps;
  let cachedKey: { raw: string; key: CryptoKey } | null = null;

  async function keyFromSession(raw: string): Promise<CryptoKey> {
    if (cachedKey?.raw === raw) return cachedKey.key;
    const key = await importDataKey(base64ToBytes(raw));
    cachedKey = { raw, key };
    return key;
  }

  async function idleExpired(): Promise<boolean> {
    const limit = await deps.idleLimitMs();
    if (limit === null) return false;
    const last = await storage.readLastActivity();
    if (last === null) return false;
    return clock.now() - last >= limit;
  }

  async function lock(): Promise<void> {
    cachedKey = null;
    deps.onLock?.();
    await storage.clearSession();
    deps.emit();
  }

  const session: UnlockedSession = {
    async state() {
      const read = await envelopes.load();
      if (read.kind === 'empty') return { state: 'uninitialized' };
      if (read.kind === 'damaged') return { state: 'damaged', message: read.message };
      const current = await storage.readSession();
      if (!current || current.vaultId !== read.envelope.vaultId) {
        deps.onLock?.();
        return { state: 'locked' };
      }
      if (read.envelope.v !== CURRENT_ENVELOPE_VERSION) {
        return { state: 'locked' };
      }
      if (await idleExpired()) {
        await lock();
        return { state: 'locked' };
      }
      return { state: 'unlocked' };
    },
    async requireUnlocked() {
      const envelope = await envelopes.require();
      if (!envelope.ok) return envelope;
      const current = await storage.readSession();
      if (!current || current.vaultId !== envelope.value.vaultId) {
        // The session ended elsewhere (browser restart, another context): nothing decrypted may stay.
        deps.onLock?.();
        return err('locked', 'The vault is locked.');
      }
      // An older format is brought up to date by unlock (it needs the passphrase's key once).
      const stored = envelope.value;
      if (!isCurrentEnvelope(stored)) return err('locked', 'Unlock the vault to finish updating it.');
      if (await idleExpired()) {
        await lock();
        return err('locked', 'The vault locked itself after being idle.');
      }
      try {
        return ok({ envelope: stored, key: await keyFromSession(current.dataKey) });
      } catch {
        return err('locked', 'The vault is locked.');
      }
    },
    async start(vaultId, dataKey) {
      await storage.writeLastActivity(clock.now());
      await storage.writeSession({ vaultId, dataKey: bytesToBase64(dataKey) });
    },
    forgetKey() {
      cachedKey = null;
    },
    lock,
    async touch() {
      if (await session.lockIfIdle()) return;
      const current = await storage.readSession();
      // Not awaited: the idle check above is what must come first; the mark itself is kept in
      // memory at once (vault-storage.ts) and a failed write only makes auto-lock come sooner.
      if (current) void storage.writeLastActivity(clock.now()).catch(() => undefined);
    },
    async lockIfIdle() {
      const current = await storage.readSession();
      if (!current) return false;
      if (!(await idleExpired())) return false;
      await lock();
      return true;
    },
  };
  return session;
}
