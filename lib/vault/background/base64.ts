/** Base64 (standard alphabet, padded) for the bytes the vault stores as JSON strings. */

const ALPHABET = new TextEncoder().encode('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/');
const PAD = 61; // '='
const ascii = new TextDecoder();

/** The platform's own base64 (Chrome 140+, Firefox 133+), where there is one. */
interface NativeBase64 {
  toBase64?: (this: Uint8Array) => string;
}
interface NativeBase64Constructor {
  fromBase64?: (text: string) => Uint8Array<ArrayBuffer>;
}
const nativeToBase64 = (Uint8Array.prototype as NativeBase64).toBase64;
const nativeFromBase64 = (Uint8Array as NativeBase64Constructor).fromBase64;

/**
 * The whole vault is encoded on every save (tens of megabytes at 10,000 keys), so this uses the
 * browser's native `toBase64` where it exists (standard alphabet, padded: the same text).
 * Elsewhere (Node, older browsers) it is table-driven into a byte buffer rather than
 * `btoa(String.fromCharCode(...))`: string building (and Node's `btoa`) is many times slower.
 */
export function bytesToBase64(bytes: Uint8Array): string {
  if (nativeToBase64) return nativeToBase64.call(bytes);
  return bytesToBase64Portable(bytes);
}

/** The table-driven encoder; exported so tests check it whichever one the platform uses. */
export function bytesToBase64Portable(bytes: Uint8Array): string {
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
  // Canonical already (checked above), so the native decoder reads it exactly as the loop below:
  // its default ('loose') ignores the unused bits of the last group, as this loop does.
  if (nativeFromBase64) return nativeFromBase64(text);
  return decodeChecked(text);
}

/** The table-driven decoder for text `isBase64` accepted; exported for the same tests. */
export function base64ToBytesPortable(text: string): Uint8Array<ArrayBuffer> {
  if (!isBase64(text)) throw new Error('not base64');
  return decodeChecked(text);
}

function decodeChecked(text: string): Uint8Array<ArrayBuffer> {
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
  // One save checks the same ciphertext string several times (schema, checksum, size): remember
  // the last long one that passed (short fields — IVs, salt — would only push it out). `===` on
  // strings compares content, so this never answers for different text.
  if (text === lastBase64) return true;
  if (!scanBase64(text)) return false;
  if (text.length >= REMEMBER_FROM) lastBase64 = text;
  return true;
}

const REMEMBER_FROM = 4096;

let lastBase64: string | null = null;

function scanBase64(text: string): boolean {
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
