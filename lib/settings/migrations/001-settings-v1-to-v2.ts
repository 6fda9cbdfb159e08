import * as z from 'zod/mini';

/**
 * Settings v1 → v2 (frozen: imports nothing that may change). v2 adds `expiryNotificationNames`,
 * off: a v1 notification never named a locked vault's key, and naming it now would be a new
 * plain-text trace on screen the person did not choose.
 *
 * Lenient like the reader: v1 fields are copied as stored (the reader validates them field by
 * field). Input that is not an object throws, so WXT leaves the stored value as it was.
 */
const settingsV1Schema = z.looseObject({});

export function settingsV1ToV2(stored: unknown): unknown {
  const v1 = settingsV1Schema.parse(stored);
  return { ...v1, expiryNotificationNames: false };
}
