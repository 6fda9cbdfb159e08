import { describe, expect, it, vi } from 'vitest';
import { createClipboardHandlers } from '@/lib/clipboard/background/clipboard-handlers';
import { PAGE, hostileSenders } from '../messaging/senders';

// Moved from tests/unit/vault/vault-handlers.test.ts when `clipboard.scheduleClear` left the
// vault's protocol for the clipboard's own; the assertions are the same.

function handlers() {
  const clipboard = { scheduleClear: vi.fn(async () => undefined) };
  const touch = vi.fn(async () => undefined);
  return { clipboard, touch, handlers: createClipboardHandlers({ clipboard, touch }) };
}

describe('clipboard handlers', () => {
  it.each(hostileSenders)('refuse clipboard.scheduleClear from %s and schedule nothing', async (_label, sender) => {
    const { clipboard, handlers: h } = handlers();
    expect(await h['clipboard.scheduleClear']({ delaySeconds: 5 }, sender)).toMatchObject({ ok: false, reason: 'forbidden' });
    expect(clipboard.scheduleClear).not.toHaveBeenCalled();
  });

  it('validates input with zod and answers invalid-input instead of throwing', async () => {
    const { handlers: h } = handlers();
    for (const data of [{ delaySeconds: -1 }, { delaySeconds: 1.5 }, { delaySeconds: 100_000 }]) {
      expect(await h['clipboard.scheduleClear'](data, PAGE), JSON.stringify(data)).toMatchObject({ ok: false, reason: 'invalid-input' });
    }
  });

  it('schedules the clipboard clear through the clipboard dependency', async () => {
    const { handlers: h, clipboard, touch } = handlers();
    expect(await h['clipboard.scheduleClear']({ delaySeconds: 30 }, PAGE)).toEqual({ ok: true, value: null });
    expect(clipboard.scheduleClear).toHaveBeenCalledWith(30);
    // Copying is a person acting: it keeps the vault from auto-locking.
    expect(touch).toHaveBeenCalledTimes(1);
    const failing = createClipboardHandlers({
      clipboard: { scheduleClear: async () => Promise.reject(new Error('no offscreen')) },
    });
    expect(await failing['clipboard.scheduleClear']({ delaySeconds: 30 }, PAGE)).toMatchObject({
      ok: false,
      reason: 'clipboard-failed',
    });
  });
});
