import { describe, expect, it, vi } from 'vitest';
import { createBackupGuardedHandlers } from '@/lib/backup/background/backup-handlers';
import { registerHandlers } from '@/lib/messaging/background/guarded-handlers';
import type { BackupService } from '@/lib/backup/background/backup-service';
import { MAX_BACKUP_BYTES } from '@/lib/backup/backup-schemas';
import { ok } from '@/lib/result';
import type { BackgroundVaultService } from '@/lib/vault/background/vault-service';
import { hostileSenders, PAGE } from '../messaging/senders';

function setup() {
  const service: BackupService = {
    exportBackup: vi.fn(async () => ok({ fileName: 'f', text: 't' })),
    preview: vi.fn(async () => ok({ createdAt: null, added: [], identical: [], conflicts: [], duplicates: 0, apiBases: 0, problems: [] })),
    apply: vi.fn(async () => ok({ added: 0, replaced: 0, skipped: 0, apiBases: 0 })),
    restoreNew: vi.fn(async () => ok({ added: 0, replaced: 0, skipped: 0, apiBases: 0 })),
  };
  const handlers = new Map<string, (m: { data: unknown; sender: unknown }) => Promise<unknown>>();
  const vault = { touch: vi.fn(async () => undefined) } as unknown as BackgroundVaultService;
  registerHandlers(createBackupGuardedHandlers({ vault, service }), ((name: string, handler: never) => {
    handlers.set(name, handler);
    return () => undefined;
  }) as never);
  const send = (name: string, data: unknown, ...sender: [unknown?]) => handlers.get(name)!({ data, sender: sender.length ? sender[0] : PAGE });
  return { service, send, handlers };
}

describe('backup handlers', () => {
  it('registers every backup message', () => {
    expect([...setup().handlers.keys()].sort()).toEqual(['backup.apply', 'backup.export', 'backup.preview', 'backup.restoreNew']);
  });

  for (const [what, sender] of hostileSenders) {
    it(`refuses ${what} before the service sees anything`, async () => {
      const { service, send } = setup();
      expect(await send('backup.export', { passphrase: 'x', separate: false }, sender)).toMatchObject({ ok: false, reason: 'forbidden' });
      expect(service.exportBackup).not.toHaveBeenCalled();
    });
  }

  it('parses strictly: unknown fields, unknown choices and oversized files are refused', async () => {
    const { service, send } = setup();
    const source = { kind: 'backup', text: '{}', passphrase: 'p' };
    expect(await send('backup.preview', { source: { ...source, extra: 1 } })).toMatchObject({ ok: false, reason: 'invalid-input' });
    expect(await send('backup.apply', { source, choices: { a: 'delete-all' } })).toMatchObject({ ok: false, reason: 'invalid-input' });
    expect(await send('backup.restoreNew', { text: 'x'.repeat(MAX_BACKUP_BYTES + 1), passphrase: 'p' })).toMatchObject({
      ok: false,
      reason: 'invalid-input',
      message: expect.stringMatching(/at most 32 MB is read/),
    });
    expect(service.preview).not.toHaveBeenCalled();
    expect(service.apply).not.toHaveBeenCalled();
    expect(service.restoreNew).not.toHaveBeenCalled();
    expect(await send('backup.apply', { source, choices: { a: 'keep-both' } })).toMatchObject({ ok: true });
  });
});
