/**
 * Said where a key is made and in each key's details. Kaneo's API-key plugin keeps `permissions`
 * server-side only, so a client cannot narrow a key: a "read-only" name does not make it so.
 */
export const KEY_SCOPE_LINE = 'A Kaneo key has your whole account’s access, whatever its name.';
