import { ZxcvbnFactory, type OptionsDictionary, type OptionsGraph } from '@zxcvbn-ts/core';
import decompress from '@zxcvbn-ts/dictionary-compression/decompress';
import translations from '@zxcvbn-ts/language-en/dist/translations.mjs';
import { PACKAGED_FILES, readPackagedJson } from '../packaged/packaged-files';
import { checkPassphraseFloor, MIN_PASSPHRASE_LENGTH, type PassphraseVerdict } from './passphrase-floor';

/**
 * The full passphrase check, run by the pages that choose a passphrase (first run, change
 * passphrase, a separate backup passphrase, restoring into a new vault) before they send it.
 * The background applies only the cheap floor (lib/vault/passphrase-floor.ts), which this
 * check includes: zxcvbn stays out of the service worker (docs/SECURITY.md "Passphrase strength").
 *
 * A passphrase is acceptable when it passes the floor (at least MIN_PASSPHRASE_LENGTH characters,
 * not a repetition or a common base) and zxcvbn scores it at least MIN_PASSPHRASE_SCORE (of 4).
 * The dictionaries (lib/packaged/packaged-sources.ts) are a packaged file of about a megabyte,
 * read on the first check, not bundled into any script.
 */
export { MIN_PASSPHRASE_LENGTH };
export const MIN_PASSPHRASE_SCORE = 3;

export type PassphraseScore = 0 | 1 | 2 | 3 | 4;

export interface PassphraseStrength extends PassphraseVerdict {
  score: PassphraseScore;
  /** zxcvbn's warning and suggestions, in English, for the meter. */
  warning: string | null;
  suggestions: string[];
}

let factory: Promise<ZxcvbnFactory> | null = null;

function zxcvbn(): Promise<ZxcvbnFactory> {
  // A failed read is not kept: the next check tries again.
  factory ??= readPackagedJson(PACKAGED_FILES.zxcvbn).then(
    (data) => {
      const packaged = data as { graphs: OptionsGraph; dictionary: Record<string, string | string[]> };
      // Word lists come prefix-compressed (lib/packaged/packaged-sources.ts), short ones as they are.
      const dictionary: OptionsDictionary = Object.fromEntries(
        Object.entries(packaged.dictionary).map(([name, words]) => [name, typeof words === 'string' ? decompress(words) : words]),
      );
      return new ZxcvbnFactory({ translations, graphs: packaged.graphs, dictionary });
    },
    (error: unknown) => {
      factory = null;
      throw error;
    },
  );
  return factory;
}

/** The first call reads the dictionaries and builds the matchers (tens of milliseconds); later calls are fast. */
export async function checkPassphraseStrength(passphrase: string, userInputs: string[] = []): Promise<PassphraseStrength> {
  const result = (await zxcvbn()).check(passphrase, ['kaneo', 'kaneo key manager', ...userInputs]);
  const score = result.score as PassphraseScore;
  const floor = checkPassphraseFloor(passphrase);
  // The floor's length rule is said first; past it, zxcvbn's verdict (with its hint) comes before
  // the floor's other rules, which it mostly covers.
  const tooWeak = score < MIN_PASSPHRASE_SCORE && [...passphrase].length >= MIN_PASSPHRASE_LENGTH;
  const problem = tooWeak
    ? `This passphrase is too easy to guess.${result.feedback.warning ? ` ${result.feedback.warning}` : ''}`
    : floor.problem;
  return {
    score,
    acceptable: problem === null,
    problem,
    warning: result.feedback.warning,
    suggestions: result.feedback.suggestions,
  };
}
