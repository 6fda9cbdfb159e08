// Issue 13, sync across devices: two browser profiles, A and B, each with its own vault.
//
// The browser's own sync engine (Chrome Sync, Firefox Sync) cannot run here: it needs a signed-in
// account and Google's or Mozilla's servers. So this test plays the sync engine itself: it copies
// the storage.sync items of one profile into the other (carrySync), item by item, which is what
// the engine delivers. Everything else is the real extension: storage.onChanged in the sync area
// wakes the other profile's background, which merges into its vault.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchExtension, type ExtensionHarness } from './fixtures/extension';
import { carrySync, SyncPage } from './pages/sync-page';
import { OptionsPage } from './pages/options-page';

const PASSPHRASE = 'amber-orchard-walks-73-past-silent-dunes';
const B_OWN = 'velvet-cactus-harbour-nine-grapes-41';
const HOST = 'https://kaneo.sync-secret-host.example';
const secret = (c: string) => `kaneo_${c.repeat(58)}`;

let a: ExtensionHarness;
let b: ExtensionHarness;
let syncA: SyncPage;
let syncB: SyncPage;

/** Waits until the profile's storage.sync differs from `before` (its background has synced). */
async function syncedSince(ext: ExtensionHarness, before: string): Promise<void> {
  await expect.poll(async () => JSON.stringify(await ext.dumpStorage('sync')), { timeout: 20_000 }).not.toBe(before);
}

async function keyNames(page: SyncPage): Promise<string[]> {
  await page.goTo('Keys');
  return (await page.keyNames()).sort();
}

async function notesOf(page: SyncPage, name: string): Promise<string> {
  const dialog = await page.openEditDialog(name);
  const notes = await dialog.getByLabel('Notes (optional)', { exact: true }).inputValue();
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await dialog.waitFor({ state: 'detached' });
  return notes;
}

// Two browsers, two vaults (two PBKDF2 runs each): more than the default hook time on a busy machine.
beforeAll(async () => {
  a = await launchExtension();
  b = await launchExtension();
}, 240_000);

beforeAll(async () => {
  const optionsA = await OptionsPage.open(a);
  await optionsA.setPassphrase(PASSPHRASE);
  await optionsA.addKey({ name: 'Alpha deploy', secret: secret('a'), webOrigin: HOST, notes: 'first notes' });
  const optionsB = await OptionsPage.open(b);
  await optionsB.setPassphrase(B_OWN);
  await optionsB.addKey({ name: 'Bravo laptop', secret: secret('b'), webOrigin: HOST });
  syncA = await SyncPage.openOn(optionsA);
  syncB = await SyncPage.openOn(optionsB);
}, 240_000);

afterAll(async () => {
  await a?.close();
  await b?.close();
});

describe('sync between two profiles (storage.sync carried by the test)', () => {
  it('A turns sync on; B, with its own vault, joins with A’s passphrase after a merge preview', async () => {
    await syncA.turnOnFresh();
    expect(Object.keys(await a.dumpStorage('sync')).length).toBeGreaterThanOrEqual(2);
    await carrySync(a, b);
    const preview = await syncB.previewJoin(PASSPHRASE);
    expect(preview).toContain('New here, from sync (1)');
    expect(preview).toContain('Alpha deploy');
    expect(preview).toContain('Sent from this device (1)');
    expect(preview).toContain('Bravo laptop');
    // Nothing changed before confirming.
    expect(await keyNames(syncB)).toEqual(['Bravo laptop']);
    await syncB.openSync();
    await syncB.previewJoin(PASSPHRASE);
    await syncB.confirmJoin();
    expect(await keyNames(syncB)).toEqual(['Alpha deploy', 'Bravo laptop']);
    await carrySync(b, a);
    await expect.poll(() => keyNames(syncA), { timeout: 20_000 }).toEqual(['Alpha deploy', 'Bravo laptop']);
  });

  it('a key added on A appears on B', async () => {
    const before = JSON.stringify(await a.dumpStorage('sync'));
    await syncA.addKey({ name: 'Charlie ci', secret: secret('c'), webOrigin: HOST });
    await syncedSince(a, before);
    await carrySync(a, b);
    await expect.poll(() => keyNames(syncB), { timeout: 20_000 }).toContain('Charlie ci');
  });

  it('edits on both converge, and the losing edit is shown as a conflict', { timeout: 180_000 }, async () => {
    const beforeA = JSON.stringify(await a.dumpStorage('sync'));
    const beforeB = JSON.stringify(await b.dumpStorage('sync'));
    await syncA.editKey('Alpha deploy', { notes: 'edited on A' });
    await syncB.editKey('Alpha deploy', { notes: 'edited on B' });
    await syncedSince(a, beforeA);
    await syncedSince(b, beforeB);
    // Carry both ways until both show the same notes: whichever edit wins re-uploads itself
    // where the other one landed, like two browsers syncing back and forth.
    await expect
      .poll(
        async () => {
          await carrySync(b, a);
          await carrySync(a, b);
          return [await notesOf(syncA, 'Alpha deploy'), await notesOf(syncB, 'Alpha deploy')].join('|');
        },
        // Room for one retry alarm (browsers fire alarms a minute apart at the soonest) when a
        // cycle ran into the other one's write on a busy machine (CI once needed more than 40 s).
        { timeout: 100_000, interval: 1_000 },
      )
      .toMatch(/^(edited on A\|edited on A|edited on B\|edited on B)$/);
    await syncA.openSync();
    const conflicts = syncA.conflicts();
    await conflicts.waitFor();
    const text = await conflicts.innerText();
    expect(text).toContain('edited on A');
    expect(text).toContain('edited on B');
  });

  it('a key deleted on B is gone on A', async () => {
    const before = JSON.stringify(await b.dumpStorage('sync'));
    await syncB.deleteKey('Charlie ci');
    await syncedSince(b, before);
    await carrySync(b, a);
    await expect.poll(() => keyNames(syncA), { timeout: 20_000 }).not.toContain('Charlie ci');
  });

  it('a record tampered in transit is refused, reported, and not applied', async () => {
    const before = JSON.stringify(await a.dumpStorage('sync'));
    await syncA.addKey({ name: 'Delta tampered', secret: secret('d'), webOrigin: HOST });
    await syncedSince(a, before);
    await carrySync(a, b, (items) => {
      const records = Object.entries(items).filter(([k]) => /^kkm\.r\.[\w-]{22}$/.test(k)) as [string, { c: number; ct: string }][];
      const [key, newest] = records.sort((x, y) => y[1].c - x[1].c)[0]!;
      const ct = newest.ct;
      const flipped = `${ct.slice(0, 10)}${ct[10] === 'A' ? 'B' : 'A'}${ct.slice(11)}`;
      return { ...items, [key]: { ...newest, ct: flipped } };
    });
    await syncB.openSync();
    await syncB.refusedNotice().waitFor({ timeout: 20_000 });
    expect(await keyNames(syncB)).not.toContain('Delta tampered');
  });

  it('storage.sync holds no name, secret, host or note, in either profile', async () => {
    for (const ext of [a, b]) {
      const dump = JSON.stringify(await ext.dumpStorage('sync'));
      for (const leak of ['Alpha', 'Bravo', 'Charlie', 'Delta', 'kaneo_', 'sync-secret-host', 'edited on', 'first notes']) expect(dump).not.toContain(leak);
      expect(Object.keys(JSON.parse(dump)).every((k) => k === 'kkm.key' || /^kkm\.r\.[\w-]{22}(\.\d+)?$/.test(k))).toBe(true);
    }
  });

  it('no extension errors', async () => {
    expect(await a.extensionErrors()).toEqual([]);
    expect(await b.extensionErrors()).toEqual([]);
  });
});
