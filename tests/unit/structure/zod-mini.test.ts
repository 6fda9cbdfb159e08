import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { root, sourceFiles } from './source-files';

// The extension's code uses `zod/mini` only. Classic zod (`zod`, `zod/v4`, …) is about 55 kB more
// of background.js, which the service worker parses on every wake (issue 11: background.js ≤ 150 kB),
// and it comes in whole as soon as one module imports it, so one import anywhere undoes the rest.
// Allowed besides `zod/mini`: the English locale lib/zod-jitless.ts loads (mini loads none, and
// without it every message would read "Invalid input").
const ALLOWED = new Set(['zod/mini', 'zod/v4/locales/en.js']);

function zodImports(file: string): string[] {
  const text = readFileSync(join(root, file), 'utf8');
  return [...text.matchAll(/(?:from\s*|import\s*\(?\s*)'(zod(?:\/[^']*)?)'/g)].map((m) => m[1]!);
}

const classicUsers = sourceFiles
  .map((file) => ({ file, classic: zodImports(file).filter((spec) => !ALLOWED.has(spec)) }))
  .filter(({ classic }) => classic.length > 0);

describe('extension code uses zod/mini only', () => {
  it('finds the zod/mini users (the scan sees the imports)', () => {
    expect(sourceFiles.filter((file) => zodImports(file).includes('zod/mini')).length).toBeGreaterThan(20);
  });

  it('imports no classic zod', () => {
    expect(classicUsers).toEqual([]);
  });
});
