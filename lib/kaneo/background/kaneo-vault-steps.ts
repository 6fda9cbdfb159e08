/**
 * The vault steps Kaneo operations share: is the vault open, is a name free, store a key the
 * server just created, mark a key revoked.
 *
 * Invariant: once the server has answered a create with a secret, storing it never throws (a
 * thrown error becomes a failed Result), so the caller can always answer `not-saved` with the
 * secret instead of dropping a live key.
 */
import { toKeySummary, type Instance, type KeySummary } from '../../keys/key-entry';
import { keyNameTaken } from '../../keys/key-names';
import type { NotSavedErr, UnsavedKey } from '../protocol';
import { err, ok } from '../../result';
import type { VaultService } from '../../vault/background/vault-service.types';
import type { KaneoResult } from './kaneo-api';
import type { CreatedKey } from '../kaneo-schemas';
import { EXPIRY_CHOICES_DAYS, KEY_NAME_MAX, KEY_NAME_MIN } from '../key-state';

export const DAY_SECONDS = 86_400;

export function lockedOr(reason: string, message: string) {
  return reason === 'locked'
    ? err('locked', 'The vault is locked. Unlock it, then try again.')
    : err('vault-error', `The vault could not be read: ${message}`);
}

export function notSaved(message: string, unsaved: UnsavedKey): NotSavedErr {
  return { ok: false, reason: 'not-saved', message, unsaved };
}

export function unsavedOf(created: CreatedKey, instance: Instance, name: string): UnsavedKey {
  return {
    secret: created.key,
    name,
    remoteId: created.id,
    start: created.start,
    expiresAt: created.expiresAt,
    instance,
  };
}

export function checkName(name: string): KaneoResult<string> {
  const trimmed = name.trim();
  if (trimmed.length < KEY_NAME_MIN || trimmed.length > KEY_NAME_MAX) {
    return err('invalid-input', `A key name must be ${KEY_NAME_MIN} to ${KEY_NAME_MAX} characters.`);
  }
  return ok(trimmed);
}

export function checkExpiry(days: number | null): KaneoResult<number | null> {
  if (days === null) return ok(null);
  if (!(EXPIRY_CHOICES_DAYS as readonly number[]).includes(days)) {
    return err('invalid-input', `Expiry must be one of ${EXPIRY_CHOICES_DAYS.join(', ')} days, or never.`);
  }
  return ok(days * DAY_SECONDS);
}

export function createKaneoVaultSteps(deps: { vault: VaultService; now(): number }) {
  const { vault } = deps;

  async function requireUnlocked(): Promise<KaneoResult<true>> {
    const state = await vault.state();
    if (state.state === 'unlocked') return ok(true);
    if (state.state === 'uninitialized') {
      return err('locked', 'Set up the vault first (Options): new keys go straight into it.');
    }
    if (state.state === 'damaged') return err('vault-error', `The vault is damaged: ${state.message}`);
    return err('locked', 'Unlock the vault first: the new key goes straight into it.');
  }

  async function nameTaken(instance: Instance, name: string, exceptId?: string): Promise<boolean> {
    const keys = await vault.listKeys().catch(() => null);
    if (!keys?.ok) return false;
    return keyNameTaken(keys.value, { name, webOrigin: instance.webOrigin, exceptId });
  }

  /** Stores a key the server just created. Never throws: a thrown error becomes a failed Result. */
  async function storeCreated(created: CreatedKey, instance: Instance, name: string, note: string) {
    try {
      return await vault.addKey({
        name,
        secret: created.key,
        instance,
        notes: note,
        expiresAt: created.expiresAt,
        remoteId: created.id,
        start: created.start,
      });
    } catch {
      return err('internal', 'the vault failed while saving it');
    }
  }

  /** `vault.updateKey` that answers a failed Result instead of throwing. */
  async function tryUpdate(id: string, patch: Parameters<VaultService['updateKey']>[1]) {
    try {
      return await vault.updateKey(id, patch);
    } catch {
      return err('internal', 'the vault failed while saving it');
    }
  }

  async function markRevoked(vaultId: string): Promise<KeySummary | null> {
    const marked = await tryUpdate(vaultId, { revokedAt: new Date(deps.now()).toISOString() });
    return marked.ok ? toKeySummary(marked.value) : null;
  }

  return { requireUnlocked, nameTaken, storeCreated, tryUpdate, markRevoked };
}

export type KaneoVaultSteps = ReturnType<typeof createKaneoVaultSteps>;
