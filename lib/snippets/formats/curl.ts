import { BEARER_PREFIX, SETUP_PLACEHOLDER, type AuthSource } from '../auth-source';
import { bashDoubleQuoteWithVariable, bashQuote } from '../quoting/bash';
import { cmdQuote, cmdQuoteWithVariable } from '../quoting/cmd';
import type { RenderedSnippet, SnippetOptions } from '../snippet-format';
import { isAscii, type WireRequest } from '../wire-request';

/**
 * curl's side of the bargain, shared by the bash and cmd renderers:
 * - `--data-raw`, not `-d`/`--data-binary`: those read a file when the text starts with `@`
 *   (a hostile body could name a local file); `--data-raw` sends the text as is (curl ≥ 7.43).
 * - `-X` only when curl would not infer the method (GET without body, POST with body); HEAD is
 *   `--head`, because `-X HEAD` makes curl wait for a body that never comes.
 * - An empty header value is written `Name;` — `Name:` would tell curl to drop the header.
 * - The URL is canonical (wire-request.ts): no `[]{}` left, so curl's globbing cannot trigger.
 */
function curlArgs(
  req: WireRequest,
  quote: { header: (text: string) => string; body: (text: string) => string },
  authArg: string,
  notes: string[],
): string[] {
  let methodFlag = '';
  if (req.method === 'HEAD') {
    methodFlag = '--head ';
  } else if (!(req.method === 'GET' && req.body === null) && !(req.method === 'POST' && req.body !== null)) {
    methodFlag = `-X ${req.method} `;
  }
  // Method and URL share the first line.
  const args: string[] = [`${methodFlag}${quote.header(req.url)}`];
  args.push(`-H ${authArg}`);
  for (const header of req.headers) {
    args.push(`-H ${quote.header(header.value === '' ? `${header.name};` : `${header.name}: ${header.value}`)}`);
  }
  if (req.body !== null) {
    if (req.method === 'HEAD') notes.push('curl sends no body with HEAD; the body was left out.');
    else args.push(`--data-raw ${quote.body(req.body)}`);
  }
  return args;
}

export function renderCurlBash(req: WireRequest, auth: AuthSource, options: SnippetOptions): RenderedSnippet {
  const notes: string[] = [];
  // Header values go out as single Latin-1 bytes, like the tester's fetch sends them.
  const headerQuote = (text: string) => bashQuote(text, 'latin1');
  const authArg = auth.kind === 'env'
    ? bashDoubleQuoteWithVariable(`Authorization: ${BEARER_PREFIX}`, auth.variable)
    : headerQuote(`Authorization: ${BEARER_PREFIX}${auth.value}`);
  const args = curlArgs(req, { header: headerQuote, body: (text) => bashQuote(text) }, authArg, notes);
  if (req.body?.includes('\0')) notes.push('The body contains NUL characters, which a shell cannot pass in an argument: bash cuts the body at the first one.');
  const text = `curl ${args.join(options.singleLine ? ' ' : ' \\\n  ')}`;
  return {
    text,
    notes,
    ...(auth.kind === 'env' ? { setupLine: `export ${auth.variable}=${bashQuote(SETUP_PLACEHOLDER)}` } : {}),
  };
}

export function renderCurlCmd(req: WireRequest, auth: AuthSource, options: SnippetOptions): RenderedSnippet {
  const notes: string[] = [];
  const authArg = auth.kind === 'env'
    ? cmdQuoteWithVariable(`Authorization: ${BEARER_PREFIX}`, auth.variable)
    : cmdQuote(`Authorization: ${BEARER_PREFIX}${auth.value}`);
  const args = curlArgs(req, { header: cmdQuote, body: cmdQuote }, authArg, notes);
  if (req.body?.includes('\r')) {
    notes.push('cmd cannot type a carriage return: line breaks in the body are sent as LF only.');
  }
  if (req.body?.includes('\0')) notes.push('The body contains NUL characters, which cmd cannot pass in an argument.');
  if (/[\t\u0001-\u0009\u000b\u000c\u000e-\u001f\u007f]/.test(req.body ?? '')) {
    notes.push('The body contains tabs or control characters, written as they are: cmd has no escape for them, and pasting a tab into the console may trigger file-name completion.');
  }
  if (!isAscii(req.body ?? '') || req.headers.some((h) => !isAscii(h.value)) || (auth.kind === 'literal' && !isAscii(auth.value))) {
    notes.push('Non-ASCII text passes through the console code page: run `chcp 65001` first, and older curl.exe builds may still mangle it.');
  }
  if (/[%!]/.test(req.url + (req.body ?? '') + req.headers.map((h) => h.value).join(''))) {
    notes.push('Written for the cmd prompt with delayed expansion off (the default); in a .bat file every % must be doubled.');
  }
  const text = `curl.exe ${args.join(options.singleLine ? ' ' : ' ^\n  ')}`;
  return {
    text,
    notes,
    ...(auth.kind === 'env' ? { setupLine: `set "${auth.variable}=${SETUP_PLACEHOLDER}"` } : {}),
  };
}
