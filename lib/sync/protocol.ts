import type { Result } from '../result';

/** Where sync stands on this device. */
export type SyncPhase =
  | 'off'
  | 'on'
  /** The synced set has a data key this device does not have yet (re-keyed elsewhere): enter the passphrase. */
  | 'needs-passphrase'
  /** On, but the vault is locked: nothing syncs until it is unlocked. */
  | 'locked';

export interface SyncProblem {
  kind: 'quota' | 'rate' | 'failed' | 'key';
  message: string;
  /** When sync tries again by itself (ISO), or null. */
  retryAt: string | null;
}

export interface SyncStatus {
  phase: SyncPhase;
  lastSyncAt: string | null;
  problem: SyncProblem | null;
  /** Keys in the synced set / kept on this device only because the sync storage is full. */
  synced: number;
  notSynced: number;
  /** Records in storage.sync that were refused (changed, moved or not made with this vault's key). */
  refused: { item: string; reason: string }[];
  conflicts: number;
  usage: { bytes: number; items: number; budgetBytes: number; budgetItems: number };
}

/** One key as a merge preview names it (never its secret). */
export interface SyncPreviewEntry {
  ref: string;
  name: string;
  host: string;
}

export interface SyncPreviewConflict extends SyncPreviewEntry {
  /** Which fields differ between this device's key and the synced one. */
  differs: string[];
}

export interface SyncPreview {
  /** fresh: nothing synced yet, this vault becomes the set. join: merge with the synced set. */
  mode: 'fresh' | 'join';
  fromSync: SyncPreviewEntry[];
  fromHere: SyncPreviewEntry[];
  identical: SyncPreviewEntry[];
  conflicts: SyncPreviewConflict[];
  refused: number;
  fits: boolean;
  bytes: number;
  budgetBytes: number;
  items: number;
  budgetItems: number;
}

/** Per conflict: this device's key, the synced one, or both (this device's is renamed). */
export type ConflictChoice = 'mine' | 'theirs' | 'both';

export interface SyncKeyView {
  name: string;
  host: string;
  notes: string;
  expiresAt: string | null;
  updatedAt: string;
}

/** A version that lost a merge, kept to look at and bring back. */
export interface SyncConflictView {
  id: string;
  entryId: string;
  detectedAt: string;
  /** null: that version was a delete. */
  kept: SyncKeyView | null;
  current: SyncKeyView | null;
  secretDiffers: boolean;
}

/**
 * Sync across devices (lib/sync/background). The passphrase passes only in `sync.preview`, to
 * unwrap the synced data key; secrets never leave the background.
 */
export interface SyncProtocol {
  'sync.status'(): Result<SyncStatus>;
  'sync.preview'(data: { passphrase?: string }): Result<SyncPreview>;
  'sync.enable'(data: { choices: Record<string, ConflictChoice> }): Result<SyncStatus>;
  'sync.disable'(): Result<SyncStatus>;
  'sync.now'(): Result<SyncStatus>;
  'sync.conflicts'(): Result<SyncConflictView[]>;
  /** `use`: make the kept version the current one (synced to every device). `dismiss`: forget it. */
  'sync.resolveConflict'(data: { id: string; action: 'use' | 'dismiss' }): Result<SyncStatus>;
}
