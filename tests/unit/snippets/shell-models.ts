/**
 * Reference models of the parsers that read the snippets we cannot run here (cmd.exe and
 * PowerShell are not installed; CI runs Linux). Each one follows the documented rules, written
 * independently of the quoting code under test, and fails loudly on anything the snippets must
 * never produce (an unescaped operator, an expansion of a defined variable we did not ask for).
 *
 * cmd.exe at an interactive prompt, delayed expansion off (the default):
 * - Percent pass, one physical line at a time: `%NAME%` with NAME defined (case-insensitive) is
 *   replaced; an undefined one is kept as typed. Where scanning resumes after an undefined name is
 *   modelled both ways (`after-opener`, `at-closer`): correct snippets give the same argv under
 *   both. `%NAME:…%` (substring/substitution) on a defined NAME is treated as an error.
 * - Caret/quote pass: `"` toggles quoting; outside quotes `^x` is a literal x, `^` at a line end
 *   joins the next line and makes its first character literal (an empty next line gives a literal
 *   LF); `& | < > ( )` outside quotes are operators, an error here.
 * - Then the program's C runtime splits the command line (CommandLineToArgvW rules).
 */

export type PercentRescan = 'after-opener' | 'at-closer';

function lookup(env: Record<string, string>, name: string): string | undefined {
  const key = Object.keys(env).find((k) => k.toLowerCase() === name.toLowerCase());
  return key === undefined ? undefined : env[key];
}

function percentPassLine(line: string, env: Record<string, string>, rescan: PercentRescan): string {
  let out = '';
  let i = 0;
  while (i < line.length) {
    const c = line[i]!;
    if (c !== '%') {
      out += c;
      i += 1;
      continue;
    }
    const close = line.indexOf('%', i + 1);
    if (close === -1) {
      out += line.slice(i);
      break;
    }
    const name = line.slice(i + 1, close);
    const colon = name.indexOf(':');
    if (colon !== -1) {
      if (lookup(env, name.slice(0, colon)) !== undefined) {
        throw new Error(`cmd would apply ${name} to a defined variable`);
      }
      // Undefined: kept as typed.
      out += '%';
      i += 1;
      continue;
    }
    const value = name === '' ? undefined : lookup(env, name);
    if (value !== undefined) {
      out += value;
      i = close + 1;
    } else if (rescan === 'at-closer') {
      out += line.slice(i, close);
      i = close;
    } else {
      out += '%';
      i += 1;
    }
  }
  return out;
}

/** The command line cmd hands to CreateProcess, for one command typed (or pasted) at the prompt. */
export function cmdPromptCommandLine(text: string, env: Record<string, string>, rescan: PercentRescan): string {
  const expanded = text.split('\n').map((line) => percentPassLine(line, env, rescan)).join('\n');
  let out = '';
  let quoted = false;
  for (let i = 0; i < expanded.length; i += 1) {
    const c = expanded[i]!;
    if (quoted) {
      if (c === '\n') throw new Error('line ends inside a quoted string');
      if (c === '"') quoted = false;
      out += c;
      continue;
    }
    if (c === '"') {
      quoted = true;
      out += c;
    } else if (c === '^') {
      let next = expanded[i + 1];
      if (next === '\n') {
        // Line continuation: the first character of the next line is taken literally.
        i += 1;
        next = expanded[i + 1];
      }
      if (next === undefined) throw new Error('caret at the very end');
      out += next;
      i += 1;
    } else if ('&|<>()'.includes(c)) {
      throw new Error(`unescaped cmd operator ${c} at ${i}: ${JSON.stringify(expanded.slice(Math.max(0, i - 20), i + 20))}`);
    } else if (c === '\n') {
      if (expanded.slice(i + 1).trim() !== '') throw new Error('a second command follows a line break');
      break;
    } else {
      out += c;
    }
  }
  if (quoted) throw new Error('unbalanced quotes at the end of the command');
  return out;
}

/** CommandLineToArgvW / MSVC C runtime (2008+) argument splitting; argv[0] taken up to a space. */
export function splitWindowsCommandLine(commandLine: string): string[] {
  const args: string[] = [];
  let i = 0;
  const n = commandLine.length;
  const skipBlanks = () => {
    while (i < n && (commandLine[i] === ' ' || commandLine[i] === '\t')) i += 1;
  };
  skipBlanks();
  const programEnd = commandLine.indexOf(' ', i);
  args.push(commandLine.slice(i, programEnd === -1 ? n : programEnd));
  i = programEnd === -1 ? n : programEnd;
  for (;;) {
    skipBlanks();
    if (i >= n) break;
    let arg = '';
    let quoted = false;
    while (i < n) {
      const c = commandLine[i]!;
      if (!quoted && (c === ' ' || c === '\t')) break;
      if (c === '\\') {
        let count = 0;
        while (commandLine[i] === '\\') {
          count += 1;
          i += 1;
        }
        if (commandLine[i] === '"') {
          arg += '\\'.repeat(Math.floor(count / 2));
          if (count % 2 === 1) {
            arg += '"';
            i += 1;
          }
        } else {
          arg += '\\'.repeat(count);
        }
        continue;
      }
      if (c === '"') {
        if (quoted && commandLine[i + 1] === '"') {
          arg += '"';
          i += 2;
          continue;
        }
        quoted = !quoted;
        i += 1;
        continue;
      }
      arg += c;
      i += 1;
    }
    args.push(arg);
  }
  return args;
}

export function runCmdPrompt(text: string, env: Record<string, string>, rescan: PercentRescan): string[] {
  return splitWindowsCommandLine(cmdPromptCommandLine(text, env, rescan));
}

/**
 * PowerShell string literals as the snippets write them.
 * - Single-quoted: delimiters ' ‘ ’ ‚ ‛ ; two quote characters in a row are one literal quote.
 * - Double-quoted: delimiters " “ ” „ ; backtick escapes (`n `r `t `0 `a `b `f `v `e, otherwise
 *   the next character literally); two double quotes in a row are one literal quote;
 *   `$env:NAME` and `$([char]0xHHHH)` expand; any other `$` followed by a name character or `(`
 *   or `{` would expand a variable or run code, an error here.
 */
const PS_SINGLE = "'\u2018\u2019\u201A\u201B";
const PS_DOUBLE = '"\u201C\u201D\u201E';

export function readPowerShellString(src: string, start: number, env: Record<string, string>): { value: string; end: number } {
  const open = src[start]!;
  let value = '';
  let i = start + 1;
  if (PS_SINGLE.includes(open)) {
    for (;;) {
      if (i >= src.length) throw new Error('unterminated single-quoted string');
      const c = src[i]!;
      if (PS_SINGLE.includes(c)) {
        if (src[i + 1] !== undefined && PS_SINGLE.includes(src[i + 1]!)) {
          value += c;
          i += 2;
          continue;
        }
        return { value, end: i + 1 };
      }
      value += c;
      i += 1;
    }
  }
  if (!PS_DOUBLE.includes(open)) throw new Error(`not a string literal at ${start}: ${src.slice(start, start + 20)}`);
  const escapes: Record<string, string> = { n: '\n', r: '\r', t: '\t', '0': '\0', a: '\u0007', b: '\b', f: '\f', v: '\v', e: '\u001b' };
  for (;;) {
    if (i >= src.length) throw new Error('unterminated double-quoted string');
    const c = src[i]!;
    if (c === '`') {
      const next = src[i + 1]!;
      value += escapes[next] ?? next;
      i += 2;
    } else if (PS_DOUBLE.includes(c)) {
      if (src[i + 1] !== undefined && PS_DOUBLE.includes(src[i + 1]!)) {
        value += c;
        i += 2;
        continue;
      }
      return { value, end: i + 1 };
    } else if (c === '$') {
      const envMatch = /^\$env:([A-Za-z_][A-Za-z0-9_]*)/.exec(src.slice(i));
      const charMatch = /^\$\(\[char\]0x([0-9A-F]{4})\)/.exec(src.slice(i));
      if (envMatch) {
        value += env[envMatch[1]!] ?? '';
        i += envMatch[0].length;
      } else if (charMatch) {
        value += String.fromCharCode(parseInt(charMatch[1]!, 16));
        i += charMatch[0].length;
      } else if (/^\$[\p{L}\p{N}_:?^({]/u.test(src.slice(i))) {
        throw new Error(`PowerShell would expand ${src.slice(i, i + 12)}`);
      } else {
        value += c;
        i += 1;
      }
    } else {
      value += c;
      i += 1;
    }
  }
}

export interface PowerShellCall {
  Method: string;
  Uri: string;
  Headers: Array<[string, string]>;
  ContentType?: string;
  /** The string given to UTF8.GetBytes. */
  Body?: string;
}

/** Reads the splatted `Invoke-RestMethod` snippet back into its parameters. */
export function readPowerShellSnippet(text: string, env: Record<string, string>): PowerShellCall {
  const lines = text.split('\n');
  if (lines[0] !== '$params = @{' || lines.at(-1) !== 'Invoke-RestMethod @params' || lines.at(-2) !== '}') {
    throw new Error('unexpected snippet shape');
  }
  const call: Partial<PowerShellCall> & { Headers: Array<[string, string]> } = { Headers: [] };
  let inHeaders = false;
  for (const line of lines.slice(1, -2)) {
    if (line === '  Headers = @{') {
      inHeaders = true;
      continue;
    }
    if (line === '  }') {
      inHeaders = false;
      continue;
    }
    if (inHeaders) {
      const key = readPowerShellString(line, 4, env);
      if (line.slice(key.end, key.end + 3) !== ' = ') throw new Error(`bad header line ${line}`);
      const value = readPowerShellString(line, key.end + 3, env);
      if (value.end !== line.length) throw new Error(`trailing text in ${line}`);
      call.Headers.push([key.value, value.value]);
      continue;
    }
    const m = /^ {2}(Method|Uri|ContentType|Body) = (.*)$/.exec(line);
    if (!m) throw new Error(`unexpected line ${line}`);
    const field = m[1] as 'Method' | 'Uri' | 'ContentType' | 'Body';
    const offset = line.indexOf(' = ') + 3;
    if (field === 'Body') {
      const prefix = '[System.Text.Encoding]::UTF8.GetBytes(';
      if (!line.startsWith(prefix, offset)) throw new Error('body is not UTF-8 bytes');
      const literal = readPowerShellString(line, offset + prefix.length, env);
      if (line.slice(literal.end) !== ')') throw new Error(`trailing text in ${line}`);
      call.Body = literal.value;
    } else {
      const literal = readPowerShellString(line, offset, env);
      if (literal.end !== line.length) throw new Error(`trailing text in ${line}`);
      call[field] = literal.value;
    }
  }
  return call as PowerShellCall;
}

/** Python str literal (only the escapes pyString writes, plus a check that nothing else slips in). */
export function readPythonString(literal: string): string {
  if (!literal.startsWith('"') || !literal.endsWith('"')) throw new Error('not a double-quoted literal');
  const body = literal.slice(1, -1);
  let out = '';
  for (let i = 0; i < body.length; i += 1) {
    const c = body[i]!;
    if (c === '"') throw new Error('unescaped quote');
    if (/[\u0000-\u001f\u007f]/.test(c)) throw new Error('raw control character in a literal');
    if (c !== '\\') {
      out += c;
      continue;
    }
    const e = body[i + 1]!;
    const simple: Record<string, string> = { '\\': '\\', '"': '"', n: '\n', r: '\r', t: '\t' };
    if (e in simple) {
      out += simple[e];
      i += 1;
    } else if (e === 'x' || e === 'u' || e === 'U') {
      const len = e === 'x' ? 2 : e === 'u' ? 4 : 8;
      out += String.fromCodePoint(parseInt(body.slice(i + 2, i + 2 + len), 16));
      i += 1 + len;
    } else {
      throw new Error(`unexpected escape \\${e}`);
    }
  }
  return out;
}
