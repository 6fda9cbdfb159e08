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
