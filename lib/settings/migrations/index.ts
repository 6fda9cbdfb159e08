import { settingsV1ToV2 } from './001-settings-v1-to-v2';

/**
 * Settings migrations (`STORAGE.settings`), keyed by the version they produce. Every stored version has a fixture of its real bytes in
 * ./fixtures/.
 *
 * When the format changes: write `./<NNN>-settings-v<N>-to-v<N+1>.ts` (NNN = 001, 002 …) as a
 * frozen snapshot with its own copy of the old schema, importing nothing that may change; add it
 * here; raise the version in lib/storage/catalogue.ts; add the new version's fixture beside the
 * old one and test the migration from the old bytes. A migration that cannot read its input
 * throws, so WXT leaves the stored value as it was.
 */
export const SETTINGS_MIGRATIONS: Record<number, (stored: unknown) => unknown> = {
  2: settingsV1ToV2,
};
