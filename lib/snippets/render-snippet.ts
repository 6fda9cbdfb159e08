import type { HttpRequest, SecretMode } from '../request/http-request';
import { authSource } from './auth-source';
import { renderCurlBash, renderCurlCmd } from './formats/curl';
import { renderFetch } from './formats/fetch';
import { renderHttpie } from './formats/httpie';
import { renderPowerShell } from './formats/powershell';
import { renderPythonRequests } from './formats/python-requests';
import type { RenderedSnippet, SnippetFormat, SnippetOptions } from './snippet-format';
import { findHeader, isLatin1, toWireRequest } from './wire-request';

export { snippetFormats, snippetFormatIds, isSnippetFormat } from './snippet-format';
export type { RenderedSnippet, SnippetFormat, SnippetFormatInfo, SnippetOptions } from './snippet-format';

/**
 * Renders one request as a ready-to-run snippet.
 *
 * Secret handling: the `Authorization: Bearer …` header is always written. In `env` mode the
 * snippet reads the key from an environment variable (the browser format, which has none, gets a
 * named constant to fill) and `setupLine` shows how to set it, with a placeholder; `inline` writes
 * the secret itself (the caller clears the clipboard later); `redacted` writes the placeholder.
 * Apart from `inline` output, nothing returned contains the secret. Any Authorization header in
 * the request itself is replaced.
 *
 * All formats send the same bytes for the same request (see wire-request.ts for the canonical
 * URL and header rules); `notes` lists where a format cannot.
 *
 * Throws a TypeError for a URL that does not parse, an env variable name that is not a plain
 * identifier, or a secret/placeholder containing a line break — all programming errors, as the
 * request model and the UI validate them first.
 */
export function renderSnippet(
  format: SnippetFormat,
  request: HttpRequest,
  secretMode: SecretMode,
  options: SnippetOptions = {},
): RenderedSnippet {
  const wire = toWireRequest(request);
  const auth = authSource(secretMode);
  let rendered: RenderedSnippet;
  switch (format) {
    case 'curl-bash': rendered = renderCurlBash(wire, auth, options); break;
    case 'curl-cmd': rendered = renderCurlCmd(wire, auth, options); break;
    case 'powershell': rendered = renderPowerShell(wire, auth, options); break;
    case 'fetch-browser': rendered = renderFetch('browser', wire, auth, options); break;
    case 'fetch-node': rendered = renderFetch('node', wire, auth, options); break;
    case 'httpie': rendered = renderHttpie(wire, auth, options); break;
    case 'python-requests': rendered = renderPythonRequests(wire, auth, options); break;
    default: {
      const unknown: never = format;
      throw new TypeError(`Unknown snippet format: ${String(unknown)}`);
    }
  }
  const notes = [...rendered.notes];
  if (wire.body !== null && !findHeader(wire, 'content-type')) {
    notes.push('The request has a body but no Content-Type header, so each client adds its own default (curl: form-urlencoded, fetch: text/plain, HTTPie: JSON).');
  }
  for (const header of wire.headers) {
    if (!isLatin1(header.value)) {
      notes.push(`The ${header.name} header has characters beyond Latin-1: browsers (and the tester) cannot send it, fetch and requests refuse it, curl and HTTPie send UTF-8.`);
    }
  }
  return { ...rendered, notes };
}
