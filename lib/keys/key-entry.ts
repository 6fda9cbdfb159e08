import { z } from 'zod';
import { VAULT_KEY_NAME_MAX } from './key-names';

/**
 * A Kaneo instance as the extension sees it: where the web app is served (the Origin Kaneo
 * trusts for cookie sessions) and where its API lives (by default `<webOrigin>/api`; split
 * deployments set it by hand). Both are plain origins/URLs without a trailing slash.
 */
export const instanceSchema = z.object({
  webOrigin: z.url().transform((u) => new URL(u).origin),
  apiBaseUrl: z.url().transform((u) => u.replace(/\/+$/, '')),
});
export type Instance = z.infer<typeof instanceSchema>;

/** Default API base for a web origin: Kaneo's bundled image serves the API under `/api`. */
export function defaultApiBase(webOrigin: string): string {
  return `${new URL(webOrigin).origin}/api`;
}

/**
 * One stored key, as it lives inside the encrypted vault. `secret` is the only field that is
 * never sent to a page unless the user asks to reveal or copy it.
 */
export const keyEntrySchema = z.object({
  id: z.string().min(1),
  name: z.string().trim().min(1).max(VAULT_KEY_NAME_MAX),
  secret: z.string().min(1),
  instance: instanceSchema,
  notes: z.string().max(2000).default(''),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
  expiresAt: z.iso.datetime().nullable().default(null),
  /** The key's id on the Kaneo server, when known (created through the extension or matched). */
  remoteId: z.string().nullable().default(null),
  /** The first characters of the key as Kaneo reports them (`start`), for matching by eye. */
  start: z.string().nullable().default(null),
  /** Set when the key was revoked on the server; the entry is kept, marked, until deleted. */
  revokedAt: z.iso.datetime().nullable().default(null),
});
export type KeyEntry = z.infer<typeof keyEntrySchema>;

/**
 * What pages get to list and show: everything but the secret. In `keys.list` the notes are only
 * their first NOTES_PREVIEW_CHARS characters (`notesCut` says some were left off): 10,000 keys
 * with 2,000-character notes would otherwise be a 20 MB message on every list. The row shows one
 * line of them; `keys.get` answers the whole note where it is edited. Search does not look at
 * notes (name, instance and host only: components/vault/key-index.ts), so it loses nothing.
 */
export type KeySummary = Omit<KeyEntry, 'secret'> & { notesCut?: true };

/** Enough for a row's one line of notes and its tooltip. */
export const NOTES_PREVIEW_CHARS = 200;

export function toKeySummary(entry: KeyEntry): KeySummary {
  const { secret: _secret, ...summary } = entry;
  return summary;
}

/** The summary `keys.list` sends: notes cut to NOTES_PREVIEW_CHARS characters. */
export function toKeyListItem(entry: KeyEntry): KeySummary {
  const summary = toKeySummary(entry);
  if (summary.notes.length <= NOTES_PREVIEW_CHARS) return summary;
  let preview = summary.notes.slice(0, NOTES_PREVIEW_CHARS);
  // Never end on half of a surrogate pair (an emoji cut in two).
  if (/[\uD800-\uDBFF]$/.test(preview)) preview = preview.slice(0, -1);
  return { ...summary, notes: preview, notesCut: true };
}

/** What a person fills in to add or edit a key by hand. */
export const keyDraftSchema = z.object({
  name: z.string().trim().min(1, 'Give the key a name').max(VAULT_KEY_NAME_MAX, `At most ${VAULT_KEY_NAME_MAX} characters`),
  secret: z.string().trim().min(1, 'Paste the key'),
  instance: instanceSchema,
  notes: z.string().max(2000).default(''),
  expiresAt: z.iso.datetime().nullable().default(null),
  remoteId: z.string().nullable().default(null),
  start: z.string().nullable().default(null),
});
export type KeyDraft = z.input<typeof keyDraftSchema>;

export const keyPatchSchema = keyDraftSchema.partial().extend({
  revokedAt: z.iso.datetime().nullable().optional(),
});
export type KeyPatch = z.input<typeof keyPatchSchema>;
