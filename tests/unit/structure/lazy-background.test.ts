import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveImport, root } from './source-files';

// The background is two scripts (docs/ARCHITECTURE.md "The lazy script"): the core worker
// (entrypoints/background.ts), parsed on every wake, and the lazy script
// (entrypoints/background-features.ts: Kaneo, the tester, sync, backup), loaded on first use.
// Each bundle carries its own copy of every module it imports. These checks keep the split:
// - the core reaches no module of the lazy features (a later import would silently put them back
//   into every wake; lazy-background-build.test.ts also holds the core to its size);
// - the modules both scripts import are exactly SHARED, each looked at for state: a module with
//   state of its own, bundled twice, would split it in two (two caches, two write queues, two
//   storage watchers). What is shared and stateful — the one vault service — is handed over at
//   run time instead (lib/lazy/background/lazy-contract.ts).

/** Modules both scripts bundle, and why two copies hold no state that must be one. */
const SHARED: Record<string, string> = {
  'lib/zod-jitless.ts': 'sets zod’s config, which zod keeps on globalThis (shared by both copies of zod), to the same values',
  'lib/result.ts': 'pure',
  'lib/storage/catalogue.ts': 'constants',
  'lib/keys/key-entry.ts': 'schemas and pure functions',
  'lib/keys/key-names.ts': 'pure',
  'lib/kaneo/key-state.ts': 'pure',
  'lib/request/host-of.ts': 'pure',
  'lib/messaging/protocol.ts': 'a messenger with no listener until `onMessage` is called: only the core registers (lazy-handlers.ts)',
  'lib/messaging/sender-check.ts': 'pure',
  'lib/messaging/background/guarded-handlers.ts': 'factories; the lazy script only builds guarded handlers, the core registers them',
  'lib/lazy/background/lazy-contract.ts': 'names and types',
  'lib/sync/background/sync-setup.ts': 'the core’s sync listeners; the lazy script uses only the retry alarm’s name',
  'lib/sync/background/sync-store.ts': 'a stateless door to storage.sync (the core listens, the engine reads and writes)',
  'lib/tester/background/history-item.ts': 'a storage item, defined on first use, no state; its write queue is the history’s (lazy), the core only reads',
  'lib/vault/background/base64.ts': 'pure (its memo of the last valid string is a cache of a pure check)',
  'lib/vault/background/envelope.ts': 'formats and checks',
  'lib/vault/background/vault-buckets.ts': 'formats and sealing functions',
  'lib/vault/background/vault-crypto.ts': 'pure crypto',
  'lib/vault/background/passphrase-wrapping.ts': 'pure crypto',
  'lib/vault/background/sealed-item.ts': 'the sealed-access gate is kept on the vault object, found by both copies; each item’s write queue belongs to its one writer',
  'lib/vault/passphrase-floor.ts': 'pure',
};

/** Repo-relative paths of the project files one file imports at run time (`import type` is erased). */
function valueImportsOf(file: string): string[] {
  const text = readFileSync(join(root, file), 'utf8');
  const specs = [
    ...text.matchAll(/(?:^|\n)\s*(?:import|export)(\s+type\b)?[^'";]*?from\s*'([^']+)'|(?:^|\n)\s*import\s*'([^']+)'/g),
  ]
    .filter((m) => !m[1])
    .map((m) => m[2] ?? m[3]!);
  return specs.flatMap((spec) => {
    const path = resolveImport(file, spec, 'throw');
    return path === null ? [] : [path];
  });
}

function reachableFrom(entry: string): Set<string> {
  const seen = new Set<string>();
  const todo = [entry];
  while (todo.length) {
    const file = todo.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    todo.push(...valueImportsOf(file));
  }
  return seen;
}

const core = reachableFrom('entrypoints/background.ts');
const lazy = reachableFrom('entrypoints/background-features.ts');

describe('the background in two scripts', () => {
  it('finds both import graphs', () => {
    expect(core.has('lib/vault/background/vault-service.ts')).toBe(true);
    expect(core.has('lib/lazy/background/lazy-setup.ts')).toBe(true);
    for (const file of [
      'lib/lazy/background/lazy-features.ts',
      'lib/kaneo/background/kaneo-service.ts',
      'lib/tester/background/tester-service.ts',
      'lib/sync/background/sync-engine.ts',
      'lib/backup/background/backup-service.ts',
    ]) {
      expect(lazy.has(file), file).toBe(true);
    }
  });

  it('the core reaches none of the lazy features’ modules, and shares only modules looked at for state', () => {
    const both = [...core].filter((file) => lazy.has(file)).sort();
    expect(both).toEqual(Object.keys(SHARED).sort());
  });

  it('the core reaches nothing of Kaneo, the tester, sync or backup but their core-side listeners', () => {
    const coreSide = ['lib/sync/background/sync-setup.ts', 'lib/sync/background/sync-store.ts', 'lib/tester/background/history-retention.ts', 'lib/tester/background/history-item.ts'];
    const reached = [...core].filter((file) => /^lib\/(kaneo|tester|sync|backup|openapi)\//.test(file) && !coreSide.includes(file));
    // key-state.ts is a pure rule the expiry badge uses too.
    expect(reached).toEqual(['lib/kaneo/key-state.ts']);
  });

  it('the lazy script creates no second vault service and reaches nothing of the vault’s state', () => {
    const vaultState = [
      'lib/vault/background/vault-setup.ts',
      'lib/vault/background/vault-service.ts',
      'lib/vault/background/vault-session.ts',
      'lib/vault/background/vault-storage.ts',
      'lib/vault/background/vault-contents-store.ts',
      'lib/vault/background/envelope-io.ts',
      'lib/vault/background/write-lock.ts',
      'lib/settings/settings.ts',
    ];
    expect(vaultState.filter((file) => lazy.has(file))).toEqual([]);
  });

  it('neither script uses import() (a service worker cannot)', () => {
    const dynamic = [...core, ...lazy].filter((file) => /\bimport\(\s*['"`]/.test(readFileSync(join(root, file), 'utf8')));
    expect(dynamic).toEqual([]);
  });
});
