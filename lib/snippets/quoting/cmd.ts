/**
 * Quoting for a program started from a Windows `cmd.exe` prompt (curl.exe).
 *
 * Two parsers read the same text, one after the other:
 *
 * 1. cmd.exe. First it expands `%NAME%` everywhere — inside double quotes too — when NAME is a
 *    defined variable (at a prompt an undefined one is left as typed; in a .bat file `%%` would be
 *    needed instead, so these snippets are for the prompt). Then `^` escapes the next character
 *    and `& | < > ( )` are operators, except inside double quotes, where `^` is literal. Every `"`
 *    toggles cmd's quote state, whatever the program will make of it. With delayed expansion on
 *    (`cmd /V:ON`, not the default) `!` would be special as well.
 * 2. The program's C runtime splits the command line into argv (CommandLineToArgvW rules):
 *    `"` starts/ends quoting, `\"` is a literal quote, and backslashes are literal except when
 *    they precede a `"`: 2n backslashes + `"` → n backslashes and a delimiter, 2n+1 → n and a
 *    literal `"`.
 *
 * Plain form — text without `"`, `%`, `!`, CR or LF: `"…"` with the C-runtime escaping (trailing
 *   backslashes doubled). Inside cmd's quotes every other character is literal.
 * Caret form — anything else: the C-runtime-escaped text wrapped in `^"…^"`, with `^` before
 *   every `" ^ & | < > ( ) % !`. As no `"` reaches cmd unescaped, cmd never enters quote mode, so
 *   it consumes every caret and the program sees plain C-runtime quoting. A `%` is written `^%`:
 *   the percent pass runs before carets are removed; at a prompt it leaves an undefined `%NAME%` as
 *   typed and rescans from its closing `%` (`set b=a` then `echo %a %b% c%` prints `%a a c%`).
 *   The character after every `%` gets a caret as well, so every name the percent pass tries
 *   starts with `^` — never a defined variable, not even in `%PATH:x=y%` substitution syntax where
 *   only the part before the colon is looked up — and the caret pass then removes the carets.
 *   As the pass rescans from a closing `%`, a `%NAME%` in a later argument still expands.
 *   A line feed is written `^` + LF + LF: the caret escapes the first line end (cmd asks for
 *   "More?") and the second one is taken literally (the same trick as `set NL=^`).
 *   A carriage return cannot be typed into cmd at all; it is dropped and the renderer says so.
 *   tests/unit/snippets/shell-models.ts reads the output back with a model of both parsers.
 */
const NEEDS_CARET_FORM = /["%!\r\n]/;

/** C runtime escaping of one argument, without the surrounding quotes. */
function escapeForCRuntime(text: string): string {
  let out = '';
  let backslashes = 0;
  for (const c of text) {
    if (c === '\\') {
      backslashes += 1;
      continue;
    }
    if (c === '"') {
      out += '\\'.repeat(backslashes * 2 + 1) + '"';
    } else {
      out += '\\'.repeat(backslashes) + c;
    }
    backslashes = 0;
  }
  // Backslashes before the closing quote must be doubled, or they would escape it.
  return out + '\\'.repeat(backslashes * 2);
}

export function cmdQuote(text: string): string {
  const escaped = escapeForCRuntime(text.replaceAll('\r', ''));
  if (!NEEDS_CARET_FORM.test(text)) return `"${escaped}"`;
  const careted = escaped.replace(/["^&|<>()%!]/g, '^$&').replaceAll('\n', '^\n\n');
  // The character after a `%` always gets a caret too (harmless before an ordinary character):
  // the name cmd tries then always starts with `^`, also in `%NAME:old=new%` substitution syntax,
  // where only the part before the colon is looked up. Done after wrapping, so a `%` right before
  // the closing `^"` is seen to be followed by a caret already (`^^"` would be a literal caret).
  return `^"${careted}^"`.replace(/\^%(?!\^)/g, '^%^');
}

/** `"<prefix>%NAME%"`: cmd expands the variable inside its quotes; prefix is fixed text. */
export function cmdQuoteWithVariable(prefix: string, variable: string): string {
  if (NEEDS_CARET_FORM.test(prefix) || prefix.includes('\\')) throw new TypeError('prefix must be plain text');
  return `"${prefix}%${variable}%"`;
}
