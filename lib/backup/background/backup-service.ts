/**
 * Backup export, restore with a merge preview, and `.env` import, in the background.
 *
 * Protects: the decrypted vault. It exists here only while a message is being answered: pages get
 * the backup file's text (ciphertext) from an export, and summaries without secrets from a preview.
 * Against: an import that changes the vault behind the person's back — every import is previewed,
 * and applied only when the conflicts are still the ones the person answered (the plan is made
 * again inside the vault's one read-modify-write, so a key added meanwhile is never overwritten).
 * Invariants:
 * - An export with the vault's passphrase checks that it is the vault's (one key derivation); a
 *   separate passphrase must pass the same background floor as a vault passphrase (the page runs
 *   the full strength check first: lib/vault/passphrase-floor.ts).
 * - Nothing is written unless the whole import can be written: the keys in one vault write, then
 *   the API bases for instances that have none (mine are never replaced).
 * - A bad file, a wrong passphrase or a changed vault answers a Result; the vault is untouched.
 */
import { err, ok, type Result } from '../../result';
import { instanceSchema, toKeySummary, type Instance, type KeyEntry } from '../../keys/key-entry';
import { comparableKeyName } from '../../keys/key-names';
import type { ApiBaseStore } from '../../kaneo/background/api-base-store';
import { checkPassphraseFloor, type PassphraseVerdict } from '../../vault/passphrase-floor';
import type { BackgroundVaultService } from '../../vault/background/vault-service';
import { backupFileName, type BackupPayload } from '../backup-schemas';
import { parseEnvText } from '../env-import';
import { applyMergePlan, choicesMatchPlan, freeName, planMerge, type MergeChoices } from '../merge-plan';
import type { EnvProblem } from '../merge-plan.types';
import type { ImportSource, MergePreview, MergeSummary } from '../protocol';
import { openBackup, sealBackup, type BackupKdfOptions } from './backup-file';

export type BackupVault = Pick<
  BackgroundVaultService,
  'verifyPassphrase' | 'readContents' | 'rewriteContents' | 'createWithContents'
>;

export interface BackupServiceDeps {
  vault: BackupVault;
  apiBases: Pick<ApiBaseStore, 'list' | 'set'>;
  /**
   * Defaults to the floor (lib/vault/passphrase-floor.ts): the page ran the full zxcvbn check
   * before sending; only extension pages can send this message.
   */
  checkPassphrase?: (passphrase: string) => PassphraseVerdict | Promise<PassphraseVerdict>;
  /** TESTS ONLY: a cheaper KDF. */
  kdf?: BackupKdfOptions;
  now?: () => Date;
  newId?: () => string;
}

interface Incoming {
  keys: KeyEntry[];
  apiBases: Instance[];
  createdAt: string | null;
  problems: EnvProblem[];
}

export interface BackupService {
  exportBackup(input: { passphrase: string; separate: boolean }): Promise<Result<{ fileName: string; text: string }>>;
  preview(source: ImportSource): Promise<Result<MergePreview>>;
  apply(source: ImportSource, choices: MergeChoices): Promise<Result<MergeSummary>>;
  restoreNew(input: { text: string; passphrase: string }): Promise<Result<MergeSummary>>;
}

const CHANGED_SINCE_PREVIEW =
  'The vault changed since the preview, so the conflicts are not the ones you answered. Nothing was changed; review the import again.';

export function createBackupService(deps: BackupServiceDeps): BackupService {
  const { vault, apiBases } = deps;
  const now = deps.now ?? (() => new Date());
  const newId = deps.newId ?? (() => globalThis.crypto.randomUUID());
  const checkPassphrase = deps.checkPassphrase ?? checkPassphraseFloor;

  async function incoming(source: ImportSource): Promise<Result<Incoming>> {
    if (source.kind === 'backup') {
      const opened = await openBackup(source.text, source.passphrase, deps.kdf);
      if (!opened.ok) return opened;
      return ok({ keys: opened.value.keys, apiBases: opened.value.apiBases, createdAt: opened.value.createdAt, problems: [] });
    }
    const instance = instanceSchema.safeParse(source.instance);
    if (!instance.success) return err('invalid-input', 'Choose the instance these keys belong to (full URLs, e.g. https://kaneo.example.com).');
    const parsed = parseEnvText(source.text);
    const at = now().toISOString();
    const taken = new Set<string>();
    const keys = parsed.keys.map((found): KeyEntry => {
      // Two lines with one name (two KANEO_API_KEY lines) become `name`, `name (2)`.
      const name = freeName(found.name, instance.data.webOrigin, taken);
      taken.add(`${instance.data.webOrigin}\n${comparableKeyName(name)}`);
      return {
        id: `env-line-${found.line}`,
        name,
        secret: found.secret,
        instance: instance.data,
        notes: '',
        createdAt: at,
        updatedAt: at,
        expiresAt: null,
        remoteId: null,
        start: null,
        revokedAt: null,
      };
    });
    return ok({ keys, apiBases: [], createdAt: null, problems: parsed.problems });
  }

  /** API bases in the backup for instances that have none here. A mapping that can't be read adds none. */
  async function newApiBases(from: Instance[]): Promise<Instance[]> {
    if (from.length === 0) return [];
    const mine = await apiBases.list();
    if (!mine.ok) return [];
    const have = new Set(mine.value.map((i) => i.webOrigin));
    return from.filter((i) => !have.has(i.webOrigin));
  }

  async function addApiBases(list: Instance[]): Promise<number> {
    let added = 0;
    for (const instance of list) {
      const set = await apiBases.set(instance.webOrigin, instance.apiBaseUrl);
      if (set.ok) added += 1;
    }
    return added;
  }

  return {
    async exportBackup({ passphrase, separate }) {
      if (separate) {
        const strength = await checkPassphrase(passphrase);
        if (!strength.acceptable) return err('weak-passphrase', strength.problem ?? 'Choose a stronger passphrase.');
      } else {
        const verified = await vault.verifyPassphrase(passphrase);
        if (!verified.ok) {
          return verified.reason === 'wrong-passphrase'
            ? err('wrong-passphrase', 'That is not the vault’s passphrase. No file was made.')
            : verified;
        }
      }
      const contents = await vault.readContents();
      if (!contents.ok) return contents;
      const bases = await apiBases.list();
      const createdAt = now();
      const payload: BackupPayload = {
        v: 1,
        createdAt: createdAt.toISOString(),
        keys: contents.value.keys,
        apiBases: bases.ok ? bases.value : [],
      };
      return ok({ fileName: backupFileName(createdAt), text: await sealBackup(payload, passphrase, deps.kdf) });
    },

    async preview(source) {
      const from = await incoming(source);
      if (!from.ok) return from;
      const contents = await vault.readContents();
      if (!contents.ok) return contents;
      const plan = planMerge(contents.value.keys, from.value.keys);
      return ok({
        createdAt: from.value.createdAt,
        added: plan.added.map(toKeySummary),
        identical: plan.identical.map((pair) => toKeySummary(pair.mine)),
        conflicts: plan.conflicts.map((c) => ({
          id: c.id,
          reason: c.reason,
          mine: toKeySummary(c.mine),
          theirs: toKeySummary(c.theirs),
          renamedTo: c.renamedTo,
        })),
        duplicates: plan.duplicates.length,
        apiBases: (await newApiBases(from.value.apiBases)).length,
        problems: from.value.problems,
      });
    },

    async apply(source, choices) {
      const from = await incoming(source);
      if (!from.ok) return from;
      if (from.value.keys.length === 0 && from.value.apiBases.length === 0) {
        return err('nothing-to-import', 'There is nothing to import. Nothing was changed.');
      }
      const bases = await newApiBases(from.value.apiBases);
      const merged = await vault.rewriteContents((current) => {
        const plan = planMerge(current.keys, from.value.keys);
        if (!choicesMatchPlan(plan, choices)) return err('conflict', CHANGED_SINCE_PREVIEW);
        const outcome = applyMergePlan(current.keys, plan, choices, newId);
        return ok({ contents: { ...current, keys: outcome.keys }, value: outcome });
      });
      if (!merged.ok) return merged;
      const { added, replaced, skipped } = merged.value;
      return ok({ added, replaced, skipped, apiBases: await addApiBases(bases) });
    },

    async restoreNew({ text, passphrase }) {
      const opened = await openBackup(text, passphrase, deps.kdf);
      if (!opened.ok) return opened;
      const strength = await checkPassphrase(passphrase);
      if (!strength.acceptable) {
        return err('weak-passphrase', `The backup opened, but its passphrase is too weak to lock a vault with (${strength.problem ?? 'too easy to guess'}). Create a vault, then restore the backup from Options → Backup.`);
      }
      // Planned into an empty vault: repeated secrets are dropped, names and ids kept.
      const plan = planMerge([], opened.value.keys);
      const outcome = applyMergePlan([], plan, {}, newId);
      const created = await vault.createWithContents(passphrase, { v: 1, keys: outcome.keys });
      if (!created.ok) return created;
      return ok({ added: outcome.added, replaced: 0, skipped: outcome.skipped, apiBases: await addApiBases(opened.value.apiBases) });
    },
  };
}
