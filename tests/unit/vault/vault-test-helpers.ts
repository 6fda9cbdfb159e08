import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { KeyDraft } from '@/lib/keys/key-entry';
import { createVaultService, type Clock, type CreateVaultServiceOptions } from '@/lib/vault/background/vault-service';

/** Passes the zxcvbn check (length >= 10, score >= 3). */
export const STRONG_PASSPHRASE = 'orbit-lantern-quietly-74-marsh';
export const OTHER_STRONG_PASSPHRASE = 'velvet cactus harbour nine grapes';

/**
 * PBKDF2 rounds for tests of behaviour unrelated to the KDF cost, to keep the suite fast. The
 * parameter tests use the real default (600,000).
 */
export const FAST_ITERATIONS = 1_000;

export class TestClock implements Clock {
  constructor(public time = Date.UTC(2026, 10, 26, 12, 0, 0)) {}
  now(): number {
    return this.time;
  }
  advanceMinutes(minutes: number): void {
    this.time += minutes * 60_000;
  }
}

export function fastVault(options: CreateVaultServiceOptions = {}) {
  return createVaultService({ kdfIterations: FAST_ITERATIONS, idleLimitMs: async () => null, ...options });
}

export function draft(overrides: Partial<KeyDraft> = {}): KeyDraft {
  return {
    name: 'CI deploy key',
    secret: 'kaneo_sk_live_7Hq2pZxW9rT4mN8vB3cY',
    instance: { webOrigin: 'https://kaneo.example.org', apiBaseUrl: 'https://kaneo.example.org/api' },
    notes: 'used by the nightly job',
    ...overrides,
  };
}

export async function localSnapshot(): Promise<Record<string, unknown>> {
  return structuredClone(await fakeBrowser.storage.local.get());
}

export async function sessionSnapshot(): Promise<Record<string, unknown>> {
  return structuredClone(await fakeBrowser.storage.session.get());
}

/** Change one byte of a base64 field (decoded), keeping it valid base64 of the same length. */
export function flipByte(base64: string, index = 0): string {
  const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  const i = index < 0 ? bytes.length + index : index;
  bytes[i] = (bytes[i] ?? 0) ^ 0x01;
  return btoa(String.fromCharCode(...bytes));
}

export const passthroughLock = <T>(_name: string, task: () => Promise<T>) => task();
