import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// Zod decides JIT-or-not when a schema is built, so the jitless switch must run before any schema
// module: it has to be the first import of every script entrypoint (see lib/zod-jitless.ts).
const root = join(__dirname, '../../..');
const entrypoints = readdirSync(join(root, 'entrypoints')).flatMap((name) => {
  const path = join(root, 'entrypoints', name);
  if (statSync(path).isFile()) return /\.(ts|tsx)$/.test(name) ? [path] : [];
  return readdirSync(path)
    .filter((f) => /^main\.tsx?$/.test(f))
    .map((f) => join(path, f));
});

describe('zod runs jitless in every entrypoint', () => {
  it('finds the entrypoints', () => {
    expect(entrypoints.length).toBeGreaterThanOrEqual(4);
  });

  it.each(entrypoints.map((p) => [p.slice(root.length + 1), p]))('%s imports lib/zod-jitless first', (_name, path) => {
    const imports = readFileSync(path, 'utf8')
      .split('\n')
      .filter((line) => line.startsWith('import '));
    // The bench-only scripts (the baseline page, the timing probe) must stay bare: they import
    // nothing of the app, so no schema, and adding the switch would weigh down the baseline.
    if (/[/\\]bench-[^/\\]+$/.test(path)) {
      expect(imports.filter((line) => !/from '(react-dom\/client|wxt\/utils\/define-unlisted-script)';$/.test(line))).toEqual([]);
      return;
    }
    // The vault prefetch runs before the page's modules and must stay small: it imports the
    // messaging module (no schema) through its one page-side file, and nothing else.
    if (/[/\\]vault-prefetch\.ts$/.test(path)) {
      expect(imports).toEqual([
        "import { defineUnlistedScript } from 'wxt/utils/define-unlisted-script';",
        "import { startVaultPrefetch } from '@/lib/vault/page/vault-prefetch';",
      ]);
      return;
    }
    expect(imports[0]).toBe("import '@/lib/zod-jitless';");
  });
});
