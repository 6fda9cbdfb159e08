import { codePoints, isPlainChar } from './printable';

/**
 * Quoting for bash and zsh (both interactive and in scripts).
 *
 * - Default: single quotes. Between `'…'` nothing is special in either shell — no `$`, backtick,
 *   backslash or `!` history expansion — and a line break is kept as is, so pretty JSON stays
 *   readable (unless the text also has a `!`: see below). A `'` cannot appear inside, so it is written `'\''` (close, escaped quote, reopen).
 * - When the text holds anything that is not plain (see printable.ts: tabs, which an interactive
 *   shell would take as completion, CR, controls, bidi controls…) or, for header values, bytes
 *   0x80–0xFF that must go out as single Latin-1 bytes: ANSI-C quoting `$'…'`, which bash and zsh
 *   both read. There `\` and `'` are escaped, and `!` and `'` are written `\x21`/`\x27`: bash's
 *   history expansion scans for quotes before the string is parsed and does not understand
 *   `\'`, so a raw `!` after an escaped quote could be expanded at an interactive prompt.
 *   `\xHH` takes at most two hex digits in both shells, so the next character is never eaten.
 * - NUL cannot be passed in an argument at all (C strings); callers warn about it.
 */
export type ByteEncoding = 'utf8' | 'latin1';

export function bashQuote(text: string, encoding: ByteEncoding = 'utf8'): string {
  const chars = codePoints(text);
  const needsAnsiC = chars.some((c) => !(isPlainChar(c) || c === '\n') || (encoding === 'latin1' && c >= '\u0080' && c <= '\u00ff'))
    // Older bash (3.x/4.x) history-expands each typed line on its own, not knowing that a
    // continuation line is still inside '…'; keep a `!` off such lines.
    || (text.includes('\n') && text.includes('!'));
  if (!needsAnsiC) {
    if (text === '') return "''";
    return `'${text.replaceAll("'", "'\\''")}'`;
  }
  let out = "$'";
  for (const c of chars) {
    out += ansiCChar(c, encoding);
  }
  return `${out}'`;
}

const hexByte = (b: number) => `\\x${b.toString(16).toUpperCase().padStart(2, '0')}`;

function ansiCChar(c: string, encoding: ByteEncoding): string {
  switch (c) {
    case '\\': return '\\\\';
    case "'": return '\\x27';
    case '!': return '\\x21';
    case '\n': return '\\n';
    case '\r': return '\\r';
    case '\t': return '\\t';
    default: break;
  }
  const code = c.codePointAt(0)!;
  if (encoding === 'latin1' && code >= 0x80 && code <= 0xff) return hexByte(code);
  if (isPlainChar(c)) return c;
  // Escape the UTF-8 bytes (a lone surrogate has none: it becomes U+FFFD like in fetch).
  return Array.from(new TextEncoder().encode(c), hexByte).join('');
}

/** `"…"` around fixed text plus `$NAME`: only for text this module controls (no `$`, `` ` ``, `"`, `\`, `!`). */
export function bashDoubleQuoteWithVariable(prefix: string, variable: string): string {
  if (/[$`"\\!]/.test(prefix)) throw new TypeError('prefix must not contain shell-special characters');
  return `"${prefix}$${variable}"`;
}
