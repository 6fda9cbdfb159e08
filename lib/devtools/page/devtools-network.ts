/**
 * The panel's only window on the inspected tab: DevTools' own record of its network traffic
 * (`devtools.network`) and one expression evaluated in the page to tell whether it is Kaneo.
 *
 * Nothing here sends a request of its own except that health check, which runs in the inspected
 * page as `GET <origin>/api/health` — the same check the popup's "This tab" makes — so the
 * answer comes from the page's own origin, with no host permission. Entries are handed on raw;
 * `recordFromHar` parses them as the untrusted input they are.
 *
 * It uses the callback-style `chrome.devtools` namespace, which Chromium and Firefox both offer
 * (Firefox aliases `chrome`), instead of the polyfill, which does not wrap `getContent`.
 */
import * as z from 'zod/mini';
import { BODY_CAP } from '../recorded-request';

interface DevtoolsRequest {
  getContent(callback: (content: string | null, encoding: string) => void): unknown;
  [key: string]: unknown;
}

interface ChromeDevtools {
  inspectedWindow: {
    tabId: number;
    eval(expression: string, callback: (result: unknown, exception: unknown) => void): void;
  };
  network: {
    getHAR(callback: (log: { entries?: unknown[] }) => void): void;
    onRequestFinished: { addListener(fn: (request: DevtoolsRequest) => void): void; removeListener(fn: (request: DevtoolsRequest) => void): void };
    onNavigated: { addListener(fn: (url: string) => void): void; removeListener(fn: (url: string) => void): void };
  };
}

export interface NetworkSource {
  /** The inspected tab's id (for the tester hand-off and key look-ups). */
  tabId: number;
  /** Is the inspected page a Kaneo web app? Answers its origin when it is. */
  detect(): Promise<KaneoDetection>;
  /** Everything DevTools recorded before now. */
  recorded(): Promise<unknown[]>;
  /** Requests that finish from now on, with their response body (as text, capped) when DevTools has it. */
  onFinished(listener: (entry: unknown) => void): () => void;
  onNavigated(listener: () => void): () => void;
}

export type KaneoDetection =
  | { kind: 'kaneo'; webOrigin: string }
  | { kind: 'not-kaneo'; origin: string | null };

// Synchronous so that `eval` answers the result (it cannot await a promise); bounded by the
// health endpoint's tiny answer. It runs in the page, so the page's own CORS and cookies apply.
const DETECT_EXPRESSION = `(() => {
  const origin = location.origin;
  if (!/^https?:/.test(location.protocol)) return { origin: null, status: 0, text: '' };
  try {
    const x = new XMLHttpRequest();
    x.open('GET', origin + '/api/health', false);
    x.send();
    return { origin, status: x.status, text: String(x.responseText).slice(0, 200) };
  } catch (e) {
    return { origin, status: 0, text: '' };
  }
})()`;

/** How long one health check in the inspected page may take before it counts as "no answer". */
export const DETECT_TIMEOUT_MS = 5_000;

const detectAnswerSchema = z.object({ origin: z.nullable(z.string()), status: z.number(), text: z.string() });

/** The page's answer to the health check → whether it is Kaneo. Exported for tests. */
export function readDetection(raw: unknown): KaneoDetection {
  const parsed = detectAnswerSchema.safeParse(raw);
  if (!parsed.success || parsed.data.origin === null) return { kind: 'not-kaneo', origin: null };
  const { origin, status, text } = parsed.data;
  let healthy = false;
  try {
    healthy = status === 200 && z.object({ status: z.literal('ok') }).safeParse(JSON.parse(text)).success;
  } catch {
    healthy = false;
  }
  return healthy ? { kind: 'kaneo', webOrigin: origin } : { kind: 'not-kaneo', origin };
}

function chromeDevtools(): ChromeDevtools {
  return (globalThis as unknown as { chrome: { devtools: ChromeDevtools } }).chrome.devtools;
}

export function readContent(request: DevtoolsRequest): Promise<string | null> {
  return new Promise((resolve) => {
    let settled = false;
    const done = (content: string | null, encoding?: string) => {
      if (settled) return;
      settled = true;
      resolve(typeof content === 'string' && encoding !== 'base64' && content.length <= BODY_CAP ? content : null);
    };
    try {
      const maybe = request.getContent((content, encoding) => done(content, encoding));
      // Firefox answers a promise of [content, encoding] as well as calling back.
      if (maybe && typeof (maybe as Promise<unknown>).then === 'function') {
        (maybe as Promise<unknown>).then(
          (value) => (Array.isArray(value) ? done(value[0] as string, value[1] as string) : undefined),
          () => done(null),
        );
      }
    } catch {
      done(null);
    }
    setTimeout(() => done(null), 2000);
  });
}

export function createDevtoolsNetworkSource(devtools: ChromeDevtools = chromeDevtools()): NetworkSource {
  return {
    tabId: devtools.inspectedWindow.tabId,
    detect: () =>
      new Promise((resolve) => {
        // A busy or still-loading page may not answer at all: give up on this try (the callers
        // ask again) rather than wait forever.
        const gaveUp = setTimeout(() => resolve({ kind: 'not-kaneo', origin: null }), DETECT_TIMEOUT_MS);
        devtools.inspectedWindow.eval(DETECT_EXPRESSION, (result, exception) => {
          clearTimeout(gaveUp);
          resolve(exception ? { kind: 'not-kaneo', origin: null } : readDetection(result));
        });
      }),
    recorded: () => new Promise((resolve) => devtools.network.getHAR((log) => resolve(Array.isArray(log?.entries) ? log.entries : []))),
    onFinished(listener) {
      const handler = (request: DevtoolsRequest) => {
        void readContent(request).then((text) => {
          // A plain copy: the DevTools object also carries methods and the full response headers.
          const entry = JSON.parse(JSON.stringify(request)) as { response?: { content?: Record<string, unknown> } };
          if (text !== null && entry.response?.content) entry.response.content.text = text;
          listener(entry);
        });
      };
      devtools.network.onRequestFinished.addListener(handler);
      return () => devtools.network.onRequestFinished.removeListener(handler);
    },
    onNavigated(listener) {
      const handler = () => listener();
      devtools.network.onNavigated.addListener(handler);
      return () => devtools.network.onNavigated.removeListener(handler);
    },
  };
}

/**
 * Detection right after `onNavigated` or DevTools opening: the event can fire before the new
 * document runs, when `eval` still reaches the old one (or none), and a loaded machine can take
 * seconds to answer, so a negative answer is asked again for about 20 s.
 */
export async function detectAfterNavigation(
  source: Pick<NetworkSource, 'detect'>,
  delaysMs: readonly number[] = [250, 750, 1500, 3000, 5000, 10000],
  sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
): Promise<KaneoDetection> {
  let last = await source.detect();
  for (const delay of delaysMs) {
    if (last.kind === 'kaneo') return last;
    await sleep(delay);
    last = await source.detect();
  }
  return last;
}
