import { beforeEach, describe, expect, it } from 'vitest';
import { createBackupService, type BackupService } from '@/lib/backup/background/backup-service';
import { createApiBaseStore } from '@/lib/kaneo/background/api-base-store';
import type { BackgroundVaultService } from '@/lib/vault/background/vault-service';
import { draft, fastVault, localSnapshot, OTHER_STRONG_PASSPHRASE, STRONG_PASSPHRASE } from '../vault/vault-test-helpers';

const FAST = { iterations: 1_000, minIterations: 1_000 };
const ORIGIN = 'https://kaneo.example.org';
const INSTANCE = { webOrigin: ORIGIN, apiBaseUrl: `${ORIGIN}/api` };
const SECRET_B = 'B'.repeat(64);

function setup(vault: BackgroundVaultService): BackupService {
  return createBackupService({ vault, apiBases: createApiBaseStore(vault), kdf: FAST, now: () => new Date('2026-12-01T10:00:00Z') });
}

let vault: BackgroundVaultService;
let backup: BackupService;
beforeEach(async () => {
  vault = fastVault();
  backup = setup(vault);
  await vault.create(STRONG_PASSPHRASE);
});

async function exported(passphrase = STRONG_PASSPHRASE, separate = false) {
  const file = await backup.exportBackup({ passphrase, separate });
  if (!file.ok) throw new Error(file.message);
  return file.value;
}

describe('backup service', () => {
  it('exports with the vault passphrase (checked) and names the file by its day', async () => {
    await vault.addKey(draft());
    const file = await exported();
    expect(file.fileName).toBe('kaneo-keys-backup-2026-12-01.kkmbackup');
    expect(file.text).not.toContain(draft().secret);
    expect(await backup.exportBackup({ passphrase: OTHER_STRONG_PASSPHRASE, separate: false })).toMatchObject({ ok: false, reason: 'wrong-passphrase' });
  });

  it('a separate passphrase must be strong', async () => {
    expect(await backup.exportBackup({ passphrase: 'password1', separate: true })).toMatchObject({ ok: false, reason: 'weak-passphrase' });
    expect((await backup.exportBackup({ passphrase: OTHER_STRONG_PASSPHRASE, separate: true })).ok).toBe(true);
  });

  it('restores into a fresh vault in one step, with every field and the API bases', async () => {
    const added = await vault.addKey(draft({ notes: 'n', remoteId: 'r1', expiresAt: '2027-01-01T00:00:00.000Z' }));
    await createApiBaseStore(vault).set(ORIGIN, 'https://api.example.org/api');
    const file = await exported();

    // A second profile.
    const { fakeBrowser } = await import('wxt/testing/fake-browser');
    fakeBrowser.reset();
    const fresh = fastVault();
    const restored = await setup(fresh).restoreNew({ text: file.text, passphrase: STRONG_PASSPHRASE });
    expect(restored).toEqual({ ok: true, value: { added: 1, replaced: 0, skipped: 0, apiBases: 1 } });
    expect(await fresh.listKeys()).toEqual({ ok: true, value: [added.ok && added.value] });
    expect(await createApiBaseStore(fresh).list()).toEqual({ ok: true, value: [{ webOrigin: ORIGIN, apiBaseUrl: 'https://api.example.org/api' }] });
    // It unlocks with the backup's passphrase.
    await fresh.lock();
    expect((await fresh.unlock(STRONG_PASSPHRASE)).ok).toBe(true);
  });

  it('restoreNew refuses over an existing vault, and a wrong passphrase, changing nothing', async () => {
    const file = await exported();
    const before = await localSnapshot();
    expect(await backup.restoreNew({ text: file.text, passphrase: STRONG_PASSPHRASE })).toMatchObject({ ok: false, reason: 'already-exists' });
    expect(await backup.restoreNew({ text: file.text, passphrase: OTHER_STRONG_PASSPHRASE })).toMatchObject({ ok: false, reason: 'wrong-passphrase' });
    expect(await localSnapshot()).toEqual(before);
  });

  it('previews new, identical and conflicting keys without secrets, then applies the choices', async () => {
    await vault.addKey(draft({ name: 'Same' }));
    await vault.addKey(draft({ name: 'Clash', secret: 'C'.repeat(64) }));
    await vault.addKey(draft({ name: 'Other', secret: 'O'.repeat(64) }));
    const file = await exported();
    // Change mine after the backup: one conflict (same name, other secret), one key only in the backup.
    const listed = await vault.listKeys();
    const clash = listed.ok ? listed.value.find((k) => k.name === 'Clash') : undefined;
    const other = listed.ok ? listed.value.find((k) => k.name === 'Other') : undefined;
    await vault.updateKey(clash!.id, { secret: SECRET_B });
    await vault.deleteKey(other!.id);

    const source = { kind: 'backup' as const, text: file.text, passphrase: STRONG_PASSPHRASE };
    const before = await localSnapshot();
    const preview = await backup.preview(source);
    if (!preview.ok) throw new Error(preview.message);
    expect(await localSnapshot()).toEqual(before);
    expect(preview.value.added.map((k) => k.name)).toEqual(['Other']);
    expect(preview.value.identical.map((k) => k.name)).toEqual(['Same']);
    expect(preview.value.conflicts.map((c) => [c.reason, c.mine.name, c.renamedTo])).toEqual([['same-name', 'Clash', 'Clash (2)']]);
    expect(JSON.stringify(preview.value)).not.toMatch(/CCCC|BBBB|OOOO|kaneo_sk/);

    const conflictId = preview.value.conflicts[0]!.id;
    const applied = await backup.apply(source, { [conflictId]: 'take-theirs' });
    expect(applied).toEqual({ ok: true, value: { added: 1, replaced: 1, skipped: 1, apiBases: 0 } });
    const after = await vault.listKeys();
    expect(after.ok && after.value.map((k) => [k.name, k.secret[0]])).toEqual([
      ['Same', 'k'],
      ['Clash', 'C'],
      ['Other', 'O'],
    ]);
  });

  it('refuses choices that no longer match the vault, changing nothing', async () => {
    await vault.addKey(draft({ name: 'Clash', secret: 'C'.repeat(64) }));
    const file = await exported();
    const listed = await vault.listKeys();
    await vault.updateKey(listed.ok ? listed.value[0]!.id : '', { secret: SECRET_B });
    const source = { kind: 'backup' as const, text: file.text, passphrase: STRONG_PASSPHRASE };
    const before = await localSnapshot();
    expect(await backup.apply(source, {})).toMatchObject({ ok: false, reason: 'conflict', message: expect.stringMatching(/review the import again/) });
    expect(await backup.apply(source, { 'made-up': 'keep-both' })).toMatchObject({ ok: false, reason: 'conflict' });
    expect(await localSnapshot()).toEqual(before);
  });

  it('imports a .env list for a chosen instance through the same preview', async () => {
    await vault.addKey(draft({ name: 'DEPLOY', secret: 'D'.repeat(64), instance: INSTANCE }));
    const text = `KANEO_API_KEY=${'A'.repeat(64)}\nDEPLOY=${'E'.repeat(64)}\nKANEO_API_KEY=${'F'.repeat(64)}\nbroken line\n`;
    const source = { kind: 'env' as const, text, instance: INSTANCE };
    const preview = await backup.preview(source);
    if (!preview.ok) throw new Error(preview.message);
    expect(preview.value.added.map((k) => k.name)).toEqual(['Imported key', 'Imported key (2)']);
    expect(preview.value.conflicts.map((c) => c.theirs.name)).toEqual(['DEPLOY']);
    expect(preview.value.problems).toEqual([{ line: 4, message: 'Line 4 is not NAME=value; skipped.' }]);
    const applied = await backup.apply(source, { [preview.value.conflicts[0]!.id]: 'keep-both' });
    expect(applied).toMatchObject({ ok: true, value: { added: 3 } });
    const after = await vault.listKeys();
    expect(after.ok && after.value.map((k) => k.name).sort()).toEqual(['DEPLOY', 'DEPLOY (2)', 'Imported key', 'Imported key (2)']);
  });

  it('answers locked while locked', async () => {
    const file = await exported();
    await vault.lock();
    expect(await backup.exportBackup({ passphrase: STRONG_PASSPHRASE, separate: false })).toMatchObject({ ok: false, reason: 'locked' });
    expect(await backup.preview({ kind: 'backup', text: file.text, passphrase: STRONG_PASSPHRASE })).toMatchObject({ ok: false, reason: 'locked' });
  });
});
