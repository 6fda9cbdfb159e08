import { err, ok, type Result } from '../result';

/**
 * Invariant guarded here: a key is only ever sent to its OWN instance's API. Every URL the tester
 * sends a key to — typed by a person, taken from history, or arriving in a message — goes through
 * `resolveApiUrl` against the key's `apiBaseUrl`, in the page (to show the target) and again in the
 * background (which holds the secret and must not trust the page).
 *
 * The threat is a path that a URL parser resolves to another host: absolute URLs, `//host`,
 * `user@host`, backslashes (which WHATWG URL parsing treats as `/`), tabs and newlines (which it
 * silently strips, so `/\t/evil` becomes `//evil`), percent-encoded versions of those, and dot
 * segments (`..`, `%2e%2e`) that climb out of the API base — including ones that only appear after
 * a later decoding (`/..%2f..%2fx`, `/%252e%252e/x`): the browser keeps those inside the base, but a
 * proxy or server that decodes once more climbs out. We refuse rather than "clean up":
 * a person should see why, and a refusal can't be talked around by a cleverer encoding.
 */

export type UrlRefusal =
  | 'empty-base'
  | 'control-characters'
  | 'backslash'
  | 'protocol-relative'
  | 'other-origin'
  | 'not-http'
  | 'credentials-in-url'
  | 'at-sign'
  | 'encoded-trick'
  | 'bad-encoding'
  | 'outside-api';

// C0 controls, DEL, and the Unicode line/paragraph separators and BOM some parsers also drop.
const CONTROL = /[\u0000-\u001f\u007f\u2028\u2029\ufeff]/;
const SCHEME = /^[a-zA-Z][a-zA-Z0-9+.-]*:/;

function refuse(reason: UrlRefusal, message: string): Result<string, UrlRefusal> {
  return err(reason, message);
}

/** The origin a key may be sent to: the origin of its instance's API base. */
export function apiOriginOf(apiBaseUrl: string): string {
  return new URL(apiBaseUrl).origin;
}


function pathPart(input: string): string {
  const cut = input.search(/[?#]/);
  return cut === -1 ? input : input.slice(0, cut);
}

/** Decodes up to three rounds of percent-encoding; null when the encoding is broken. */
function decodeRounds(value: string): string[] | null {
  const rounds = [value];
  let current = value;
  for (let i = 0; i < 3; i += 1) {
    let next: string;
    try {
      next = decodeURIComponent(current);
    } catch {
      return null;
    }
    if (next === current) break;
    rounds.push(next);
    current = next;
  }
  return rounds;
}

function isInsideBase(url: URL, base: URL): boolean {
  const basePath = base.pathname.replace(/\/+$/, '');
  if (basePath === '') return true;
  return url.pathname === basePath || url.pathname.startsWith(`${basePath}/`);
}

/**
 * Resolves what a person typed (a path relative to the API base such as `/project?workspaceId=1`,
 * or a full URL on the same API) to an absolute URL on the key's API, or refuses with a reason
 * and a sentence saying why.
 */
export function resolveApiUrl(apiBaseUrl: string, input: string): Result<string, UrlRefusal> {
  let base: URL;
  try {
    base = new URL(apiBaseUrl);
  } catch {
    return refuse('empty-base', 'This key has no valid API address.');
  }
  if (base.protocol !== 'https:' && base.protocol !== 'http:') {
    return refuse('not-http', 'The key’s API address is not http(s).');
  }
  if (base.username || base.password) {
    return refuse('credentials-in-url', 'The key’s API address contains a user name or password.');
  }

  const raw = input.trim();
  if (CONTROL.test(raw)) {
    return refuse(
      'control-characters',
      'The path contains a tab, line break or other control character. URL parsers drop these, which can turn the path into another address.',
    );
  }
  if (raw.includes('\\')) {
    return refuse(
      'backslash',
      'The path contains a backslash. Browsers read “\\” as “/”, so it can point the request at another host. Use “/”.',
    );
  }

  if (SCHEME.test(raw)) {
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      return refuse('other-origin', 'That is not a valid URL.');
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') {
      return refuse('not-http', `Only http(s) requests can be tested, not ${url.protocol}`);
    }
    if (url.username || url.password) {
      return refuse(
        'credentials-in-url',
        'The URL contains a user name or password (“…@host”). The key is only sent to its own instance.',
      );
    }
    if (url.origin !== base.origin) {
      return refuse(
        'other-origin',
        `This key belongs to ${base.origin}. It is never sent to ${url.origin}.`,
      );
    }
    return checkResolved(url, base);
  }

  if (raw.startsWith('//')) {
    return refuse(
      'protocol-relative',
      '“//” at the start means “another host” to a URL parser. Give a path on this instance, like /project.',
    );
  }

  const path = pathPart(raw);
  if (path.includes('@')) {
    return refuse(
      'at-sign',
      'An “@” in the path is refused: tools and people read “user@host” as another host. Put e-mail addresses in the query (?userEmail=…).',
    );
  }
  const rounds = decodeRounds(path);
  if (rounds === null) {
    return refuse('bad-encoding', 'The path has a broken percent-encoding (a “%” not followed by two hex digits).');
  }
  for (const decoded of rounds.slice(1)) {
    if (
      CONTROL.test(decoded) ||
      decoded.includes('\\') ||
      decoded.includes('@') ||
      decoded.startsWith('//') ||
      SCHEME.test(decoded)
    ) {
      return refuse(
        'encoded-trick',
        'The path hides “//”, “@”, a backslash, a scheme or a control character behind percent-encoding. Write the path plainly.',
      );
    }
  }

  const basePath = base.pathname.replace(/\/+$/, '');
  const joiner = raw === '' || raw.startsWith('/') || raw.startsWith('?') || raw.startsWith('#') ? '' : '/';
  let url: URL;
  try {
    url = new URL(`${base.origin}${basePath}${joiner}${raw}`);
  } catch {
    return refuse('bad-encoding', 'That path cannot be made into a URL.');
  }
  if (url.origin !== base.origin || url.username || url.password) {
    return refuse('other-origin', `This key belongs to ${base.origin}; the path resolves elsewhere.`);
  }
  return checkResolved(url, base);
}

// A segment ends at "/", at a backslash (some servers split there too) and at "?" or "#" (a server that
// re-parses the decoded path ends the path there).
const DOT_DOT_SEGMENT = /(^|[/\\])\.\.([/\\?#]|$)/;

/**
 * Whether decoding the (already parsed) path once or more yields a `..` segment. The URL parser
 * has removed every `..` it recognises, so any left after decoding was hidden from it. Decodes
 * only ASCII escapes, one at a time, the way a lenient server does: a broken or non-UTF-8 escape
 * elsewhere must not stop us from seeing `%2e%2e%2f`.
 */
function hidesDotDot(pathname: string): boolean {
  let current = pathname;
  for (let i = 0; i < 4; i += 1) {
    const next = current.replace(/%([0-7][0-9a-fA-F])/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
    if (next === current) return false;
    if (DOT_DOT_SEGMENT.test(next)) return true;
    current = next;
  }
  // Still changing after four rounds: refuse rather than guess what a server makes of it.
  return true;
}

function checkResolved(url: URL, base: URL): Result<string, UrlRefusal> {
  if (!isInsideBase(url, base)) {
    return refuse(
      'outside-api',
      `The path leaves the API (${base.pathname.replace(/\/+$/, '')}). “..” segments, plain or encoded, are not followed.`,
    );
  }
  if (hidesDotDot(url.pathname)) {
    return refuse(
      'encoded-trick',
      'The path hides a “..” segment behind percent-encoding (like “..%2f” or “%252e%252e”): a server that decodes it again would leave the API. Write the path plainly.',
    );
  }
  url.hash = '';
  return ok(url.href);
}

/** The part of an API URL after the base, for display and for the editor (`/project?x=1`). */
export function pathRelativeToBase(apiBaseUrl: string, url: string): string {
  const base = new URL(apiBaseUrl);
  const target = new URL(url);
  const basePath = base.pathname.replace(/\/+$/, '');
  const rest = target.pathname.startsWith(basePath) ? target.pathname.slice(basePath.length) : target.pathname;
  return `${rest || '/'}${target.search}`;
}
