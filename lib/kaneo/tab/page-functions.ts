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
  /** Give up after this long (the background passes KANEO_TIMEOUT_MS). */
  timeoutMs?: number;
  /** Refuse an answer longer than this many bytes (the background passes KANEO_MAX_RESPONSE_BYTES). */
  maxBytes?: number;
  /**
   * The origin the background read from this tab when it connected. A tab that has moved since
   * is refused here, before anything is sent with its session.
   */
  expectedOrigin?: string;
}

export type PageResponse =
  | { kind: 'response'; pageOrigin: string; status: number; contentType: string; text: string }
  | { kind: 'network-error'; pageOrigin: string; message: string }
  | { kind: 'redirect'; pageOrigin: string }
  | { kind: 'timeout'; pageOrigin: string }
  | { kind: 'too-large'; pageOrigin: string }
  | { kind: 'moved'; pageOrigin: string };

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
  // Literal defaults: this function must stand alone (see the invariant above).
  if (request.expectedOrigin !== undefined && pageOrigin !== request.expectedOrigin) return { kind: 'moved', pageOrigin };
  const timeoutMs = request.timeoutMs ?? 20_000;
  const maxBytes = request.maxBytes ?? 1_048_576;
  const firefoxContent = (globalThis as { content?: { fetch?: typeof fetch } }).content;
  const viaContent = !!firefoxContent && typeof firefoxContent.fetch === 'function';
  const doFetch: typeof fetch = viaContent ? firefoxContent!.fetch!.bind(firefoxContent) : fetch;
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (request.method === 'POST') headers['Content-Type'] = 'application/json';
  // The tab keeps its own deadline (an AbortSignal can't cross from the background through
  // executeScript) and aborts its own fetch when it passes, so a server that never answers does
  // not leave the request open in the tab, and an answer after the deadline is never read.
  // Firefox's `content.fetch` belongs to the page's realm and ignores a signal made in the
  // content-script sandbox: its controller is made from the page's own AbortController (seen
  // through Firefox's Xray wrapper, so a page script that replaced it is not what runs).
  const controller = new AbortController();
  let pageController: AbortController | null = null;
  if (viaContent) {
    try {
      const PageAbortController = (firefoxContent as { AbortController?: typeof AbortController }).AbortController;
      if (typeof PageAbortController === 'function') pageController = new PageAbortController();
    } catch {
      pageController = null;
    }
  }
  const signal = pageController ? pageController.signal : controller.signal;
  let expired = false;
  const abortAll = () => {
    controller.abort();
    try {
      pageController?.abort();
    } catch {
      // Already aborted or the page is going away: nothing left to stop.
    }
  };
  let timer: ReturnType<typeof setTimeout> | undefined;
  // The race answers on time even where the abort can't reach the request.
  const deadline = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => {
      expired = true;
      abortAll();
      resolve('timeout');
    }, timeoutMs);
  });

  async function exchange(): Promise<PageResponse> {
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
      signal,
    });
    // Browsers show a refused redirect as an opaque response (status 0); Node as the 3xx itself.
    if (response.type === 'opaqueredirect' || [301, 302, 303, 307, 308].includes(response.status)) {
      return { kind: 'redirect', pageOrigin };
    }
    const declared = Number(response.headers.get('content-length') ?? '');
    if (Number.isFinite(declared) && declared > maxBytes) {
      abortAll();
      return { kind: 'too-large', pageOrigin };
    }
    // A Kaneo JSON answer is small; a huge body means this is not the API we expect. Read it
    // in chunks and stop at the cap, so 50 MB are never held.
    let text = '';
    const reader = response.body?.getReader();
    if (reader) {
      const decoder = new TextDecoder();
      let total = 0;
      for (;;) {
        const chunk = await reader.read();
        if (chunk.done) break;
        // Past the deadline the answer is already "timeout": stop reading what still arrives.
        if (expired) {
          void reader.cancel().catch(() => undefined);
          return { kind: 'timeout', pageOrigin };
        }
        total += chunk.value.byteLength;
        if (total > maxBytes) {
          void reader.cancel().catch(() => undefined);
          abortAll();
          return { kind: 'too-large', pageOrigin };
        }
        text += decoder.decode(chunk.value, { stream: true });
      }
      text += decoder.decode();
    } else {
      text = await response.text();
      if (text.length > maxBytes) return { kind: 'too-large', pageOrigin };
    }
    return {
      kind: 'response',
      pageOrigin,
      status: response.status,
      contentType: response.headers.get('content-type') ?? '',
      text,
    };
  }

  try {
    const answer = await Promise.race([exchange(), deadline]);
    return answer === 'timeout' ? { kind: 'timeout', pageOrigin } : answer;
  } catch (error) {
    if (expired) return { kind: 'timeout', pageOrigin };
    return {
      kind: 'network-error',
      pageOrigin,
      message: error instanceof Error ? error.message : String(error),
    };
  } finally {
    clearTimeout(timer);
  }
}
