/**
 * Vault cryptography — WebCrypto only (globalThis.crypto.subtle).
 *
 * Protects: the data key that encrypts every stored secret, key name, instance URL and note, and
 * through it the vault contents.
 * Against: anyone who can read the extension's `storage.local` (a copied browser profile, a backup,
 * another program on the machine, a forensic image). They get ciphertext, a salt and a wrapped key;
 * recovering anything costs one PBKDF2-SHA-256 run per passphrase guess at `iterations` rounds.
 * Not against: code running inside the extension while the vault is unlocked, or a keylogger.
 *
 * Invariants:
 * - The data key is 256 random bits from the platform CSPRNG; it is never derived from the
 *   passphrase, so a passphrase change only re-wraps it.
 * - Every AES-GCM encryption uses a fresh random 96-bit IV; an IV is never reused with a key.
 * - Each ciphertext is bound by additional data to its purpose (data key, vault, sealed blob) and
 *   to the vault id, so one kind of ciphertext cannot be swapped in for another. Since format 2
 *   the vault contents are also bound to the envelope revision that holds them (an older
 *   ciphertext cannot be put under a newer revision) and a sealed blob to the storage item it is
 *   stored in (history, API bases and listing keys cannot be swapped into one another).
 * - Key derivation: PBKDF2-SHA-256, 16-byte random salt, PBKDF2_ITERATIONS rounds (or the stored
 *   count when unlocking an older envelope). One derivation per call of `deriveWrappingKey`.
 */
import { base64ToBytes, bytesToBase64 } from './base64';

/** Current PBKDF2 cost. Raising it makes older envelopes re-wrap on their next unlock. */
export const PBKDF2_ITERATIONS = 600_000;
export const SALT_BYTES = 16;
export const IV_BYTES = 12;
export const DATA_KEY_BYTES = 32;
/** AES-GCM appends a 128-bit tag. */
export const GCM_TAG_BYTES = 16;

const encoder = new TextEncoder();
const decoder = new TextDecoder();

function subtle(): SubtleCrypto {
  return globalThis.crypto.subtle;
}

export function randomBytes(length: number): Uint8Array<ArrayBuffer> {
  return globalThis.crypto.getRandomValues(new Uint8Array(length));
}

export type Purpose = 'data-key' | 'vault' | 'sealed';

/** Additional authenticated data: ties a ciphertext to what it is and which vault it belongs to. */
export function additionalData(purpose: Purpose, vaultId: string): Uint8Array<ArrayBuffer> {
  return encoder.encode(`kaneo-key-manager/${purpose}/v1/${vaultId}`);
}

/**
 * Format 2 additional data of the vault contents: this vault, this revision. Every envelope write
 * re-encrypts the contents, so the revision in the envelope always matches the one bound here.
 */
export function contentsAdditionalData(envelope: { vaultId: string; revision: number }): Uint8Array<ArrayBuffer> {
  return encoder.encode(`kaneo-key-manager/vault/v2/${envelope.vaultId}/${envelope.revision}`);
}

/** Format 2 additional data of a sealed blob: this vault, the storage item it is stored in. */
export function sealedAdditionalData(vaultId: string, itemKey: string): Uint8Array<ArrayBuffer> {
  return encoder.encode(`kaneo-key-manager/sealed/v2/${vaultId}/${itemKey}`);
}

/** 32 fresh random bytes: the vault's data key in raw form (kept only in memory/session). */
export function generateDataKeyBytes(): Uint8Array<ArrayBuffer> {
  return randomBytes(DATA_KEY_BYTES);
}

export async function importDataKey(raw: Uint8Array<ArrayBuffer>): Promise<CryptoKey> {
  if (raw.length !== DATA_KEY_BYTES) throw new Error('data key has the wrong length');
  return subtle().importKey('raw', raw, { name: 'AES-GCM' }, false, ['encrypt', 'decrypt']);
}

export interface KdfParams {
  iterations: number;
  salt: Uint8Array<ArrayBuffer>;
}

/** The key that wraps the data key, from the passphrase. Exactly one PBKDF2 run. */
export async function deriveWrappingKey(passphrase: string, params: KdfParams): Promise<CryptoKey> {
  const material = await subtle().importKey('raw', encoder.encode(passphrase.normalize('NFC')), 'PBKDF2', false, [
    'deriveKey',
  ]);
  return subtle().deriveKey(
    { name: 'PBKDF2', hash: 'SHA-256', salt: params.salt, iterations: params.iterations },
    material,
    { name: 'AES-GCM', length: 256 },
    false,
    ['encrypt', 'decrypt'],
  );
}

export interface GcmCiphertext {
  iv: Uint8Array<ArrayBuffer>;
  ct: Uint8Array<ArrayBuffer>;
}

export async function encryptBytes(
  key: CryptoKey,
  plaintext: Uint8Array<ArrayBuffer>,
  aad: Uint8Array<ArrayBuffer>,
): Promise<GcmCiphertext> {
  const iv = randomBytes(IV_BYTES);
  const ct = await subtle().encrypt({ name: 'AES-GCM', iv, additionalData: aad, tagLength: 128 }, key, plaintext);
  return { iv, ct: new Uint8Array(ct) };
}

/** Rejects (OperationError) when the key is wrong or any byte of iv, ct or aad changed. */
export async function decryptBytes(
  key: CryptoKey,
  ciphertext: GcmCiphertext,
  aad: Uint8Array<ArrayBuffer>,
): Promise<Uint8Array<ArrayBuffer>> {
  const pt = await subtle().decrypt(
    { name: 'AES-GCM', iv: ciphertext.iv, additionalData: aad, tagLength: 128 },
    key,
    ciphertext.ct,
  );
  return new Uint8Array(pt);
}

export async function wrapDataKey(
  wrappingKey: CryptoKey,
  dataKey: Uint8Array<ArrayBuffer>,
  vaultId: string,
): Promise<GcmCiphertext> {
  return encryptBytes(wrappingKey, dataKey, additionalData('data-key', vaultId));
}

/** Rejects when the wrapping key is wrong (wrong passphrase) or the wrapped key was altered. */
export async function unwrapDataKey(
  wrappingKey: CryptoKey,
  wrapped: GcmCiphertext,
  vaultId: string,
): Promise<Uint8Array<ArrayBuffer>> {
  const raw = await decryptBytes(wrappingKey, wrapped, additionalData('data-key', vaultId));
  if (raw.length !== DATA_KEY_BYTES) throw new Error('unwrapped data key has the wrong length');
  return raw;
}

export async function encryptJson(
  key: CryptoKey,
  value: unknown,
  aad: Uint8Array<ArrayBuffer>,
): Promise<{ iv: string; ct: string }> {
  const { iv, ct } = await encryptBytes(key, encoder.encode(JSON.stringify(value)), aad);
  return { iv: bytesToBase64(iv), ct: bytesToBase64(ct) };
}

export async function decryptJson(
  key: CryptoKey,
  ciphertext: { iv: string; ct: string },
  aad: Uint8Array<ArrayBuffer>,
): Promise<unknown> {
  const pt = await decryptBytes(key, { iv: base64ToBytes(ciphertext.iv), ct: base64ToBytes(ciphertext.ct) }, aad);
  return JSON.parse(decoder.decode(pt));
}

export async function sha256Base64(text: string): Promise<string> {
  return sha256BytesBase64(encoder.encode(text));
}

export async function sha256BytesBase64(bytes: Uint8Array<ArrayBuffer>): Promise<string> {
  const digest = await subtle().digest('SHA-256', bytes);
  return bytesToBase64(new Uint8Array(digest));
}
