import { describe, expect, it } from 'vitest';
import { base64ToBytes, bytesToBase64, isBase64 } from '../../../lib/vault/background/base64';

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
