import { backslashQuoted } from './printable';

/**
 * A Python 3 `str` literal in double quotes (source files are UTF-8 by default, PEP 3120, so
 * plain non-ASCII characters are written as they are). `\` and `"` are escaped; other characters
 * that are not plain use `\n`-style escapes, `\xHH`, `\uHHHH` or `\UHHHHHHHH` by code point, which
 * is what Python's own repr() does for unprintable characters.
 */
export function pyString(text: string): string {
  return backslashQuoted(text, (c) => {
    const code = c.codePointAt(0)!;
    if (code <= 0xff) return `\\x${code.toString(16).padStart(2, '0')}`;
    if (code <= 0xffff) return `\\u${code.toString(16).padStart(4, '0')}`;
    return `\\U${code.toString(16).padStart(8, '0')}`;
  });
}
