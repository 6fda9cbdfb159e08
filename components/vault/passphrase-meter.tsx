import type { PassphraseStrength } from '@/lib/vault/passphrase-strength';

const LABELS = ['Very weak', 'Weak', 'Fair', 'Good', 'Strong'] as const;

/** A five-step bar plus words. The words are the accessible part (used as the field's hint). */
/** `quiet`: leave out the advice, e.g. while the same problem is shown as the field's error. */
export function PassphraseMeter({ assessment, quiet = false }: { assessment: PassphraseStrength | null; quiet?: boolean }) {
  const score = assessment?.score ?? 0;
  return (
    <span className="passphrase-meter">
      <span className={`passphrase-meter__bar passphrase-meter__bar--${assessment ? score : 'empty'}`} aria-hidden="true">
        {[0, 1, 2, 3].map((i) => (
          <span key={i} className={assessment && i < Math.max(score, 1) ? 'is-on' : undefined} />
        ))}
      </span>
      <span className="passphrase-meter__text">
        {assessment ? (
          <>
            {/* A refused passphrase is never called "Fair" or better: it can't be used. */}
            <strong>{assessment.acceptable ? LABELS[score] : score <= 1 ? LABELS[score] : 'Too weak'}</strong>
            {!quiet && feedback(assessment) ? ` — ${feedback(assessment)}` : null}
          </>
        ) : (
          'Use four or more unrelated words, or a long sentence.'
        )}
      </span>
    </span>
  );
}

function feedback(strength: PassphraseStrength): string | null {
  return strength.problem ?? strength.warning ?? strength.suggestions[0] ?? null;
}
