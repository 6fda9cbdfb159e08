// keyEntryBatchSchema (lib/keys/key-entry.ts) parses a vault's stored keys on unlock: it must
// accept and answer exactly what keyEntrySchema does, key for key, while checking each distinct
// instance only once.
import { afterEach, describe, expect, it, vi } from 'vitest';
import fc from 'fast-check';
import { z } from 'zod/mini';
import { instanceSchema, keyEntryBatchSchema, keyEntrySchema } from '@/lib/keys/key-entry';

afterEach(() => {
  vi.restoreAllMocks();
});

// Valid, normalised by the transforms (a path on the web origin, trailing slashes), and invalid.
const webOrigins = [
  'https://kaneo.example.org',
  'https://kaneo.example.org/app/',
  'http://localhost:5173',
  'HTTPS://KANEO.EXAMPLE.ORG',
  'not a url',
  '',
  'https://',
  'javascript:alert(1)',
  'https://exa\nmple.com',
];
const apiBases = ['https://kaneo.example.org/api', 'https://kaneo.example.org/api///', 'https://api.example.org', 'api', ' https://x.example/api '];
const instance = fc.oneof(
  fc.record({ webOrigin: fc.constantFrom(...webOrigins), apiBaseUrl: fc.constantFrom(...apiBases) }),
  // Not a pair of strings, or with extra fields (stripped, as keyEntrySchema's object does).
  fc.constantFrom<unknown>(null, 'https://kaneo.example.org', { webOrigin: 1, apiBaseUrl: 'https://a.example/api' }, {
    webOrigin: 'https://a.example',
    apiBaseUrl: 'https://a.example/api',
    extra: true,
  }),
);
const dates = ['2026-11-26T12:00:00.000Z', '2026-11-26T12:00:00Z', 'yesterday', ''];
const storedKey = fc.record(
  {
    id: fc.constantFrom('k1', 'k2', ''),
    name: fc.constantFrom('CI deploy', '  padded  ', '', 'x'.repeat(200)),
    secret: fc.constantFrom('kaneo_sk_1', ''),
    instance,
    notes: fc.constantFrom('', 'notes', 'n'.repeat(2001)),
    createdAt: fc.constantFrom(...dates),
    updatedAt: fc.constantFrom(...dates),
    expiresAt: fc.constantFrom(null, ...dates),
    remoteId: fc.constantFrom(null, 'r1', 7),
    start: fc.constantFrom(null, 'kan'),
    revokedAt: fc.constantFrom(null, ...dates),
  },
  { requiredKeys: ['id', 'name', 'secret', 'instance', 'createdAt', 'updatedAt'] },
);

describe('keyEntryBatchSchema', () => {
  it('accepts and answers exactly what keyEntrySchema does, key for key, in any batch', () => {
    fc.assert(
      fc.property(fc.array(storedKey, { maxLength: 30 }), (keys) => {
        const batch = keyEntryBatchSchema();
        for (const key of keys) {
          const expected = keyEntrySchema.safeParse(key);
          const got = batch.safeParse(key);
          expect(got.success).toBe(expected.success);
          if (expected.success && got.success) expect(got.data).toEqual(expected.data);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('as part of a larger schema, fails the same way: a bad instance is never remembered as good', () => {
    const batch = z.array(keyEntryBatchSchema());
    const key = (webOrigin: string) => ({
      id: 'k',
      name: 'n',
      secret: 's',
      instance: { webOrigin, apiBaseUrl: 'https://a.example/api' },
      createdAt: dates[0],
      updatedAt: dates[0],
    });
    expect(batch.safeParse([key('https://a.example'), key('https://a.example')]).success).toBe(true);
    const failed = batch.safeParse([key('https://a.example'), key('not a url'), key('not a url')]);
    expect(failed.success).toBe(false);
    expect(failed.error?.issues.map((issue) => issue.path)).toEqual([
      [1, 'instance', 'webOrigin'],
      [2, 'instance', 'webOrigin'],
    ]);
  });

  it('checks each distinct instance once and gives the keys naming it one shared answer', () => {
    const check = vi.spyOn(instanceSchema, 'safeParse');
    const batch = keyEntryBatchSchema();
    const a = { webOrigin: 'https://a.example/', apiBaseUrl: 'https://a.example/api/' };
    const b = { webOrigin: 'https://a.example/', apiBaseUrl: 'https://b.example/api' };
    const parsed = [a, b, a, { ...a }, b].map((instance, i) =>
      batch.parse({ id: `k${i}`, name: 'n', secret: 's', instance, createdAt: dates[0], updatedAt: dates[0] }),
    );
    expect(check).toHaveBeenCalledTimes(2);
    expect(parsed[0]!.instance).toEqual({ webOrigin: 'https://a.example', apiBaseUrl: 'https://a.example/api' });
    expect(parsed[2]!.instance).toBe(parsed[0]!.instance);
    expect(parsed[3]!.instance).toBe(parsed[0]!.instance);
    expect(parsed[4]!.instance).toBe(parsed[1]!.instance);
    expect(parsed[1]!.instance).not.toBe(parsed[0]!.instance);
    // Another batch remembers nothing of this one.
    keyEntryBatchSchema().parse({ id: 'k', name: 'n', secret: 's', instance: a, createdAt: dates[0], updatedAt: dates[0] });
    expect(check).toHaveBeenCalledTimes(3);
  });
});
