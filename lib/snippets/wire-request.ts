import type { HttpHeader, HttpMethod, HttpRequest } from '../request/http-request';

/**
 * The request exactly as every snippet puts it on the wire.
 *
 * Seven clients parse a URL and headers seven different ways; to make them all send the same bytes
 * (which the execution tests check), the request is first brought into a form that none of them
 * rewrites:
 *
 * - URL: WHATWG-parsed (as the tester's own `fetch` does: IDN host to punycode, dot segments
 *   removed, `\` → `/` in the path, fragment dropped, user info dropped), then every path/query
 *   character outside RFC 3986's unreserved, sub-delims, `:@/` (and `?` in the query) is
 *   percent-encoded, `%XX` escapes are upper-cased, escapes of unreserved characters are decoded,
 *   and a stray `%` becomes `%25`. Why each step:
 *   - Python `requests` (and HTTPie, which sends through it) runs urllib3's `parse_url`, which
 *     encodes anything outside those sets, upper-cases escapes and — if a single `%` is not a
 *     valid escape — re-encodes every `%`; then `requote_uri` decodes escapes of unreserved
 *     characters. A URL already in that form passes through unchanged.
 *   - WHATWG URL (fetch in Node and browsers) leaves `%XX` alone but encodes `'` in a query of a
 *     special scheme, so `'` in the query is written `%27` (urllib3 would have kept it raw).
 *   - curl leaves such a URL alone; with `[]{}` encoded, its globbing never triggers.
 *   - An empty query (`?` alone) is dropped: urllib3 drops it, fetch keeps it.
 *   For a server these spellings are equivalent (RFC 3986 §6.2.2), so the snippet asks for the
 *   same resource as the tester.
 * - Headers: values trimmed of spaces and tabs (RFC 9110 §5.5: not part of the value; fetch,
 *   requests and HTTPie strip or refuse them anyway). Repeated names are merged into one
 *   `a, b` value, which is what fetch — and so the tester — sends, and what dictionaries in
 *   Python, PowerShell and JS can express. `Authorization` comes only from the secret mode;
 *   `Host`, `Content-Length`, `Connection` and `Transfer-Encoding` are left to the client.
 * - Body: UTF-8 text; an empty body on GET/HEAD is no body.
 */
export interface WireRequest {
  method: HttpMethod;
  /** Canonical absolute URL: origin + target. */
  url: string;
  origin: string;
  /** Path and query as the server receives them in the request line. */
  target: string;
  headers: HttpHeader[];
  body: string | null;
}

const UNRESERVED = /[A-Za-z0-9\-._~]/;
const PATH_KEEP = /[A-Za-z0-9\-._~!$&'()*+,;=:@/]/;
// `'` is left out of the query set on purpose: WHATWG fetch encodes it there (the URL parse above
// already did), urllib3 would not; keeping it out makes this function right on its own.
const QUERY_KEEP = /[A-Za-z0-9\-._~!$&()*+,;=:@/?]/;
const HEX2 = /^[0-9A-Fa-f]{2}$/;

function percentEncode(char: string): string {
  return Array.from(new TextEncoder().encode(char), (b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`).join('');
}

function normalizeComponent(component: string, keep: RegExp): string {
  let out = '';
  const chars = Array.from(component);
  for (let i = 0; i < chars.length; i += 1) {
    const char = chars[i]!;
    if (char === '%') {
      const hex = (chars[i + 1] ?? '') + (chars[i + 2] ?? '');
      if (HEX2.test(hex)) {
        const decoded = String.fromCharCode(parseInt(hex, 16));
        out += UNRESERVED.test(decoded) ? decoded : `%${hex.toUpperCase()}`;
        i += 2;
      } else {
        out += '%25';
      }
    } else if (keep.test(char)) {
      out += char;
    } else {
      out += percentEncode(char);
    }
  }
  return out;
}

/** The canonical form described above; throws a TypeError for anything but an http(s) URL. */
export function canonicalUrl(raw: string): { url: string; origin: string; target: string } {
  const parsed = new URL(raw);
  // Other schemes have an opaque origin ("null") and no request target to speak of.
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new TypeError(`Not an http(s) URL: ${parsed.protocol}`);
  }
  const path = normalizeComponent(parsed.pathname || '/', PATH_KEEP);
  const query = normalizeComponent(parsed.search.replace(/^\?/, ''), QUERY_KEEP);
  const target = query ? `${path}?${query}` : path;
  return { url: parsed.origin + target, origin: parsed.origin, target };
}

const CLIENT_MANAGED = new Set(['authorization', 'host', 'content-length', 'connection', 'transfer-encoding']);

export function toWireRequest(request: HttpRequest): WireRequest {
  const { url, origin, target } = canonicalUrl(request.url);
  const merged: HttpHeader[] = [];
  const byName = new Map<string, HttpHeader>();
  for (const header of request.headers) {
    const key = header.name.toLowerCase();
    if (CLIENT_MANAGED.has(key)) continue;
    const value = header.value.replace(/^[ \t]+|[ \t]+$/g, '');
    const existing = byName.get(key);
    if (existing) {
      existing.value = `${existing.value}, ${value}`;
    } else {
      const entry = { name: header.name, value };
      byName.set(key, entry);
      merged.push(entry);
    }
  }
  const bodyless = request.method === 'GET' || request.method === 'HEAD';
  const body = bodyless && request.body === '' ? null : request.body;
  return { method: request.method, url, origin, target, headers: merged, body };
}

/** Header values travel as Latin-1 (one byte per character), as browsers' fetch sends them. */
export function isLatin1(value: string): boolean {
  return !/[^\u0000-\u00ff]/.test(value);
}

export function isAscii(value: string): boolean {
  return !/[^\u0000-\u007f]/.test(value);
}

export function findHeader(request: WireRequest, name: string): HttpHeader | undefined {
  const key = name.toLowerCase();
  return request.headers.find((h) => h.name.toLowerCase() === key);
}
