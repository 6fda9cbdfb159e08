import { responseMeaning, tryAgainInMs } from '../status-meaning';
import { MAX_BODY_BYTES, type BodyKind, type TesterResponse } from '../protocol';

/**
 * Reads a body without ever holding more than `limit` bytes of it: the rest is counted and
 * dropped, so a 2 GB answer costs a count, not memory.
 */
export async function readLimited(
  body: ReadableStream<Uint8Array> | null,
  limit: number,
): Promise<{ bytes: Uint8Array; total: number }> {
  if (!body) return { bytes: new Uint8Array(0), total: 0 };
  const reader = body.getReader();
  const kept: Uint8Array[] = [];
  let keptBytes = 0;
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (keptBytes < limit) {
      const slice = value.subarray(0, Math.min(value.byteLength, limit - keptBytes));
      kept.push(slice);
      keptBytes += slice.byteLength;
    }
  }
  const bytes = new Uint8Array(keptBytes);
  let offset = 0;
  for (const chunk of kept) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return { bytes, total };
}

function kindOf(contentType: string, text: string, total: number): BodyKind {
  if (total === 0) return 'empty';
  const type = contentType.toLowerCase();
  if (/\bjson\b|\+json/.test(type)) return 'json';
  if (type.includes('html') || /^\s*<(!doctype|html)/i.test(text)) return 'html';
  if (
    type === '' ||
    type.startsWith('text/') ||
    /xml|javascript|yaml|csv|x-www-form-urlencoded/.test(type)
  ) {
    const trimmed = text.trimStart();
    if ((trimmed.startsWith('{') || trimmed.startsWith('[')) && isJson(text)) return 'json';
    return 'text';
  }
  return 'binary';
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/**
 * Shapes a fetch Response into what the page shows. JSON bodies stay text here (the page parses
 * and pretty-prints them); a JSON body cut at 1 MB is shown as text, since it no longer parses.
 */
export async function shapeResponse(
  response: Response,
  request: { url: string; method: string },
  startedAt: number,
  now: () => number,
  limit = MAX_BODY_BYTES,
): Promise<TesterResponse> {
  const redirected = response.type === 'opaqueredirect';
  const { bytes, total } = await readLimited(response.body, limit);
  const timeMs = Math.max(0, Math.round(now() - startedAt));
  const contentType = response.headers.get('content-type') ?? '';
  const truncated = total > bytes.byteLength;
  const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
  let kind = kindOf(contentType, text, total);
  if (kind === 'json' && (truncated || !isJson(text))) kind = 'text';
  // An opaque redirect has status 0 and no readable headers: say what happened instead.
  const status = response.status;
  const headers: Array<[string, string]> = [];
  response.headers.forEach((value, name) => headers.push([name, value]));
  // Kaneo's error code (INVALID_API_KEY, KEY_EXPIRED, …) decides the verdict over the status.
  const json: unknown = kind === 'json' ? JSON.parse(text) : null;
  const wait = status === 429 ? tryAgainInMs(json) : null;
  return {
    url: request.url,
    method: request.method,
    status,
    statusText: response.statusText,
    meaning: redirected
      ? {
          text: 'Redirect not followed',
          meaning:
            'The instance answered with a redirect. The tester does not follow redirects, so the key never goes anywhere else; check the API base URL of this key.',
          tone: 'info',
        }
      : responseMeaning(status, json),
    timeMs,
    sizeBytes: total,
    headers,
    contentType,
    body: { kind, text: kind === 'binary' ? '' : text, truncated },
    tryAgainInMs: wait,
    redirected,
  };
}
