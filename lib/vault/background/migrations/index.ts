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
 * A WXT migration can only rewrap or restructure; it never has the data key, so it cannot touch the
 * encrypted contents (those have their own version inside, see vault-contents.ts).
 *
 * KEYED migrations change the envelope FORMAT (its `v` field, envelope.ts' CURRENT_ENVELOPE_VERSION)
 * where ciphertext must be re-encrypted: they run at unlock with the data key
 * (envelope-format-upgrade.ts), keyed by the format they produce, frozen like the others, with
 * fixtures (./fixtures/envelope-v1.json, ./fixtures/envelope-v1-with-sealed.json,
 * ./fixtures/envelope-v2.json; format 3 adds its bucket items: ./fixtures/envelope-v3.json).
 */
import { migrateEnvelopeFormat1To2 } from './001-envelope-format-1-to-2';
import { migrateEnvelopeFormat2To3 } from './002-envelope-format-2-to-3';

export type EnvelopeMigrations = Record<number, (stored: unknown) => unknown>;

export const ENVELOPE_MIGRATIONS: EnvelopeMigrations = {};

/**
 * A keyed migration: the stored envelope of one format (and the sealed items) in, the next
 * format out — the envelope, the sealed items it re-sealed and, from format 3, the bucket items
 * to write before the envelope.
 */
export type KeyedEnvelopeMigration = (input: {
  dataKey: CryptoKey;
  envelope: unknown;
  sealed: Record<string, unknown>;
}) => Promise<{ envelope: Record<string, unknown>; sealed: Record<string, unknown>; buckets?: Record<string, unknown> }>;

export const KEYED_ENVELOPE_MIGRATIONS: Record<number, KeyedEnvelopeMigration> = {
  2: migrateEnvelopeFormat1To2,
  3: migrateEnvelopeFormat2To3,
};
