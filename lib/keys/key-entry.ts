import * as z from 'zod/mini';
import { VAULT_KEY_NAME_MAX } from './key-names';

/**
 * A Kaneo instance as the extension sees it: where the web app is served (the Origin Kaneo
 * trusts for cookie sessions) and where its API lives (by default `<webOrigin>/api`; split
 * deployments set it by hand). Both are plain origins/URLs without a trailing slash.
 */
export const instanceSchema = z.object({
  webOrigin: z.pipe(z.url(), z.transform((u: string) => new URL(u).origin)),
  apiBaseUrl: z.pipe(z.url(), z.transform((u: string) => u.replace(/\/+$/, ''))),
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
const nullByDefault = <T extends z.core.SomeType>(schema: T) => z._default(z.nullable(schema), null);

export const keyEntrySchema = z.object({
  id: z.string().check(z.minLength(1)),
  name: z.string().check(z.trim(), z.minLength(1), z.maxLength(VAULT_KEY_NAME_MAX)),
  secret: z.string().check(z.minLength(1)),
  instance: instanceSchema,
  notes: z._default(z.string().check(z.maxLength(2000)), ''),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
  expiresAt: nullByDefault(z.iso.datetime()),
  /** The key's id on the Kaneo server, when known (created through the extension or matched). */
  remoteId: nullByDefault(z.string()),
  /** The first characters of the key as Kaneo reports them (`start`), for matching by eye. */
  start: nullByDefault(z.string()),
  /** Set when the key was revoked on the server; the entry is kept, marked, until deleted. */
  revokedAt: nullByDefault(z.iso.datetime()),
});
export type KeyEntry = z.infer<typeof keyEntrySchema>;

/**
 * `keyEntrySchema` for parsing many stored keys at once (a vault's buckets on unlock): the same
 * rules, field for field, except that each distinct stored instance — its two strings — goes
 * through `instanceSchema` once, and every later key naming the same two strings gets that same
 * answer (one shared object; the vault freezes its keys). Instances repeat across thousands of
 * keys, and their URL checks and transforms were about a third of the cost of parsing a key
 * (issue 11). An instance that fails is never remembered: each key naming it fails with
 * `instanceSchema`'s own issues. The memory is this schema's: make one per batch.
 */
export function keyEntryBatchSchema() {
  const parsedByWeb = new Map<string, Map<string, Instance>>();
  const instance = z.pipe(
    z.object({ webOrigin: z.string(), apiBaseUrl: z.string() }),
    z.transform((stored: { webOrigin: string; apiBaseUrl: string }, ctx): Instance => {
      const known = parsedByWeb.get(stored.webOrigin)?.get(stored.apiBaseUrl);
      if (known) return known;
      const parsed = instanceSchema.safeParse(stored);
      if (!parsed.success) {
        for (const issue of parsed.error.issues) ctx.issues.push({ code: 'custom', message: issue.message, path: issue.path, input: stored });
        return z.NEVER;
      }
      let byApi = parsedByWeb.get(stored.webOrigin);
      if (!byApi) parsedByWeb.set(stored.webOrigin, (byApi = new Map()));
      byApi.set(stored.apiBaseUrl, parsed.data);
      return parsed.data;
    }),
  );
  return z.extend(keyEntrySchema, { instance });
}

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
  name: z.string().check(z.trim(), z.minLength(1, 'Give the key a name'), z.maxLength(VAULT_KEY_NAME_MAX, `At most ${VAULT_KEY_NAME_MAX} characters`)),
  secret: z.string().check(z.trim(), z.minLength(1, 'Paste the key')),
  instance: instanceSchema,
  notes: z._default(z.string().check(z.maxLength(2000)), ''),
  expiresAt: nullByDefault(z.iso.datetime()),
  remoteId: nullByDefault(z.string()),
  start: nullByDefault(z.string()),
});
export type KeyDraft = z.input<typeof keyDraftSchema>;

export const keyPatchSchema = z.extend(z.partial(keyDraftSchema), {
  revokedAt: z.optional(z.nullable(z.iso.datetime())),
});
export type KeyPatch = z.input<typeof keyPatchSchema>;
