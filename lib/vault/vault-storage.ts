/**
 * Where the vault lives.
 *
 * Protects: the data key while unlocked, and the stored envelope from being overwritten by a read.
 * Against: the data key reaching disk (it only ever goes to `storage.session`, which is memory-only
 * and cleared when the browser closes) or content scripts (session access is restricted to trusted
 * extension contexts where the browser supports it).
 *
 * Invariants:
 * - `storage.local` gets the envelope (and WXT's `vault$` version meta) and nothing else.
 * - Reading never writes. The only writes of the envelope are `writeEnvelope` calls from the
 *   vault service, after it has decrypted what is stored.
 * - Migrations (envelope-migrations.ts) run once when the item is defined; a failing migration
 *   leaves the stored bytes as they were.
 */
import { z } from 'zod';
import { browser } from 'wxt/browser';
import { storage } from 'wxt/utils/storage';
import { CURRENT_ENVELOPE_VERSION, type VaultEnvelope } from './envelope';
import { ENVELOPE_MIGRATIONS, type EnvelopeMigrations } from './envelope-migrations';
import { isBase64 } from './base64';

/** The unlocked vault's data key as kept in `storage.session`. */
export const vaultSessionSchema = z.object({
  vaultId: z.string().min(1),
  dataKey: z.string().refine(isBase64),
});
export type VaultSession = z.infer<typeof vaultSessionSchema>;

export interface StoredEnvelope {
  raw: unknown;
  /** WXT's stored item version (`vault$.v`), when present. */
  storedVersion?: number;
}

export interface VaultStorage {
  readEnvelope(): Promise<StoredEnvelope>;
  writeEnvelope(envelope: VaultEnvelope): Promise<void>;
  readSession(): Promise<VaultSession | null>;
  writeSession(session: VaultSession): Promise<void>;
  clearSession(): Promise<void>;
  readLastActivity(): Promise<number | null>;
  writeLastActivity(at: number): Promise<void>;
}

export const ENVELOPE_STORAGE_KEY = 'local:vault' as const;

export interface VaultStorageOptions {
  /** Item version and migrations; override only to test the migration machinery. */
  version?: number;
  migrations?: EnvelopeMigrations;
}

export function defineEnvelopeItem(options: VaultStorageOptions = {}) {
  return storage.defineItem<unknown>(ENVELOPE_STORAGE_KEY, {
    version: options.version ?? CURRENT_ENVELOPE_VERSION,
    migrations: options.migrations ?? ENVELOPE_MIGRATIONS,
  });
}

/** The default storage: WXT items over browser.storage.local / browser.storage.session. */
export function createVaultStorage(options: VaultStorageOptions = {}): VaultStorage {
  const envelopeItem = defineEnvelopeItem(options);
  const sessionItem = storage.defineItem<unknown>('session:vault.session');
  const lastActivityItem = storage.defineItem<unknown>('session:vault.lastActivity');

  return {
    async readEnvelope() {
      const [raw, meta] = await Promise.all([envelopeItem.getValue(), envelopeItem.getMeta()]);
      const v = (meta as { v?: unknown }).v;
      return typeof v === 'number' ? { raw, storedVersion: v } : { raw };
    },
    async writeEnvelope(envelope) {
      await envelopeItem.setValue(envelope);
    },
    async readSession() {
      const parsed = vaultSessionSchema.safeParse(await sessionItem.getValue());
      return parsed.success ? parsed.data : null;
    },
    async writeSession(session) {
      await sessionItem.setValue(session);
    },
    async clearSession() {
      await Promise.all([sessionItem.removeValue(), lastActivityItem.removeValue()]);
    },
    async readLastActivity() {
      const value = await lastActivityItem.getValue();
      return typeof value === 'number' && Number.isFinite(value) ? value : null;
    },
    async writeLastActivity(at) {
      await lastActivityItem.setValue(at);
    },
  };
}

/**
 * Chrome: make `storage.session` reachable by extension pages and the background only (this is
 * Chrome's default, set explicitly so a later change elsewhere cannot widen it silently).
 * Firefox has no access levels; its `storage.session` is not exposed to content scripts.
 */
export async function restrictSessionStorage(): Promise<void> {
  const session = browser.storage?.session as { setAccessLevel?: (o: { accessLevel: string }) => Promise<void> };
  if (typeof session?.setAccessLevel !== 'function') return;
  try {
    await session.setAccessLevel({ accessLevel: 'TRUSTED_CONTEXTS' });
  } catch {
    // Only the background may call this; elsewhere it throws and the setting stays as it was.
  }
}
