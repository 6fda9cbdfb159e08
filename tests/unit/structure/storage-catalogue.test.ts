import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { root, sourceFiles } from './source-files';
import { SEALED_STORAGE_KEYS, STORAGE, storageName } from '@/lib/storage/catalogue';
import { CURRENT_ENVELOPE_VERSION } from '@/lib/vault/background/envelope';

// lib/storage/catalogue.ts is the one list of stored state. These checks keep it the only one.

const sources = sourceFiles.filter((f) => f !== 'lib/storage/catalogue.ts');
const items = Object.entries(STORAGE);

describe('storage catalogue', () => {
  it('names each key once, with its own area as prefix, and keeps only sealed sync records in sync', () => {
    const keys = items.map(([, item]) => item.key);
    expect(new Set(keys).size).toBe(keys.length);
    for (const [name, item] of items) {
      expect(item.key.startsWith(`${item.area}:`), name).toBe(true);
      if (item.area === 'sync') expect({ name, sealed: item.sealed, owner: item.owner }).toEqual({ name: 'syncRecords', sealed: true, owner: 'sync' });
      expect(storageName(item), name).toMatch(/^[a-zA-Z][\w.]*$/);
    }
  });

  it('versions every sealed item and lists them for the damaged-vault backup', () => {
    for (const [name, item] of items) if (item.sealed) expect(item.version, name).not.toBeNull();
    expect([...SEALED_STORAGE_KEYS].sort()).toEqual(['local:kaneoApiBases', 'local:kaneoListingKeys', 'local:kaneoPendingCreates', 'local:sync.state', 'local:tester.history']);
  });

  it('storage.sync is written only by lib/sync, through sealed records', () => {
    // The one door (sync-store.ts) takes only what sync-records.ts sealed; nothing else opens it.
    const writers = sources.filter((file) => /browser\.storage\.sync\b|['"]sync['"]\s*\)?\s*\.\s*(set|get)\(/.test(readFileSync(join(root, file), 'utf8')));
    expect(writers).toEqual(['lib/sync/background/sync-store.ts']);
  });

  // A passphrase change that re-encrypts (vault-rekey.ts) and "start over" find the sealed items
  // from the catalogue's `sealed` flag (vault-storage.ts' readSealedItems / setAsideDamaged). A
  // sealed item defined any other way, or one not marked sealed, would be forgotten by both.
  it('every sealed item is defined through defineSealedStorageItem from a catalogue entry marked sealed, and the vault finds them all from the flag', () => {
    const defined = sources.flatMap((file) =>
      [...readFileSync(join(root, file), 'utf8').matchAll(/defineSealedStorageItem\(\s*STORAGE\.(\w+)\s*\)/g)].map((m) => m[1]!),
    );
    for (const name of defined) expect(STORAGE[name as keyof typeof STORAGE].sealed, name).toBe(true);
    // storage.sync's records are sealed by lib/sync (bound to their record id), not as vault items.
    expect([...defined].sort()).toEqual(items.filter(([, item]) => item.sealed && item.area === 'local').map(([name]) => name).sort());
    const vaultStorage = readFileSync(join(root, 'lib/vault/background/vault-storage.ts'), 'utf8');
    expect(vaultStorage).toContain('VAULT_SEALED_ITEM_KEYS = SEALED_STORAGE_KEYS');
    expect(readFileSync(join(root, 'lib/vault/background/vault-rekey.ts'), 'utf8')).toContain('storage.readSealedItems()');
    // Nothing seals outside the sealed-item module (which binds each blob to its item).
    const sealers = sources.filter((file) => /\.seal\(/.test(readFileSync(join(root, file), 'utf8')));
    expect(sealers).toEqual(['lib/vault/background/sealed-item.ts']);
  });

  it('is the only place a storage key is spelled', () => {
    const spelled = sources.filter((file) => /['"](local|session|sync):[a-zA-Z]/.test(readFileSync(join(root, file), 'utf8')));
    expect(spelled).toEqual([]);
  });

  it('every item defined in lib/ takes its key from the catalogue', () => {
    const defined = sources.flatMap((file) =>
      [...readFileSync(join(root, file), 'utf8').matchAll(/storage\.defineItem(?:<[^(]*>)?\(\s*([^,)\s]+)/g)].map((m) => `${file}: ${m[1]}`),
    );
    expect(defined.length).toBeGreaterThanOrEqual(5);
    for (const line of defined) expect(line).toMatch(/: (STORAGE\.\w+\.key|entry\.key|ENVELOPE_STORAGE_KEY|SETTINGS_STORAGE_KEY|DAMAGED_BACKUP_STORAGE_KEY|key)$/);
  });

  it('every catalogued item is used by its owner', () => {
    const text = sources.map((file) => readFileSync(join(root, file), 'utf8')).join('\n');
    for (const [name] of items) expect(text, name).toContain(`STORAGE.${name}`);
  });

  // Items whose format has changed or will: their migrations are numbered frozen files with a
  // fixture of every stored version beside them.
  it.each([
    ['vaultEnvelope', 'lib/vault/background/migrations', 'envelope'],
    ['settings', 'lib/settings/migrations', 'settings'],
  ] as const)('%s: numbered migrations beside a fixture of every version', (name, folder, prefix) => {
    const files = readdirSync(join(root, folder));
    // The envelope also has keyed format migrations (run at unlock): one file and fixture per format.
    const version = name === 'vaultEnvelope' ? STORAGE[name].version + CURRENT_ENVELOPE_VERSION - 1 : STORAGE[name].version;
    const fixtures = readdirSync(join(root, folder, 'fixtures'));
    for (let v = 1; v <= version; v++) expect(fixtures).toContain(`${prefix}-v${v}.json`);
    const migrations = files.filter((f) => f.endsWith('.ts') && f !== 'index.ts');
    for (const file of migrations) expect(file).toMatch(/^\d{3}-[a-z0-9-]+\.ts$/);
    expect(migrations.length).toBe(version - 1);
  });
});

