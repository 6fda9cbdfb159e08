import type { Result } from '../result';
import type { KeySummary } from '../keys/key-entry';
import type { ConflictChoice, ConflictReason, EnvProblem } from './merge-plan.types';

/** Machine-readable reasons a backup message can fail with (besides the vault's own). */
export type BackupErrorReason =
  | 'too-large'
  | 'not-a-backup'
  | 'damaged'
  | 'newer-version'
  | 'wrong-passphrase'
  | 'weak-passphrase'
  | 'conflict'
  | 'invalid-input'
  | 'nothing-to-import';

/** Where incoming keys come from. The page holds only what the person gave it: file text, lines. */
export type ImportSource =
  /** A backup file's text (ciphertext) and the passphrase that opens it. */
  | { kind: 'backup'; text: string; passphrase: string }
  /** A `.env` list, and the instance its keys belong to. */
  | { kind: 'env'; text: string; instance: { webOrigin: string; apiBaseUrl: string } };

export interface PreviewConflict {
  /** Answer a choice under this id. */
  id: string;
  reason: ConflictReason;
  mine: KeySummary;
  theirs: KeySummary;
  /** The name theirs gets with `keep-both`. */
  renamedTo: string;
}

/** What an import would do, without secrets. Nothing has changed yet. */
export interface MergePreview {
  /** When the backup was made (null for a `.env` list). */
  createdAt: string | null;
  added: KeySummary[];
  /** Keys already here with the same secret: skipped. Mine, as they are. */
  identical: KeySummary[];
  conflicts: PreviewConflict[];
  /** Entries that repeat an earlier one in the same file: skipped. */
  duplicates: number;
  /** API bases (set by hand) in the backup for instances that have none here: added. */
  apiBases: number;
  /** `.env` lines that are not imported, and why. */
  problems: EnvProblem[];
}

export interface MergeSummary {
  added: number;
  replaced: number;
  skipped: number;
  apiBases: number;
}

/**
 * Encrypted backup, restore with a merge preview, and `.env` import. The page never gets a
 * decrypted vault: an export answers the file's text (ciphertext), a preview answers summaries.
 */
export interface BackupProtocol {
  /**
   * The whole vault as a backup file. `separate: false` — `passphrase` must be the vault's own
   * (checked); `separate: true` — a new one, strength-checked like a vault passphrase.
   */
  'backup.export'(data: { passphrase: string; separate: boolean }): Result<{ fileName: string; text: string }>;
  /** What importing `source` into the unlocked vault would do. Changes nothing. */
  'backup.preview'(data: { source: ImportSource }): Result<MergePreview>;
  /**
   * Import `source` with a choice for every conflict. Planned again against the vault as it is
   * now; refused ('conflict') when the conflicts are no longer the ones previewed.
   */
  'backup.apply'(data: { source: ImportSource; choices: Record<string, ConflictChoice> }): Result<MergeSummary>;
  /** First run only: create the vault with the backup's passphrase and every key in the backup. */
  'backup.restoreNew'(data: { text: string; passphrase: string }): Result<MergeSummary>;
}
