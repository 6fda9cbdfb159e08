import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

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
