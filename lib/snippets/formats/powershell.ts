import { BEARER_PREFIX, SETUP_PLACEHOLDER, type AuthSource } from '../auth-source';
import { psQuote } from '../quoting/powershell';
import type { RenderedSnippet, SnippetOptions } from '../snippet-format';
import { findHeader, type WireRequest } from '../wire-request';

/**
 * PowerShell `Invoke-RestMethod`, splatted so each parameter sits on its own line without
 * backtick line continuations (a trailing space after a backtick silently breaks those).
 * - Content-Type goes through `-ContentType`: Windows PowerShell 5.1 refuses it in `-Headers`.
 * - The body is passed as UTF-8 bytes: given a string, 5.1 encodes it as ISO-8859-1 unless the
 *   content type names a charset, and 7.x changed its default over versions; bytes are sent as is.
 * - Headers are a hashtable literal, which cannot repeat a key (case-insensitively); repeated
 *   names were merged into one value already (wire-request.ts).
 * - `$env:NAME` expands inside the double-quoted Authorization value.
 */
const METHOD_NAMES: Record<WireRequest['method'], string> = {
  GET: 'Get', POST: 'Post', PUT: 'Put', PATCH: 'Patch', DELETE: 'Delete', HEAD: 'Head', OPTIONS: 'Options',
};

export function renderPowerShell(req: WireRequest, auth: AuthSource, _options: SnippetOptions): RenderedSnippet {
  const notes: string[] = [];
  const contentType = findHeader(req, 'content-type');
  const headerLines = [
    `    'Authorization' = ${auth.kind === 'env' ? `"${BEARER_PREFIX}$env:${auth.variable}"` : psQuote(`${BEARER_PREFIX}${auth.value}`)}`,
    ...req.headers
      .filter((h) => h !== contentType)
      .map((h) => `    ${psQuote(h.name)} = ${psQuote(h.value)}`),
  ];
  const lines = [
    '$params = @{',
    `  Method = '${METHOD_NAMES[req.method]}'`,
    `  Uri = ${psQuote(req.url)}`,
    '  Headers = @{',
    ...headerLines,
    '  }',
  ];
  if (contentType) lines.push(`  ContentType = ${psQuote(contentType.value)}`);
  if (req.body !== null) {
    lines.push(`  Body = [System.Text.Encoding]::UTF8.GetBytes(${psQuote(req.body)})`);
    if (req.method === 'GET') notes.push('Windows PowerShell 5.1 turns a GET body into query parameters; use PowerShell 7.');
  }
  lines.push('}', 'Invoke-RestMethod @params');
  return {
    text: lines.join('\n'),
    notes,
    ...(auth.kind === 'env' ? { setupLine: `$env:${auth.variable} = ${psQuote(SETUP_PLACEHOLDER)}` } : {}),
  };
}
