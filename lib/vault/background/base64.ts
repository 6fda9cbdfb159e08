/** Base64 (standard alphabet, padded) for the bytes the vault stores as JSON strings. */

const ALPHABET = new TextEncoder().encode('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/');
const PAD = 61; // '='
const ascii = new TextDecoder();

/**
 * Table-driven into a byte buffer rather than `btoa(String.fromCharCode(...))`: the whole vault is
 * encoded on every save, and string building (and Node's `btoa`, used by tests and the benchmark)
 * is many times slower.
 */
export function bytesToBase64(bytes: Uint8Array): string {
  const out = new Uint8Array(Math.ceil(bytes.length / 3) * 4);
  const whole = bytes.length - (bytes.length % 3);
  let o = 0;
  for (let i = 0; i < whole; i += 3) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
    out[o++] = ALPHABET[n >>> 18]!;
    out[o++] = ALPHABET[(n >>> 12) & 63]!;
    out[o++] = ALPHABET[(n >>> 6) & 63]!;
    out[o++] = ALPHABET[n & 63]!;
  }
  const rest = bytes.length - whole;
  if (rest > 0) {
    const n = (bytes[whole]! << 16) | (rest === 2 ? bytes[whole + 1]! << 8 : 0);
    out[o++] = ALPHABET[n >>> 18]!;
    out[o++] = ALPHABET[(n >>> 12) & 63]!;
    out[o++] = rest === 2 ? ALPHABET[(n >>> 6) & 63]! : PAD;
    out[o++] = PAD;
  }
  return ascii.decode(out);
}

const DECODE = new Uint8Array(128);
ALPHABET.forEach((code, index) => {
  DECODE[code] = index;
});

/** Throws on anything that is not canonical padded base64, so damaged text is never "repaired". */
export function base64ToBytes(text: string): Uint8Array<ArrayBuffer> {
  if (!isBase64(text)) throw new Error('not base64');
  const padding = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  const bytes = new Uint8Array((text.length / 4) * 3 - padding);
  let o = 0;
  for (let i = 0; i < text.length; i += 4) {
    const n =
      (DECODE[text.charCodeAt(i)]! << 18) |
      (DECODE[text.charCodeAt(i + 1)]! << 12) |
      (DECODE[text.charCodeAt(i + 2)]! << 6) |
      DECODE[text.charCodeAt(i + 3)]!;
    bytes[o++] = n >>> 16;
    if (o < bytes.length) bytes[o++] = (n >>> 8) & 255;
    if (o < bytes.length) bytes[o++] = n & 255;
  }
  return bytes;
}

/** 1 for the 64 alphabet characters (by char code), 0 for everything else. */
const IS_ALPHABET = new Uint8Array(128);
ALPHABET.forEach((code) => {
  IS_ALPHABET[code] = 1;
});

/**
 * Canonical padded base64: a multiple of 4 characters from the alphabet, with `=` or `==` only at
 * the very end. A plain loop, linear in the length and without recursion: the vault ciphertext
 * is checked on every read and can be tens of megabytes, and the regular expression this replaced
 * threw `RangeError: Maximum call stack size exceeded` in Chromium's service worker from about
 * 4.3 MiB, locking the owner out of a perfectly good vault.
 */
export function isBase64(text: string): boolean {
  const length = text.length;
  if (length % 4 !== 0) return false;
  let padding = 0;
  if (length > 0 && text.charCodeAt(length - 1) === PAD) padding = text.charCodeAt(length - 2) === PAD ? 2 : 1;
  const end = length - padding;
  for (let i = 0; i < end; i++) {
    const code = text.charCodeAt(i);
    if (code >= 128 || IS_ALPHABET[code] === 0) return false;
  }
  return true;
}

/** Length in bytes of a canonical base64 string (without decoding it). */
export function base64ByteLength(text: string): number {
  const padding = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  return (text.length / 4) * 3 - padding;
}
