/**
 * Build time and tests only (Node): what goes into each packaged file (packaged-files.ts). Never
 * imported by extension code — that would bundle the data this exists to keep out.
 */
import compress from '@zxcvbn-ts/dictionary-compression/compress';
import { adjacencyGraphs, dictionary as commonDictionary } from '@zxcvbn-ts/language-common';
import commonWords from '@zxcvbn-ts/language-en/dist/commonWords.json.mjs';
import firstnames from '@zxcvbn-ts/language-en/dist/firstnames.json.mjs';
import lastnames from '@zxcvbn-ts/language-en/dist/lastnames.json.mjs';
import wordSequences from '@zxcvbn-ts/language-en/dist/wordSequences.json.mjs';

/**
 * Last names kept, most common first. zxcvbn-ts ships 88,799, which zipped are a quarter of the
 * extension's store package (246 kB of ~1 MB); the first 10,000 are what the original zxcvbn used
 * (its surname list) and cost 34 kB. A rarer surname in a passphrase still scores as the letters it
 * is, and the passphrase floor never depended on it.
 */
export const LAST_NAMES_KEPT = 10_000;

/**
 * Dictionaries: common passwords and diceware words, English common words, first and the most
 * common last names, and word sequences. The large Wikipedia word list is left out on purpose
 * (size; the others catch what matters for a vault passphrase). Each word list is stored prefix-compressed, in rank
 * order, as zxcvbn-ts ships it (about 15% smaller zipped than plain JSON arrays); the reader
 * decompresses it (lib/vault/passphrase-strength.ts).
 */
export function zxcvbnData() {
  const { graphs, dictionary } = zxcvbnLists();
  return { graphs, dictionary: Object.fromEntries(Object.entries(dictionary).map(([name, words]) => [name, compress(words)])) };
}

/** The same data with plain word lists (the reader accepts both; tests skip the compressing). */
export function zxcvbnLists() {
  const lists: Record<string, string[]> = {
    ...commonDictionary,
    'commonWords-en': commonWords,
    'firstnames-en': firstnames,
    'lastnames-en': lastnames.slice(0, LAST_NAMES_KEPT),
    ...(wordSequences as Record<string, string[]>),
  };
  return { graphs: adjacencyGraphs, dictionary: lists };
}

/** The committed OpenAPI document (lib/openapi/bundled-spec.ts says where it is from). */
export const OPENAPI_FALLBACK_SOURCE = 'lib/openapi/kaneo-2.22.0-openapi.json';
