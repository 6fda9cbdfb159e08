import { codePoints, isPlainChar } from './printable';

/**
 * A Python 3 `str` literal in double quotes (source files are UTF-8 by default, PEP 3120, so
 * plain non-ASCII characters are written as they are). `\` and `"` are escaped; other characters
 * that are not plain use `\n`-style escapes, `\xHH`, `\uHHHH` or `\UHHHHHHHH` by code point, which
 * is what Python's own repr() does for unprintable characters.
 */
export function pyString(text: string): string {
  let out = '"';
  for (const c of codePoints(text)) {
    if (c === '\\') out += '\\\\';
    else if (c === '"') out += '\\"';
    else if (c === '\n') out += '\\n';
    else if (c === '\r') out += '\\r';
    else if (c === '\t') out += '\\t';
    else if (isPlainChar(c)) out += c;
    else {
      const code = c.codePointAt(0)!;
      if (code <= 0xff) out += `\\x${code.toString(16).padStart(2, '0')}`;
      else if (code <= 0xffff) out += `\\u${code.toString(16).padStart(4, '0')}`;
      else out += `\\U${code.toString(16).padStart(8, '0')}`;
    }
  }
  return `${out}"`;
}
