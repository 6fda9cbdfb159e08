import { BEARER_PREFIX, SETUP_PLACEHOLDER, type AuthSource } from '../auth-source';
import { bashDoubleQuoteWithVariable, bashQuote } from '../quoting/bash';
import type { RenderedSnippet, SnippetOptions } from '../snippet-format';
import { isAscii, type WireRequest } from '../wire-request';

/**
 * HTTPie 3 (`http`), for bash/zsh.
 *
 * Request items: HTTPie splits `Name:value` at the first separator it finds, longest first at a
 * position, among `:` `;` `:@` `==` `==@` `=` `:=` `@` `=@` `:=@` (httpie/cli/argtypes.py). A
 * header name is a token (no `:;=@`), so the first separator always follows the name; the value
 * is taken as it is, except that
 * - a value starting with `=` or `@` would turn `:` into `:=` (raw JSON field) or `:@` (header
 *   read from a file), so that first character is escaped as `\=` / `\@`;
 * - a backslash before one of `: ; = @` is read as an escape and dropped — HTTPie has no way to
 *   write a literal backslash there (`\\` stays two backslashes), so that case gets a note;
 * - an empty value is `Name;` (`Name:` would remove the header).
 * Body: `--raw=TEXT` (HTTPie ≥ 3.0) sends the text as is, no `key=value` JSON building. It is one
 * argv word with `=`, so argparse never mistakes a body starting with `-` for an option.
 * `--ignore-stdin`: without it HTTPie reads stdin whenever it is not a terminal (scripts, CI) and
 * then refuses to mix it with `--raw`.
 * One body cannot be written as `--raw`: exactly `--`, which Python's argparse drops from an
 * option's value (HTTPie then fails with an AttributeError). That body is piped in on stdin
 * (`printf '%s' '--' | http …`), which HTTPie sends as is.
 * HTTPie encodes header values as UTF-8 (httpie/client.py finalize_headers), unlike the tester's
 * Latin-1; non-ASCII header values get a note.
 */
function headerItem(name: string, value: string, notes: string[]): string {
  if (value === '') return `${name};`;
  if (/\\[:;=@]/.test(value)) {
    notes.push(`HTTPie cannot send a backslash directly before ":", ";", "=" or "@" in a header value; check the ${name} header.`);
  }
  const escapedStart = /^[=@]/.test(value) ? `\\${value}` : value;
  return `${name}:${escapedStart}`;
}

export function renderHttpie(req: WireRequest, auth: AuthSource, options: SnippetOptions): RenderedSnippet {
  const notes: string[] = [];
  // Method and URL first, the body last, like the curl snippet; argparse takes options anywhere.
  const onStdin = req.body === '--';
  const words: string[] = [`${onStdin ? '' : '--ignore-stdin '}${req.method} ${bashQuote(req.url)}`];
  words.push(auth.kind === 'env'
    ? bashDoubleQuoteWithVariable(`Authorization:${BEARER_PREFIX}`, auth.variable)
    : bashQuote(headerItem('Authorization', `${BEARER_PREFIX}${auth.value}`, notes)));
  for (const header of req.headers) {
    const item = headerItem(header.name, header.value, notes);
    words.push(bashQuote(item));
    if (!isAscii(header.value)) {
      notes.push(`HTTPie sends header values as UTF-8: the non-ASCII characters of ${header.name} arrive as several bytes each, not as the single Latin-1 bytes the tester sends.`);
    }
  }
  if (req.body !== null && !onStdin) {
    if (req.body.includes('\0')) notes.push('The body contains NUL characters, which a shell cannot pass in an argument.');
    words.push(`--raw=${bashQuote(req.body)}`);
  }
  const command = `http ${words.join(options.singleLine ? ' ' : ' \\\n  ')}`;
  const text = onStdin ? `printf '%s' ${bashQuote(req.body!)} | ${command}` : command;
  return {
    text,
    notes,
    ...(auth.kind === 'env' ? { setupLine: `export ${auth.variable}=${bashQuote(SETUP_PLACEHOLDER)}` } : {}),
  };
}
