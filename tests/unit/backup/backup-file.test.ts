import { describe, expect, it } from 'vitest';
import { openBackup, readBackupHeader, sealBackup } from '@/lib/backup/background/backup-file';
import { MAX_BACKUP_BYTES, type BackupPayload } from '@/lib/backup/backup-schemas';
import { testKeyEntry } from '../../fixtures/key-entry';
import { flipByte } from '../vault/vault-test-helpers';

const FAST = { iterations: 1_000, minIterations: 1_000 };
const PASS = 'orbit-lantern-quietly-74-marsh';
const payload: BackupPayload = {
  v: 1,
  createdAt: '2026-12-01T10:00:00.000Z',
  keys: [
    testKeyEntry({ id: 'a', name: 'CI key', notes: 'nightly job', remoteId: 'r-1', expiresAt: '2027-01-01T00:00:00.000Z' }),
    testKeyEntry({ id: 'b', name: 'Deploy key', secret: 'd'.repeat(64) }),
  ],
  apiBases: [{ webOrigin: 'https://kaneo.example.com', apiBaseUrl: 'https://api.example.com/api' }],
};

async function sealed(): Promise<string> {
  return sealBackup(payload, PASS, FAST);
}
const edit = (text: string, change: (file: Record<string, any>) => void) => {
  const file = JSON.parse(text);
  change(file);
  return JSON.stringify(file);
};

describe('backup file', () => {
  it('round-trips the whole payload; only the header is plain text', async () => {
    const text = await sealed();
    expect(await openBackup(text, PASS, FAST)).toEqual({ ok: true, value: payload });
    const file = JSON.parse(text);
    expect(Object.keys(file).sort()).toEqual(['cipher', 'format', 'kdf', 'v']);
    // Only strings base64 cannot hold by chance (a space, a dot, a dash, or 64 of one letter).
    for (const secretish of ['CI key', 'Deploy key', 'nightly job', 'kaneo.example.com', 'api.example.com', 'r-1', 'd'.repeat(64), '2027-01-01']) {
      expect(text).not.toContain(secretish);
    }
  });

  it('records the real KDF cost by default and uses a fresh salt and IV each time', async () => {
    const a = JSON.parse(await sealBackup(payload, PASS));
    const b = JSON.parse(await sealBackup(payload, PASS));
    expect(a.kdf).toMatchObject({ name: 'PBKDF2', hash: 'SHA-256', iterations: 600_000 });
    expect(a.kdf.salt).not.toBe(b.kdf.salt);
    expect(a.cipher.iv).not.toBe(b.cipher.iv);
  });

  it('a wrong passphrase is told as such', async () => {
    const opened = await openBackup(await sealed(), 'not the passphrase at all', FAST);
    expect(opened).toMatchObject({ ok: false, reason: 'wrong-passphrase', message: expect.stringMatching(/does not open.*Nothing was changed/) });
  });

  const bad: [string, (text: string) => string, string, RegExp][] = [
    ['cut short', (t) => t.slice(0, Math.floor(t.length / 2)), 'damaged', /cut short/],
    ['a changed ciphertext byte', (t) => edit(t, (f) => (f.cipher.ct = flipByte(f.cipher.ct, 5))), 'wrong-passphrase', /changed/],
    ['a changed header (rounds)', (t) => edit(t, (f) => (f.kdf.iterations = 1_001)), 'wrong-passphrase', /changed/],
    ['a changed salt', (t) => edit(t, (f) => (f.kdf.salt = flipByte(f.kdf.salt))), 'wrong-passphrase', /changed/],
    ['a missing field', (t) => edit(t, (f) => delete f.cipher.iv), 'damaged', /cipher\.iv/],
    ['an extra plain-text field', (t) => edit(t, (f) => (f.keys = [])), 'damaged', /damaged/],
    ['a newer version', (t) => edit(t, (f) => (f.v = 2)), 'newer-version', /newer version.*Update/],
    ['an unknown version', (t) => edit(t, (f) => (f.v = 0)), 'damaged', /damaged/],
    ['another format', () => JSON.stringify({ format: 'bitwarden', items: [] }), 'not-a-backup', /not a Kaneo Key Manager backup/],
    ['a damaged-vault export', () => JSON.stringify({ format: 'kaneo-key-manager/damaged-vault-export', v: 1 }), 'not-a-backup', /damaged-vault-export.*not a backup/],
    ['not JSON', () => 'KANEO_API_KEY=abc', 'not-a-backup', /not a Kaneo Key Manager backup/],
    ['a cheap KDF', (t) => edit(t, (f) => (f.kdf.iterations = 10)), 'damaged', /key-derivation rounds/],
    ['a huge KDF', (t) => edit(t, (f) => (f.kdf.iterations = 100_000_000)), 'damaged', /key-derivation rounds/],
    ['a short IV', (t) => edit(t, (f) => (f.cipher.iv = 'AAAA')), 'damaged', /IV/],
    ['not base64', (t) => edit(t, (f) => (f.cipher.ct = '***')), 'damaged', /base64/],
  ];
  for (const [what, change, reason, message] of bad) {
    it(`refuses ${what} with a plain message`, async () => {
      const opened = await openBackup(change(await sealed()), PASS, FAST);
      expect(opened).toMatchObject({ ok: false, reason, message: expect.stringMatching(message) });
    });
  }

  it('never writes contents that are not a vault (two keys of one instance with one name)', async () => {
    const twin = { ...payload, keys: [payload.keys[0]!, { ...payload.keys[1]!, name: 'ci KEY' }] };
    // sealBackup itself refuses to write such a file; build it the way a bad writer would.
    await expect(sealBackup(twin, PASS, FAST)).rejects.toThrow();
  });

  it('refuses a file over the limit before parsing it', () => {
    const big = ' '.repeat(MAX_BACKUP_BYTES + 1);
    expect(readBackupHeader(big, FAST)).toMatchObject({ ok: false, reason: 'too-large', message: expect.stringMatching(/at most 32 MB is read/) });
  });
});
