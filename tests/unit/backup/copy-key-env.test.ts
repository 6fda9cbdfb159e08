import { describe, expect, it, vi } from 'vitest';
import { copyKeyEnv } from '@/lib/backup/page/backup-files';
import { toKeySummary } from '@/lib/keys/key-entry';
import { ok } from '@/lib/result';
import { testKeyEntry } from '../../fixtures/key-entry';

describe('copyKeyEnv', () => {
  it('copies KANEO_API_URL and KANEO_API_KEY and schedules the clipboard clear', async () => {
    const entry = testKeyEntry({ id: 'k', secret: 'S'.repeat(64) });
    const sendMessage = vi.fn(async (name: string) => (name === 'keys.reveal' ? ok({ secret: entry.secret }) : ok(null)));
    const writeText = vi.fn(async () => undefined);
    const copied = await copyKeyEnv(toKeySummary(entry), {
      sendMessage: sendMessage as never,
      writeText,
      getSettings: (async () => ({ clipboardClearSeconds: 30 })) as never,
    });
    expect(copied).toEqual({ ok: true, value: { clearAfterSeconds: 30 } });
    expect(writeText).toHaveBeenCalledWith(`KANEO_API_URL=https://kaneo.example.com/api\nKANEO_API_KEY=${'S'.repeat(64)}\n`);
    expect(sendMessage).toHaveBeenCalledWith('clipboard.scheduleClear', { delaySeconds: 30 });
  });
});
