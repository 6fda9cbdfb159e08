import { describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { SEALED_STORAGE_KEYS, storageName, STORAGE } from '@/lib/storage/catalogue';
import { base64ToBytes } from '@/lib/vault/background/base64';
import type { VaultEnvelope } from '@/lib/vault/background/envelope';
import type { RekeyStep } from '@/lib/vault/background/vault-rekey';
import type { SealedBlob } from '@/lib/vault/background/vault-service.types';
import { decryptJson, deriveWrappingKey, importDataKey, unwrapDataKey } from '@/lib/vault/background/vault-crypto';
import { createTesterHistory } from '@/lib/tester/background/history';
import { draft, fastVault, OTHER_STRONG_PASSPHRASE, passthroughLock, sessionSnapshot, STRONG_PASSPHRASE } from './vault-test-helpers';
import { openBucket, openIndex, referencedBucketNames, type StoredBucket } from '@/lib/vault/background/vault-buckets';
import { openVault } from '@/lib/vault/background/vault-contents-store';

/** The bucket items `envelope` names, from a storage.local snapshot. */
function bucketsIn(local: Record<string, unknown>, envelope: VaultEnvelope): Record<string, StoredBucket> {
  return Object.fromEntries(referencedBucketNames(envelope.buckets).map((name) => [name, local[name] as StoredBucket]));
}

const OLD = STRONG_PASSPHRASE;
const NEW = OTHER_STRONG_PASSPHRASE;
const nameOf = (key: string) => key.slice('local:'.length);

async function stored(): Promise<Record<string, unknown>> {
  return structuredClone(await fakeBrowser.storage.local.get());
}

/** A vault with a key and a value in EVERY sealed item of the catalogue. */
async function seededVault(options: Parameters<typeof fastVault>[0] = {}) {
  const vault = fastVault(options);
  await vault.create(OLD);
  const added = await vault.addKey(draft());
  if (!added.ok) throw new Error(added.message);
  for (const key of SEALED_STORAGE_KEYS) {
    const sealed = await vault.seal({ item: key }, key);
    if (!sealed.ok) throw new Error(sealed.message);
    await fakeBrowser.storage.local.set({ [nameOf(key)]: sealed.value });
  }
  return vault;
}

/** Unwraps `envelope`'s data key with `passphrase` (what someone holding an old copy can do). */
async function dataKeyOf(envelope: VaultEnvelope, passphrase: string): Promise<CryptoKey> {
  const wrapping = await deriveWrappingKey(passphrase, { iterations: envelope.kdf.iterations, salt: base64ToBytes(envelope.kdf.salt) });
  const raw = await unwrapDataKey(wrapping, { iv: base64ToBytes(envelope.wrappedKey.iv), ct: base64ToBytes(envelope.wrappedKey.ct) }, envelope.vaultId);
  return importDataKey(raw);
}

async function everySealedItemOpens(vault: ReturnType<typeof fastVault>): Promise<void> {
  const local = await stored();
  for (const key of SEALED_STORAGE_KEYS) {
    expect(await vault.open(local[nameOf(key)] as SealedBlob, key), key).toEqual({ ok: true, value: { item: key } });
  }
}

describe('change passphrase and re-encrypt', () => {
  it('replaces the data key: the vault and every sealed item are re-encrypted, and an old copy of the wrapped key opens none of it', async () => {
    const vault = await seededVault();
    const before = await stored();
    const sessionBefore = (await sessionSnapshot())['vault.session'];
    const heard: unknown[] = [];
    vault.onDataKeyChanged((change) => heard.push(change));

    expect(await vault.changePassphrase(OLD, NEW)).toEqual({ ok: true, value: null });
    const after = await stored();
    expect((await sessionSnapshot())['vault.session']).not.toEqual(sessionBefore);
    for (const key of SEALED_STORAGE_KEYS) expect(after[nameOf(key)], key).not.toEqual(before[nameOf(key)]);
    expect(after['vault.rekey']).toBeUndefined();
    expect(heard).toEqual([{ vaultId: (before.vault as VaultEnvelope).vaultId }]);

    // Still unlocked, everything opens under the new key.
    expect((await vault.listKeys()).ok).toBe(true);
    await everySealedItemOpens(vault);

    // Someone kept the envelope from before and knows the OLD passphrase.
    const oldKey = await dataKeyOf(before.vault as VaultEnvelope, OLD);
    const current = after.vault as VaultEnvelope;
    await expect(openIndex(oldKey, current)).rejects.toThrow();
    // Every bucket the new envelope names is under the new key; the old ones are gone.
    const buckets = bucketsIn(after, current);
    expect(Object.keys(buckets).length).toBeGreaterThan(0);
    for (const [name, bucket] of Object.entries(buckets)) {
      const [n, g] = name.split('.').slice(2).map(Number) as [number, number];
      await expect(openBucket(oldKey, current.vaultId, n, g, bucket)).rejects.toThrow();
    }
    for (const name of referencedBucketNames((before.vault as VaultEnvelope).buckets)) expect(after[name], name).toBeUndefined();
    await expect(
      decryptJson(oldKey, after[nameOf(STORAGE.testerHistory.key)] as SealedBlob, new TextEncoder().encode('any')),
    ).rejects.toThrow();
    // The old wrapped key spliced into the current envelope does not unlock it either.
    const { digest: _d, ...rest } = current;
    const { finishEnvelope } = await import('@/lib/vault/background/envelope');
    await fakeBrowser.storage.local.set({ vault: await finishEnvelope({ ...rest, kdf: (before.vault as VaultEnvelope).kdf, wrappedKey: (before.vault as VaultEnvelope).wrappedKey }) });
    await vault.lock();
    expect(await vault.unlock(OLD)).toMatchObject({ ok: false, reason: 'damaged' });
  });

  it('without re-encrypting, the old wrapped key still opens the contents (why re-encrypting is the default)', async () => {
    const vault = await seededVault();
    const before = await stored();
    expect(await vault.changePassphrase(OLD, NEW, { reencrypt: false })).toEqual({ ok: true, value: null });
    const local = await stored();
    const current = local.vault as VaultEnvelope;
    const oldKey = await dataKeyOf(before.vault as VaultEnvelope, OLD);
    const opened = await openVault(oldKey, current, bucketsIn(local, current));
    expect(opened.contents.keys.length).toBeGreaterThan(0);
  });

  it('refuses with nothing changed when a sealed item does not open', async () => {
    const vault = await seededVault();
    await fakeBrowser.storage.local.set({ [nameOf(STORAGE.testerHistory.key)]: { v: 2, iv: 'AAAAAAAAAAAAAAAA', ct: 'bm9wZQ==' } });
    const before = await stored();
    const result = await vault.changePassphrase(OLD, NEW);
    expect(result).toMatchObject({ ok: false, reason: 'damaged' });
    expect(!result.ok && result.message).toContain('Nothing was changed');
    expect(await stored()).toEqual(before);
    await vault.lock();
    expect((await vault.unlock(OLD)).ok).toBe(true);
  });

  it('a sealed write started during the re-key lands under the new key', async () => {
    const vault = await seededVault();
    const history = createTesterHistory({ vault });
    expect((await history.clear('none')).ok).toBe(true);
    const [changed] = await Promise.all([
      vault.changePassphrase(OLD, NEW),
      history.add('k1', {
        id: 'h1',
        at: new Date(0).toISOString(),
        request: { method: 'GET', url: 'https://kaneo.example.org/api/me', headers: [], body: '' },
        outcome: 'ok',
        status: 200,
        timeMs: 1,
      } as never),
    ]);
    expect(changed.ok).toBe(true);
    const listed = await history.list('k1');
    expect(listed.ok).toBe(true);
  });

  // A crash: the service worker stops at that point; nothing after it runs, nothing cleans up.
  // The next start (a new service over the same storage) must find the old or the new state whole.
  it.each([
    ['staged', 'old'],
    ['switched', 'new'],
    ['session', 'new'],
    ['copied', 'new'],
  ] as Array<[RekeyStep, 'old' | 'new']>)('crash after "%s" → the %s state opens, with every item', async (crashAt, expected) => {
    const vault = await seededVault({
      lock: passthroughLock,
      afterRekeyStep: (step) => (step === crashAt ? new Promise<never>(() => undefined) : undefined),
    });
    void vault.changePassphrase(OLD, NEW);
    await expect.poll(async () => {
      const local = await stored();
      if (crashAt === 'staged') return local['vault.rekey'] !== undefined;
      if (crashAt === 'copied') return SEALED_STORAGE_KEYS.every((k) => (local[nameOf(k)] as SealedBlob).iv !== undefined) && (await sessionSnapshot())['vault.session'] !== undefined && local['vault.rekey'] !== undefined && (local.vault as VaultEnvelope).revision > 1;
      return (local.vault as VaultEnvelope).revision > 1;
    }).toBe(true);

    const restarted = fastVault({ lock: passthroughLock });
    await restarted.recoverInterruptedRekey();
    expect((await stored())['vault.rekey']).toBeUndefined();
    await restarted.lock();
    const [right, wrong] = expected === 'old' ? [OLD, NEW] : [NEW, OLD];
    expect(await restarted.unlock(wrong)).toMatchObject({ ok: false, reason: 'wrong-passphrase' });
    expect(await restarted.unlock(right)).toEqual({ ok: true, value: null });
    expect((await restarted.listKeys()).ok && (await restarted.listKeys())).toMatchObject({ value: [{ name: draft().name }] });
    await everySealedItemOpens(restarted);
  });

  it('a crash after the switch with the old key still in the session: the next start locks instead of failing', async () => {
    const vault = await seededVault({
      lock: passthroughLock,
      afterRekeyStep: (step) => (step === 'switched' ? new Promise<never>(() => undefined) : undefined),
    });
    void vault.changePassphrase(OLD, NEW);
    await expect.poll(async () => ((await stored()).vault as VaultEnvelope).revision > 1).toBe(true);
    const restarted = fastVault({ lock: passthroughLock });
    await restarted.recoverInterruptedRekey();
    expect(await restarted.state()).toEqual({ state: 'locked' });
    expect(await restarted.unlock(NEW)).toEqual({ ok: true, value: null });
  });
});
