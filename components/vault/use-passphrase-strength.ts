import { useEffect, useState } from 'react';
import type { PassphraseStrength } from '@/lib/vault/passphrase-strength';

type StrengthModule = typeof import('@/lib/vault/passphrase-strength');
let loading: Promise<StrengthModule> | null = null;

/**
 * zxcvbn and its dictionaries (a packaged file of about a megabyte) are loaded only on the screens
 * that choose a passphrase (first run, change passphrase), not with every options page.
 */
function loadStrength(): Promise<StrengthModule> {
  // A failed load (the page closing mid-way, an update replacing the chunk) is not kept: the next
  // check tries again.
  loading ??= import('@/lib/vault/passphrase-strength').catch((error: unknown) => {
    loading = null;
    throw error;
  });
  return loading;
}

/** The full check, run before a chosen passphrase is sent; the background applies only its floor (lib/vault/passphrase-floor.ts). */
export async function checkPassphrase(passphrase: string): Promise<PassphraseStrength> {
  return (await loadStrength()).checkPassphraseStrength(passphrase);
}

/**
 * The strength of what is being typed, for the meter. zxcvbn takes tens of milliseconds per
 * check (more on slow machines), so it runs once typing pauses instead of on every key; the
 * last result stays up meanwhile. Submitting checks the final value anyway.
 */
export function usePassphraseStrength(value: string, delayMs = 150): PassphraseStrength | null {
  const [strength, setStrength] = useState<PassphraseStrength | null>(null);
  useEffect(() => {
    // Only a head start: a failure here is reported by the check that needs the module.
    loadStrength().catch(() => undefined);
  }, []);
  useEffect(() => {
    if (!value) {
      setStrength(null);
      return;
    }
    let alive = true;
    const timer = setTimeout(() => {
      void checkPassphrase(value).then((result) => {
        if (alive) setStrength(result);
      });
    }, delayMs);
    return () => {
      alive = false;
      clearTimeout(timer);
    };
  }, [value, delayMs]);
  return value ? strength : null;
}
