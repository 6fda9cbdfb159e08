import { vi } from 'vitest';
import { sendMessage, type ProtocolMap } from '@/lib/messaging/protocol';
import { err, ok } from '@/lib/result';
import { toKeyListItem, type KeyEntry, type KeySummary } from '@/lib/keys/key-entry';
import type { VaultState } from '@/lib/vault/protocol';
import { testKeyEntry } from '../../fixtures/key-entry';

/**
 * The one fake background for component tests, typed by the protocol map: each message name
 * takes that message's data and answers its answer type. Component tests mock
 * `@/lib/messaging/protocol` (tests/setup/components.ts does it for every file) and this fake
 * becomes the implementation of the mocked `sendMessage`.
 *
 * Vault and key messages are answered by an in-memory vault (state, passphrase, keys); every
 * other message by the `answers` given, or by a feature preset (tests/components/kaneo/kaneo-
 * helpers.tsx, tests/components/tester/tester-helpers.tsx). Every message is recorded.
 */

type Name = keyof ProtocolMap;
export type MessageData<N extends Name> = Parameters<ProtocolMap[N]>[0];
export type MessageAnswer<N extends Name> = ReturnType<ProtocolMap[N]>;
export type FakeAnswer<N extends Name> = (data: MessageData<N>) => MessageAnswer<N> | Promise<MessageAnswer<N>>;
export type FakeAnswers = { [N in Name]?: FakeAnswer<N> };

export interface FakeVaultOptions {
  state?: VaultState['state'];
  damagedMessage?: string;
  passphrase?: string;
  keys?: KeyEntry[];
}

export interface FakeBackgroundOptions extends FakeVaultOptions {
  /** Answers for messages the vault does not handle (or to replace its answer). */
  answers?: FakeAnswers;
  /** A message without an answer: rejects (like an unreachable background) or answers an error. */
  unanswered?: 'reject' | 'error';
  /** Answer vault and key messages from the in-memory vault (default). Without it, only `answers`. */
  withVault?: boolean;
  /** Install as the mocked `sendMessage` (default). */
  install?: boolean;
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

const summary = ({ secret: _secret, ...rest }: KeyEntry): KeySummary => rest;

export function createFakeBackground(options: FakeBackgroundOptions = {}) {
  const vaultOptions = options;
  const vault = {
    state: vaultOptions.state ?? 'unlocked',
    passphrase: vaultOptions.passphrase ?? 'correct horse battery staple',
    keys: [...(vaultOptions.keys ?? [])],
    calls: [] as { name: string; data: unknown }[],
    /** When set, the next message of this name answers this failure. */
    failNext: new Map<string, { reason: string; message: string }>(),
  };
  let nextId = 1;
  let lists = 0;
  const locked = () => vault.state !== 'unlocked';
  const LOCKED = err('locked', 'The vault is locked.');

  const vaultAnswers: FakeAnswers = {
    'vault.status': () =>
      vault.state === 'damaged'
        ? { state: 'damaged', message: vaultOptions.damagedMessage ?? 'The stored vault is not valid JSON.' }
        : ({ state: vault.state } as VaultState),
    'vault.create': ({ passphrase }) => {
      vault.passphrase = passphrase;
      vault.state = 'unlocked';
      return ok(null);
    },
    'vault.unlock': ({ passphrase }) => {
      if (passphrase !== vault.passphrase) return err('wrong-passphrase', 'Wrong passphrase. Nothing was changed.');
      vault.state = 'unlocked';
      return ok(null);
    },
    'vault.lock': () => {
      vault.state = 'locked';
      return ok(null);
    },
    'vault.changePassphrase': ({ current, next }) => {
      // `reencrypt` changes nothing a page can see; the real service is tested in tests/unit/vault.
      if (current !== vault.passphrase) return err('wrong-passphrase', 'The current passphrase is wrong. Nothing was changed.');
      vault.passphrase = next;
      return ok(null);
    },
    // The real cut: rows get a notes preview, the edit form asks `keys.get` for the whole note.
    'keys.list': () => (locked() ? LOCKED : ok(vault.keys.map(toKeyListItem))),
    // Always the whole list (tests change `vault.keys` in place, so no change log could follow
    // them); tests of the delta replace this answer.
    'keys.changes': () => (locked() ? LOCKED : ok({ cursor: `fake-${++lists}`, whole: true as const, keys: vault.keys.map(toKeyListItem) })),
    'keys.get': ({ id }) => {
      if (locked()) return LOCKED;
      const entry = vault.keys.find((k) => k.id === id);
      return entry ? ok(summary(entry)) : err('not-found', 'That key is not in the vault (any more).');
    },
    'keys.add': ({ draft }) => {
      if (locked()) return LOCKED;
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
    },
    'keys.update': ({ id, patch }) => {
      if (locked()) return LOCKED;
      const index = vault.keys.findIndex((k) => k.id === id);
      if (index < 0) return err('not-found', 'That key is no longer in the vault.');
      const updated = { ...vault.keys[index]!, ...(patch as Partial<KeyEntry>) };
      vault.keys[index] = updated;
      return ok(summary(updated));
    },
    'keys.delete': ({ id }) => {
      if (locked()) return LOCKED;
      vault.keys = vault.keys.filter((k) => k.id !== id);
      return ok(null);
    },
    'keys.reveal': ({ id }) => {
      if (locked()) return LOCKED;
      const key = vault.keys.find((k) => k.id === id);
      return key ? ok({ secret: key.secret }) : err('not-found', 'That key is no longer in the vault.');
    },
    'clipboard.scheduleClear': () => ok(null),
  };
  const answers: FakeAnswers = { ...(options.withVault === false ? {} : vaultAnswers), ...options.answers };

  /** Answers one message the way the background would; records it first. */
  async function handle(name: string, data?: unknown): Promise<unknown> {
    vault.calls.push({ name, data });
    const failure = vault.failNext.get(name);
    if (failure) {
      vault.failNext.delete(name);
      return err(failure.reason, failure.message);
    }
    const answer = answers[name as Name] as ((d: unknown) => unknown) | undefined;
    if (answer) return answer(data);
    if (options.unanswered === 'reject') throw new Error(`unexpected message ${name}`);
    return err('unknown', `Unhandled message ${name}`);
  }

  /** Replace (or add) the answer to one message. */
  function answer<N extends Name>(name: N, fn: FakeAnswer<N>): void {
    (answers as Record<string, unknown>)[name] = fn;
  }

  if (options.install !== false) vi.mocked(sendMessage).mockImplementation(handle as never);

  return {
    vault,
    handle,
    answer,
    /** The answers by message name (vault ones included); tests may replace one in place. */
    answers: answers as Record<string, (data: any) => unknown>,
    calls: vault.calls,
    /** Every recorded message of this name, as `{ name, data }`. */
    callsOf: (name: Name) => vault.calls.filter((c) => c.name === name),
    /** The data of every recorded message of this name. */
    dataOf: <N extends Name>(name: N) => vault.calls.filter((c) => c.name === name).map((c) => c.data as MessageData<N>),
  };
}

export type FakeBackground = ReturnType<typeof createFakeBackground>;
