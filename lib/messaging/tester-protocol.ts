import type { Result } from '../result';
import type { HttpRequest } from '../request/http-request';
import type { Operation } from '../openapi/catalog';
import type { TesterResponse } from '../tester/tester-response';
import type { HistoryEntry } from '../tester/history';

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
