import { storage } from 'wxt/utils/storage';
import type { KeyEntry } from '../../keys/key-entry';
import type { EndpointCatalog, NamedItem } from '../protocol';
import { parseOpenApiDocument, parseOpenApiText, tooLargeMessage } from '../../openapi/catalog';
import { BUNDLED_SPEC_VERSION, loadBundledOpenApiDocument } from '../../openapi/bundled-spec';
import type { HttpRequest } from '../../request/http-request';
import { err, ok, type Result } from '../../result';
import type { VaultService } from '../../vault/background/vault-service.types';
import type { HistoryEntry } from '../history-schemas';
import { createTesterHistory, type TesterHistory } from './history';
import { CREDENTIAL_HEADERS, METHODS_WITHOUT_BODY, requestContainsSecret } from '../request-draft';
import { createRequestRunner, type RequestRunner } from './request-runner';
import type { TesterResponse } from '../protocol';
import { apiOriginOf, resolveApiUrl } from '../url-guard';
import { STORAGE } from '../../storage/catalogue';

/**
 * The tester's background side. Invariant: a key's secret leaves the vault only inside a request
 * to that key's own API origin (checked here with resolveApiUrl, whatever the page claims), with
 * `credentials: 'omit'`, and is never returned, logged or stored.
 */

export interface TesterServiceDeps {
  vault: Pick<VaultService, 'getKey' | 'seal' | 'open'>;
  fetch: typeof fetch;
  hasHostPermission: (origin: string) => Promise<boolean>;
  now?: () => number;
  history?: TesterHistory;
  runner?: RequestRunner;
  /** Where instance specs are cached: memory only (storage.session), never storage.local. */
  specCache?: ReturnType<typeof openApiCacheItem>;
}

/**
 * A usable document, or why the one the instance served is not. Failures are cached too: parsing
 * is bounded but not free, and a hostile or broken document must not be fetched and judged again
 * on every tester open. Only answers the instance gave are cached (a 200 that is unusable), never
 * a network error or a missing permission, which the next open may well not meet again.
 */
type CachedSpec = { fetchedAt: string; document: unknown } | { fetchedAt: string; problem: string };

function defineOpenApiCacheItem() {
  return storage.defineItem<Record<string, CachedSpec>>(STORAGE.testerOpenApiCache.key, { fallback: {} });
}
let openApiCache: ReturnType<typeof defineOpenApiCacheItem> | null = null;

/**
 * Instance OpenAPI documents by API base URL, in storage.session (memory; gone when the browser
 * closes). Defined on first use: defining a WXT item reads storage at once, and this module is in
 * the background's lazy script, which must do nothing when it is evaluated (lib/lazy/).
 */
export function openApiCacheItem() {
  return (openApiCache ??= defineOpenApiCacheItem());
}
const MAX_CACHED_SPECS = 5;
const SPEC_TIMEOUT_MS = 15_000;

export type TesterService = ReturnType<typeof createTesterService>;

export const HIDDEN_SECRET = '[your key, hidden]';

/**
 * A server may echo the key back (Kaneo's get-session does with x-api-key; an echo endpoint or a
 * proxy error page might). Pages only ever get a secret through keys.reveal, so an answer that
 * contains it is shown with the key replaced, and says so.
 */
export function hideSecret<T extends Result<TesterResponse>>(result: T, secret: string): T {
  if (!result.ok || secret.length === 0) return result;
  const response = result.value;
  const hide = (text: string) => text.split(secret).join(HIDDEN_SECRET);
  const inBody = response.body.text.includes(secret);
  const inHeaders = response.headers.some(([, value]) => value.includes(secret));
  if (!inBody && !inHeaders) return result;
  return {
    ...result,
    value: {
      ...response,
      headers: response.headers.map(([name, value]) => [name, hide(value)] as [string, string]),
      // A JSON body stays valid JSON: the key was inside a string, and so is its replacement.
      body: { ...response.body, text: hide(response.body.text) },
      secretHidden: true,
    },
  };
}

export function createTesterService(deps: TesterServiceDeps) {
  const now = deps.now ?? (() => Date.now());
  const runner = deps.runner ?? createRequestRunner({ fetch: deps.fetch });
  const history = deps.history ?? createTesterHistory({ vault: deps.vault });
  const specCache = deps.specCache ?? openApiCacheItem();
  let internalIds = 0;

  async function usableKey(keyId: string): Promise<Result<KeyEntry>> {
    const key = await deps.vault.getKey(keyId);
    if (!key.ok) return key;
    return ok(key.value);
  }

  async function permissionFor(key: KeyEntry): Promise<Result<null>> {
    const origin = apiOriginOf(key.instance.apiBaseUrl);
    if (await deps.hasHostPermission(origin)) return ok(null);
    return err(
      'no-permission',
      `The extension may not reach ${origin} yet. Allow access to that site when asked (the tester asks on your first request), then try again.`,
    );
  }

  /** Sends with the key after every check; records history for requests that went out. */
  async function send(input: {
    requestId: string;
    keyId: string;
    request: HttpRequest;
    timeoutMs?: number;
    record?: boolean;
  }): Promise<Result<TesterResponse>> {
    const key = await usableKey(input.keyId);
    if (!key.ok) return key;
    const { request } = input;
    const target = resolveApiUrl(key.value.instance.apiBaseUrl, request.url);
    if (!target.ok) return err('refused-url', target.message);
    if (request.headers.some((h) => CREDENTIAL_HEADERS.has(h.name.toLowerCase()))) {
      return err('refused-header', 'Authorization, x-api-key and Cookie headers are not sent: the key is added as Authorization: Bearer automatically.');
    }
    if (request.body !== null && METHODS_WITHOUT_BODY.includes(request.method)) {
      return err('invalid-input', `${request.method} requests cannot have a body.`);
    }
    if (requestContainsSecret(request, key.value.secret)) {
      return err(
        'secret-in-request',
        'The request contains the key itself. It is added as the Authorization header automatically; remove it from the URL, headers and body (it would otherwise end up in history).',
      );
    }
    const permission = await permissionFor(key.value);
    if (!permission.ok) return permission;

    const sent: HttpRequest = { ...request, url: target.value };
    const result = hideSecret(
      await runner.run({
        requestId: input.requestId,
        request: sent,
        secret: key.value.secret,
        timeoutMs: input.timeoutMs,
      }),
      key.value.secret,
    );
    if (input.record !== false && (result.ok || result.reason !== 'duplicate-id')) {
      const entry: HistoryEntry = {
        id: input.requestId,
        at: new Date(now()).toISOString(),
        request: sent,
        outcome: result.ok ? 'response' : (result.reason as HistoryEntry['outcome']),
        status: result.ok ? result.value.status : null,
        timeMs: result.ok ? result.value.timeMs : null,
      };
      // History is a convenience: a failure to save it must not hide the answer.
      await history.add(input.keyId, entry);
    }
    return result;
  }

  /** A GET with the key, answering the body of a 200 (at most MAX_BODY_BYTES of it). */
  async function getBody(keyId: string, path: string, timeoutMs?: number): Promise<Result<TesterResponse['body']>> {
    const key = await usableKey(keyId);
    if (!key.ok) return key;
    const url = resolveApiUrl(key.value.instance.apiBaseUrl, path);
    if (!url.ok) return err('refused-url', url.message);
    internalIds += 1;
    const response = await send({
      requestId: `internal-${internalIds}-${now()}`,
      keyId,
      request: { method: 'GET', url: url.value, headers: [{ name: 'Accept', value: 'application/json' }], body: null },
      timeoutMs,
      record: false,
    });
    if (!response.ok) return response;
    const { status, meaning, body } = response.value;
    if (status !== 200) return err('http-error', `${status} ${meaning.text}: ${meaning.meaning}`);
    return ok(body);
  }

  async function getJson(keyId: string, path: string, timeoutMs?: number): Promise<Result<unknown>> {
    const body = await getBody(keyId, path, timeoutMs);
    if (!body.ok) return body;
    if (body.value.kind !== 'json') return err('not-json', 'The instance did not answer JSON.');
    return ok(JSON.parse(body.value.text) as unknown);
  }

  async function bundled(note: string): Promise<EndpointCatalog> {
    return { source: 'bundled', fetchedAt: null, note, operations: parseOpenApiDocument(await loadBundledOpenApiDocument()) };
  }

  const FALLBACK = `Showing the endpoints of ${BUNDLED_SPEC_VERSION} shipped with the extension`;
  const unusable = (problem: string) =>
    bundled(`${FALLBACK}: this instance’s /openapi is not usable: ${problem}. Refresh endpoints to try again.`);

  async function endpoints(input: { keyId: string; refresh?: boolean }): Promise<Result<EndpointCatalog>> {
    const key = await usableKey(input.keyId);
    if (!key.ok) return key;
    const base = key.value.instance.apiBaseUrl;
    const cache = await specCache.getValue();
    const cached = cache[base];
    if (cached && !input.refresh) {
      if ('problem' in cached) return ok(await unusable(cached.problem));
      try {
        return ok({ source: 'instance', fetchedAt: cached.fetchedAt, note: null, operations: parseOpenApiDocument(cached.document) });
      } catch {
        // fall through and fetch again
      }
    }
    const answer = await getBody(input.keyId, '/openapi', SPEC_TIMEOUT_MS);
    if (!answer.ok) {
      return ok(await bundled(`${FALLBACK}: this instance’s own list could not be loaded (${answer.message})`));
    }
    const fetchedAt = new Date(now()).toISOString();
    let entry: CachedSpec;
    let operations: EndpointCatalog['operations'] = [];
    if (answer.value.truncated) {
      entry = { fetchedAt, problem: tooLargeMessage() };
    } else if (answer.value.kind !== 'json') {
      entry = { fetchedAt, problem: 'it is not JSON' };
    } else {
      try {
        const parsed = parseOpenApiText(answer.value.text);
        operations = parsed.operations;
        entry = { fetchedAt, document: parsed.document };
      } catch (error) {
        // Every message reads as the end of "…/openapi is not usable: ".
        const message = error instanceof Error ? error.message.replace(/\.$/, '') : 'invalid';
        entry = { fetchedAt, problem: message.charAt(0).toLowerCase() + message.slice(1) };
      }
    }
    const next = Object.fromEntries(
      [...Object.entries(cache).filter(([b]) => b !== base), [base, entry] as const].slice(-MAX_CACHED_SPECS),
    );
    await specCache.setValue(next);
    if ('problem' in entry) return ok(await unusable(entry.problem));
    return ok({ source: 'instance', fetchedAt, note: null, operations });
  }

  async function lookup(
    input: { keyId: string; kind: 'workspaces' } | { keyId: string; kind: 'projects'; workspaceId: string },
  ): Promise<Result<NamedItem[]>> {
    const path =
      input.kind === 'workspaces'
        ? '/auth/organization/list'
        : `/project?${new URLSearchParams({ workspaceId: input.workspaceId }).toString()}`;
    const answer = await getJson(input.keyId, path);
    if (!answer.ok) return answer;
    if (!Array.isArray(answer.value)) return err('not-json', 'The instance answered something other than a list.');
    return ok(
      answer.value.flatMap((item: unknown) => {
        if (typeof item !== 'object' || item === null) return [];
        const { id, name } = item as { id?: unknown; name?: unknown };
        return typeof id === 'string' ? [{ id, name: typeof name === 'string' && name ? name : id }] : [];
      }),
    );
  }

  return {
    send: (input: { requestId: string; keyId: string; request: HttpRequest; timeoutMs?: number }) => send(input),
    cancel(input: { requestId: string }): Result<null> {
      return runner.cancel(input.requestId) ? ok(null) : err('not-running', 'That request has already finished.');
    },
    endpoints,
    lookup,
    listHistory: (input: { keyId: string }) => history.list(input.keyId),
    clearHistory: (input: { keyId: string }) => history.clear(input.keyId),
    retainHistory: (keyIds: string[]) => history.retain(keyIds),
  };
}
