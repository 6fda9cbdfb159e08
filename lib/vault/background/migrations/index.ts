/**
 * Migrations of the stored vault envelope (`STORAGE.vaultEnvelope`), keyed by the version they
 * produce (WXT `storage.defineItem` `migrations`). Version 1 is the first format, so there are
 * none yet. Every stored version has a fixture of its real bytes in ./fixtures/.
 *
 * When the format changes:
 * 1. Write `./<NNN>-envelope-v<N>-to-v<N+1>.ts` (NNN = 001, 002 …): a frozen snapshot holding its
 *    own copy of the v<N> schema, importing nothing that may change later (no shared schemas, no
 *    helpers from lib/). Once released, the file is never edited again.
 * 2. Add `N + 1: migrateEnvelopeV<N>ToV<N+1>` here: parse its input with the frozen schema and
 *    THROW on a mismatch — WXT then keeps the stored bytes untouched and the reader reports
 *    "damaged" instead of writing a half-migrated vault.
 * 3. Raise the version in lib/storage/catalogue.ts, add `./fixtures/envelope-v<N+1>.json` written
 *    by the new version, and test the migration from the old fixture.
 *
 * A migration can only rewrap or restructure; it never has the data key, so it cannot touch the
 * encrypted contents (those have their own version inside, see vault-contents.ts).
 */
export type EnvelopeMigrations = Record<number, (stored: unknown) => unknown>;

export const ENVELOPE_MIGRATIONS: EnvelopeMigrations = {};
