import { describe, expect, it, vi } from 'vitest';
import { copySecret, copySecretAs, copySensitiveText, type CopyDeps } from '@/lib/clipboard/page/copy';
import { DEFAULT_SETTINGS, type Settings } from '@/lib/settings/settings';

function deps(overrides: { settings?: Partial<Settings>; reveal?: unknown; schedule?: unknown; writeFails?: boolean } = {}) {
  const sent: [string, unknown][] = [];
  const sendMessage = vi.fn(async (type: string, data: unknown) => {
    sent.push([type, data]);
    if (type === 'keys.reveal') return overrides.reveal ?? { ok: true, value: { secret: 'kaneo_sk_topsecret' } };
    if (type === 'clipboard.scheduleClear') return overrides.schedule ?? { ok: true, value: null };
    throw new Error(`unexpected ${type}`);
  });
  const writeText = vi.fn(async (_text: string) => {
    if (overrides.writeFails) throw new DOMException('Document is not focused.', 'NotAllowedError');
  });
  const getSettings = vi.fn(async () => ({ ...DEFAULT_SETTINGS, ...overrides.settings }));
  return { sent, writeText, all: { sendMessage, writeText, getSettings } as unknown as CopyDeps };
}

describe('copySecret', () => {
  it('reveals, copies and schedules the clear with the configured delay', async () => {
    const d = deps();
    expect(await copySecret('key-1', d.all)).toEqual({ ok: true, value: { clearAfterSeconds: 30 } });
    expect(d.writeText).toHaveBeenCalledWith('kaneo_sk_topsecret');
    expect(d.sent).toEqual([
      ['keys.reveal', { id: 'key-1' }],
      ['clipboard.scheduleClear', { delaySeconds: 30 }],
    ]);
  });

  it('schedules nothing when clearing is off', async () => {
    const d = deps({ settings: { clipboardClearSeconds: 0 } });
    expect(await copySecret('key-1', d.all)).toEqual({ ok: true, value: { clearAfterSeconds: 0 } });
    expect(d.sent.map(([type]) => type)).toEqual(['keys.reveal']);
  });

  it('passes on a refused reveal (e.g. locked) without touching the clipboard', async () => {
    const d = deps({ reveal: { ok: false, reason: 'locked', message: 'The vault is locked.' } });
    expect(await copySecret('key-1', d.all)).toEqual({ ok: false, reason: 'locked', message: 'The vault is locked.' });
    expect(d.writeText).not.toHaveBeenCalled();
  });

  it('says so when the browser refuses the clipboard', async () => {
    const d = deps({ writeFails: true });
    expect(await copySecret('key-1', d.all)).toMatchObject({ ok: false, reason: 'clipboard-denied' });
  });

  it('says so when the clear could not be scheduled', async () => {
    const d = deps({ schedule: { ok: false, reason: 'clipboard-failed', message: 'no offscreen' } });
    const result = await copySecret('key-1', d.all);
    expect(result).toMatchObject({ ok: false, reason: 'clear-not-scheduled' });
    expect(result.ok || result.message).toMatch(/will not be cleared automatically/);
  });
});

describe('copySecretAs', () => {
  it('copies the text built around the secret and clears it like the secret', async () => {
    const d = deps();
    expect(await copySecretAs('key-1', (secret) => `export KANEO_API_KEY='${secret}'`, d.all)).toEqual({ ok: true, value: { clearAfterSeconds: 30 } });
    expect(d.writeText).toHaveBeenCalledWith("export KANEO_API_KEY='kaneo_sk_topsecret'");
    expect(d.sent.map(([type]) => type)).toEqual(['keys.reveal', 'clipboard.scheduleClear']);
  });

  it('copies nothing when the text cannot be written for this secret', async () => {
    for (const build of [() => null, () => { throw new TypeError('line break'); }]) {
      const d = deps();
      expect(await copySecretAs('key-1', build, d.all)).toMatchObject({ ok: false, reason: 'not-writable' });
      expect(d.writeText).not.toHaveBeenCalled();
    }
  });
});

describe('copySensitiveText', () => {
  it('copies any text and schedules its clear', async () => {
    const d = deps({ settings: { clipboardClearSeconds: 10 } });
    expect(await copySensitiveText('curl -H "Authorization: Bearer x"', d.all)).toEqual({
      ok: true,
      value: { clearAfterSeconds: 10 },
    });
    expect(d.sent).toEqual([['clipboard.scheduleClear', { delaySeconds: 10 }]]);
  });
});
