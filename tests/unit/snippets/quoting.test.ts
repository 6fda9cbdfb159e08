import { describe, expect, it } from 'vitest';
import { bashQuote } from '../../../lib/snippets/quoting/bash';
import { cmdQuote, cmdQuoteWithVariable } from '../../../lib/snippets/quoting/cmd';
import { jsString } from '../../../lib/snippets/quoting/javascript';
import { psQuote } from '../../../lib/snippets/quoting/powershell';
import { pyString } from '../../../lib/snippets/quoting/python';
import { readPowerShellString, readPythonString, runCmdPrompt, type PercentRescan } from './shell-models';

/** The hostile strings of issue 5, alone and together. */
const HOSTILE = [
  '',
  ' ',
  "it's",
  'say "hi"',
  '$HOME $(id) ${x}',
  '`id`',
  'back\\slash \\\\ \\"',
  'trailing backslash\\',
  '100% %PATH% %41 %%',
  '%PATH:x=y% %PATH:~0,3%',
  'wow! !x! !!',
  'line\nbreak\r\nand crlf',
  'tab\there',
  'tâche 😀 日本',
  '‮rtl override‬ and zero​width',
  'a ’curly’ ‘quote’ “double” „low”',
  '^&|<>() ;, =',
  '@/etc/passwd',
  '-x --data',
  'it\'s "q" $HOME `id` \\ %PATH% !x ^&|<>()\n😀',
];

describe('bashQuote', () => {
  it('uses plain single quotes when it can, with the close-escape-reopen trick for a quote', () => {
    expect(bashQuote('')).toBe("''");
    expect(bashQuote('$HOME `id` \\ %PATH% !x "q"')).toBe("'$HOME `id` \\ %PATH% !x \"q\"'");
    expect(bashQuote("it's")).toBe("'it'\\''s'");
    expect(bashQuote('line\nbreak')).toBe("'line\nbreak'");
    expect(bashQuote('tâche 😀')).toBe("'tâche 😀'");
  });

  it('switches to $\'…\' for tabs, CR and invisible characters, escaping ! and \' as hex for history expansion', () => {
    expect(bashQuote("a\tb'c!d\\e\r\n")).toBe("$'a\\tb\\x27c\\x21d\\\\e\\r\\n'");
    expect(bashQuote('x\u202Ey')).toBe("$'x\\xE2\\x80\\xAEy'");
    expect(bashQuote('\u0001')).toBe("$'\\x01'");
  });

  it('keeps a ! off continuation lines: text with both a line break and a ! goes on one $\'…\' line', () => {
    expect(bashQuote('a\n!!b')).toBe("$'a\\n\\x21\\x21b'");
    expect(bashQuote('a!!b')).toBe("'a!!b'");
  });

  it('writes Latin-1 header bytes as single \\xHH bytes', () => {
    expect(bashQuote('café', 'latin1')).toBe("$'caf\\xE9'");
    expect(bashQuote('café')).toBe("'café'");
  });
});

describe('cmdQuote, read back by a model of the cmd prompt and the C runtime', () => {
  // Variables named like the hostile text: any expansion that should not happen shows.
  const env = { PATH: 'C:\\Windows', HOME: 'C:\\Users\\me', x: 'EXPANDED', '41': 'EXPANDED', KANEO_API_KEY: 'k3y' };

  describe.each<PercentRescan>(['after-opener', 'at-closer'])('percent rescan %s', (rescan) => {
    it.each(HOSTILE.filter((s) => !s.includes('\r')))('round-trips %j', (text) => {
      const argv = runCmdPrompt(`curl.exe ${cmdQuote(text)} ${cmdQuoteWithVariable('Bearer ', 'KANEO_API_KEY')}`, env, rescan);
      expect(argv).toEqual(['curl.exe', text, 'Bearer k3y']);
    });

    it('expands the env variable even after an argument full of percent signs', () => {
      const argv = runCmdPrompt(`curl.exe ${cmdQuote('a%b%PATH%')} -H ${cmdQuoteWithVariable('Authorization: Bearer ', 'KANEO_API_KEY')}`, env, rescan);
      expect(argv).toEqual(['curl.exe', 'a%b%PATH%', '-H', 'Authorization: Bearer k3y']);
    });
  });

  it('drops carriage returns, which cannot be typed into cmd', () => {
    expect(runCmdPrompt(`x ${cmdQuote('a\r\nb')}`, {}, 'at-closer')).toEqual(['x', 'a\nb']);
  });

  it('golden: plain text in plain quotes, anything with " % ! or a line break in caret form', () => {
    expect(cmdQuote('Content-Type: application/json')).toBe('"Content-Type: application/json"');
    expect(cmdQuote('a & b | c ^ (d)')).toBe('"a & b | c ^ (d)"');
    expect(cmdQuote('C:\\dir\\')).toBe('"C:\\dir\\\\"');
    expect(cmdQuote('{"a":"b\\"c"}')).toBe('^"{\\^"a\\^":\\^"b\\\\\\^"c\\^"}^"');
    expect(cmdQuote('100%PATH%')).toBe('^"100^%^PATH^%^"');
    expect(cmdQuote('x!\ny')).toBe('^"x^!^\n\ny^"');
  });
});

describe('psQuote, read back by a model of PowerShell string literals', () => {
  it.each(HOSTILE)('round-trips %j', (text) => {
    const literal = psQuote(text);
    const read = readPowerShellString(literal, 0, {});
    expect(read.value).toBe(text);
    expect(read.end).toBe(literal.length);
  });

  it('golden: single quotes doubled, typographic single quotes doubled too', () => {
    expect(psQuote("it's $HOME `id` \"q\"")).toBe("'it''s $HOME `id` \"q\"'");
    expect(psQuote('it’s ‘x’')).toBe("'it’’s ‘‘x’’'");
  });

  it('golden: double quotes with backtick escapes when there are line breaks or invisible characters', () => {
    expect(psQuote('a\r\nb\t$x `y` "z" “w”')).toBe('"a`r`nb`t`$x ``y`` `"z`" `“w`”"');
    expect(psQuote('x\u202Ey')).toBe('"x$([char]0x202E)y"');
  });
});

describe('jsString', () => {
  it.each(HOSTILE)('is a JSON string that parses back to %j', (text) => {
    expect(JSON.parse(jsString(text))).toBe(text);
  });

  it('escapes invisible and line-separator characters instead of writing them raw', () => {
    expect(jsString('a\u2028b\u202Ec')).toBe('"a\\u2028b\\u202Ec"');
    expect(jsString('\ud800')).toBe('"\\uD800"');
  });
});

describe('pyString', () => {
  it.each(HOSTILE)('reads back as %j', (text) => {
    expect(readPythonString(pyString(text))).toBe(text);
  });

  it('golden', () => {
    expect(pyString('it\'s "q" \\ \n\t\u0001 é \u202E 😀')).toBe('"it\'s \\"q\\" \\\\ \\n\\t\\x01 é \\u202e 😀"');
  });
});
