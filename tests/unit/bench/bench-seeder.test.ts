// The bench-only seeder (lib/bench/background/bench-seeder.ts) writes through the real vault
// service, answers only the extension's own pages, and counts key derivations.
import { describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { registerBenchSeeder, type BenchAnswer, type BenchRequest } from '@/lib/bench/background/bench-seeder';
import { benchKeyName } from '@/lib/bench/bench-vault';
import { createVaultService } from '@/lib/vault/background/vault-service';

const PAGE = { id: fakeBrowser.runtime.id, url: fakeBrowser.runtime.getURL('/manifest.json') };
const PASSPHRASE = 'bench-copper-heron-sleeps-41-under-wide-dunes';

async function send(request: BenchRequest, sender: { id?: string; url?: string } = PAGE): Promise<BenchAnswer | undefined> {
  const answers = (await fakeBrowser.runtime.onMessage.trigger(request, sender, () => undefined)) as Array<Promise<BenchAnswer> | undefined>;
  return answers.find((a) => a !== undefined);
}

describe('bench seeder', () => {
  it('creates the vault, adds generated keys up to a count in one call, locks, and unlocks with one derivation', async () => {
    const vault = createVaultService({ kdfIterations: 1_000 });
    registerBenchSeeder({ vault });

    expect(await send({ kkmBench: 'seed', passphrase: PASSPHRASE, keys: 250, notesLength: 100 })).toEqual({ ok: true, keys: 250 });
    expect(await vault.state()).toEqual({ state: 'unlocked' });
    const listed = await vault.listKeys();
    if (!listed.ok) throw new Error(listed.message);
    expect(listed.value).toHaveLength(250);
    expect(listed.value.map((k) => k.name)).toContain(benchKeyName(249));
    expect(listed.value.every((k) => k.notes.length === 100)).toBe(true);

    // Growing to a bigger size adds only the missing keys.
    expect(await send({ kkmBench: 'seed', passphrase: PASSPHRASE, keys: 300, notesLength: 0 })).toEqual({ ok: true, keys: 300 });
    expect(await send({ kkmBench: 'lock' })).toEqual({ ok: true });
    expect(await vault.state()).toEqual({ state: 'locked' });

    const before = await send({ kkmBench: 'derivations' });
    expect(await vault.unlock(PASSPHRASE)).toEqual({ ok: true, value: null });
    const after = await send({ kkmBench: 'derivations' });
    expect(after && after.ok && before && before.ok && after.derivations! - before.derivations!).toBe(1);
  });

  it('answers nothing to a sender that is not one of the extension pages, and ignores other messages', async () => {
    const vault = createVaultService({ kdfIterations: 1_000 });
    registerBenchSeeder({ vault });
    expect(await send({ kkmBench: 'seed', passphrase: PASSPHRASE, keys: 5, notesLength: 0 }, { id: 'another-extension', url: 'chrome-extension://another-extension/x.html' })).toBeUndefined();
    expect(await send({ type: 'vault.status' } as unknown as BenchRequest)).toBeUndefined();
    expect(await vault.state()).toEqual({ state: 'uninitialized' });
  });

  it('says why when the passphrase is wrong', async () => {
    const vault = createVaultService({ kdfIterations: 1_000 });
    registerBenchSeeder({ vault });
    await send({ kkmBench: 'seed', passphrase: PASSPHRASE, keys: 1, notesLength: 0 });
    await send({ kkmBench: 'lock' });
    expect(await send({ kkmBench: 'seed', passphrase: 'not-the-passphrase-at-all-99', keys: 1, notesLength: 0 })).toMatchObject({ ok: false });
  });
});
