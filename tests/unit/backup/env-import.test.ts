import { describe, expect, it } from 'vitest';
import { formatKeyEnv, parseEnvText } from '@/lib/backup/env-import';

const KEY = 'Ab3dEf6hIj9lMn2pQr5tUv8xYz1bCd4fGh7jKl0nOp3rSt6vWx9zAb2dEf5hIj8l';
const KEY2 = 'Zz3dEf6hIj9lMn2pQr5tUv8xYz1bCd4fGh7jKl0nOp3rSt6vWx9zAb2dEf5hIj8l';

describe('parseEnvText', () => {
  it('reads KANEO_API_KEY with the instance from KANEO_API_URL, export, quotes, comments and CRLF', () => {
    const text = `\uFEFF# my keys\r\nexport KANEO_API_URL="https://kaneo.example.com/api"\r\nexport KANEO_API_KEY='${KEY}'\r\n\r\nDEPLOY=${KEY2} # the deploy key\r\n`;
    const parsed = parseEnvText(text);
    expect(parsed.apiUrl).toBe('https://kaneo.example.com/api');
    expect(parsed.keys).toEqual([
      { line: 3, name: 'kaneo.example.com key', secret: KEY },
      { line: 5, name: 'DEPLOY', secret: KEY2 },
    ]);
    expect(parsed.problems).toEqual([]);
  });

  it('names a lone KANEO_API_KEY "Imported key", and understands escapes in double quotes', () => {
    expect(parseEnvText(`KANEO_API_KEY="${KEY}"`).keys[0]?.name).toBe('Imported key');
    expect(parseEnvText(`A="${KEY}\\"x"`).problems[0]?.message).toMatch(/does not look like an API key/);
  });

  it('lists every line it does not import, with the reason, and never the value', () => {
    const parsed = parseEnvText(
      ['just words', '=nokey', '1BAD=' + KEY, `OPEN="${KEY}`, `TRAIL="${KEY}" extra`, 'DATABASE_URL=postgres://u:p@h/db', 'EMPTY='].join('\n'),
    );
    expect(parsed.keys).toEqual([]);
    expect(parsed.problems.map((p) => p.line)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(parsed.problems.map((p) => p.message).join(' ')).not.toContain(KEY);
    expect(parsed.problems.map((p) => p.message).join(' ')).not.toContain('postgres');
    expect(parsed.problems[3]?.message).toMatch(/no closing quote/);
    expect(parsed.problems[6]?.message).toMatch(/empty/);
  });

  it('formats one key as .env lines that read back', () => {
    const text = formatKeyEnv('https://kaneo.example.com/api', KEY);
    expect(text).toBe(`KANEO_API_URL=https://kaneo.example.com/api\nKANEO_API_KEY=${KEY}\n`);
    expect(parseEnvText(text).keys[0]?.secret).toBe(KEY);
  });
});
