/**
 * The background's passphrase floor: the part of the passphrase check that needs no dictionary.
 *
 * Protects: a new vault or backup passphrase against the guesses an attacker with a stolen
 * envelope tries first.
 * Against: a message that skipped the page's full check (lib/vault/passphrase-strength.ts, zxcvbn
 * with a megabyte of dictionaries). Only this extension's own pages can send `vault.create`,
 * `vault.changePassphrase`, `backup.export` and `backup.restoreNew` (lib/messaging/sender-check.ts),
 * and those pages run the full check first; so the worker keeps this cheap floor instead of
 * parsing zxcvbn on every wake (docs/SECURITY.md "Passphrase strength").
 *
 * The full check includes this floor, so anything the page accepts the background accepts too.
 */
export const MIN_PASSPHRASE_LENGTH = 10;
/** Fewer different characters than this is a repetition ("aaaaaaaaaa", "abababababab"). */
export const MIN_DISTINCT_CHARACTERS = 5;

export interface PassphraseVerdict {
  acceptable: boolean;
  /** Why it is refused (first problem), or null when acceptable. */
  problem: string | null;
}

// The bases people put a number or a symbol around: the top of the common-password lists
// (zxcvbn's `passwords` dictionary) and the product's own words. Lowercase, letters only.
const COMMON_BASES = new Set([
  'password', 'passwort', 'passwd', 'passphrase', 'qwerty', 'qwertz', 'azerty', 'qwertyuiop', 'asdfghjkl',
  'zxcvbnm', 'letmein', 'welcome', 'admin', 'administrator', 'iloveyou', 'monkey', 'dragon', 'master',
  'sunshine', 'princess', 'football', 'baseball', 'superman', 'batman', 'trustno', 'shadow', 'michael',
  'secret', 'changeme', 'default', 'login', 'access', 'abc', 'abcdef', 'abcdefgh', 'abcdefghij', 'test',
  'testing', 'hello', 'helloworld', 'freedom', 'whatever', 'starwars', 'pokemon', 'computer', 'internet',
  'kaneo', 'kaneokaneo', 'kaneokey', 'kaneokeys', 'kaneokeymanager', 'apikey', 'vault', 'myvault',
]);

// Keyboard rows and runs, forwards; a passphrase that is one stretch of these (either way) is refused.
const RUNS = ['qwertyuiopasdfghjklzxcvbnm', 'azertyuiopqsdfghjklmwxcvbn', 'abcdefghijklmnopqrstuvwxyz', '01234567890', '1qaz2wsx3edc4rfv5tgb6yhn7ujm8ik9ol0p'];

function isRun(text: string): boolean {
  if (text.length < 4) return false;
  const reversed = [...text].reverse().join('');
  return RUNS.some((run) => run.includes(text) || run.includes(reversed));
}

/** What the background refuses, whatever the page said. Synchronous, microseconds. */
export function checkPassphraseFloor(passphrase: string): PassphraseVerdict {
  const characters = [...passphrase];
  if (characters.length < MIN_PASSPHRASE_LENGTH) {
    return { acceptable: false, problem: `Use at least ${MIN_PASSPHRASE_LENGTH} characters.` };
  }
  const lower = passphrase.toLowerCase();
  const letters = lower.replace(/[^a-z]/g, '');
  const core = lower.replace(/^[^a-z]+|[^a-z]+$/g, '');
  if (new Set(characters).size < MIN_DISTINCT_CHARACTERS || COMMON_BASES.has(core) || COMMON_BASES.has(letters) || isRun(lower) || isRun(letters)) {
    return { acceptable: false, problem: 'This passphrase is too easy to guess.' };
  }
  return { acceptable: true, problem: null };
}
