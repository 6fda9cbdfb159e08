import type { HttpRequest } from '../request/http-request';
import { resolveApiUrl } from './url-guard';

/**
 * "Test this key": `GET <api>/auth/organization/list` answers the key's workspaces. Never
 * `auth/get-session` with a Bearer key: real Kaneo answers `null` to it and sends cookie-clearing
 * headers (kaneo-facts.md).
 */
export const TEST_KEY_PATH = '/auth/organization/list';

export function testKeyRequest(apiBaseUrl: string): HttpRequest {
  const url = resolveApiUrl(apiBaseUrl, TEST_KEY_PATH);
  if (!url.ok) throw new Error(url.message);
  return { method: 'GET', url: url.value, headers: [], body: null };
}
