import { BEARER_PREFIX, SETUP_PLACEHOLDER, type AuthSource } from '../auth-source';
import { bashQuote } from '../quoting/bash';
import { pyString } from '../quoting/python';
import type { RenderedSnippet, SnippetOptions } from '../snippet-format';
import type { WireRequest } from '../wire-request';

/**
 * Python 3 with `requests`.
 * - The body goes as `bytes` (`"…".encode("utf-8")`): a `str` body is encoded by http.client as
 *   ISO-8859-1 and fails on other characters; `json=` would re-serialize and change the bytes.
 * - Header values stay `str`: http.client sends them as Latin-1, like the tester's fetch.
 * - `os.environ["NAME"]` fails loudly (KeyError) when the variable is not set, rather than
 *   sending "Bearer None".
 * - The URL is canonical (wire-request.ts), so requests' own re-quoting leaves it unchanged.
 */
export function renderPythonRequests(req: WireRequest, auth: AuthSource, _options: SnippetOptions): RenderedSnippet {
  const lines: string[] = [];
  if (auth.kind === 'env') lines.push('import os', '');
  lines.push('import requests', '', 'response = requests.request(', `    ${pyString(req.method)},`, `    ${pyString(req.url)},`, '    headers={');
  lines.push(`        "Authorization": ${auth.kind === 'env'
    ? `${pyString(BEARER_PREFIX)} + os.environ[${pyString(auth.variable)}]`
    : pyString(`${BEARER_PREFIX}${auth.value}`)},`);
  for (const header of req.headers) lines.push(`        ${pyString(header.name)}: ${pyString(header.value)},`);
  lines.push('    },');
  if (req.body !== null) lines.push(`    data=${pyString(req.body)}.encode("utf-8"),`);
  lines.push('    timeout=30,', ')', 'print(response.status_code)', 'print(response.text)');
  return {
    text: lines.join('\n'),
    notes: [],
    ...(auth.kind === 'env' ? { setupLine: `export ${auth.variable}=${bashQuote(SETUP_PLACEHOLDER)}` } : {}),
  };
}
