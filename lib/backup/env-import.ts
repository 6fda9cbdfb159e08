/**
 * Reading a key list a person already has: a `.env` file or pasted lines. Pure; runs anywhere
 * (the page only shows the line problems, the background parses again to import).
 *
 * Accepted, one per line: `NAME=value`, `export NAME=value`, values in single or double quotes
 * (double quotes understand \" \\ \n), `# comments` on their own line or after an unquoted value,
 * blank lines, CRLF or LF line ends, a byte-order mark. `KANEO_API_KEY=…` is a key named after the
 * instance's `KANEO_API_URL` when the list has one (else "Imported key"); any other `name=value`
 * whose value looks like an API key is a key called `name`. `KANEO_API_URL` is read as a hint for
 * the instance. Everything else is listed as a skipped line with the reason — never silently lost.
 */
import { VAULT_KEY_NAME_MAX } from '../keys/key-names';
import type { EnvProblem } from './merge-plan.types';

export interface EnvKey {
  /** 1-based line number in the text. */
  line: number;
  name: string;
  secret: string;
}

export interface EnvParse {
  keys: EnvKey[];
  problems: EnvProblem[];
  /** `KANEO_API_URL`'s value, when the list has one. */
  apiUrl: string | null;
}

/** The longest text accepted for a pasted or chosen list. */
export const MAX_ENV_TEXT_CHARS = 1_000_000;

/** Kaneo keys are 64 characters; a value counts as a key when it is one long token. */
const KEY_LIKE = /^[A-Za-z0-9_\-.~+/=]{16,512}$/;
const NAME = /^[A-Za-z_][A-Za-z0-9_.\-]*$/;

function unquote(raw: string): { value: string } | { problem: string } {
  const text = raw.trim();
  const quote = text[0];
  if (quote === '"' || quote === "'") {
    let value = '';
    for (let i = 1; i < text.length; i += 1) {
      const c = text[i] as string;
      if (c === quote) {
        const rest = text.slice(i + 1).trim();
        if (rest !== '' && !rest.startsWith('#')) return { problem: 'has text after the closing quote' };
        return { value };
      }
      if (c === '\\' && quote === '"' && i + 1 < text.length) {
        const next = text[i + 1] as string;
        value += next === 'n' ? '\n' : next;
        i += 1;
        continue;
      }
      value += c;
    }
    return { problem: 'has no closing quote' };
  }
  const hash = text.search(/\s#/);
  return { value: (hash >= 0 ? text.slice(0, hash) : text).trim() };
}

export function parseEnvText(text: string): EnvParse {
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
  const found: { line: number; name: string; value: string }[] = [];
  const problems: EnvProblem[] = [];
  lines.forEach((rawLine, index) => {
    const line = index + 1;
    const trimmed = rawLine.trim();
    if (trimmed === '' || trimmed.startsWith('#')) return;
    const body = trimmed.replace(/^export\s+/, '');
    const eq = body.indexOf('=');
    if (eq <= 0) {
      problems.push({ line, message: `Line ${line} is not NAME=value; skipped.` });
      return;
    }
    const name = body.slice(0, eq).trim();
    if (!NAME.test(name)) {
      problems.push({ line, message: `Line ${line}: “${name.slice(0, 40)}” is not a variable name; skipped.` });
      return;
    }
    const unquoted = unquote(body.slice(eq + 1));
    if ('problem' in unquoted) {
      problems.push({ line, message: `Line ${line} (${name}) ${unquoted.problem}; skipped.` });
      return;
    }
    found.push({ line, name, value: unquoted.value });
  });

  const apiUrl = found.find((f) => f.name === 'KANEO_API_URL')?.value || null;
  const keys: EnvKey[] = [];
  for (const { line, name, value } of found) {
    if (name === 'KANEO_API_URL') continue;
    if (!KEY_LIKE.test(value)) {
      problems.push({
        line,
        message: value === '' ? `Line ${line} (${name}) is empty; skipped.` : `Line ${line} (${name}) does not look like an API key; skipped.`,
      });
      continue;
    }
    keys.push({ line, name: keyName(name, apiUrl), secret: value });
  }
  return { keys, problems, apiUrl };
}

function keyName(variable: string, apiUrl: string | null): string {
  if (variable !== 'KANEO_API_KEY') return variable.slice(0, VAULT_KEY_NAME_MAX);
  if (apiUrl) {
    try {
      return `${new URL(apiUrl).host} key`.slice(0, VAULT_KEY_NAME_MAX);
    } catch {
      // Not a URL: fall through to the plain name.
    }
  }
  return 'Imported key';
}

/** One key's `.env` lines: its instance's API base and its secret. */
export function formatKeyEnv(apiBaseUrl: string, secret: string): string {
  return `KANEO_API_URL=${apiBaseUrl}\nKANEO_API_KEY=${secret}\n`;
}
