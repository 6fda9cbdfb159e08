import { useEffect, useState } from 'react';
import { checkPassphraseStrength } from '@/lib/vault/passphrase-strength';
import type { PassphraseStrength } from '@/lib/vault/passphrase-strength';

/**
 * The strength of what is being typed, for the meter. zxcvbn takes tens of milliseconds per
 * check (more on slow machines), so it runs once typing pauses instead of on every key; the
 * last result stays up meanwhile. Submitting checks the final value synchronously anyway.
 */
export function usePassphraseStrength(value: string, delayMs = 150): PassphraseStrength | null {
  const [strength, setStrength] = useState<PassphraseStrength | null>(null);
  useEffect(() => {
    if (!value) {
      setStrength(null);
      return;
    }
    const timer = setTimeout(() => setStrength(checkPassphraseStrength(value)), delayMs);
    return () => clearTimeout(timer);
  }, [value, delayMs]);
  return value ? strength : null;
}
