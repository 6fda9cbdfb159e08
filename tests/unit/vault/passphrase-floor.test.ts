import { describe, expect, it } from 'vitest';
import { checkPassphraseFloor } from '@/lib/vault/passphrase-floor';
import { checkPassphraseStrength } from '@/lib/vault/passphrase-strength';

describe('checkPassphraseFloor (the background floor)', () => {
  it('refuses anything shorter than 10 characters', () => {
    expect(checkPassphraseFloor('x7$Qp!zR2')).toEqual({ acceptable: false, problem: 'Use at least 10 characters.' });
  });

  it.each(['aaaaaaaaaaaaaaa', 'abababababab', 'password123', 'Password2024!', '!!Password99', 'qwertyuiop12', 'kaneokaneo123', '1234567890', 'zyxwvutsrqpo', 'Welcome-2026'])(
    'refuses the trivially weak %s',
    (weak) => {
      expect(checkPassphraseFloor(weak)).toEqual({ acceptable: false, problem: 'This passphrase is too easy to guess.' });
    },
  );

  it.each(['orbit-lantern-quietly-74-marsh', 'velvet cactus harbour nine grapes', 'x7$Qp!zR2k'])('accepts %s', (fine) => {
    expect(checkPassphraseFloor(fine)).toEqual({ acceptable: true, problem: null });
  });

  it('is part of the full check: what the page accepts, the background accepts', async () => {
    for (const candidate of ['orbit-lantern-quietly-74-marsh', 'abcab cabca bcabc 9', 'Password!!2024!!', 'qwer tyui op12 34 !!', 'x7$Qp!zR2k']) {
      const full = await checkPassphraseStrength(candidate);
      if (full.acceptable) expect(checkPassphraseFloor(candidate).acceptable, candidate).toBe(true);
      if (!checkPassphraseFloor(candidate).acceptable) expect(full.acceptable, candidate).toBe(false);
    }
  });
});
