import { describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { createVaultService } from '@/lib/vault/background/vault-service';
import { createVaultStorage } from '@/lib/vault/background/vault-storage';
import { finishEnvelope, type VaultEnvelope } from '@/lib/vault/background/envelope';
import { referencedBucketNames } from '@/lib/vault/background/vault-buckets';
import {
  draft,
  fastVault,
  localSnapshot,
  OTHER_STRONG_PASSPHRASE,
  passthroughLock,
  sessionSnapshot,
  STRONG_PASSPHRASE,
  TestClock,
} from './vault-test-helpers';

async function storedEnvelope(): Promise<VaultEnvelope> {
  return (await fakeBrowser.storage.local.get('vault')).vault as VaultEnvelope;
}

describe('vault service: create, lock, unlock', () => {
  it('starts uninitialized, creates an unlocked vault, and round-trips keys through lock and unlock', async () => {
    const vault = fastVault();
    expect(await vault.state()).toEqual({ state: 'uninitialized' });
    expect(await vault.unlock(STRONG_PASSPHRASE)).toMatchObject({ ok: false, reason: 'uninitialized' });

    expect(await vault.create(STRONG_PASSPHRASE)).toEqual({ ok: true, value: null });
    expect(await vault.state()).toEqual({ state: 'unlocked' });

    const added = await vault.addKey(draft());
    expect(added.ok).toBe(true);
    await vault.lock();
    expect(await vault.state()).toEqual({ state: 'locked' });
    expect(await vault.listKeys()).toMatchObject({ ok: false, reason: 'locked' });
    expect(await sessionSnapshot()).toEqual({});

    expect(await vault.unlock(STRONG_PASSPHRASE)).toEqual({ ok: true, value: null });
    const keys = await vault.listKeys();
    expect(keys.ok && keys.value).toEqual([added.ok && added.value]);
    expect(keys.ok && keys.value[0]?.secret).toBe(draft().secret);
  });

  it('stays unlocked for a new service instance (service worker restart) through storage.session', async () => {
    await fastVault().create(STRONG_PASSPHRASE);
    const restarted = fastVault();
    expect(await restarted.state()).toEqual({ state: 'unlocked' });
    expect((await restarted.addKey(draft())).ok).toBe(true);
  });

  it('refuses to create over an existing vault and leaves it as it was', async () => {
    const vault = fastVault();
    await vault.create(STRONG_PASSPHRASE);
    const before = await localSnapshot();
    expect(await vault.create(OTHER_STRONG_PASSPHRASE)).toMatchObject({ ok: false, reason: 'already-exists' });
    expect(await localSnapshot()).toEqual(before);
  });

  it('says a wrong passphrase is wrong and changes nothing', async () => {
    const vault = fastVault();
    await vault.create(STRONG_PASSPHRASE);
    await vault.addKey(draft());
    await vault.lock();
    const local = await localSnapshot();

    const result = await vault.unlock('not-the-passphrase-at-all');
    expect(result).toMatchObject({ ok: false, reason: 'wrong-passphrase' });
    expect(result.ok || result.message).toMatch(/passphrase is not right/i);
    expect(await localSnapshot()).toEqual(local);
    expect(await sessionSnapshot()).toEqual({});
    expect(await vault.state()).toEqual({ state: 'locked' });
  });

  it('uses a fresh IV for every write', async () => {
    const vault = fastVault();
    await vault.create(STRONG_PASSPHRASE);
    const ivs = new Set([(await storedEnvelope()).index.iv]);
    for (let i = 0; i < 5; i++) {
      await vault.addKey(draft({ name: `key ${i}` }));
      ivs.add((await storedEnvelope()).index.iv);
    }
    expect(ivs.size).toBe(6);
    expect((await storedEnvelope()).revision).toBe(5);
  });
});

describe('vault service: keys', () => {
  it('keeps names unique per instance, ignoring case, with a clear message', async () => {
    const vault = fastVault();
    await vault.create(STRONG_PASSPHRASE);
    await vault.addKey(draft({ name: 'Deploy' }));
    const clash = await vault.addKey(draft({ name: '  deploy ' }));
    expect(clash).toMatchObject({ ok: false, reason: 'duplicate-name' });
    expect(clash.ok || clash.message).toMatch(/already exists for kaneo\.example\.org/);

    const otherInstance = await vault.addKey(
      draft({ name: 'DEPLOY', instance: { webOrigin: 'https://other.example', apiBaseUrl: 'https://other.example/api' } }),
    );
    expect(otherInstance.ok).toBe(true);

    const second = await vault.addKey(draft({ name: 'Reports' }));
    if (!second.ok) throw new Error(second.message);
    expect(await vault.updateKey(second.value.id, { name: 'DEPLOY' })).toMatchObject({ reason: 'duplicate-name' });
    expect((await vault.updateKey(second.value.id, { name: 'reports' })).ok).toBe(true);
  });

  it('applies only the fields a patch contains and stamps updatedAt', async () => {
    const clock = new TestClock();
    const vault = fastVault({ clock });
    await vault.create(STRONG_PASSPHRASE);
    const added = await vault.addKey(draft({ notes: 'keep me', expiresAt: '2027-01-01T00:00:00.000Z' }));
    if (!added.ok) throw new Error(added.message);
    clock.advanceMinutes(5);
    const updated = await vault.updateKey(added.value.id, { name: 'Renamed' });
    if (!updated.ok) throw new Error(updated.message);
    expect(updated.value).toMatchObject({
      name: 'Renamed',
      notes: 'keep me',
      expiresAt: '2027-01-01T00:00:00.000Z',
      secret: draft().secret,
      createdAt: added.value.createdAt,
    });
    expect(Date.parse(updated.value.updatedAt) - Date.parse(added.value.updatedAt)).toBe(5 * 60_000);
  });

  it('rejects invalid drafts and unknown ids without writing', async () => {
    const vault = fastVault();
    await vault.create(STRONG_PASSPHRASE);
    const before = await localSnapshot();
    expect(await vault.addKey(draft({ name: '' }))).toMatchObject({ ok: false, reason: 'invalid-input' });
    expect(await vault.addKey(draft({ name: 'x'.repeat(65) }))).toMatchObject({ ok: false, reason: 'invalid-input' });
    expect(await vault.updateKey('nope', { name: 'x' })).toMatchObject({ ok: false, reason: 'not-found' });
    expect(await vault.deleteKey('nope')).toMatchObject({ ok: false, reason: 'not-found' });
    expect(await vault.getKey('nope')).toMatchObject({ ok: false, reason: 'not-found' });
    expect(await localSnapshot()).toEqual(before);
  });

  it('deletes a key', async () => {
    const vault = fastVault();
    await vault.create(STRONG_PASSPHRASE);
    const a = await vault.addKey(draft({ name: 'a' }));
    await vault.addKey(draft({ name: 'b' }));
    if (!a.ok) throw new Error(a.message);
    expect(await vault.deleteKey(a.value.id)).toEqual({ ok: true, value: null });
    const keys = await vault.listKeys();
    expect(keys.ok && keys.value.map((k) => k.name)).toEqual(['b']);
  });

  it('stores no name, secret, URL or note in storage.local', async () => {
    const vault = fastVault();
    await vault.create(STRONG_PASSPHRASE);
    const secrets = ['kaneo_sk_ZZsecretZZ91', 'kaneo_sk_YYsecretYY42'];
    await vault.addKey(
      draft({
        name: 'Zanzibar production',
        secret: secrets[0],
        notes: 'Quokka rotation notes',
        instance: { webOrigin: 'https://tasks.zanzibar-corp.test', apiBaseUrl: 'https://api.zanzibar-corp.test/v2' },
      }),
    );
    const second = await vault.addKey(draft({ name: 'Mallorca staging', secret: secrets[1] }));
    if (!second.ok) throw new Error(second.message);
    await vault.updateKey(second.value.id, { notes: 'Pelican memo' });
    const dump = JSON.stringify(await fakeBrowser.storage.local.get()) + JSON.stringify(await fakeBrowser.storage.sync.get());
    for (const needle of [
      ...secrets,
      'Zanzibar',
      'zanzibar',
      'Mallorca',
      'Quokka',
      'Pelican',
      'kaneo.example.org',
      STRONG_PASSPHRASE,
    ]) {
      expect(dump).not.toContain(needle);
    }
  });
});

describe('vault service: change passphrase', () => {
  it('without re-encrypting: needs the old passphrase, re-wraps the same data key; new works, old fails', async () => {
    const vault = fastVault();
    await vault.create(STRONG_PASSPHRASE);
    await vault.addKey(draft());
    const before = await storedEnvelope();

    const wrong = await vault.changePassphrase('wrong-old-passphrase', OTHER_STRONG_PASSPHRASE);
    expect(wrong).toMatchObject({ ok: false, reason: 'wrong-passphrase' });
    expect(await storedEnvelope()).toEqual(before);

    const sessionBefore = await sessionSnapshot();
    expect(await vault.changePassphrase(STRONG_PASSPHRASE, OTHER_STRONG_PASSPHRASE, { reencrypt: false })).toEqual({ ok: true, value: null });
    const after = await storedEnvelope();
    expect((await sessionSnapshot())['vault.session']).toEqual(sessionBefore['vault.session']);
    expect(after.kdf.salt).not.toBe(before.kdf.salt);
    expect(after.wrappedKey.ct).not.toBe(before.wrappedKey.ct);
    expect(after.revision).toBe(before.revision + 1);
    // Still unlocked: the data key did not change.
    expect(await vault.state()).toEqual({ state: 'unlocked' });

    await vault.lock();
    expect(await vault.unlock(STRONG_PASSPHRASE)).toMatchObject({ ok: false, reason: 'wrong-passphrase' });
    expect(await vault.unlock(OTHER_STRONG_PASSPHRASE)).toEqual({ ok: true, value: null });
    const keys = await vault.listKeys();
    expect(keys.ok && keys.value.length).toBe(1);
  });
});

describe('vault service: concurrent writes', () => {
  it('lands every one of many parallel adds', async () => {
    const vault = fastVault();
    await vault.create(STRONG_PASSPHRASE);
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) => vault.addKey(draft({ name: `key ${i}` }))));
    expect(results.every((r) => r.ok)).toBe(true);
    const keys = await vault.listKeys();
    expect(keys.ok && keys.value.map((k) => k.name).sort()).toEqual(
      Array.from({ length: 10 }, (_, i) => `key ${i}`).sort(),
    );
  });

  it('loses no write from two service instances over the same storage', async () => {
    await fastVault().create(STRONG_PASSPHRASE);
    const a = fastVault();
    const b = fastVault();
    await Promise.all([
      a.addKey(draft({ name: 'from a 1' })),
      b.addKey(draft({ name: 'from b 1' })),
      a.addKey(draft({ name: 'from a 2' })),
      b.addKey(draft({ name: 'from b 2' })),
    ]);
    const keys = await a.listKeys();
    expect(keys.ok && keys.value.map((k) => k.name).sort()).toEqual(['from a 1', 'from a 2', 'from b 1', 'from b 2']);
  });

  it('redoes a change when another writer replaced the envelope in between (revision check)', async () => {
    await fastVault().create(STRONG_PASSPHRASE);
    const other = fastVault({ lock: passthroughLock });
    const base = createVaultStorage();
    let reads = 0;
    // The 2nd envelope read of a write is the check right before writing: let another writer in first.
    const racing = {
      ...base,
      async readEnvelope() {
        reads++;
        if (reads === 2) await other.addKey(draft({ name: 'sneaked in' }));
        return base.readEnvelope();
      },
    };
    const vault = fastVault({ storage: racing, lock: passthroughLock });
    expect((await vault.addKey(draft({ name: 'mine' }))).ok).toBe(true);
    const keys = await vault.listKeys();
    expect(keys.ok && keys.value.map((k) => k.name).sort()).toEqual(['mine', 'sneaked in']);
    expect((await storedEnvelope()).revision).toBe(2);
  });

  it('writes nothing, not even a bucket, before the check against other writers has answered', async () => {
    await fastVault().create(STRONG_PASSPHRASE);
    const other = fastVault({ lock: passthroughLock });
    const base = createVaultStorage();
    let reads = 0;
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    // The 2nd envelope read of a write is the check: it answers only when released, after another writer got in.
    const racing = {
      ...base,
      async readEnvelope() {
        if (++reads !== 2) return base.readEnvelope();
        await held;
        await other.addKey(draft({ name: 'sneaked in' }));
        return base.readEnvelope();
      },
    };
    const vault = fastVault({ storage: racing, lock: passthroughLock });
    const set = vi.spyOn(fakeBrowser.storage.local, 'set');
    const adding = vault.addKey(draft({ name: 'mine' }));
    await vi.waitFor(() => expect(reads).toBe(2));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(set).not.toHaveBeenCalled();
    release();
    expect((await adding).ok).toBe(true);
    const keys = await vault.listKeys();
    expect(keys.ok && keys.value.map((k) => k.name).sort()).toEqual(['mine', 'sneaked in']);
    // The first attempt's buckets were never written: only the other writer's and the redone save's.
    expect((await storedEnvelope()).revision).toBe(2);
    await vi.waitFor(async () => {
      const local = await fakeBrowser.storage.local.get();
      expect(Object.keys(local).filter((name) => name.startsWith('vault.b.')).sort()).toEqual(
        referencedBucketNames((await storedEnvelope()).buckets).sort(),
      );
    });
  });

  it('rejects the second of two parallel adds with the same name instead of storing both', async () => {
    const vault = fastVault();
    await vault.create(STRONG_PASSPHRASE);
    const [one, two] = await Promise.all([vault.addKey(draft({ name: 'Twin' })), vault.addKey(draft({ name: 'twin' }))]);
    expect([one.ok, two.ok].sort()).toEqual([false, true]);
  });
});

const HISTORY = 'local:tester.history';
const API_BASES = 'local:kaneoApiBases';

describe('vault service: seal and open', () => {
  it('round-trips JSON with the data key and refuses tampered or foreign blobs', async () => {
    const vault = fastVault();
    await vault.create(STRONG_PASSPHRASE);
    const sealed = await vault.seal({ history: [{ url: 'https://kaneo.example.org/api/x', status: 200 }] }, HISTORY);
    if (!sealed.ok) throw new Error(sealed.message);
    expect(JSON.stringify(sealed.value)).not.toContain('kaneo.example.org');
    expect(await vault.open(sealed.value, HISTORY)).toEqual({
      ok: true,
      value: { history: [{ url: 'https://kaneo.example.org/api/x', status: 200 }] },
    });
    const tampered = { ...sealed.value, ct: sealed.value.ct.replace(/^./, (c) => (c === 'A' ? 'B' : 'A')) };
    expect(await vault.open(tampered, HISTORY)).toMatchObject({ ok: false, reason: 'undecryptable' });
    expect(await vault.open({ v: 2 } as never, HISTORY)).toMatchObject({ ok: false, reason: 'invalid-input' });

    await vault.lock();
    expect(await vault.seal(1, HISTORY)).toMatchObject({ ok: false, reason: 'locked' });
    expect(await vault.open(sealed.value, HISTORY)).toMatchObject({ ok: false, reason: 'locked' });
  });

  it('cannot open a blob as vault contents or vice versa (purpose-bound)', async () => {
    const vault = fastVault();
    await vault.create(STRONG_PASSPHRASE);
    const env = await storedEnvelope();
    expect(await vault.open({ v: 2, iv: env.index.iv, ct: env.index.ct }, HISTORY)).toMatchObject({
      ok: false,
      reason: 'undecryptable',
    });
  });

  it('a blob sealed for one item does not open as another (history swapped into the API bases)', async () => {
    const vault = fastVault();
    await vault.create(STRONG_PASSPHRASE);
    const sealed = await vault.seal({ v: 1, entries: [] }, HISTORY);
    if (!sealed.ok) throw new Error(sealed.message);
    expect(await vault.open(sealed.value, API_BASES)).toMatchObject({ ok: false, reason: 'undecryptable' });
    expect((await vault.open(sealed.value, HISTORY)).ok).toBe(true);
  });
});

describe('vault service: contents bound to the revision', () => {
  it('an older index put under a newer revision (digest recomputed) does not open', async () => {
    const vault = fastVault();
    await vault.create(STRONG_PASSPHRASE);
    await vault.addKey(draft({ name: 'Old' }));
    const older = await storedEnvelope();
    const olderLocal = await localSnapshot();
    await vault.addKey(draft({ name: 'New' }));
    const newer = await storedEnvelope();
    const { digest: _d, ...rest } = newer;
    const swapped = await finishEnvelope({ ...rest, index: older.index });
    await fakeBrowser.storage.local.set({ vault: swapped });
    await vault.lock();
    expect(await vault.unlock(STRONG_PASSPHRASE)).toMatchObject({ ok: false, reason: 'damaged' });
    // Left as it is.
    expect(await storedEnvelope()).toEqual(swapped);
    // The whole older state, envelope and its buckets (a rollback), still opens: see docs/SECURITY.md.
    await fakeBrowser.storage.local.set(olderLocal);
    expect(await vault.unlock(STRONG_PASSPHRASE)).toEqual({ ok: true, value: null });
    expect((await vault.listKeys()).ok && (await vault.listKeys())).toMatchObject({ value: [{ name: 'Old' }] });
  });
});

describe('vault service: onChange', () => {
  it('notifies on create, add, update, delete, lock and unlock; unsubscribe stops it', async () => {
    const vault = fastVault();
    const listener = vi.fn();
    const off = vault.onChange(listener);
    await vault.create(STRONG_PASSPHRASE);
    const added = await vault.addKey(draft());
    if (!added.ok) throw new Error(added.message);
    await vault.updateKey(added.value.id, { notes: 'x' });
    await vault.deleteKey(added.value.id);
    await vault.lock();
    await vault.unlock(STRONG_PASSPHRASE);
    expect(listener).toHaveBeenCalledTimes(6);
    off();
    await vault.lock();
    expect(listener).toHaveBeenCalledTimes(6);
  });
});

describe('vault service: auto-lock', () => {
  it('locks after the idle limit since the last activity, and touch postpones it', async () => {
    const clock = new TestClock();
    const vault = createVaultService({ kdfIterations: 1000, clock, idleLimitMs: async () => 15 * 60_000 });
    await vault.create(STRONG_PASSPHRASE);
    clock.advanceMinutes(14);
    expect(await vault.lockIfIdle()).toBe(false);
    await vault.touch();
    clock.advanceMinutes(14);
    expect(await vault.lockIfIdle()).toBe(false);
    expect(await vault.state()).toEqual({ state: 'unlocked' });
    clock.advanceMinutes(1);
    expect(await vault.lockIfIdle()).toBe(true);
    expect(await vault.state()).toEqual({ state: 'locked' });
    expect(await sessionSnapshot()).toEqual({});
  });

  it('does not let the first message after a long sleep count as activity', async () => {
    const clock = new TestClock();
    const vault = createVaultService({ kdfIterations: 1000, clock, idleLimitMs: async () => 60_000 });
    await vault.create(STRONG_PASSPHRASE);
    clock.advanceMinutes(120);
    await vault.touch();
    expect(await vault.state()).toEqual({ state: 'locked' });
  });

  it('refuses key access once idle even before the alarm ran', async () => {
    const clock = new TestClock();
    const vault = createVaultService({ kdfIterations: 1000, clock, idleLimitMs: async () => 60_000 });
    await vault.create(STRONG_PASSPHRASE);
    clock.advanceMinutes(2);
    expect(await vault.listKeys()).toMatchObject({ ok: false, reason: 'locked' });
  });

  it('never locks by time with "browser-close"', async () => {
    const clock = new TestClock();
    const vault = createVaultService({ kdfIterations: 1000, clock, idleLimitMs: async () => null });
    await vault.create(STRONG_PASSPHRASE);
    clock.advanceMinutes(60 * 24 * 30);
    expect(await vault.lockIfIdle()).toBe(false);
    expect(await vault.state()).toEqual({ state: 'unlocked' });
  });

  it('reads the idle limit from the settings by default', async () => {
    const clock = new TestClock();
    await fakeBrowser.storage.local.set({ settings: { autoLockMinutes: 5, clipboardClearSeconds: 30, expiryNotifications: true } });
    const vault = createVaultService({ kdfIterations: 1000, clock });
    await vault.create(STRONG_PASSPHRASE);
    clock.advanceMinutes(4);
    expect(await vault.lockIfIdle()).toBe(false);
    clock.advanceMinutes(1);
    expect(await vault.lockIfIdle()).toBe(true);
  });
});
