import { codePoints, isPlainChar } from './printable';

/**
 * PowerShell string literals (Windows PowerShell 5.1 and PowerShell 7).
 *
 * - Default: single quotes, where nothing is expanded and the only escape is doubling the quote.
 *   PowerShell's tokenizer also takes the typographic single quotes U+2018 ‘ U+2019 ’ U+201A ‚
 *   U+201B ‛ as quote characters, so they are doubled too — otherwise pasted text containing ’
 *   would end the string early.
 * - Text with characters that are not plain (line breaks, tabs, controls, bidi controls…):
 *   double quotes with backtick escapes, so the exact characters survive whatever line endings the
 *   script is saved or pasted with. There `` ` ``, `$`, `"` and the typographic double quotes
 *   U+201C “ U+201D ” U+201E „ are escaped with a backtick; LF/CR/tab/NUL use `` `n `r `t `0 ``;
 *   other characters use `$([char]0xHHHH)` (a sub-expression, because `` `u{…} `` only exists
 *   from PowerShell 6 on). A here-string is not used: its line endings follow the file's.
 */
export function psQuote(text: string): string {
  const chars = codePoints(text);
  if (chars.every(isPlainChar)) {
    return `'${text.replace(/['\u2018\u2019\u201A\u201B]/g, '$&$&')}'`;
  }
  let out = '"';
  for (const c of chars) {
    if (c === '`' || c === '$' || c === '"' || c === '\u201C' || c === '\u201D' || c === '\u201E') out += `\`${c}`;
    else if (c === '\n') out += '`n';
    else if (c === '\r') out += '`r';
    else if (c === '\t') out += '`t';
    else if (c === '\0') out += '`0';
    else if (isPlainChar(c)) out += c;
    else {
      for (let i = 0; i < c.length; i += 1) {
        out += `$([char]0x${c.charCodeAt(i).toString(16).toUpperCase().padStart(4, '0')})`;
      }
    }
  }
  return `${out}"`;
}
