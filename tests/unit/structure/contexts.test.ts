import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveImport, root, sourceFiles } from './source-files';

// A file's path says where it runs (docs/ARCHITECTURE.md):
// - `lib/<feature>/background/…`  background only (services, storage, crypto, handlers, runners);
// - `lib/<feature>/page/…`        extension pages only (popup, options);
// - `lib/<feature>/tab/…`         injected into the Kaneo tab: self-contained, imports nothing;
// - `lib/<feature>/protocol.ts`   messages and wire types: imports only schemas, types and protocols;
// - any other `lib/` file          runs anywhere, so it imports nothing tied to one context.
// These rules keep the promise "pages only ever see a secret through `keys.reveal`" visible: a
// page that imported the vault service or the request runner would be holding the background's
// secrets in its own bundle.

/** Repo-relative paths of the project files one file imports (type-only imports included). */
function importsOf(file: string): string[] {
  const text = readFileSync(join(root, file), 'utf8');
  const specs = [...text.matchAll(/(?:^|\n)\s*(?:import|export)\b[^'";]*?from\s*'([^']+)'|(?:^|\n)\s*import\s*'([^']+)'|import\('([^']+)'\)/g)]
    .map((m) => m[1] ?? m[2] ?? m[3]!);
  return specs.flatMap((spec) => {
    const path = resolveImport(file, spec, 'as-written');
    return path === null ? [] : [path];
  });
}

const isBackgroundOnly = (path: string) => /^lib\/[^/]+\/background\//.test(path) || path === 'entrypoints/background.ts';
const isPageOnly = (path: string) => /^lib\/[^/]+\/page\//.test(path) || path.startsWith('components/');
const isPageEntrypoint = (path: string) => /^entrypoints\/(popup|options|offscreen)\//.test(path);
const isProtocol = (path: string) => /^lib\/[^/]+\/(protocol|[a-z-]+-protocol)\.ts$/.test(path);

/**
 * What a protocol file may import: other protocols, zod schema modules (`*-schemas.ts`), type
 * modules (`*.types.ts`), the Result type, and the two shared models that are schemas and types
 * (the key entry and the HTTP request).
 */
const protocolMayImport = (path: string) =>
  isProtocol(path) ||
  /-schemas\.ts$/.test(path) ||
  /\.types\.ts$/.test(path) ||
  ['lib/result.ts', 'lib/keys/key-entry.ts', 'lib/request/http-request.ts'].includes(path);

function violations(files: string[], allowed: (target: string) => boolean): string[] {
  return files.flatMap((file) => importsOf(file).filter((target) => !allowed(target)).map((target) => `${file} → ${target}`));
}

describe('every file says where it runs', () => {
  it('finds the files of every context', () => {
    expect(sourceFiles.filter(isBackgroundOnly).length).toBeGreaterThan(20);
    expect(sourceFiles.filter(isProtocol).length).toBeGreaterThanOrEqual(4);
    expect(sourceFiles.filter(isPageEntrypoint).length).toBeGreaterThanOrEqual(3);
    expect(sourceFiles.some((f) => f.startsWith('components/'))).toBe(true);
  });

  it('pages (components, popup, options, offscreen) import no background-only module', () => {
    const pages = sourceFiles.filter((f) => isPageOnly(f) || isPageEntrypoint(f));
    expect(violations(pages, (target) => !isBackgroundOnly(target))).toEqual([]);
  });

  it('shared lib files import nothing tied to one context', () => {
    const shared = sourceFiles.filter(
      (f) => f.startsWith('lib/') && !isBackgroundOnly(f) && !isPageOnly(f) && !/^lib\/[^/]+\/tab\//.test(f),
    );
    expect(violations(shared, (target) => !isBackgroundOnly(target) && !isPageOnly(target))).toEqual([]);
  });

  it('the background imports no page-only module', () => {
    const background = sourceFiles.filter(isBackgroundOnly);
    expect(violations(background, (target) => !isPageOnly(target))).toEqual([]);
  });

  it('functions injected into the Kaneo tab import nothing (the browser serializes their source)', () => {
    const tab = sourceFiles.filter((f) => /^lib\/[^/]+\/tab\//.test(f));
    expect(tab.length).toBeGreaterThan(0);
    expect(violations(tab, () => false)).toEqual([]);
  });

  it('protocol files import only schemas, types and other protocols', () => {
    const protocols = sourceFiles.filter(isProtocol);
    expect(violations(protocols, protocolMayImport)).toEqual([]);
  });
});
