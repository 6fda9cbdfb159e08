import { describe, expect, it } from 'vitest';
import { completeApiBase } from '@/lib/kaneo/api-base-input';
import { daysUntil, unusedFlag } from '@/lib/kaneo/key-state';

describe('completeApiBase', () => {
  it('adds /api to an origin, the form Kaneo’s docs use for KANEO_API_URL', () => {
    expect(completeApiBase('http://localhost:1338')).toEqual({ url: 'http://localhost:1338/api', addedApi: true });
    expect(completeApiBase(' https://api.example.com/ ')).toEqual({ url: 'https://api.example.com/api', addedApi: true });
  });
  it('takes a URL with a path as typed, and leaves text that is no URL to the background’s check', () => {
    expect(completeApiBase('https://example.com/kaneo/api')).toEqual({ url: 'https://example.com/kaneo/api', addedApi: false });
    expect(completeApiBase('not a url')).toEqual({ url: 'not a url', addedApi: false });
  });
});

describe('daysUntil counts calendar days', () => {
  it('says 3 for Dec 4 on the evening of Dec 1, and 0 later today', () => {
    const evening = new Date(2026, 11, 1, 21, 30).getTime();
    expect(daysUntil(new Date(2026, 11, 4, 9, 0).toISOString(), evening)).toBe(3);
    expect(daysUntil(new Date(2026, 11, 1, 23, 0).toISOString(), evening)).toBe(0);
    expect(daysUntil(new Date(2026, 11, 2, 0, 30).toISOString(), evening)).toBe(1);
  });
});

describe('unusedFlag', () => {
  const now = new Date('2026-11-20T12:00:00Z').getTime();
  it('flags 90 days unused, and never used once a week old', () => {
    expect(unusedFlag({ lastRequest: '2026-08-01T12:00:00Z', createdAt: '2026-01-01T00:00:00Z' }, now)).toEqual({ kind: 'unused', days: 111 });
    expect(unusedFlag({ lastRequest: '2026-11-01T12:00:00Z', createdAt: '2026-01-01T00:00:00Z' }, now)).toBeNull();
    expect(unusedFlag({ lastRequest: null, createdAt: '2026-11-01T00:00:00Z' }, now)).toEqual({ kind: 'never' });
    expect(unusedFlag({ lastRequest: null, createdAt: '2026-11-19T00:00:00Z' }, now)).toBeNull();
  });
});
