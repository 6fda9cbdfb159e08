import { describe, expect, it } from 'vitest';
import { checkPassphraseStrength, MIN_PASSPHRASE_LENGTH, MIN_PASSPHRASE_SCORE } from '@/lib/vault/passphrase-strength';
import { LAST_NAMES_KEPT, zxcvbnLists } from '@/lib/packaged/packaged-sources';

describe('checkPassphraseStrength', () => {
  it('uses length >= 10 and zxcvbn score >= 3', () => {
    expect(MIN_PASSPHRASE_LENGTH).toBe(10);
    expect(MIN_PASSPHRASE_SCORE).toBe(3);
  });

  it.each(['password123', 'password1234', 'qwertyuiop12', 'aaaaaaaaaaaaaaa', 'Password2024!', 'kaneokaneo123'])(
    'refuses the trivially weak %s with a reason',
    async (weak) => {
      const result = await checkPassphraseStrength(weak);
      expect(result.acceptable).toBe(false);
      expect(result.score).toBeLessThan(3);
      expect(result.problem).toMatch(/too easy to guess/);
    },
  );

  it('refuses anything shorter than 10 characters, however random', async () => {
    const result = await checkPassphraseStrength('x7$Qp!zR2');
    expect(result.acceptable).toBe(false);
    expect(result.problem).toMatch(/at least 10 characters/);
  });

  it.each(['orbit-lantern-quietly-74-marsh', 'velvet cactus harbour nine grapes'])('accepts the strong %s', async (strong) => {
    const result = await checkPassphraseStrength(strong);
    expect(result).toMatchObject({ acceptable: true, problem: null });
    expect(result.score).toBeGreaterThanOrEqual(3);
  });

  it('packages the most common last names only, in rank order, and still refuses them', async () => {
    const lastNames = zxcvbnLists().dictionary['lastnames-en'] ?? [];
    expect(lastNames).toHaveLength(LAST_NAMES_KEPT);
    expect(lastNames.slice(0, 3)).toEqual(['smith', 'johnson', 'williams']);
    for (const weak of ['Johnson2024!', 'Williams1990', 'Garcia12345']) {
      expect((await checkPassphraseStrength(weak)).acceptable).toBe(false);
    }
  });
});
