import { err, ok } from '@/lib/result';
import type { KeyDraft, KeyEntry, KeyPatch, KeySummary } from '@/lib/keys/key-entry';
import type { VaultState } from '@/lib/vault/protocol';
import { testKeyEntry } from '../../fixtures/key-entry';

/**
 * A stand-in for the background's vault handlers, answering `sendMessage(name, data)` the way
 * the real protocol does. Component tests install it as the implementation of the mocked
 * `sendMessage`, then look at `calls` and `keys` to see what the UI asked for.
 */
export interface FakeVaultOptions {
  state?: VaultState['state'];
  damagedMessage?: string;
  passphrase?: string;
  keys?: KeyEntry[];
}

export function makeKey(partial: Partial<KeyEntry> & { name: string; secret: string }): KeyEntry {
  const now = '2026-11-01T10:00:00.000Z';
  return testKeyEntry({
    id: `id-${partial.name.toLowerCase().replace(/\W+/g, '-')}`,
    createdAt: now,
    updatedAt: now,
    ...partial,
  });
}

export function createFakeVault(options: FakeVaultOptions = {}) {
  const vault = {
    state: options.state ?? 'unlocked',
    passphrase: options.passphrase ?? 'correct horse battery staple',
    keys: [...(options.keys ?? [])],
    calls: [] as { name: string; data: unknown }[],
    /** When set, the next message of this name answers this failure. */
    failNext: new Map<string, { reason: string; message: string }>(),
  };
  let nextId = 1;

  const summary = ({ secret: _secret, ...rest }: KeyEntry): KeySummary => rest;

  async function handle(name: string, data?: unknown): Promise<unknown> {
    vault.calls.push({ name, data });
    const failure = vault.failNext.get(name);
    if (failure) {
      vault.failNext.delete(name);
      return err(failure.reason, failure.message);
    }
    const locked = vault.state !== 'unlocked';
    switch (name) {
      case 'vault.status':
        return vault.state === 'damaged'
          ? { state: 'damaged', message: options.damagedMessage ?? 'The stored vault is not valid JSON.' }
          : { state: vault.state };
      case 'vault.create': {
        const { passphrase } = data as { passphrase: string };
        vault.passphrase = passphrase;
        vault.state = 'unlocked';
        return ok(null);
      }
      case 'vault.unlock': {
        const { passphrase } = data as { passphrase: string };
        if (passphrase !== vault.passphrase) return err('wrong-passphrase', 'Wrong passphrase. Nothing was changed.');
        vault.state = 'unlocked';
        return ok(null);
      }
      case 'vault.lock':
        vault.state = 'locked';
        return ok(null);
      case 'vault.changePassphrase': {
        const { current, next } = data as { current: string; next: string };
        if (current !== vault.passphrase) return err('wrong-passphrase', 'The current passphrase is wrong. Nothing was changed.');
        vault.passphrase = next;
        return ok(null);
      }
      case 'keys.list':
        return locked ? err('locked', 'The vault is locked.') : ok(vault.keys.map(summary));
      case 'keys.add': {
        if (locked) return err('locked', 'The vault is locked.');
        const { draft } = data as { draft: KeyDraft };
        const entry = makeKey({
          id: `new-${nextId++}`,
          name: draft.name,
          secret: draft.secret,
          instance: draft.instance as KeyEntry['instance'],
          notes: draft.notes ?? '',
          expiresAt: draft.expiresAt ?? null,
        });
        vault.keys.push(entry);
        return ok(summary(entry));
      }
      case 'keys.update': {
        if (locked) return err('locked', 'The vault is locked.');
        const { id, patch } = data as { id: string; patch: KeyPatch };
        const index = vault.keys.findIndex((k) => k.id === id);
        if (index < 0) return err('not-found', 'That key is no longer in the vault.');
        const updated = { ...vault.keys[index]!, ...(patch as Partial<KeyEntry>) };
        vault.keys[index] = updated;
        return ok(summary(updated));
      }
      case 'keys.delete': {
        if (locked) return err('locked', 'The vault is locked.');
        const { id } = data as { id: string };
        vault.keys = vault.keys.filter((k) => k.id !== id);
        return ok(null);
      }
      case 'keys.reveal': {
        if (locked) return err('locked', 'The vault is locked.');
        const { id } = data as { id: string };
        const key = vault.keys.find((k) => k.id === id);
        return key ? ok({ secret: key.secret }) : err('not-found', 'That key is no longer in the vault.');
      }
      default:
        return err('unknown', `Unhandled message ${name}`);
    }
  }

  const callsOf = (name: string) => vault.calls.filter((c) => c.name === name);
  return { vault, handle, callsOf };
}
