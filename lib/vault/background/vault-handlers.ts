/**
 * Background handlers for every message in lib/messaging/vault-protocol.ts.
 *
 * Protects: the vault and key secrets across the messaging boundary.
 * Against: messages from anything but this extension's own pages (see sender-check.ts), malformed
 * input, and exceptions leaking internals to a page.
 * Invariants:
 * - Every handler checks the sender first, validates its input with zod, and answers a Result
 *   (`vault.status` answers a VaultState; a refused sender is told "locked"). Nothing throws.
 * - Pages get KeySummary (no secret); a secret leaves only through `keys.reveal`.
 * - `vault.exportDamaged` and `vault.resetDamaged` answer only while the stored vault is damaged
 *   (decided by the service from storage, never from the page); reset also needs the typed phrase.
 * - Every accepted message that acts on the vault counts as activity for auto-lock (`touch`,
 *   after the idle check). The two reads pages poll — `vault.status` and `keys.list` — do not:
 *   an options tab left open would otherwise keep the vault unlocked forever. They still lock a
 *   vault whose idle time has run out.
 */
import { z } from 'zod';
import { err, ok, type Result } from '../../result';
import { keyDraftSchema, keyPatchSchema, toKeySummary } from '../../keys/key-entry';
import { RESET_DAMAGED_CONFIRMATION, type VaultProtocol, type VaultState } from '../protocol';
import { onMessage as protocolOnMessage } from '../../messaging/protocol';
import { MAX_CLIPBOARD_CLEAR_SECONDS } from '../../settings/settings';
import { checkPassphraseStrength, type PassphraseStrength } from '../passphrase-strength';
import { currentExtensionIdentity, isExtensionPageSender, type ExtensionIdentity, type MessageSenderLike } from '../../messaging/sender-check';
import type { DamagedVaultRecovery, VaultService } from './vault-service.types';

export interface ClipboardClearScheduler {
  scheduleClear(delaySeconds: number): Promise<void>;
}

export interface VaultHandlerDeps {
  vault: VaultService;
  /** Download / start over for a damaged vault. Defaults to `vault` when it has them. */
  recovery?: DamagedVaultRecovery;
  /** Clears the clipboard later (lib/clipboard). Without it, `clipboard.scheduleClear` refuses. */
  clipboard?: ClipboardClearScheduler;
  /** Defaults to the running extension (browser.runtime). */
  identity?: () => ExtensionIdentity;
  checkPassphrase?: (passphrase: string) => PassphraseStrength;
}

type Data<K extends keyof VaultProtocol> = Parameters<VaultProtocol[K]>[0];
type Answer<K extends keyof VaultProtocol> = ReturnType<VaultProtocol[K]>;

export type VaultHandlers = {
  [K in keyof VaultProtocol]: (data: Data<K>, sender: MessageSenderLike | undefined) => Promise<Answer<K>>;
};

const passphraseSchema = z.string().min(1, 'Enter the passphrase.').max(1024, 'That passphrase is too long.');
const idSchema = z.object({ id: z.string().min(1).max(200) });

const inputSchemas = {
  create: z.object({ passphrase: passphraseSchema }),
  unlock: z.object({ passphrase: passphraseSchema }),
  changePassphrase: z.object({ current: passphraseSchema, next: passphraseSchema }),
  add: z.object({ draft: keyDraftSchema }),
  update: z.object({ id: z.string().min(1).max(200), patch: keyPatchSchema }),
  scheduleClear: z.object({ delaySeconds: z.number().int().min(0).max(MAX_CLIPBOARD_CLEAR_SECONDS) }),
  exportDamaged: z.null().optional(),
  resetDamaged: z.strictObject({
    confirm: z.literal(RESET_DAMAGED_CONFIRMATION, `Type ${RESET_DAMAGED_CONFIRMATION} to confirm.`),
  }),
};

function hasRecovery(vault: VaultService): vault is VaultService & DamagedVaultRecovery {
  const candidate = vault as Partial<DamagedVaultRecovery>;
  return typeof candidate.exportDamaged === 'function' && typeof candidate.resetDamaged === 'function';
}

const NO_RECOVERY = err('unavailable', 'Recovering a damaged vault is not available here.');

const REFUSED = err('forbidden', 'This request did not come from one of the extension’s own pages.');

function invalid(error: z.ZodError): Result<never> {
  const issue = error.issues[0];
  return err('invalid-input', issue ? issue.message : 'The request is not valid.');
}

function internal(): Result<never> {
  return err('internal', 'Something went wrong in the extension. Nothing was changed; try again.');
}

export function createVaultHandlers(deps: VaultHandlerDeps): VaultHandlers {
  const { vault } = deps;
  const identity = deps.identity ?? currentExtensionIdentity;
  const checkPassphrase = deps.checkPassphrase ?? checkPassphraseStrength;
  const recovery = deps.recovery ?? (hasRecovery(vault) ? vault : undefined);

  /** Sender check, activity mark and the never-throw guarantee around one handler. */
  async function guard<T>(
    sender: MessageSenderLike | undefined,
    refused: T,
    run: () => Promise<T>,
    failed: T,
    activity: 'active' | 'passive' = 'active',
  ): Promise<T> {
    if (!isExtensionPageSender(sender, identity())) return refused;
    try {
      if (activity === 'active') await vault.touch();
      return await run();
    } catch {
      return failed;
    }
  }

  function weak(passphrase: string): Result<never> | null {
    const strength = checkPassphrase(passphrase);
    return strength.acceptable ? null : err('weak-passphrase', strength.problem ?? 'Choose a stronger passphrase.');
  }

  return {
    'vault.status': (_data, sender) =>
      guard<VaultState>(
        sender,
        { state: 'locked' },
        () => vault.state(),
        { state: 'damaged', message: 'The vault state could not be read.' },
        'passive',
      ),

    'vault.create': (data, sender) =>
      guard<Answer<'vault.create'>>(sender, REFUSED, async () => {
        const input = inputSchemas.create.safeParse(data);
        if (!input.success) return invalid(input.error);
        return weak(input.data.passphrase) ?? vault.create(input.data.passphrase);
      }, internal()),

    'vault.unlock': (data, sender) =>
      guard<Answer<'vault.unlock'>>(sender, REFUSED, async () => {
        const input = inputSchemas.unlock.safeParse(data);
        if (!input.success) return invalid(input.error);
        return vault.unlock(input.data.passphrase);
      }, internal()),

    'vault.lock': (_data, sender) =>
      guard<Answer<'vault.lock'>>(sender, REFUSED, async () => {
        await vault.lock();
        return ok(null);
      }, internal()),

    'vault.changePassphrase': (data, sender) =>
      guard<Answer<'vault.changePassphrase'>>(sender, REFUSED, async () => {
        const input = inputSchemas.changePassphrase.safeParse(data);
        if (!input.success) return invalid(input.error);
        return weak(input.data.next) ?? vault.changePassphrase(input.data.current, input.data.next);
      }, internal()),

    // Both answer only while the vault is damaged (the service decides, from what is stored).
    // A locked vault with a forgotten passphrase gets no way out here: see vault-service.ts.
    'vault.exportDamaged': (data, sender) =>
      guard<Answer<'vault.exportDamaged'>>(sender, REFUSED, async () => {
        const input = inputSchemas.exportDamaged.safeParse(data);
        if (!input.success) return invalid(input.error);
        return recovery ? recovery.exportDamaged() : NO_RECOVERY;
      }, internal()),

    'vault.resetDamaged': (data, sender) =>
      guard<Answer<'vault.resetDamaged'>>(sender, REFUSED, async () => {
        const input = inputSchemas.resetDamaged.safeParse(data);
        if (!input.success) return invalid(input.error);
        return recovery ? recovery.resetDamaged() : NO_RECOVERY;
      }, err('internal', 'Starting over did not finish. The damaged vault is kept — where it was, or in the backup. Try again.')),

    'keys.list': (_data, sender) =>
      guard<Answer<'keys.list'>>(sender, REFUSED, async () => {
        const keys = await vault.listKeys();
        return keys.ok ? ok(keys.value.map(toKeySummary)) : keys;
      }, internal(), 'passive'),

    'keys.add': (data, sender) =>
      guard<Answer<'keys.add'>>(sender, REFUSED, async () => {
        const input = inputSchemas.add.safeParse(data);
        if (!input.success) return invalid(input.error);
        const added = await vault.addKey(input.data.draft);
        return added.ok ? ok(toKeySummary(added.value)) : added;
      }, internal()),

    'keys.update': (data, sender) =>
      guard<Answer<'keys.update'>>(sender, REFUSED, async () => {
        const input = inputSchemas.update.safeParse(data);
        if (!input.success) return invalid(input.error);
        // Pass the patch as sent: the service applies only the fields present in it.
        const updated = await vault.updateKey(input.data.id, data.patch);
        return updated.ok ? ok(toKeySummary(updated.value)) : updated;
      }, internal()),

    'keys.delete': (data, sender) =>
      guard<Answer<'keys.delete'>>(sender, REFUSED, async () => {
        const input = idSchema.safeParse(data);
        if (!input.success) return invalid(input.error);
        return vault.deleteKey(input.data.id);
      }, internal()),

    'keys.reveal': (data, sender) =>
      guard<Answer<'keys.reveal'>>(sender, REFUSED, async () => {
        const input = idSchema.safeParse(data);
        if (!input.success) return invalid(input.error);
        const entry = await vault.getKey(input.data.id);
        return entry.ok ? ok({ secret: entry.value.secret }) : entry;
      }, internal()),

    'clipboard.scheduleClear': (data, sender) =>
      guard<Answer<'clipboard.scheduleClear'>>(sender, REFUSED, async () => {
        const input = inputSchemas.scheduleClear.safeParse(data);
        if (!input.success) return invalid(input.error);
        if (!deps.clipboard) return err('unavailable', 'Clipboard clearing is not available here.');
        if (input.data.delaySeconds > 0) await deps.clipboard.scheduleClear(input.data.delaySeconds);
        return ok(null);
      }, err('clipboard-failed', 'The clipboard could not be scheduled for clearing. Clear it by hand.')),
  };
}

type OnMessageLike = <K extends keyof VaultProtocol>(
  type: K,
  handler: (message: { data: Data<K>; sender: MessageSenderLike }) => Promise<Answer<K>>,
) => () => void;

/**
 * Register every vault handler with the protocol's `onMessage`. Call synchronously in the
 * background's first turn. Answers a function that removes them again.
 */
export function registerVaultHandlers(
  deps: VaultHandlerDeps,
  onMessage: OnMessageLike = protocolOnMessage as unknown as OnMessageLike,
): () => void {
  const handlers = createVaultHandlers(deps);
  const removers = (Object.keys(handlers) as (keyof VaultProtocol)[]).map((type) =>
    onMessage(type, (message) => (handlers[type] as (d: unknown, s: MessageSenderLike) => Promise<unknown>)(message.data, message.sender) as never),
  );
  return () => removers.forEach((remove) => remove());
}
