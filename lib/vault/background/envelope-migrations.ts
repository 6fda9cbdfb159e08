/**
 * Migrations of the stored vault envelope, keyed by the version they produce (WXT
 * `storage.defineItem` `migrations`). Version 1 is the first format, so there are none yet.
 *
 * When the format changes:
 * 1. Copy the current schema into `migrations/envelope-v<N>.ts` as a frozen snapshot that imports
 *    nothing that may change later (no shared schemas, no helpers from lib/).
 * 2. Add `N + 1: migrateEnvelopeV<N>ToV<N+1>` here: parse its input with the frozen schema and
 *    THROW on a mismatch — WXT then keeps the stored bytes untouched and the reader reports
 *    "damaged" instead of writing a half-migrated vault.
 * 3. Raise CURRENT_ENVELOPE_VERSION, keep a fixture of the old bytes in tests/fixtures/vault/ and
 *    test the migration from it.
 *
 * A migration can only rewrap or restructure; it never has the data key, so it cannot touch the
 * encrypted contents (those have their own version inside, see vault-contents.ts).
 */
export type EnvelopeMigrations = Record<number, (stored: unknown) => unknown>;

export const ENVELOPE_MIGRATIONS: EnvelopeMigrations = {};
