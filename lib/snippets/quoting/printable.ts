/**
 * A character a reader sees and a terminal, editor or clipboard passes through unchanged:
 * letters, marks, numbers, punctuation, symbols and the plain space.
 *
 * Everything else — controls, tabs, line breaks, other spaces, format characters such as bidi
 * overrides (the "Trojan Source" trick: text that reads differently from what runs), private-use
 * and unassigned code points, lone surrogates — is written as an escape by every quoting helper,
 * so what the user reads in a snippet is what runs.
 */
const PLAIN = /^[\p{L}\p{M}\p{N}\p{P}\p{S} ]$/u;

export function isPlainChar(char: string): boolean {
  return PLAIN.test(char);
}

/** Splits into code points (a lone surrogate is its own element). */
export function codePoints(text: string): string[] {
  return Array.from(text);
}

/**
 * A double-quoted literal in the backslash style JavaScript and Python share: `\` and `"` are
 * escaped, LF/CR/tab become `\n` `\r` `\t`, plain characters stay as they are, and every other
 * code point is written by the language's own `escapeOther` (the one place the two differ).
 */
export function backslashQuoted(text: string, escapeOther: (char: string) => string): string {
  let out = '"';
  for (const c of codePoints(text)) {
    if (c === '\\') out += '\\\\';
    else if (c === '"') out += '\\"';
    else if (c === '\n') out += '\\n';
    else if (c === '\r') out += '\\r';
    else if (c === '\t') out += '\\t';
    else if (isPlainChar(c)) out += c;
    else out += escapeOther(c);
  }
  return `${out}"`;
}
