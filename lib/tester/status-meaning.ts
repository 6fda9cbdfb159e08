/**
 * What an HTTP status means when Kaneo answers it to a request made with an API key
 * (../shared/kaneo-facts.md). Shown beside the code so a person need not know HTTP by heart.
 */
import type { StatusMeaning, StatusTone } from './protocol';

const TABLE: Record<number, Omit<StatusMeaning, 'tone'>> = {
  200: { text: 'OK', meaning: 'The key works: Kaneo accepted it and answered.' },
  201: { text: 'Created', meaning: 'The key works and Kaneo created what you sent.' },
  204: { text: 'No Content', meaning: 'The key works; Kaneo answered without a body.' },
  301: { text: 'Moved Permanently', meaning: 'Kaneo redirected. The tester does not follow redirects, so the key never leaves this address; check the API base URL.' },
  302: { text: 'Found', meaning: 'Kaneo redirected. The tester does not follow redirects, so the key never leaves this address; check the API base URL.' },
  304: { text: 'Not Modified', meaning: 'Nothing changed since the last answer.' },
  307: { text: 'Temporary Redirect', meaning: 'Kaneo redirected. The tester does not follow redirects; check the API base URL.' },
  308: { text: 'Permanent Redirect', meaning: 'Kaneo redirected. The tester does not follow redirects; check the API base URL.' },
  400: { text: 'Bad Request', meaning: 'Kaneo did not accept the request: a parameter or the body is missing or invalid. The body usually says which.' },
  401: { text: 'Unauthorized', meaning: 'Kaneo did not accept the key: it is wrong, revoked, disabled or expired. (Kaneo’s own routes do not say which; “Test this key” does.)' },
  403: { text: 'Forbidden', meaning: 'The key is known but not allowed to do this. The account may lack the role in this workspace.' },
  404: { text: 'Not Found', meaning: 'No such route or item on this instance. Check the path and the ids.' },
  405: { text: 'Method Not Allowed', meaning: 'This path exists but not with this method.' },
  409: { text: 'Conflict', meaning: 'The change conflicts with what is already there.' },
  413: { text: 'Content Too Large', meaning: 'The body is larger than the instance accepts.' },
  415: { text: 'Unsupported Media Type', meaning: 'Kaneo expects Content-Type: application/json for this request (all POSTs under /auth need it).' },
  422: { text: 'Unprocessable Content', meaning: 'The body is valid JSON but its values were refused.' },
  429: { text: 'Too Many Requests', meaning: 'Rate limit reached: Kaneo allows 100 requests per minute on /auth routes. Wait before trying again.' },
  500: { text: 'Internal Server Error', meaning: 'Kaneo failed while answering. The key may be fine; try again or check the server logs.' },
  502: { text: 'Bad Gateway', meaning: 'A proxy in front of Kaneo got no good answer from it. The instance may be down or restarting.' },
  503: { text: 'Service Unavailable', meaning: 'The instance is unavailable (down, restarting or overloaded). Try again later.' },
  504: { text: 'Gateway Timeout', meaning: 'A proxy in front of Kaneo waited too long for it.' },
};

function toneOf(status: number): StatusTone {
  if (status >= 200 && status < 300) return 'success';
  if (status >= 300 && status < 400) return 'info';
  if (status === 429 || (status >= 400 && status < 500 && status !== 401 && status !== 403)) return 'warning';
  return 'danger';
}

export function statusMeaning(status: number): StatusMeaning {
  const known = TABLE[status];
  if (known) return { ...known, tone: toneOf(status) };
  if (status >= 200 && status < 300) return { text: 'Success', meaning: 'The key works: Kaneo accepted the request.', tone: 'success' };
  if (status >= 300 && status < 400) return { text: 'Redirect', meaning: 'Kaneo redirected. The tester does not follow redirects.', tone: 'info' };
  if (status >= 400 && status < 500) return { text: 'Client error', meaning: 'Kaneo refused the request as sent.', tone: 'warning' };
  if (status >= 500 && status < 600) return { text: 'Server error', meaning: 'Kaneo failed while answering; the key may be fine.', tone: 'danger' };
  return { text: 'Unknown status', meaning: 'Not a standard HTTP status.', tone: 'danger' };
}

/** Seconds to wait from a Kaneo 429 body (`details.tryAgainIn`, in milliseconds), if present. */
export function tryAgainInMs(body: unknown): number | null {
  if (typeof body !== 'object' || body === null) return null;
  const details = (body as { details?: unknown }).details;
  if (typeof details !== 'object' || details === null) return null;
  const value = (details as { tryAgainIn?: unknown }).tryAgainIn;
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : null;
}

/**
 * Kaneo's error codes (better-auth's API-key plugin, on `/api/auth/*` routes) that say what is
 * wrong with the key itself. Read before the status: a wrong key that is shorter than 64
 * characters gets 403 INVALID_API_KEY, which by status alone would read "known but not allowed".
 */
const KEY_CODES: Record<string, { meaning: string; tone: StatusTone }> = {
  INVALID_API_KEY: {
    meaning: 'This key is wrong or revoked: Kaneo does not know it (INVALID_API_KEY). Check that it was copied whole, or create a new key.',
    tone: 'danger',
  },
  KEY_NOT_FOUND: {
    meaning: 'This key is wrong or revoked: Kaneo does not know it (KEY_NOT_FOUND). Create a new key.',
    tone: 'danger',
  },
  KEY_EXPIRED: {
    meaning: 'This key has expired (KEY_EXPIRED); Kaneo deletes an expired key when it sees it. Create a new key.',
    tone: 'danger',
  },
  KEY_DISABLED: {
    meaning: 'This key is disabled (KEY_DISABLED). Enable it again in Options → Kaneo or in Kaneo’s settings.',
    tone: 'danger',
  },
  USAGE_EXCEEDED: {
    meaning: 'This key has used up the requests it was allowed (USAGE_EXCEEDED); Kaneo deletes such a key. Create a new key.',
    tone: 'danger',
  },
};

function errorCodeOf(body: unknown): string | null {
  if (typeof body !== 'object' || body === null) return null;
  const code = (body as { code?: unknown }).code;
  return typeof code === 'string' && code.length <= 100 ? code : null;
}

/**
 * The verdict for one answer: Kaneo's error code when it gives one, else the status. `body` is
 * the parsed JSON body, or null when the body is not JSON (Kaneo's own routes answer plain text
 * `Unauthorized` to every bad key).
 */
export function responseMeaning(status: number, body: unknown): StatusMeaning {
  const base = statusMeaning(status);
  const code = errorCodeOf(body);
  const known = code !== null && (status === 401 || status === 403 || status === 429) ? KEY_CODES[code] : undefined;
  if (known) return { text: base.text, ...known };
  if (status === 429) {
    const wait = tryAgainInMs(body);
    if (wait !== null) {
      return {
        ...base,
        meaning: `Rate limit reached (${code ?? 'RATE_LIMITED'}): Kaneo allows 100 requests per minute per key on /auth routes. Try again in ${Math.max(1, Math.ceil(wait / 1000))} s. The key itself is fine.`,
      };
    }
  }
  return base;
}
