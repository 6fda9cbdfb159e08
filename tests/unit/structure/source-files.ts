import { readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

/** The project root, for the structure tests that read source files. */
export const root = join(__dirname, '../../..');

function walk(dir: string): string[] {
  return readdirSync(join(root, dir)).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(join(root, path)).isDirectory()) return walk(path);
    return /\.tsx?$/.test(name) && !name.endsWith('.d.ts') ? [path] : [];
  });
}

/** Every extension source file (lib, components, entrypoints), repo-relative; declarations left out. */
export const sourceFiles: readonly string[] = [...walk('lib'), ...walk('components'), ...walk('entrypoints')];

/**
 * The project file an import specifier in `file` names (repo-relative), or null for a package.
 * Tries the extensions an import may leave out; `missing` says what an unresolvable one answers.
 */
export function resolveImport(file: string, spec: string, missing: 'throw' | 'as-written'): string | null {
  let base: string;
  if (spec.startsWith('@/') || spec.startsWith('~/')) base = join(root, spec.slice(2));
  else if (spec.startsWith('.')) base = resolve(root, dirname(file), spec);
  else return null;
  for (const ext of ['', '.ts', '.tsx', '/index.ts']) {
    try {
      if (statSync(base + ext).isFile()) return relative(root, base + ext);
    } catch {
      // try the next extension
    }
  }
  if (missing === 'throw') throw new Error(`${file}: cannot resolve ${spec}`);
  return relative(root, base);
}
