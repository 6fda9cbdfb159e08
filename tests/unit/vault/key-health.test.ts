import { describe, expect, it } from 'vitest';
import { keyHealth } from '../../../components/vault/key-groups';
import type { KeySummary } from '../../../lib/keys/key-entry';

// Local times on purpose: "days left" counts the user's calendar days.
const local = (y: number, m: number, d: number, h: number) => new Date(y, m - 1, d, h, 0, 0);

function key(expiresAt: Date | null, revokedAt: string | null = null): KeySummary {
  return {
    id: 'k1',
    name: 'CI',
    instance: { webOrigin: 'https://kaneo.example.com', apiBaseUrl: 'https://kaneo.example.com/api' },
    notes: '',
    createdAt: '2026-11-01T10:00:00.000Z',
    updatedAt: '2026-11-01T10:00:00.000Z',
    expiresAt: expiresAt ? expiresAt.toISOString() : null,
    remoteId: null,
    start: null,
    revokedAt,
  };
}

describe('keyHealth counts calendar days', () => {
  const eveningDec1 = local(2026, 12, 1, 20);

  it('says 3 days for a key ending late on Dec 4, seen on the evening of Dec 1 (74 hours, not 4 days)', () => {
    expect(keyHealth(key(local(2026, 12, 4, 22)), eveningDec1)).toEqual({ kind: 'expiring', days: 3 });
  });

  it('says 1 day for tomorrow morning and 0 (today) for later tonight', () => {
    expect(keyHealth(key(local(2026, 12, 2, 8)), eveningDec1)).toEqual({ kind: 'expiring', days: 1 });
    expect(keyHealth(key(local(2026, 12, 1, 23)), eveningDec1)).toEqual({ kind: 'expiring', days: 0 });
  });

  it('is expiring up to 7 calendar days ahead, ok after, expired once past, revoked first', () => {
    expect(keyHealth(key(local(2026, 12, 8, 23)), eveningDec1)).toEqual({ kind: 'expiring', days: 7 });
    expect(keyHealth(key(local(2026, 12, 9, 1)), eveningDec1)).toEqual({ kind: 'ok' });
    expect(keyHealth(key(local(2026, 12, 1, 19)), eveningDec1)).toEqual({ kind: 'expired' });
    expect(keyHealth(key(local(2026, 12, 3, 12), '2026-11-30T10:00:00.000Z'), eveningDec1)).toEqual({ kind: 'revoked' });
    expect(keyHealth(key(null), eveningDec1)).toEqual({ kind: 'ok' });
  });
});
