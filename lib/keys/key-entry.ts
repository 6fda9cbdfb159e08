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

/** What pages get to list and show: everything but the secret. */
export type KeySummary = Omit<KeyEntry, 'secret'>;

export function toKeySummary(entry: KeyEntry): KeySummary {
  const { secret: _secret, ...summary } = entry;
  return summary;
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
