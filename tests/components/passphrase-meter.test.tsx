import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { PassphraseMeter } from '@/components/vault/passphrase-meter';
import type { PassphraseStrength } from '@/lib/vault/passphrase-strength';

const assessed = (score: PassphraseStrength['score'], problem: string | null): PassphraseStrength => ({
  score,
  acceptable: problem === null,
  problem,
  warning: null,
  suggestions: [],
});

describe('PassphraseMeter', () => {
  it('never calls a refused passphrase "Fair" or better', () => {
    const { rerender } = render(<PassphraseMeter assessment={assessed(2, 'Use at least 12 characters.')} />);
    expect(screen.getByText('Too weak')).toBeInTheDocument();
    expect(screen.queryByText(/Fair|Good|Strong/)).not.toBeInTheDocument();
    rerender(<PassphraseMeter assessment={assessed(4, 'Use at least 12 characters.')} />);
    expect(screen.getByText('Too weak')).toBeInTheDocument();
    expect(screen.queryByText(/Fair|Good|Strong/)).not.toBeInTheDocument();
  });

  it('names an accepted passphrase by its strength', () => {
    render(<PassphraseMeter assessment={assessed(3, null)} />);
    expect(screen.getByText('Good')).toBeInTheDocument();
  });
});
