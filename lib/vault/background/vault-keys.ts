/**
 * Key CRUD inside the vault: list, get, add, update, delete. Every change is a pure function of
 * the contents, applied through the contents store's one read-modify-write.
 *
 * Invariant: names are unique per instance (lib/keys/key-names.ts), checked against what is
 * stored at the moment of writing, not against what a page saw.
 */
import type { z } from 'zod/mini';
import { err, ok, type Result } from '../../result';
import { keyDraftSchema, keyEntrySchema, keyPatchSchema, type KeyDraft, type KeyEntry, type KeyPatch } from '../../keys/key-entry';
import { comparableKeyName, sameKeyName } from '../../keys/key-names';
import type { KeyChanges } from '../protocol';
import type { VaultContentsStore } from './vault-contents-store';
import type { VaultErrorReason } from './vault-errors';
import type { UnlockedSession } from './vault-session';

function duplicateNameError(name: string, webOrigin: string) {
  return err(
    'duplicate-name',
    `A key named “${name.trim()}” already exists for ${new URL(webOrigin).host}. Names are unique per instance (ignoring case).`,
  );
}

function firstIssue(error: z.core.$ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'The input is not valid.';
  const where = issue.path.length ? `${issue.path.join('.')}: ` : '';
  return `${where}${issue.message}`;
}

const sameInstance = (a: KeyEntry, b: KeyEntry) => a.instance.webOrigin === b.instance.webOrigin;
const NOT_FOUND = 'That key is not in the vault (any more).';

export function createVaultKeys(deps: {
  session: UnlockedSession;
  contents: VaultContentsStore;
  newId: () => string;
  nowIso: () => string;
}) {
  const { contents: store, newId, nowIso } = deps;

  function newEntry(draft: KeyDraft, now: string): Result<KeyEntry, VaultErrorReason> {
    const parsed = keyDraftSchema.safeParse(draft);
    if (!parsed.success) return err('invalid-input', firstIssue(parsed.error));
    return ok(keyEntrySchema.parse({ ...parsed.data, id: newId(), createdAt: now, updatedAt: now, revokedAt: null }));
  }

  const keys = {
    async listKeys(): Promise<Result<KeyEntry[], VaultErrorReason>> {
      const unlocked = await deps.session.requireUnlocked();
      if (!unlocked.ok) return unlocked;
      const contents = await store.read(unlocked.value);
      if (!contents.ok) return contents;
      return ok(contents.value.keys);
    },

    /** The key list since a page's cursor, or whole (vault-contents-store.ts `changes`). */
    async listChanges(since?: string): Promise<Result<KeyChanges<KeyEntry>, VaultErrorReason>> {
      const unlocked = await deps.session.requireUnlocked();
      if (!unlocked.ok) return unlocked;
      return store.changes(unlocked.value, since);
    },

    async getKey(id: string): Promise<Result<KeyEntry, VaultErrorReason>> {
      const listed = await keys.listKeys();
      if (!listed.ok) return listed;
      const entry = listed.value.find((k) => k.id === id);
      return entry ? ok(entry) : err('not-found', NOT_FOUND);
    },

    async addKey(draft: KeyDraft) {
      const entry = newEntry(draft, nowIso());
      if (!entry.ok) return entry;
      return store.mutate<KeyEntry>((contents) => {
        const clash = contents.keys.find((k) => sameInstance(k, entry.value) && sameKeyName(k.name, entry.value.name));
        if (clash) return duplicateNameError(entry.value.name, entry.value.instance.webOrigin);
        return ok({ contents: { ...contents, keys: [...contents.keys, entry.value] }, value: entry.value });
      });
    },

    /** Many keys in one write: all or none; names must be free and distinct. */
    async addKeys(drafts: KeyDraft[]) {
      const entries: KeyEntry[] = [];
      const now = nowIso();
      for (const one of drafts) {
        const entry = newEntry(one, now);
        if (!entry.ok) return entry;
        entries.push(entry.value);
      }
      const nameKey = (k: KeyEntry) => `${k.instance.webOrigin} ${comparableKeyName(k.name)}`;
      return store.mutate<KeyEntry[]>((contents) => {
        const taken = new Set(contents.keys.map(nameKey));
        for (const entry of entries) {
          if (taken.has(nameKey(entry))) return duplicateNameError(entry.name, entry.instance.webOrigin);
          taken.add(nameKey(entry));
        }
        return ok({ contents: { ...contents, keys: [...contents.keys, ...entries] }, value: entries });
      });
    },

    async updateKey(id: string, patch: KeyPatch) {
      const parsed = keyPatchSchema.safeParse(patch);
      if (!parsed.success) return err('invalid-input', firstIssue(parsed.error));
      // `partial()` fills defaults for absent fields; apply only what the caller actually sent.
      const sent = Object.fromEntries(
        Object.entries(parsed.data).filter(([field]) => Object.hasOwn(patch, field)),
      ) as Partial<KeyEntry>;
      const updatedAt = nowIso();
      return store.mutate<KeyEntry>((contents) => {
        const index = contents.keys.findIndex((k) => k.id === id);
        const existing = contents.keys[index];
        if (!existing) return err('not-found', NOT_FOUND);
        const merged = keyEntrySchema.safeParse({ ...existing, ...sent, id, updatedAt });
        if (!merged.success) return err('invalid-input', firstIssue(merged.error));
        const entry = merged.data;
        const clash = contents.keys.find((k) => k.id !== id && sameInstance(k, entry) && sameKeyName(k.name, entry.name));
        if (clash) return duplicateNameError(entry.name, entry.instance.webOrigin);
        const next = [...contents.keys];
        next[index] = entry;
        return ok({ contents: { ...contents, keys: next }, value: entry });
      });
    },

    async deleteKey(id: string) {
      return store.mutate<null>((contents) => {
        if (!contents.keys.some((k) => k.id === id)) return err('not-found', NOT_FOUND);
        return ok({ contents: { ...contents, keys: contents.keys.filter((k) => k.id !== id) }, value: null });
      });
    },
  };
  return keys;
}
