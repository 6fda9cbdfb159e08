/**
 * "Open in tester": one recorded request handed from the DevTools panel to the options page's
 * tester, in the options page's address (`options.html?from-devtools=<base64url JSON>#tester`),
 * which the tester reads once and then removes from the address bar.
 *
 * Protects: the person's session and keys. What travels is what the panel already shows: the
 * method, the path and query under the API base, the body text, a non-JSON content type and the
 * id of the key to preselect. Never a header the page sent (the recorded request kept none but
 * Content-Type/Accept), never a key: the tester adds the key from the vault when it sends.
 * The address is untrusted input on the tester's side (anyone can open that URL), so it is parsed
 * with zod and bounded, and anything else is ignored.
 */
import * as z from 'zod/mini';
import { httpMethodSchema, type HttpMethod } from '../request/http-request';
import { BODY_CAP, type RecordedRequest } from './recorded-request';

export const HANDOFF_PARAM = 'from-devtools';

const handoffSchema = z.object({
  v: z.literal(1),
  keyId: z.nullable(z.string().check(z.maxLength(200))),
  method: httpMethodSchema,
  path: z.string().check(z.minLength(1), z.maxLength(16 * 1024)),
  body: z.string().check(z.maxLength(BODY_CAP)),
  /** Set only when the body is not JSON (the tester assumes JSON otherwise). */
  contentType: z.nullable(z.string().check(z.maxLength(256))),
});
export type TesterHandoff = z.infer<typeof handoffSchema>;

/** The tester's editor fields for a handoff. */
export interface HandoffDraft {
  method: HttpMethod;
  path: string;
  headers: Array<{ name: string; value: string }>;
  body: string;
}

function toBase64Url(text: string): string {
  let binary = '';
  for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(text: string): string {
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  return new TextDecoder('utf-8', { fatal: true }).decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)));
}

/** The handoff for a recorded request, or null when it cannot be tested (its body was refused). */
export function handoffFor(recorded: RecordedRequest, keyId: string | null): TesterHandoff | null {
  if (!recorded.request) return null;
  const contentType = recorded.request.headers.find((h) => h.name.toLowerCase() === 'content-type')?.value ?? null;
  return {
    v: 1,
    keyId,
    method: recorded.method,
    path: recorded.apiPath,
    body: recorded.request.body ?? '',
    contentType: contentType && !/\bjson\b|\+json/i.test(contentType) ? contentType : null,
  };
}

/** `optionsUrl` (the options page's address) opened at the tester with `handoff` filled in. */
export function testerHandoffUrl(optionsUrl: string, handoff: TesterHandoff): string {
  const url = new URL(optionsUrl);
  url.search = `?${HANDOFF_PARAM}=${toBase64Url(JSON.stringify(handoff))}`;
  url.hash = 'tester';
  return url.href;
}

/** Reads a handoff from an address's query (`location.search`); null when there is none or it is not one. */
export function readTesterHandoff(search: string): TesterHandoff | null {
  const raw = new URLSearchParams(search).get(HANDOFF_PARAM);
  if (!raw || raw.length > 200_000) return null;
  try {
    const parsed = handoffSchema.safeParse(JSON.parse(fromBase64Url(raw)));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

export function handoffDraft(handoff: TesterHandoff): HandoffDraft {
  return {
    method: handoff.method,
    path: handoff.path,
    headers: handoff.contentType ? [{ name: 'Content-Type', value: handoff.contentType }] : [],
    body: handoff.body,
  };
}
