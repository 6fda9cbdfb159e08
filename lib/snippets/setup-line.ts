import type { HttpRequest } from '../request/http-request';
import { bashQuote } from './quoting/bash';
import { psQuote } from './quoting/powershell';
import { renderSnippet } from './render-snippet';
import type { SnippetFormat, SnippetOptions } from './snippet-format';

/**
 * The line that puts a key into the environment variable an env-mode snippet reads, written for
 * the shell that snippet runs in — with the key itself, so that a fresh terminal's first paste
 * answers 200 instead of 401.
 *
 * Secret handling: the returned text holds the secret. Callers copy it with `copySensitiveText`
 * (the clipboard is cleared after the configured delay) and never show or store it.
 */
export function renderSetupLine(format: SnippetFormat, variable: string, secret: string): string | null {
  // Same rules as authSource(): a plain identifier, and no line break that would run a second command.
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(variable)) throw new TypeError(`Not a usable environment variable name: ${JSON.stringify(variable)}`);
  if (/[\r\n\0]/.test(secret)) throw new TypeError('A key cannot contain line breaks');
  switch (format) {
    case 'curl-bash':
    case 'httpie':
    case 'python-requests':
    case 'fetch-node':
      return `export ${variable}=${bashQuote(secret)}`;
    case 'curl-cmd':
      // `set "NAME=value"` takes everything up to the last quote literally, but cmd still expands
      // `%…%` (and `!…!` with delayed expansion), and `set` is a builtin that knows no escaping.
      // Kaneo's keys are letters, digits and `_`; anything else is left to the person.
      return /["%!^\x00-\x1f]/.test(secret) ? null : `set "${variable}=${secret}"`;
    case 'powershell':
      return `$env:${variable} = ${psQuote(secret)}`;
    case 'fetch-browser':
      return null;
  }
}

/**
 * "Copy for this terminal": the setup line, then the env-mode snippet — one paste that runs.
 * Null for a format without an environment (browser fetch).
 */
export function renderTerminalCommand(
  format: SnippetFormat,
  request: HttpRequest,
  variable: string,
  secret: string,
  options: SnippetOptions = {},
): string | null {
  const setup = renderSetupLine(format, variable, secret);
  if (setup === null) return null;
  const snippet = renderSnippet(format, request, { kind: 'env', variable }, options);
  return `${setup}\n${snippet.text}`;
}
