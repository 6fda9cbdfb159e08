/**
 * Background handlers for every message in lib/vault/protocol.ts, behind the one guard
 * (lib/messaging/background/guarded-handlers.ts).
 *
 * Protects: the vault and key secrets across the messaging boundary.
 * Against: messages from anything but this extension's own pages (lib/messaging/sender-check.ts),
 * malformed input (the schemas below are strict), and exceptions leaking internals to a page.
 * Invariants:
 * - Every handler checks the sender first, validates its input with zod, and answers a Result
 *   (`vault.status` answers a VaultState; a refused sender is told "locked"). Nothing throws.
 * - Pages get KeySummary (no secret; in `keys.list` / `keys.changes` with notes cut to a preview, whole from
 *   `keys.get`); a secret leaves only through `keys.reveal`.
 * - `vault.exportDamaged` and `vault.resetDamaged` answer only while the stored vault is damaged
 *   (decided by the service from storage, never from the page); reset also needs the typed phrase.
 * - Every accepted message that acts on the vault counts as activity for auto-lock (`touch`,
 *   after the idle check). The reads pages poll — `vault.status`, `keys.list`, `keys.changes` — do not:
 *   an options tab left open would otherwise keep the vault unlocked forever. They still lock a
 *   vault whose idle time has run out.
 */
import { z } from 'zod/mini';
import { err, ok } from '../../result';
import { keyDraftSchema, keyPatchSchema, toKeyListItem, toKeySummary, type KeyEntry, type KeySummary } from '../../keys/key-entry';
import { inListOrder } from '../../keys/key-order';
import { RESET_DAMAGED_CONFIRMATION, type VaultProtocol } from '../protocol';
import {
  createGuardedHandlers,
  registerHandlers,
  type ExposedHandler,
  type OnMessageLike,
} from '../../messaging/background/guarded-handlers';
import type { ExtensionIdentity } from '../../messaging/sender-check';
import { checkPassphraseFloor, type PassphraseVerdict } from '../passphrase-floor';
import type { DamagedVaultRecovery, VaultService } from './vault-service.types';

export interface VaultHandlerDeps {
  vault: VaultService;
  /** Download / start over for a damaged vault. Defaults to `vault` when it has them. */
  recovery?: DamagedVaultRecovery;
  /** Defaults to the running extension (browser.runtime). */
  identity?: () => ExtensionIdentity;
  /**
   * Defaults to the floor (lib/vault/passphrase-floor.ts): the page ran the full zxcvbn check
   * before sending; only extension pages can send this message.
   */
  checkPassphrase?: (passphrase: string) => PassphraseVerdict | Promise<PassphraseVerdict>;
}

export type VaultHandlers = { [K in keyof VaultProtocol]: ExposedHandler<K> };

const passphraseSchema = z.string().check(z.minLength(1, 'Enter the passphrase.'), z.maxLength(1024, 'That passphrase is too long.'));
const idSchema = z.object({ id: z.string().check(z.minLength(1), z.maxLength(200)) });
const noData = z.union([z.undefined(), z.null()]);

/** Strict input schema per message: a page is trusted less than the background. */
export const vaultInputSchemas = {
  'vault.status': noData,
  'vault.create': z.object({ passphrase: passphraseSchema }),
  'vault.unlock': z.object({ passphrase: passphraseSchema }),
  'vault.lock': noData,
  'vault.changePassphrase': z.object({ current: passphraseSchema, next: passphraseSchema, reencrypt: z.optional(z.boolean()) }),
  'vault.exportDamaged': z.optional(z.null()),
  'vault.resetDamaged': z.strictObject({
    confirm: z.literal(RESET_DAMAGED_CONFIRMATION, `Type ${RESET_DAMAGED_CONFIRMATION} to confirm.`),
  }),
  'keys.list': noData,
  'keys.changes': z.union([noData, z.strictObject({ since: z.string().check(z.minLength(1), z.maxLength(200)) })]),
  'keys.add': z.object({ draft: keyDraftSchema }),
  'keys.update': z.object({ id: z.string().check(z.minLength(1), z.maxLength(200)), patch: keyPatchSchema }),
  'keys.get': idSchema,
  'keys.delete': idSchema,
  'keys.reveal': idSchema,
} satisfies Record<keyof VaultProtocol, z.ZodMiniType>;

/** The two reads pages poll: not activity, or an open options tab would never let the vault lock. */
/**
 * The whole key list as pages get it, in list order (the page's sort is then one pass:
 * lib/keys/key-order.ts), made once per decrypted contents: every page opening asks for it whole,
 * and sorting and cutting 10,000 keys took ~20 ms of the popup's wait each time. Keyed by the
 * contents' own key array (the store keeps one per stored envelope, frozen), held weakly: a lock
 * drops the contents, and the list goes with them.
 */
const wholeLists = new WeakMap<readonly KeyEntry[], KeySummary[]>();
function wholeList(keys: readonly KeyEntry[]): KeySummary[] {
  let list = wholeLists.get(keys);
  if (!list) {
    // Frozen: every later answer hands out this same array.
    list = Object.freeze(inListOrder(keys).map((key) => Object.freeze(toKeyListItem(key)))) as KeySummary[];
    wholeLists.set(keys, list);
  }
  return list;
}

const PASSIVE = new Set<keyof VaultProtocol>(['vault.status', 'keys.list', 'keys.changes']);

function hasRecovery(vault: VaultService): vault is VaultService & DamagedVaultRecovery {
  const candidate = vault as Partial<DamagedVaultRecovery>;
  return typeof candidate.exportDamaged === 'function' && typeof candidate.resetDamaged === 'function';
}

const NO_RECOVERY = err('unavailable', 'Recovering a damaged vault is not available here.');

export function createVaultHandlers(deps: VaultHandlerDeps): VaultHandlers {
  const { vault } = deps;
  const checkPassphrase = deps.checkPassphrase ?? checkPassphraseFloor;
  const recovery = deps.recovery ?? (hasRecovery(vault) ? vault : undefined);

  async function weak(passphrase: string) {
    const strength = await checkPassphrase(passphrase);
    return strength.acceptable ? null : err('weak-passphrase', strength.problem ?? 'Choose a stronger passphrase.');
  }

  return createGuardedHandlers({
    schemas: vaultInputSchemas,
    activity: new Set((Object.keys(vaultInputSchemas) as (keyof VaultProtocol)[]).filter((name) => !PASSIVE.has(name))),
    touch: () => vault.touch(),
    internalReason: 'internal',
    internalMessage: 'Something went wrong in the extension. Nothing was changed; try again.',
    invalidMessage: 'first-issue',
    identity: deps.identity,
    answers: {
      'vault.status': {
        refused: { state: 'locked' },
        invalid: { state: 'locked' },
        failed: { state: 'damaged', message: 'The vault state could not be read.' },
      },
      'vault.resetDamaged': {
        failed: err('internal', 'Starting over did not finish. The damaged vault is kept — where it was, or in the backup. Try again.'),
      },
    },
    handlers: {
      'vault.status': () => vault.state(),
      'vault.create': async ({ passphrase }) => (await weak(passphrase)) ?? vault.create(passphrase),
      'vault.unlock': ({ passphrase }) => vault.unlock(passphrase),
      'vault.lock': async () => {
        await vault.lock();
        return ok(null);
      },
      'vault.changePassphrase': async ({ current, next, reencrypt }) =>
        (await weak(next)) ?? vault.changePassphrase(current, next, { reencrypt: reencrypt ?? true }),
      // Both answer only while the vault is damaged (the service decides, from what is stored).
      // A locked vault with a forgotten passphrase gets no way out here: see vault-service.ts.
      'vault.exportDamaged': async () => (recovery ? recovery.exportDamaged() : NO_RECOVERY),
      'vault.resetDamaged': async () => (recovery ? recovery.resetDamaged() : NO_RECOVERY),
      'keys.list': async () => {
        const keys = await vault.listKeys();
        return keys.ok ? ok(keys.value.map(toKeyListItem)) : keys;
      },
      'keys.changes': async (input) => {
        const listed = await vault.listChanges(input?.since);
        if (!listed.ok) return listed;
        const answer = listed.value;
        return ok(answer.whole ? { ...answer, keys: wholeList(answer.keys) } : { ...answer, changed: answer.changed.map(toKeyListItem) });
      },
      'keys.get': async ({ id }) => {
        const entry = await vault.getKey(id);
        return entry.ok ? ok(toKeySummary(entry.value)) : entry;
      },
      'keys.add': async ({ draft }) => {
        const added = await vault.addKey(draft);
        return added.ok ? ok(toKeySummary(added.value)) : added;
      },
      'keys.update': async ({ id }, sent) => {
        // Pass the patch as sent (it parsed): the service applies only the fields present in it.
        const updated = await vault.updateKey(id, sent.patch);
        return updated.ok ? ok(toKeySummary(updated.value)) : updated;
      },
      'keys.delete': ({ id }) => vault.deleteKey(id),
      'keys.reveal': async ({ id }) => {
        const entry = await vault.getKey(id);
        return entry.ok ? ok({ secret: entry.value.secret }) : entry;
      },
    },
  });
}

/**
 * Register every vault handler with the protocol's `onMessage`. Call synchronously in the
 * background's first turn. Answers a function that removes them again.
 */
export function registerVaultHandlers(deps: VaultHandlerDeps, onMessage?: OnMessageLike): () => void {
  return registerHandlers(createVaultHandlers(deps), onMessage);
}
