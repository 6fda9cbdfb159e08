import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { base64ToBytes, base64ToBytesPortable, bytesToBase64, bytesToBase64Portable, isBase64 } from '../../../lib/vault/background/base64';

function bytesOf(length: number, seed: number): Uint8Array {
  return Uint8Array.from({ length }, (_, i) => (i * 131 + seed * 17) & 255);
}

describe('base64', () => {
  it.each([0, 1, 2, 3, 4, 5, 31, 32, 33, 255, 256, 70_001])('matches Node for %i bytes and round-trips', (length) => {
    const bytes = bytesOf(length, length);
    const text = bytesToBase64(bytes);
    expect(text).toBe(Buffer.from(bytes).toString('base64'));
    expect(Array.from(base64ToBytes(text))).toEqual(Array.from(bytes));
  });

  it('covers every byte value', () => {
    const bytes = Uint8Array.from({ length: 256 }, (_, i) => i);
    expect(Array.from(base64ToBytes(bytesToBase64(bytes)))).toEqual(Array.from(bytes));
  });

  it.each(['abc', 'ab=c', 'a===', '####', 'YQ', 'YQ=', 'Y Q=='])('refuses non-canonical text %j', (text) => {
    expect(isBase64(text)).toBe(false);
    expect(() => base64ToBytes(text)).toThrow();
  });
});

describe('isBase64 on large input (issue 8.1: the vault locked its owner out past ~4.3 MiB)', () => {
  // The regular expression this replaced overflowed V8's stack on long input (RangeError in
  // Chromium's service worker from ~4.3 MiB); Node's default stack is larger, so 20 MB is used.
  const big = bytesToBase64(new Uint8Array(15_000_000).map((_, i) => (i * 131) & 255));

  it('accepts 20 MB of valid base64 without throwing, and decodes it', () => {
    expect(big.length).toBe(20_000_000);
    expect(isBase64(big)).toBe(true);
    expect(base64ToBytes(big).length).toBe(15_000_000);
  });

  it.each([
    ['a bad character at the end', (t: string) => `${t.slice(0, -5)}#${t.slice(-4)}`],
    ['a bad character at the start', (t: string) => `*${t.slice(1)}`],
    ['padding in the middle', (t: string) => `${t.slice(0, 10_000_000)}==${t.slice(10_000_002)}`],
    ['a missing character', (t: string) => t.slice(1)],
    ['a non-ASCII character', (t: string) => `${t.slice(0, -1)}é`],
  ])('refuses 20 MB with %s', (_label, spoil) => {
    expect(isBase64(spoil(big))).toBe(false);
  });

  it('agrees with the canonical pattern on short strings of every shape', () => {
    const canonical = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('A', 'z', '0', '+', '/', '=', '-', ' ', 'é'), maxLength: 16 }), (text) => {
        expect(isBase64(text)).toBe(canonical.test(text));
      }),
      { numRuns: 3_000 },
    );
  });
});

describe('the portable codec (used where the platform has no Uint8Array.toBase64 / fromBase64)', () => {
  it.each([0, 1, 2, 3, 33, 70_001])('matches Node for %i bytes and round-trips', (length) => {
    const bytes = bytesOf(length, length + 7);
    const text = bytesToBase64Portable(bytes);
    expect(text).toBe(Buffer.from(bytes).toString('base64'));
    expect(Array.from(base64ToBytesPortable(text))).toEqual(Array.from(bytes));
    expect(() => base64ToBytesPortable(`${text}!`)).toThrow();
  });
});

describe('isBase64 remembers only text that passed', () => {
  it('a long string that passed does not make a different one of the same length pass', () => {
    const good = bytesToBase64(bytesOf(30_000, 3));
    expect(isBase64(good)).toBe(true);
    const bad = `${good.slice(0, 100)}#${good.slice(101)}`;
    expect(bad.length).toBe(good.length);
    expect(isBase64(bad)).toBe(false);
    // …and a copy with the same text (a different string object) still passes.
    expect(isBase64(good.split('').join(''))).toBe(true);
  });
});
