import * as z from 'zod/mini';
import { defaultApiBase } from '@/lib/keys/key-entry';
import { VAULT_KEY_NAME_MAX, keyNameTaken } from '@/lib/keys/key-names';
import type { KeyDraft, KeyPatch, KeySummary } from '@/lib/keys/key-entry';

/** What the add/edit form holds: plain strings, exactly as typed. */
export interface KeyFormValues {
  name: string;
  secret: string;
  webOrigin: string;
  apiBaseUrl: string;
  notes: string;
  /** `YYYY-MM-DD` from <input type="date">, or empty. */
  expiryDate: string;
}

export type KeyFormField = keyof KeyFormValues;
export type KeyFormErrors = Partial<Record<KeyFormField, string>>;

export const emptyKeyForm: KeyFormValues = {
  name: '',
  secret: '',
  webOrigin: '',
  apiBaseUrl: '',
  notes: '',
  expiryDate: '',
};

/** People type "kaneo.example.com"; the vault wants a URL. Assume https when no scheme is given. */
export function withScheme(input: string): string {
  const value = input.trim();
  if (!value) return value;
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? value : `https://${value}`;
}

const httpUrl = (message: string) =>
  z.string().check(
    z.refine((value) => {
      try {
        const url = new URL(value);
        return (url.protocol === 'https:' || url.protocol === 'http:') && url.host !== '';
      } catch {
        return false;
      }
    }, message),
  );

const formSchema = z.object({
  name: z.string().check(z.trim(), z.minLength(1, 'Give the key a name'), z.maxLength(VAULT_KEY_NAME_MAX, `At most ${VAULT_KEY_NAME_MAX} characters`)),
  secret: z.string().check(z.trim()),
  webOrigin: z.pipe(
    z.pipe(z.string().check(z.trim(), z.minLength(1, 'Enter your Kaneo’s web address')), z.transform(withScheme)),
    httpUrl('Enter a web address such as https://kaneo.example.com'),
  ),
  apiBaseUrl: z.pipe(
    z.pipe(z.string().check(z.trim()), z.transform(withScheme)),
    z.union([z.literal(''), httpUrl('Enter a URL such as https://kaneo.example.com/api')]),
  ),
  notes: z.string().check(z.maxLength(2000, 'At most 2000 characters')),
  expiryDate: z.union([z.literal(''), z.iso.date('Pick a date')]),
});

/** End of the chosen day in the user's time zone: "expires on 3 May" means usable all of 3 May. */
export function expiryDateToIso(date: string): string | null {
  if (!date) return null;
  return new Date(`${date}T23:59:59`).toISOString();
}

export function isoToExpiryDate(iso: string | null): string {
  if (!iso) return '';
  const d = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

export function formValuesFromKey(key: KeySummary): KeyFormValues {
  return {
    name: key.name,
    secret: '',
    webOrigin: key.instance.webOrigin,
    apiBaseUrl: key.instance.apiBaseUrl === defaultApiBase(key.instance.webOrigin) ? '' : key.instance.apiBaseUrl,
    notes: key.notes,
    expiryDate: isoToExpiryDate(key.expiresAt),
  };
}

export type KeyFormOutcome =
  | { ok: true; mode: 'add'; draft: KeyDraft }
  | { ok: true; mode: 'edit'; patch: KeyPatch }
  | { ok: false; errors: KeyFormErrors };

/**
 * Checks the form and turns it into a draft (add) or a patch with only what changed (edit).
 * Names must be unique per instance, as the vault requires; checking here gives the error next
 * to the field instead of after a round trip.
 */
export function validateKeyForm(
  values: KeyFormValues,
  options: { editing: KeySummary | null; existing: readonly KeySummary[] },
): KeyFormOutcome {
  const parsed = formSchema.safeParse(values);
  const errors: KeyFormErrors = {};
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = issue.path[0] as KeyFormField | undefined;
      if (field && !errors[field]) errors[field] = issue.message;
    }
  }
  if (!options.editing && values.secret.trim() === '') errors.secret = 'Paste the key';
  if (!parsed.success || Object.keys(errors).length > 0) return { ok: false, errors };

  const data = parsed.data;
  const webOrigin = new URL(data.webOrigin).origin;
  const apiBaseUrl = (data.apiBaseUrl || defaultApiBase(webOrigin)).replace(/\/+$/, '');
  const duplicate = keyNameTaken(options.existing, { name: data.name, webOrigin, exceptId: options.editing?.id });
  if (duplicate) return { ok: false, errors: { name: 'This instance already has a key with that name' } };

  const expiresAt = expiryDateToIso(data.expiryDate);
  if (!options.editing) {
    return {
      ok: true,
      mode: 'add',
      draft: { name: data.name, secret: data.secret, instance: { webOrigin, apiBaseUrl }, notes: data.notes, expiresAt },
    };
  }

  const before = options.editing;
  const patch: KeyPatch = {};
  if (data.name !== before.name) patch.name = data.name;
  if (data.secret) patch.secret = data.secret;
  if (webOrigin !== before.instance.webOrigin || apiBaseUrl !== before.instance.apiBaseUrl) {
    patch.instance = { webOrigin, apiBaseUrl };
  }
  if (data.notes !== before.notes) patch.notes = data.notes;
  if (data.expiryDate !== isoToExpiryDate(before.expiresAt)) patch.expiresAt = expiresAt;
  return { ok: true, mode: 'edit', patch };
}
