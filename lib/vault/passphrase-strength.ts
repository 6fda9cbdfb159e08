import { ZxcvbnFactory, type OptionsDictionary, type OptionsGraph } from '@zxcvbn-ts/core';
import decompress from '@zxcvbn-ts/dictionary-compression/decompress';
import translations from '@zxcvbn-ts/language-en/dist/translations.mjs';
import { PACKAGED_FILES, readPackagedJson } from '../packaged/packaged-files';

/**
 * The one passphrase check, shared by the options page (live meter) and the background
 * (`vault.create` and `vault.changePassphrase` refuse what fails it).
 *
 * A passphrase is acceptable when it has at least MIN_PASSPHRASE_LENGTH characters and zxcvbn
 * scores it at least MIN_PASSPHRASE_SCORE (of 4). The dictionaries (lib/packaged/packaged-sources.ts)
 * are a packaged file of about a megabyte, read on the first check, not bundled into any script.
 */
export const MIN_PASSPHRASE_LENGTH = 10;
export const MIN_PASSPHRASE_SCORE = 3;

export type PassphraseScore = 0 | 1 | 2 | 3 | 4;

export interface PassphraseStrength {
  score: PassphraseScore;
  acceptable: boolean;
  /** Why it is refused (first problem), or null when acceptable. */
  problem: string | null;
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
  const tooShort = [...passphrase].length < MIN_PASSPHRASE_LENGTH;
  const tooWeak = score < MIN_PASSPHRASE_SCORE;
  const problem = tooShort
    ? `Use at least ${MIN_PASSPHRASE_LENGTH} characters.`
    : tooWeak
      ? `This passphrase is too easy to guess.${result.feedback.warning ? ` ${result.feedback.warning}` : ''}`
      : null;
  return {
    score,
    acceptable: problem === null,
    problem,
    warning: result.feedback.warning,
    suggestions: result.feedback.suggestions,
  };
}
