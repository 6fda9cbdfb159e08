/**
 * A request the Kaneo web app made, as DevTools recorded it, turned into the extension's one
 * request model (lib/request) so every "copy as" format and the script writer can use it.
 *
 * Protects: the person's Kaneo session. A HAR entry carries the page's `Cookie` header, the
 * server's `Set-Cookie`, and whatever `Authorization`/`x-api-key` the page sent.
 * Against: those credentials ending up in a snippet, a script, the panel's DOM or a log.
 * Invariant: only headers on `CARRIED_HEADERS` leave a HAR entry (an allow-list, so a header
 * nobody thought of — `Cookie2`, `X-Auth-Token`, a CSRF token — is dropped too). Response headers
 * are never read. The key is added later, only by `renderSnippet`'s secret mode.
 *
 * HAR entries are untrusted input (the inspected page decides every byte of them): each one is
 * parsed with zod, and anything unexpected is refused with a sentence, never thrown.
 */
import * as z from 'zod/mini';
import { httpMethodSchema, type HttpHeader, type HttpMethod, type HttpRequest } from '../request/http-request';
import { err, ok, type Result } from '../result';

/** Bodies are kept and shown up to this many characters of text, never rendered as HTML. */
export const BODY_CAP = 64 * 1024;

/** The only request headers a recorded request keeps (lower case). */
export const CARRIED_HEADERS: ReadonlySet<string> = new Set(['content-type', 'accept']);

const harHeaderSchema = z.object({ name: z.string().check(z.maxLength(1024)), value: z.string().check(z.maxLength(BODY_CAP)) });

/** The part of a HAR 1.2 entry this panel reads; extra fields are ignored. */
export const harEntrySchema = z.object({
  startedDateTime: z.string().check(z.maxLength(64)),
  // HAR writes -1 for a time it does not know (a request cut short by a navigation).
  time: z.optional(z.number()),
  request: z.object({
    method: z.string().check(z.maxLength(32)),
    url: z.string().check(z.maxLength(16 * 1024)),
    headers: z._default(z.array(harHeaderSchema).check(z.maxLength(500)), []),
    postData: z.optional(
      z.object({
        mimeType: z._default(z.string().check(z.maxLength(256)), ''),
        // Chromium leaves `text` out for bodies it could not decode (files, blobs).
        text: z.optional(z.string()),
      }),
    ),
    bodySize: z.optional(z.number()),
  }),
  response: z.object({
    status: z.int().check(z.gte(0), z.lte(999)),
    content: z.optional(
      z.object({ mimeType: z._default(z.string().check(z.maxLength(256)), ''), text: z.optional(z.string()), encoding: z.optional(z.string()) }),
    ),
  }),
});
export type HarEntry = z.input<typeof harEntrySchema>;

export type RecordedBody =
  | { kind: 'none' }
  | { kind: 'text'; text: string; mimeType: string }
  /** A body that cannot be carried over as text (binary, multipart, too large): why, in a sentence. */
  | { kind: 'refused'; message: string };

export interface RecordedRequest {
  /** Order of arrival in this panel (not persisted). */
  seq: number;
  method: HttpMethod;
  /** Absolute URL, query included, no user info. */
  url: string;
  /** Path and query relative to the API base, e.g. `/task/abc?x=1`. */
  apiPath: string;
  query: Array<{ name: string; value: string }>;
  status: number;
  startedAt: string;
  durationMs: number | null;
  body: RecordedBody;
  /** The response body as text when it was JSON and within BODY_CAP (for ids a later call uses). */
  responseJson: unknown;
  /** The request model, credentials stripped, ready for renderSnippet; null when the body was refused. */
  request: HttpRequest | null;
}

/** A header the page sent that the recorded request keeps; everything else is dropped unseen. */
export function carriedHeaders(headers: ReadonlyArray<{ name: string; value: string }>): HttpHeader[] {
  const out: HttpHeader[] = [];
  for (const header of headers) {
    const name = header.name.trim().toLowerCase();
    if (!CARRIED_HEADERS.has(name)) continue;
    if (/[\r\n\0]/.test(header.value)) continue;
    // `*/*` is what fetch sends by itself: writing it into every snippet adds nothing.
    if (name === 'accept' && header.value.trim() === '*/*') continue;
    out.push({ name: name === 'content-type' ? 'Content-Type' : 'Accept', value: header.value.trim() });
  }
  return out;
}

const TEXTUAL = /^(text\/|application\/(json|[\w.+-]*\+json|x-www-form-urlencoded|xml|[\w.+-]*\+xml|javascript))/i;

function readBody(postData: z.infer<typeof harEntrySchema>['request']['postData'], bodySize: number | undefined): RecordedBody {
  if (!postData) {
    return bodySize !== undefined && bodySize > 0
      ? { kind: 'refused', message: 'DevTools did not record this body as text (a file or binary data), so it cannot be copied.' }
      : { kind: 'none' };
  }
  const mimeType = postData.mimeType.trim();
  if (postData.text === undefined) {
    return { kind: 'refused', message: 'DevTools did not record this body as text (a file or binary data), so it cannot be copied.' };
  }
  if (/^multipart\//i.test(mimeType)) {
    return { kind: 'refused', message: 'Multipart bodies (file uploads) are not carried over: add the files to the copied request by hand.' };
  }
  if (mimeType !== '' && !TEXTUAL.test(mimeType)) {
    return { kind: 'refused', message: `A ${mimeType} body is binary data and cannot be copied as text.` };
  }
  // NUL or unpaired surrogates mean bytes that were not text; U+FFFD means they were lost in decoding.
  if (/[\0\uFFFD]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(postData.text)) {
    return { kind: 'refused', message: 'The body holds binary data, not text, so it cannot be copied.' };
  }
  if (postData.text.length > BODY_CAP) {
    return { kind: 'refused', message: `The body is larger than ${BODY_CAP / 1024} KB; it is not carried over.` };
  }
  if (postData.text === '') return { kind: 'none' };
  return { kind: 'text', text: postData.text, mimeType };
}

function readResponseJson(content: z.infer<typeof harEntrySchema>['response']['content']): unknown {
  if (!content?.text || content.encoding === 'base64' || content.text.length > BODY_CAP) return null;
  if (!/json/i.test(content.mimeType)) return null;
  try {
    return JSON.parse(content.text) as unknown;
  } catch {
    return null;
  }
}

/**
 * The path of `url` under `apiBaseUrl` (`https://host/api` + `https://host/api/task/1?a=b` →
 * `/task/1?a=b`), or null when the request went elsewhere (another origin, the web app's own
 * assets, a path that only starts with the same letters: `/apix`).
 */
export function apiPathOf(url: URL, apiBaseUrl: string): string | null {
  const base = new URL(apiBaseUrl);
  if (url.origin !== base.origin) return null;
  const basePath = base.pathname.replace(/\/+$/, '');
  if (basePath !== '' && url.pathname !== basePath && !url.pathname.startsWith(`${basePath}/`)) return null;
  const rest = url.pathname.slice(basePath.length) || '/';
  return rest + url.search;
}

/**
 * better-auth's routes under the API base (`/auth/sign-in/email`, `/auth/api-key/create`,
 * `/auth/get-session` …): their bodies hold passwords and their answers session tokens and new
 * keys. Such a request is listed, but its body is refused and its answer never read.
 */
export function isAuthPath(apiPath: string): boolean {
  return /^\/auth(\/|\?|$)/i.test(apiPath);
}

const AUTH_BODY_REFUSED =
  'Sign-in and account requests (/auth/…) carry passwords and session tokens, so their bodies are not carried over.';

export type RecordError = 'not-api' | 'invalid-entry' | 'unsupported-method';

/**
 * One HAR entry → a recorded request, or why it is left out (`not-api` entries are simply not
 * listed: the web app's scripts, images, other sites).
 */
export function recordFromHar(raw: unknown, apiBaseUrl: string, seq: number): Result<RecordedRequest, RecordError> {
  const parsed = harEntrySchema.safeParse(raw);
  if (!parsed.success) return err('invalid-entry', 'DevTools reported a request this panel cannot read.');
  const entry = parsed.data;
  let url: URL;
  try {
    url = new URL(entry.request.url);
  } catch {
    return err('invalid-entry', 'DevTools reported a request with an unreadable URL.');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return err('not-api', 'Not an http(s) request.');
  const apiPath = apiPathOf(url, apiBaseUrl);
  if (apiPath === null) return err('not-api', 'Not a request to this instance’s API.');
  const method = httpMethodSchema.safeParse(entry.request.method.toUpperCase());
  if (!method.success) return err('unsupported-method', `${entry.request.method} requests cannot be copied.`);
  // Credentials in the URL itself (`user:pass@`) are never carried over either.
  url.username = '';
  url.password = '';
  url.hash = '';
  const auth = isAuthPath(apiPath);
  const read = readBody(entry.request.postData, entry.request.bodySize);
  const body: RecordedBody = auth && read.kind !== 'none' ? { kind: 'refused', message: AUTH_BODY_REFUSED } : read;
  const headers = carriedHeaders(entry.request.headers);
  const hasType = headers.some((h) => h.name === 'Content-Type');
  if (body.kind === 'text' && !hasType && body.mimeType) headers.unshift({ name: 'Content-Type', value: body.mimeType });
  if (body.kind !== 'text') {
    const i = headers.findIndex((h) => h.name === 'Content-Type');
    if (i >= 0) headers.splice(i, 1);
  }
  const request: HttpRequest | null =
    body.kind === 'refused' ? null : { method: method.data, url: url.href, headers, body: body.kind === 'text' ? body.text : null };
  return ok({
    seq,
    method: method.data,
    url: url.href,
    apiPath,
    query: [...url.searchParams].map(([name, value]) => ({ name, value })),
    status: entry.response.status,
    startedAt: entry.startedDateTime,
    durationMs: entry.time !== undefined && entry.time >= 0 ? entry.time : null,
    body,
    responseJson: auth ? null : readResponseJson(entry.response.content),
    request,
  });
}
