import type { Result } from '../result';
import type { HttpRequest } from '../request/http-request';
import type { Operation } from '../openapi/catalog.types';
import type { HistoryEntry } from './history-schemas';

export const DEFAULT_TIMEOUT_MS = 30_000;

/** Bodies above this are shown cut, with their full size stated. */
export const MAX_BODY_BYTES = 1024 * 1024;

export type StatusTone = 'success' | 'warning' | 'danger' | 'info';

export interface StatusMeaning {
  /** The standard reason phrase, e.g. "Unauthorized". */
  text: string;
  /** One or two sentences about what it means for this key and this instance. */
  meaning: string;
  tone: StatusTone;
}

export type BodyKind = 'json' | 'text' | 'html' | 'binary' | 'empty';

/** The answer to one tester request, as the background sends it to a page (JSON-safe, no secret). */
export interface TesterResponse {
  url: string;
  method: string;
  status: number;
  statusText: string;
  meaning: StatusMeaning;
  /** Milliseconds from sending to the last body byte. */
  timeMs: number;
  /** Every body byte received (also when the shown body was cut). */
  sizeBytes: number;
  headers: Array<[string, string]>;
  contentType: string;
  body: {
    kind: BodyKind;
    /** The body as text (at most MAX_BODY_BYTES of it); empty for binary bodies. */
    text: string;
    truncated: boolean;
  };
  /** For 429: how long Kaneo says to wait, in milliseconds. */
  tryAgainInMs: number | null;
  /** The server answered with a redirect that was deliberately not followed. */
  redirected: boolean;
  /** The answer contained the key itself; it was replaced before reaching the page. */
  secretHidden?: boolean;
}

/** The endpoint list for one key's instance, and where it came from. */
export interface EndpointCatalog {
  /** `instance`: its own GET <api>/openapi; `bundled`: the Kaneo 2.22.0 spec shipped with the extension. */
  source: 'instance' | 'bundled';
  /** When the instance's spec was fetched (ISO), null for the bundled one. */
  fetchedAt: string | null;
  /** Why the bundled spec is shown, when it is. */
  note: string | null;
  operations: Operation[];
}

export interface NamedItem {
  id: string;
  name: string;
}

/**
 * Request tester messages. The page never gets the secret: it sends a request model (no
 * Authorization header) and a key id; the background adds the key, checks that the URL is on that
 * key's own instance, sends it, and answers the shaped response.
 */
export interface TesterProtocol {
  /** `requestId` (chosen by the page) lets `tester.cancel` stop it. */
  'tester.send'(data: { requestId: string; keyId: string; request: HttpRequest; timeoutMs?: number }): Result<TesterResponse>;
  'tester.cancel'(data: { requestId: string }): Result<null>;
  'tester.endpoints'(data: { keyId: string; refresh?: boolean }): Result<EndpointCatalog>;
  /** Workspaces (`auth/organization/list`) or a workspace's projects (`project?workspaceId=`) for the pickers. */
  'tester.lookup'(
    data: { keyId: string; kind: 'workspaces' } | { keyId: string; kind: 'projects'; workspaceId: string },
  ): Result<NamedItem[]>;
  'tester.history.list'(data: { keyId: string }): Result<HistoryEntry[]>;
  'tester.history.clear'(data: { keyId: string }): Result<null>;
}
