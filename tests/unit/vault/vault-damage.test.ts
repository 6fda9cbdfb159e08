import { describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { finishEnvelope, type VaultEnvelope } from '@/lib/vault/background/envelope';
import { draft, fastVault, flipByte, localSnapshot, STRONG_PASSPHRASE } from './vault-test-helpers';

/** A created vault with one key, locked, and its stored envelope. */
async function lockedVaultWithKey(): Promise<VaultEnvelope> {
  const vault = fastVault();
  await vault.create(STRONG_PASSPHRASE);
  await vault.addKey(draft());
  await vault.lock();
  return (await fakeBrowser.storage.local.get('vault')).vault as VaultEnvelope;
}

/** Every operation on the damaged vault reports it, and the stored bytes stay exactly as they were. */
async function expectDamagedAndUntouched(expectedMessage: RegExp = /damaged|format version|not JSON/): Promise<void> {
  const before = await localSnapshot();
  const vault = fastVault();

  const state = await vault.state();
  expect(state.state).toBe('damaged');
  expect(state.state === 'damaged' && state.message).toMatch(expectedMessage);

  const unlocked = await vault.unlock(STRONG_PASSPHRASE);
  expect(unlocked).toMatchObject({ ok: false, reason: 'damaged' });
  expect(await vault.create(STRONG_PASSPHRASE)).toMatchObject({ ok: false, reason: 'damaged' });
  expect(await vault.addKey(draft({ name: 'after damage' }))).toMatchObject({ ok: false });
  expect(await vault.changePassphrase(STRONG_PASSPHRASE, 'another-strong-passphrase-42')).toMatchObject({ ok: false });
  expect(await fakeBrowser.storage.session.get()).toEqual({});
  expect(await localSnapshot()).toEqual(before);
}

async function store(value: unknown, meta: unknown = { v: 1 }): Promise<void> {
  await fakeBrowser.storage.local.set({ vault: value, vault$: meta });
}

describe('damaged envelope', () => {
  const byteFields: [string, (e: VaultEnvelope) => VaultEnvelope][] = [
    ['vault ciphertext', (e) => ({ ...e, index: { ...e.index, ct: flipByte(e.index.ct, 5) } })],
    ['vault ciphertext tag (last byte)', (e) => ({ ...e, index: { ...e.index, ct: flipByte(e.index.ct, -1) } })],
    ['vault IV', (e) => ({ ...e, index: { ...e.index, iv: flipByte(e.index.iv) } })],
    ['salt', (e) => ({ ...e, kdf: { ...e.kdf, salt: flipByte(e.kdf.salt, 3) } })],
    ['wrapped key', (e) => ({ ...e, wrappedKey: { ...e.wrappedKey, ct: flipByte(e.wrappedKey.ct, 7) } })],
    ['wrapped key IV', (e) => ({ ...e, wrappedKey: { ...e.wrappedKey, iv: flipByte(e.wrappedKey.iv) } })],
    ['iteration count', (e) => ({ ...e, kdf: { ...e.kdf, iterations: e.kdf.iterations + 1 } })],
    ['revision', (e) => ({ ...e, revision: e.revision + 1 })],
    ['vault id', (e) => ({ ...e, vaultId: crypto.randomUUID() })],
    ['digest', (e) => ({ ...e, digest: flipByte(e.digest) })],
  ];

  for (const [field, damage] of byteFields) {
    it(`one changed byte in the ${field} → damaged, stored bytes unchanged`, async () => {
      const envelope = await lockedVaultWithKey();
      await store(damage(envelope));
      await expectDamagedAndUntouched(/checksum does not match/);
    });
  }

  it('a changed ciphertext byte with a recomputed checksum is still caught (AES-GCM) on unlock', async () => {
    const envelope = await lockedVaultWithKey();
    await store(await finishEnvelope({ ...envelope, index: { ...envelope.index, ct: flipByte(envelope.index.ct, 9) } }));
    const before = await localSnapshot();
    const vault = fastVault();
    expect(await vault.state()).toEqual({ state: 'locked' });
    const result = await vault.unlock(STRONG_PASSPHRASE);
    expect(result).toMatchObject({ ok: false, reason: 'damaged' });
    expect(await fakeBrowser.storage.session.get()).toEqual({});
    expect(await localSnapshot()).toEqual(before);
  });

  it('a changed ciphertext byte while unlocked: writes refuse and keep the stored bytes', async () => {
    const vault = fastVault();
    await vault.create(STRONG_PASSPHRASE);
    await vault.addKey(draft());
    const envelope = (await fakeBrowser.storage.local.get('vault')).vault as VaultEnvelope;
    await store(await finishEnvelope({ ...envelope, index: { ...envelope.index, ct: flipByte(envelope.index.ct, 2) } }));
    const before = await localSnapshot();
    expect(await vault.addKey(draft({ name: 'another' }))).toMatchObject({ ok: false, reason: 'damaged' });
    expect(await vault.listKeys()).toMatchObject({ ok: false, reason: 'damaged' });
    expect(await localSnapshot()).toEqual(before);
  });

  it('a truncated ciphertext → damaged', async () => {
    const envelope = await lockedVaultWithKey();
    await store({ ...envelope, index: { ...envelope.index, ct: envelope.index.ct.slice(0, -8) } });
    await expectDamagedAndUntouched();
  });

  it('a truncated salt → damaged', async () => {
    const envelope = await lockedVaultWithKey();
    await store({ ...envelope, kdf: { ...envelope.kdf, salt: envelope.kdf.salt.slice(0, 12) } });
    await expectDamagedAndUntouched(/salt/);
  });

  it('a truncated envelope (text cut short) → damaged: not JSON', async () => {
    const envelope = await lockedVaultWithKey();
    const text = JSON.stringify(envelope);
    await store(text.slice(0, text.length / 2));
    await expectDamagedAndUntouched(/not JSON/);
  });

  it('a value that is not JSON → damaged', async () => {
    await store('}{ definitely not json');
    await expectDamagedAndUntouched(/not JSON/);
  });

  it('a number, an array or a missing field → damaged', async () => {
    const envelope = await lockedVaultWithKey();
    for (const value of [42, [envelope], { ...envelope, wrappedKey: undefined }, { ...envelope, extra: 1 }]) {
      await store(value);
      await expectDamagedAndUntouched();
    }
  });

  it('an unknown future version → damaged ("update the extension"), left untouched', async () => {
    const envelope = await lockedVaultWithKey();
    const consoleError = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    await store({ ...envelope, v: 2, somethingNew: true }, { v: 2 });
    await expectDamagedAndUntouched(/format version 2.*Update the extension/);
    consoleError.mockRestore();
  });

  it('an unknown version marker inside the envelope → damaged', async () => {
    const envelope = await lockedVaultWithKey();
    await store({ ...envelope, v: 'one' });
    await expectDamagedAndUntouched(/unknown format version/);
  });
});
