import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import { adjacencyGraphs, dictionary as commonDictionary } from '@zxcvbn-ts/language-common';
import commonWords from '@zxcvbn-ts/language-en/dist/commonWords.json.mjs';
import firstnames from '@zxcvbn-ts/language-en/dist/firstnames.json.mjs';
import lastnames from '@zxcvbn-ts/language-en/dist/lastnames.json.mjs';
import wordSequences from '@zxcvbn-ts/language-en/dist/wordSequences.json.mjs';
import translations from '@zxcvbn-ts/language-en/dist/translations.mjs';

/**
 * The one passphrase check, shared by the options page (live meter) and the background
 * (`vault.create` and `vault.changePassphrase` refuse what fails it).
 *
 * A passphrase is acceptable when it has at least MIN_PASSPHRASE_LENGTH characters and zxcvbn
 * scores it at least MIN_PASSPHRASE_SCORE (of 4). Dictionaries: common passwords and diceware
 * words, English common words, first and last names and word sequences. The large Wikipedia word
 * list is left out on purpose (size; the others catch what matters for a vault passphrase).
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

let factory: ZxcvbnFactory | null = null;

function zxcvbn(): ZxcvbnFactory {
  factory ??= new ZxcvbnFactory({
    translations,
    graphs: adjacencyGraphs,
    dictionary: {
      ...commonDictionary,
      'commonWords-en': commonWords,
      'firstnames-en': firstnames,
      'lastnames-en': lastnames,
      ...wordSequences,
    },
  });
  return factory;
}

/** Synchronous; the first call builds the matchers (tens of milliseconds), later calls are fast. */
export function checkPassphraseStrength(passphrase: string, userInputs: string[] = []): PassphraseStrength {
  const result = zxcvbn().check(passphrase, ['kaneo', 'kaneo key manager', ...userInputs]);
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
