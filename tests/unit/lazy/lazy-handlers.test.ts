import { describe, expect, it, vi } from 'vitest';
import { createLazyHandlers } from '@/lib/lazy/background/lazy-handlers';
import { LAZY_MESSAGES, type BackgroundFeatures } from '@/lib/lazy/background/lazy-contract';
import { createBackgroundFeatures } from '@/lib/lazy/background/lazy-features';
import { LOAD_FAILED_MESSAGE } from '@/lib/lazy/background/lazy-loader';
import { err, ok } from '@/lib/result';
import { fastVault } from '../vault/vault-test-helpers';
import { hostileSenders, PAGE } from '../messaging/senders';

const ALL = LAZY_MESSAGES.flatMap(({ messages }) => [...messages]);

/** Real handlers stand-ins: each answers which message it got, with what. */
function fakeFeatures() {
  const handlers = Object.fromEntries(ALL.map((name) => [name, vi.fn(async (data: unknown, sender: unknown) => ok({ name, data, sender }))]));
  return { handlers } as unknown as Pick<BackgroundFeatures, 'handlers'> & { handlers: Record<string, ReturnType<typeof vi.fn>> };
}

describe('the core worker’s listeners for lazy messages', () => {
  it('cover every message of Kaneo, the tester, sync and backup, and nothing else', () => {
    const stubs = createLazyHandlers(async () => ok(fakeFeatures()));
    expect(Object.keys(stubs).sort()).toEqual([...ALL].sort());
    expect(ALL.every((name) => /^(kaneo|tester|sync|backup)\./.test(name))).toBe(true);
    expect(ALL.length).toBe(8 + 6 + 7 + 4);
  });

  it('load the features on first use and hand the message, as sent, to the real (guarded) handler', async () => {
    const features = fakeFeatures();
    const load = vi.fn(async () => ok(features));
    const stubs = createLazyHandlers(load);
    expect(load).not.toHaveBeenCalled();
    const data = { keyId: 'k1', extra: 'left for the real guard to refuse' };
    expect(await stubs['tester.history.list'](data, PAGE)).toEqual(ok({ name: 'tester.history.list', data, sender: PAGE }));
    expect(features.handlers['tester.history.list']).toHaveBeenCalledWith(data, PAGE);
    expect(load).toHaveBeenCalledTimes(1);
  });

  for (const [what, sender] of hostileSenders) {
    it(`refuse ${what} first, with the guard’s answer, loading nothing`, async () => {
      const load = vi.fn(async () => ok(fakeFeatures()));
      const stubs = createLazyHandlers(load);
      for (const name of ALL) {
        expect(await stubs[name]({}, sender)).toEqual(err('forbidden', 'This request did not come from one of the extension’s own pages.'));
      }
      expect(load).not.toHaveBeenCalled();
    });
  }

  it('refuse exactly as the real guarded handlers do', async () => {
    const real = createBackgroundFeatures({ vault: fastVault() });
    const stubs = createLazyHandlers(async () => ok(real));
    for (const name of ALL) {
      for (const [, sender] of hostileSenders) {
        const handler = real.handlers[name] as (data: unknown, sender: unknown) => Promise<unknown>;
        expect(await stubs[name]({}, sender), name).toEqual(await handler({}, sender));
      }
    }
  });

  it('answer a load failure as an error Result of the feature’s own failure reason, and never throw', async () => {
    const stubs = createLazyHandlers(async () => err('unavailable', LOAD_FAILED_MESSAGE));
    expect(await stubs['kaneo.inspectTab']({ tabId: 1 }, PAGE)).toEqual(err('server-error', LOAD_FAILED_MESSAGE));
    for (const name of ['tester.send', 'sync.status', 'backup.export'] as const) {
      expect(await stubs[name]({}, PAGE)).toEqual(err('internal', LOAD_FAILED_MESSAGE));
    }
    const throwing = createLazyHandlers(async () => {
      throw new Error('a secret in an exception');
    });
    const answer = await throwing['sync.status'](undefined, PAGE);
    expect(answer).toMatchObject({ ok: false, reason: 'internal' });
    expect(JSON.stringify(answer)).not.toContain('secret');
  });
});

describe('the lazy script’s features', () => {
  it('answer exactly the lazy messages, each behind the guard', async () => {
    const features = createBackgroundFeatures({ vault: fastVault() });
    expect(Object.keys(features.handlers).sort()).toEqual([...ALL].sort());
    // Behind the guard: a malformed input from a page is refused by the strict schema.
    expect(await features.handlers['sync.resolveConflict']({ id: 'x', action: 'drop-all' } as never, PAGE)).toMatchObject({
      ok: false,
      reason: 'invalid-input',
    });
  });
});
