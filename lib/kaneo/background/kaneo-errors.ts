import { err, type Err } from '../../result';
import { errorBodySchema, type ErrorBody } from '../kaneo-schemas';
import type { KaneoFailureReason } from '../protocol';
import { hostOf } from '../../request/host-of';

export { hostOf };


export type KaneoErr = Err<KaneoFailureReason>;

/** Who is asking: the tab's cookie session, or a stored key sent by the background. */
export type AuthKind = 'session' | 'key';

export interface FailureContext {
  /** Host shown in messages, e.g. `kaneo.example.com`. */
  host: string;
  auth: AuthKind;
  /** The API base the requests go to, and whether the person set it (split deployments). */
  api?: { baseUrl: string; configured: boolean };
}

export interface RawResponse {
  status: number;
  contentType: string;
  text: string;
}

export function readErrorBody(text: string): ErrorBody {
  try {
    const parsed = errorBodySchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : {};
  } catch {
    return {};
  }
}

/** Seconds to wait, rounded up, from better-auth's `details.tryAgainIn` (milliseconds). */
export function retryAfterSeconds(body: ErrorBody): number | null {
  const ms = body.details?.tryAgainIn;
  return typeof ms === 'number' && ms >= 0 ? Math.max(1, Math.ceil(ms / 1000)) : null;
}

/** A server's own wording, bounded, for the cases we have no sentence of our own. */
function serverWords(body: ErrorBody): string {
  const words = [body.message, body.code ? `(${body.code})` : ''].filter(Boolean).join(' ');
  return words.length > 200 ? `${words.slice(0, 200)}…` : words;
}

/** Map a non-2xx answer from Kaneo to its reason and message. */
export function mapHttpFailure(response: RawResponse, ctx: FailureContext): KaneoErr {
  const body = readErrorBody(response.text);
  const code = body.code ?? '';
  const { status } = response;
  const { host } = ctx;

  if (status === 429) {
    const seconds = retryAfterSeconds(body);
    return err(
      'rate-limited',
      seconds === null
        ? `Kaneo on ${host} is rate-limiting requests. Wait a minute, then try again.`
        : `Kaneo on ${host} is rate-limiting requests. Try again in ${seconds} s.`,
      seconds === null ? undefined : { retryAfterSeconds: seconds },
    );
  }
  if (status === 403 && (code === 'INVALID_ORIGIN' || code === 'MISSING_OR_NULL_ORIGIN')) {
    return err(
      'origin-refused',
      `Kaneo on ${host} refused the request because of its origin check (${code}). ` +
        'If this Kaneo serves its API on another origin, set the API base for this site in Options → Kaneo; ' +
        "the web app's origin must be one of Kaneo's trusted origins.",
    );
  }
  if (status === 401 || (status === 403 && ctx.auth === 'key' && code === 'INVALID_API_KEY')) {
    if (ctx.auth === 'session') {
      return err(
        'session-expired',
        `Your Kaneo session on ${host} has expired or was signed out. Reload the tab, sign in again, then retry.`,
      );
    }
    const why =
      code === 'KEY_DISABLED'
        ? 'it is disabled'
        : code === 'KEY_EXPIRED'
          ? 'it has expired'
          : 'it is not valid there any more';
    // `detail.why` lets a caller that tries several keys say, per key, why each was refused.
    return err(
      'key-rejected',
      `Kaneo on ${host} refused the stored key used to reach it: ${why}. ` +
        'Choose another key of this instance in Options → Kaneo, or manage keys from a signed-in Kaneo tab.',
      { why },
    );
  }
  if (code === 'INVALID_NAME_LENGTH' || code === 'NAME_REQUIRED') {
    return err('name-invalid', `Kaneo refused the name: it must be 3 to 32 characters.`);
  }
  if (code === 'EXPIRES_IN_IS_TOO_SMALL') {
    return err('expiry-invalid', 'Kaneo refused the expiry: a key must live at least 1 day. Pick a longer expiry.');
  }
  if (code === 'EXPIRES_IN_IS_TOO_LARGE') {
    return err('expiry-invalid', 'Kaneo refused the expiry: at most 365 days. Pick a shorter expiry or "never".');
  }
  if (code === 'KEY_DISABLED_EXPIRATION') {
    return err('expiry-invalid', 'This Kaneo does not allow choosing an expiry. Pick "never" and try again.');
  }
  if (status === 404 && (code === 'KEY_NOT_FOUND' || code === '')) {
    return err('not-found', `That key no longer exists on ${host}. Reload the list.`);
  }
  if (status === 403) {
    return err(
      'forbidden',
      `Kaneo on ${host} does not allow this${serverWords(body) ? `: ${serverWords(body)}` : '.'}`,
    );
  }
  if (status >= 500) {
    return err('server-error', `Kaneo on ${host} had a problem (HTTP ${status}). Try again later.`);
  }
  return err(
    'server-error',
    `Kaneo on ${host} answered HTTP ${status}${serverWords(body) ? `: ${serverWords(body)}` : '.'}`,
  );
}

/**
 * Every Kaneo request (from the tab or from the background) is bounded in time and size, so a
 * server that never answers or streams without end can't leave a page spinning or fill memory.
 * Kaneo's answers are a few KB; a key list of hundreds of keys stays far below the cap.
 */
export const KANEO_TIMEOUT_MS = 20_000;
export const KANEO_MAX_RESPONSE_BYTES = 1024 * 1024;

export interface KaneoLimits {
  timeoutMs: number;
  maxBytes: number;
}

export const KANEO_LIMITS: KaneoLimits = { timeoutMs: KANEO_TIMEOUT_MS, maxBytes: KANEO_MAX_RESPONSE_BYTES };

export function timedOut(host: string, timeoutMs: number, method: 'GET' | 'POST'): KaneoErr {
  const seconds = Math.round(timeoutMs / 100) / 10;
  return err(
    'timeout',
    `Kaneo on ${host} did not answer within ${seconds} s, so the request was stopped. ` +
      (method === 'POST' ? 'The change may or may not have been made there: refresh the list to see. ' : '') +
      'Check that Kaneo is up, then retry.',
  );
}

export function tooLarge(host: string, maxBytes: number): KaneoErr {
  return err(
    'too-large',
    `${host} answered more than ${Math.round(maxBytes / 1024)} KB, so the answer was not read. Kaneo's answers are small: ` +
      'this is probably not Kaneo’s API. Check the API base for this site in Options → Kaneo.',
  );
}

export function networkFailure(host: string, detail: string): KaneoErr {
  return err(
    'network',
    `Could not reach ${host} (network error${detail ? `: ${detail.slice(0, 120)}` : ''}). ` +
      'Check your connection and that Kaneo is up, then retry.',
  );
}

/**
 * Every request that carries a key or the tab's session is sent with `redirect: 'manual'`: a
 * browser keeps custom headers such as `x-api-key` (and, from a tab, cookies) on a redirect to
 * another origin, so following one could hand the key to whoever the server points at.
 */
export function redirectRefused(host: string, auth: AuthKind): KaneoErr {
  return err(
    'redirected',
    `Kaneo on ${host} answered with a redirect to another address. ` +
      (auth === 'key'
        ? 'Requests that carry your key never follow redirects, so the key was not sent there. '
        : 'Requests made with your Kaneo session never follow redirects, so nothing was sent there. ') +
      'Check the API base for this site in Options → Kaneo.',
  );
}

/** A redirect answer as fetch shows it: opaque in browsers (`redirect: 'manual'`), a plain 3xx in Node. */
export function isRedirect(response: { type?: string; status: number }): boolean {
  return response.type === 'opaqueredirect' || [301, 302, 303, 307, 308].includes(response.status);
}

export function badResponse(host: string, what: string): KaneoErr {
  return err(
    'bad-response',
    `${host} answered something that is not Kaneo's ${what}. Is this the right API base? Check it in Options → Kaneo.`,
  );
}
