import { backslashQuoted } from './printable';

/**
 * A JavaScript string literal in double quotes. Plain characters are written as they are (so a
 * path with "tâche" stays readable); `\` and `"` are escaped; everything else — line breaks,
 * controls, U+2028/U+2029, bidi controls, lone surrogates — becomes `\n`-style or `\uXXXX`
 * escapes of its UTF-16 units, which evaluate to exactly the original string.
 */
export function jsString(text: string): string {
  return backslashQuoted(text, (c) => {
    let out = '';
    for (let i = 0; i < c.length; i += 1) out += `\\u${c.charCodeAt(i).toString(16).toUpperCase().padStart(4, '0')}`;
    return out;
  });
}
