import { err, ok, type Result } from '../../result';
import type { HttpRequest } from '../../request/http-request';
import { DEFAULT_TIMEOUT_MS, MAX_BODY_BYTES, type TesterResponse } from '../protocol';
import { shapeResponse } from './tester-response';

/**
 * Sends tester requests from the background, where the secret is. The secret is added here as
 * `Authorization: Bearer …` and nowhere else; `credentials: 'omit'` keeps the browser's cookies for
 * that instance out of it (the key alone is tested), and `redirect: 'manual'` keeps the header
 * from following a redirect to another host. Every request has a timeout and can be cancelled by
 * its id.
 */


export type RunFailure = 'timeout' | 'cancelled' | 'network' | 'duplicate-id';

export interface RequestRunnerDeps {
  fetch: typeof fetch;
  now?: () => number;
  maxBodyBytes?: number;
}

export interface RunOptions {
  requestId: string;
  request: HttpRequest;
  secret: string;
  timeoutMs?: number;
}

export interface RequestRunner {
  run(options: RunOptions): Promise<Result<TesterResponse, RunFailure>>;
  /** Aborts a running request; false when no request with that id is running. */
  cancel(requestId: string): boolean;
  /** Ids of requests in flight (for tests and diagnostics). */
  running(): string[];
}

class AbortReason extends Error {
  constructor(readonly kind: 'timeout' | 'cancelled') {
    super(kind);
  }
}

export function createRequestRunner(deps: RequestRunnerDeps): RequestRunner {
  const now = deps.now ?? (() => performance.now());
  const inFlight = new Map<string, AbortController>();

  async function run({ requestId, request, secret, timeoutMs = DEFAULT_TIMEOUT_MS }: RunOptions) {
    if (inFlight.has(requestId)) {
      return err('duplicate-id' as const, 'A request with this id is already running.');
    }
    const controller = new AbortController();
    inFlight.set(requestId, controller);
    const timer = setTimeout(() => controller.abort(new AbortReason('timeout')), timeoutMs);
    const headers = new Headers();
    for (const header of request.headers) headers.append(header.name, header.value);
    headers.set('Authorization', `Bearer ${secret}`);
    const startedAt = now();
    try {
      const response = await deps.fetch(request.url, {
        method: request.method,
        headers,
        body: request.body === null || request.method === 'GET' || request.method === 'HEAD' ? undefined : request.body,
        credentials: 'omit',
        redirect: 'manual',
        cache: 'no-store',
        referrerPolicy: 'no-referrer',
        signal: controller.signal,
      });
      // The same signal also aborts reading the body, so a server that stalls mid-body still
      // times out and can be cancelled.
      const shaped = await shapeResponse(response, request, startedAt, now, deps.maxBodyBytes ?? MAX_BODY_BYTES);
      return ok(shaped);
    } catch (error) {
      const reason = controller.signal.reason;
      if (controller.signal.aborted && reason instanceof AbortReason) {
        return reason.kind === 'timeout'
          ? err('timeout' as const, `No answer within ${formatSeconds(timeoutMs)}. The request was stopped.`)
          : err('cancelled' as const, 'Cancelled. The request was stopped.');
      }
      return err(
        'network' as const,
        'The request did not reach the instance: it is offline or unreachable, the address is wrong, or the browser blocked it (missing permission for this site).',
        error instanceof Error ? error.message : String(error),
      );
    } finally {
      clearTimeout(timer);
      inFlight.delete(requestId);
    }
  }

  return {
    run,
    cancel(requestId) {
      const controller = inFlight.get(requestId);
      if (!controller) return false;
      controller.abort(new AbortReason('cancelled'));
      return true;
    },
    running: () => [...inFlight.keys()],
  };
}

function formatSeconds(ms: number): string {
  const s = ms / 1000;
  return `${Number.isInteger(s) ? s : s.toFixed(1)} s`;
}
