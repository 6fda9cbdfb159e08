import { browser } from 'wxt/browser';
import * as z from 'zod/mini';
import { err, ok, type Result } from '../../result';
import type { KaneoFailureReason } from '../protocol';
import {
  hostOf,
  isRedirect,
  KANEO_LIMITS,
  networkFailure,
  redirectRefused,
  timedOut,
  tooLarge,
  type KaneoErr,
  type KaneoLimits,
  type RawResponse,
} from './kaneo-errors';
import { pageFetch, readPageOrigin, type PageRequest } from '../tab/page-functions';

/**
 * How Kaneo requests travel. Two ways, one interface:
 * - through a tab (`createTabTransport`): the page's own fetch with its cookie session;
 * - from the background with a stored key (`createKeyTransport`): `x-api-key`, no cookies,
 *   only to an origin the user granted at run time.
 */
export interface KaneoRequest {
  /** Path under the API base, starting with `/`, e.g. `/auth/api-key/list`. */
  path: string;
  method: 'GET' | 'POST';
  body?: unknown;
}

export type KaneoTransport = (request: KaneoRequest) => Promise<Result<RawResponse, KaneoFailureReason>>;

/** Runs the page functions in a tab. Injected so tests can fake it. */
export interface TabExecutor {
  pageOrigin(tabId: number): Promise<Result<string, KaneoFailureReason>>;
  fetch(tabId: number, request: PageRequest): Promise<Result<RawResponse, KaneoFailureReason>>;
}

const pageResponseSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('response'),
    pageOrigin: z.string(),
    status: z.int(),
    contentType: z.string(),
    text: z.string(),
  }),
  z.object({ kind: z.literal('network-error'), pageOrigin: z.string(), message: z.string() }),
  z.object({ kind: z.literal('redirect'), pageOrigin: z.string() }),
  z.object({ kind: z.literal('timeout'), pageOrigin: z.string() }),
  z.object({ kind: z.literal('too-large'), pageOrigin: z.string() }),
  z.object({ kind: z.literal('moved'), pageOrigin: z.string() }),
]);

/** Time the background gives a tab beyond the page function's own deadline (a frozen tab). */
const TAB_GRACE_MS = 5_000;

function withDeadline<T>(work: Promise<T>, ms: number): Promise<T | 'deadline'> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<'deadline'>((resolve) => {
    timer = setTimeout(() => resolve('deadline'), ms);
  });
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}

/**
 * Turn executeScript's errors into reasons. Chromium words them like "Cannot access a chrome://
 * URL", "The extensions gallery cannot be scripted.", "Cannot access contents of the page.
 * Extension manifest must request permission…", "No tab with id: 5.".
 */
export function mapScriptingError(error: unknown): KaneoErr {
  const text = error instanceof Error ? error.message : String(error);
  if (/no tab with id/i.test(text)) {
    return err('no-tab', 'That tab is gone. Open your Kaneo tab and open Kaneo Key Manager from it again.');
  }
  // Chromium names the page: `Cannot access contents of url "data:…". Extension manifest must
  // request permission…`. Only http(s) pages can ever be Kaneo; anything else can't be scripted.
  const named = /contents of url "([a-z][a-z0-9+.-]*):/i.exec(text);
  if (named && !/^https?$/i.test(named[1]!)) return scriptsBlocked();
  if (/must request permission|missing host permission|cannot access contents of the page|permission to access/i.test(text)) {
    return err(
      'no-access',
      'Kaneo Key Manager has no access to this tab right now. If it is your Kaneo tab, click the toolbar button while it is active, then try again. ' +
        "Pages that aren't websites (data:, file:, browser pages) can't be used.",
    );
  }
  return scriptsBlocked();
}

function scriptsBlocked(): KaneoErr {
  return err(
    'scripts-blocked',
    "Kaneo Key Manager can't run on this page (browser pages, the extension store and some special pages are off limits). " +
      'Switch to your Kaneo tab and open the popup from there.',
  );
}

type ExecuteScript = (options: {
  target: { tabId: number };
  func: (...args: never[]) => unknown;
  args?: unknown[];
}) => Promise<Array<{ result?: unknown }>>;

/** The tab's URL when the extension may see it (host permission or activeTab), else undefined. */
type TabUrl = (tabId: number) => Promise<string | undefined>;

export function createScriptingExecutor(
  executeScript: ExecuteScript = (options) =>
    browser.scripting.executeScript(options as Parameters<typeof browser.scripting.executeScript>[0]) as Promise<
      Array<{ result?: unknown }>
    >,
  tabUrl: TabUrl = async (tabId) => (await browser.tabs.get(tabId)).url,
): TabExecutor {
  return {
    async pageOrigin(tabId) {
      let url: string | undefined;
      try {
        url = await tabUrl(tabId);
      } catch {
        return mapScriptingError(new Error(`No tab with id: ${tabId}.`));
      }
      // A visible non-web URL (chrome://, data:, file:, about:) can never be Kaneo.
      if (url && !/^https?:/i.test(url)) return scriptsBlocked();
      try {
        const [first] = await executeScript({ target: { tabId }, func: readPageOrigin });
        const origin = z.string().safeParse(first?.result);
        if (!origin.success || !/^https?:\/\//.test(origin.data)) {
          return err(
            'scripts-blocked',
            'This page is not a website Kaneo Key Manager can work with. Switch to your Kaneo tab and open the popup from there.',
          );
        }
        return ok(origin.data);
      } catch (error) {
        return mapScriptingError(error);
      }
    },
    async fetch(tabId, request) {
      const method = request.method;
      const timeoutMs = request.timeoutMs ?? KANEO_LIMITS.timeoutMs;
      let raw: unknown;
      try {
        const answer = await withDeadline(
          executeScript({
            target: { tabId },
            func: pageFetch as (...args: never[]) => unknown,
            args: [request],
          }),
          timeoutMs + TAB_GRACE_MS,
        );
        // The page function has its own deadline; this one covers a tab that never runs it.
        if (answer === 'deadline') return timedOut(hostOf(request.url), timeoutMs, method);
        raw = answer[0]?.result;
      } catch (error) {
        return mapScriptingError(error);
      }
      const parsed = pageResponseSchema.safeParse(raw);
      if (!parsed.success) {
        return err('scripts-blocked', 'The tab did not answer. Reload your Kaneo tab and try again.');
      }
      if (parsed.data.kind === 'network-error') return networkFailure(hostOf(request.url), parsed.data.message);
      if (parsed.data.kind === 'redirect') return redirectRefused(hostOf(request.url), 'session');
      if (parsed.data.kind === 'moved') {
        return err(
          'tab-moved',
          `The tab has moved to ${hostOf(parsed.data.pageOrigin) || 'another page'} since Kaneo Key Manager connected to it, so nothing was sent. Go back to your Kaneo tab and try again.`,
        );
      }
      if (parsed.data.kind === 'timeout') return timedOut(hostOf(request.url), timeoutMs, method);
      if (parsed.data.kind === 'too-large') return tooLarge(hostOf(request.url), request.maxBytes ?? KANEO_LIMITS.maxBytes);
      const { status, contentType, text } = parsed.data;
      return ok({ status, contentType, text });
    },
  };
}

export function createTabTransport(
  executor: TabExecutor,
  tabId: number,
  apiBaseUrl: string,
  limits: KaneoLimits = KANEO_LIMITS,
  /** The tab's origin when connected; every request is refused in the tab if it has changed. */
  expectedOrigin?: string,
): KaneoTransport {
  return (request) =>
    executor.fetch(tabId, {
      ...(expectedOrigin ? { expectedOrigin } : {}),
      url: `${apiBaseUrl}${request.path}`,
      method: request.method,
      body: request.method === 'POST' ? JSON.stringify(request.body ?? {}) : null,
      timeoutMs: limits.timeoutMs,
      maxBytes: limits.maxBytes,
    });
}

/** The body as text, or null once it passes `maxBytes` (reading stops there). */
async function readCapped(response: Response, maxBytes: number): Promise<string | null> {
  const declared = Number(response.headers.get('content-length') ?? '');
  if (Number.isFinite(declared) && declared > maxBytes) {
    void response.body?.cancel().catch(() => undefined);
    return null;
  }
  const reader = response.body?.getReader();
  if (!reader) return '';
  const decoder = new TextDecoder();
  let total = 0;
  let text = '';
  for (;;) {
    const chunk = await reader.read();
    if (chunk.done) return text + decoder.decode();
    total += chunk.value.byteLength;
    if (total > maxBytes) {
      void reader.cancel().catch(() => undefined);
      return null;
    }
    text += decoder.decode(chunk.value, { stream: true });
  }
}

/**
 * Key-authenticated requests from the background. `credentials: 'omit'`: only the key speaks,
 * never a cookie the browser may hold for that origin. The key is sent only to `apiBaseUrl`,
 * which is the key's own instance: `redirect: 'manual'`, because browsers drop `Authorization`
 * on a cross-origin redirect but keep `x-api-key`, so a followed 307 would hand the key to
 * another origin.
 */
export function createKeyTransport(
  fetchFn: typeof fetch,
  apiBaseUrl: string,
  secret: string,
  limits: KaneoLimits = KANEO_LIMITS,
): KaneoTransport {
  return async (request) => {
    const headers: Record<string, string> = { Accept: 'application/json', 'x-api-key': secret };
    if (request.method === 'POST') headers['Content-Type'] = 'application/json';
    // One signal for the exchange and the body, so a server that stalls mid-body times out too.
    const controller = new AbortController();
    let expired = false;
    const timer = setTimeout(() => {
      expired = true;
      controller.abort();
    }, limits.timeoutMs);
    try {
      const response = await fetchFn(`${apiBaseUrl}${request.path}`, {
        method: request.method,
        headers,
        credentials: 'omit',
        cache: 'no-store',
        redirect: 'manual',
        body: request.method === 'POST' ? JSON.stringify(request.body ?? {}) : undefined,
        signal: controller.signal,
      });
      if (isRedirect(response)) {
        void response.body?.cancel();
        return redirectRefused(hostOf(apiBaseUrl), 'key');
      }
      const text = await readCapped(response, limits.maxBytes);
      if (text === null) return tooLarge(hostOf(apiBaseUrl), limits.maxBytes);
      return ok({ status: response.status, contentType: response.headers.get('content-type') ?? '', text });
    } catch (error) {
      if (expired) return timedOut(hostOf(apiBaseUrl), limits.timeoutMs, request.method);
      return networkFailure(hostOf(apiBaseUrl), error instanceof Error ? error.message : String(error));
    } finally {
      clearTimeout(timer);
    }
  };
}
