import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchExtension, type ExtensionHarness } from './fixtures/extension';
import { createServerKey, startKaneo, type KaneoServerHandle } from './fixtures/kaneo';
import { BackupPage } from './pages/backup-page';
import { OptionsPage } from './pages/options-page';

// Export from one browser profile, restore into a fresh one, and the restored key works against
// the Kaneo-compatible server. Then, in the second profile, a merge with a conflict, and a wrong
// passphrase that changes nothing.

const PASSPHRASE = 'violet-harbour-quietly-87-lanterns';
const OTHER = 'e'.repeat(64);

let kaneo: KaneoServerHandle;
let a: ExtensionHarness | undefined;
let b: ExtensionHarness | undefined;
let serverKey: string;
let backup: { fileName: string; text: string };

beforeAll(async () => {
  kaneo = await startKaneo();
  serverKey = (await createServerKey(kaneo, 'backup e2e')).key;
});
afterAll(async () => {
  await a?.close();
  await b?.close();
  await kaneo?.close();
});

describe('backup and restore', () => {
  it('profile A: downloads an encrypted backup named by its day', async () => {
    a = await launchExtension();
    const options = await OptionsPage.open(a);
    await options.setPassphrase(PASSPHRASE);
    await options.addKey({ name: 'Server key', secret: serverKey, webOrigin: kaneo.url, notes: 'made on A' });
    await options.addKey({ name: 'Second', secret: OTHER, webOrigin: kaneo.url });
    const section = new BackupPage(options.page);
    await section.open();
    backup = await section.download(PASSPHRASE);
    expect(backup.fileName).toBe(`kaneo-keys-backup-${new Date().toISOString().slice(0, 10)}.kkmbackup`);
    const file = JSON.parse(backup.text);
    expect(Object.keys(file).sort()).toEqual(['cipher', 'format', 'kdf', 'v']);
    expect(file.kdf.iterations).toBe(600_000);
    for (const plain of [serverKey, OTHER, 'Server key', 'made on A', new URL(kaneo.url).host]) expect(backup.text).not.toContain(plain);
    expect(await a.extensionErrors()).toEqual([]);
    await a.close();
    a = undefined;
  });

  it('profile B (fresh): restores in one step; the restored key works against the server', async () => {
    b = await launchExtension();
    const options = await OptionsPage.open(b);
    await new BackupPage(options.page).restoreOnFirstRun(backup.text, PASSPHRASE);
    await options.copyButton('Server key').waitFor();
    expect((await options.keyNames()).sort()).toEqual(['Second', 'Server key']);
    expect(await options.page.getByText('made on A').count()).toBe(1);
    const restored = await options.revealKey('Server key');
    expect(restored).toBe(serverKey);
    const res = await fetch(`${kaneo.apiUrl}/auth/organization/list`, { headers: { authorization: `Bearer ${restored}` } });
    expect(res.status).toBe(200);
    // The vault in B opens with the backup's passphrase; nothing in storage is plain text.
    await options.lock();
    await options.unlock(PASSPHRASE);
    expect(JSON.stringify(await b.dumpStorage('local'))).not.toContain(serverKey);
  });

  it('profile B: a wrong passphrase says so and changes nothing', async () => {
    const options = new OptionsPage(await b!.openOptions());
    await options.waitUntilLoaded();
    const before = JSON.stringify(await b!.dumpStorage('local'));
    const section = new BackupPage(options.page);
    await section.open();
    expect(await section.preview(backup.text, 'not-the-passphrase-at-all-42')).toMatch(/does not open this backup.*Nothing was changed/);
    expect(JSON.stringify(await b!.dumpStorage('local'))).toBe(before);
    await options.page.close();
  });

  it('profile B: importing again previews a conflict; keep both adds the renamed copy', async () => {
    const options = new OptionsPage(await b!.openOptions());
    await options.waitUntilLoaded();
    // Make a conflict: the same name with another secret.
    await options.deleteKey('Second');
    await options.addKey({ name: 'Second', secret: 'f'.repeat(64), webOrigin: kaneo.url });
    const section = new BackupPage(options.page);
    await section.open();
    expect(await section.preview(backup.text, PASSPHRASE)).toMatch(/0 new · 1 already here · 1 conflict/);
    await options.page.getByRole('radio', { name: 'Keep both (theirs as “Second (2)”)' }).click();
    await options.page.getByRole('button', { name: 'Import', exact: true }).click();
    await options.page.getByText('Imported: 1 added, 1 skipped.').first().waitFor();
    await options.goTo('Keys');
    expect((await options.keyNames()).sort()).toEqual(['Second', 'Second (2)', 'Server key']);
    expect(await options.revealKey('Second (2)')).toBe(OTHER);
    expect(await b!.extensionErrors()).toEqual([]);
  });
});
