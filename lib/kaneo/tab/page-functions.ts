/**
 * Functions that run INSIDE a Kaneo tab through `scripting.executeScript({ func, args })`.
 *
 * Invariant: each function here is self-contained. The browser serializes its source text and
 * runs it in the page, so it may use no import, no closure variable and no helper defined
 * outside its own body, and it answers plain JSON only. Everything it returns is untrusted page
 * output and is validated with zod by the caller (lib/kaneo/background/transport.ts).
 *
 * Why in the tab at all: Kaneo (better-auth) refuses cookie-authenticated requests whose Origin
 * is an extension's (INVALID_ORIGIN) or missing. A fetch made from the tab itself is same-origin
 * with the page, carries its session cookie and its Origin, and succeeds.
 *
 * Secrets: `pageFetch` sees the response of `api-key/create`, which contains the new key. The
 * secret only passes through this function's return value into the background; nothing here
 * stores it, logs it or hands it to the page's own scripts (Chromium's ISOLATED world and
 * Firefox's content-script sandbox are not reachable from page scripts).
 */

export interface PageRequest {
  /** Absolute URL on the tab's instance API. */
  url: string;
  method: 'GET' | 'POST';
  /** JSON text for POST bodies; sent with Content-Type: application/json (better-auth needs it). */
  body?: string | null;
}

export type PageResponse =
  | { kind: 'response'; pageOrigin: string; status: number; contentType: string; text: string }
  | { kind: 'network-error'; pageOrigin: string; message: string }
  | { kind: 'redirect'; pageOrigin: string };

/** Where the tab is. Throws (inside executeScript) on pages scripts can't run on. */
export function readPageOrigin(): string {
  return location.origin;
}

/**
 * One request made by the page itself, cookies included. In Firefox a content script's own
 * `fetch` does not act as the page (no page Origin, no page cookies policy); `content.fetch`
 * does, so it is preferred when it exists.
 */
export async function pageFetch(request: PageRequest): Promise<PageResponse> {
  const pageOrigin = typeof location !== 'undefined' ? location.origin : '';
  const firefoxContent = (globalThis as { content?: { fetch?: typeof fetch } }).content;
  const doFetch: typeof fetch =
    firefoxContent && typeof firefoxContent.fetch === 'function'
      ? firefoxContent.fetch.bind(firefoxContent)
      : fetch;
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (request.method === 'POST') headers['Content-Type'] = 'application/json';
  try {
    const response = await doFetch(request.url, {
      method: request.method,
      credentials: 'include',
      headers,
      body: request.method === 'POST' ? (request.body ?? '{}') : undefined,
      cache: 'no-store',
      // Never follow: on a redirect to another origin the browser would resend the request
      // there (cookies for that site, the body of a create or delete included), and the answer
      // read here would be that other site's. A redirect is reported, not followed.
      redirect: 'manual',
    });
    // Browsers show a refused redirect as an opaque response (status 0); Node as the 3xx itself.
    if (response.type === 'opaqueredirect' || [301, 302, 303, 307, 308].includes(response.status)) {
      return { kind: 'redirect', pageOrigin };
    }
    const text = await response.text();
    return {
      kind: 'response',
      pageOrigin,
      status: response.status,
      contentType: response.headers.get('content-type') ?? '',
      // A Kaneo JSON answer is small; a huge body means this is not the API we expect.
      text: text.length > 1_000_000 ? text.slice(0, 1_000_000) : text,
    };
  } catch (error) {
    return {
      kind: 'network-error',
      pageOrigin,
      message: error instanceof Error ? error.message : String(error),
    };
  }
}
