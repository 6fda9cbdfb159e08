import { httpHeaderSchema, type HttpHeader, type HttpMethod, type HttpRequest } from '../request/http-request';
import { err, ok, type Result } from '../result';
import { resolveApiUrl } from './url-guard';

/**
 * What the tester's editor holds, checked before anything is sent: the page checks it to show
 * errors next to the fields, and the background checks the resulting request again.
 */
export interface RequestDraft {
  method: HttpMethod;
  /** Path relative to the key's API base (or a full URL on it). */
  path: string;
  headers: Array<{ name: string; value: string }>;
  body: string;
}

export interface DraftErrors {
  path?: string;
  /** Per header row, by index. */
  headers?: Record<number, string>;
  body?: string;
}

/** Headers that carry credentials: the key is added by the background, nothing else may be. */
export const CREDENTIAL_HEADERS = new Set(['authorization', 'x-api-key', 'cookie', 'proxy-authorization']);

export const METHODS_WITHOUT_BODY: readonly HttpMethod[] = ['GET', 'HEAD'];

function isJsonContentType(headers: HttpHeader[]): boolean {
  const type = headers.find((h) => h.name.toLowerCase() === 'content-type')?.value ?? '';
  return /\bjson\b|\+json/i.test(type);
}

export function checkHeader(header: { name: string; value: string }): string | null {
  if (CREDENTIAL_HEADERS.has(header.name.trim().toLowerCase())) {
    return `Remove “${header.name.trim()}”: the key is added as Authorization: Bearer automatically.`;
  }
  const parsed = httpHeaderSchema.safeParse({ name: header.name.trim(), value: header.value });
  if (!parsed.success) return parsed.error.issues[0]?.message ?? 'Invalid header';
  return null;
}

/**
 * Turns a draft into a request model, or says what to fix. A body is sent only for methods that
 * take one; a body sent as JSON (the default when there is a body) must parse.
 */
export function draftToRequest(apiBaseUrl: string, draft: RequestDraft): Result<HttpRequest> & { errors?: DraftErrors } {
  const errors: DraftErrors = {};
  const url = resolveApiUrl(apiBaseUrl, draft.path);
  if (!url.ok) errors.path = url.message;

  const headers: HttpHeader[] = [];
  draft.headers.forEach((header, index) => {
    if (header.name.trim() === '' && header.value.trim() === '') return;
    const problem = checkHeader(header);
    if (problem) {
      errors.headers = { ...errors.headers, [index]: problem };
      return;
    }
    headers.push({ name: header.name.trim(), value: header.value });
  });

  let body: string | null = null;
  const takesBody = !METHODS_WITHOUT_BODY.includes(draft.method);
  if (takesBody && draft.body.trim() !== '') {
    body = draft.body;
    const hasContentType = headers.some((h) => h.name.toLowerCase() === 'content-type');
    if (!hasContentType) headers.push({ name: 'Content-Type', value: 'application/json' });
    if (isJsonContentType(headers)) {
      try {
        JSON.parse(draft.body);
      } catch (error) {
        errors.body = `The body is not valid JSON: ${error instanceof Error ? error.message : 'parse error'}`;
      }
    }
  }

  if (errors.path || errors.headers || errors.body) {
    return { ...err('invalid-request', 'Fix the marked fields first.'), errors };
  }
  return ok({ method: draft.method, url: (url as { value: string }).value, headers, body });
}

/** True when any part of the request contains the secret (so it would be sent twice or kept in history). */
export function requestContainsSecret(request: HttpRequest, secret: string): boolean {
  if (secret.length < 8) return false;
  const encoded = encodeURIComponent(secret);
  const parts = [request.url, request.body ?? '', ...request.headers.flatMap((h) => [h.name, h.value])];
  return parts.some((part) => part.includes(secret) || part.includes(encoded));
}
