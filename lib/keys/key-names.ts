/**
 * The rules for a key's name in the vault, the same on every side: the form checks them before
 * sending, the vault enforces them when it writes, the Kaneo service before it creates a key.
 */

/** The longest name the vault keeps (Kaneo's own limit is shorter: lib/kaneo/key-state.ts). */
export const VAULT_KEY_NAME_MAX = 64;

/**
 * Names are unique per instance, ignoring case and surrounding spaces. `toLowerCase`, not
 * `toLocaleLowerCase`: the answer must not depend on the browser's language.
 */
export function sameKeyName(a: string, b: string): boolean {
  return comparableKeyName(a) === comparableKeyName(b);
}

/** The form of a name that `sameKeyName` compares (for sets and maps of names). */
export function comparableKeyName(name: string): string {
  return name.trim().toLowerCase();
}

/** Whether another key of the same instance (web origin) already has this name. */
export function keyNameTaken(
  keys: ReadonlyArray<{ id: string; name: string; instance: { webOrigin: string } }>,
  candidate: { name: string; webOrigin: string; exceptId?: string },
): boolean {
  return keys.some(
    (key) => key.id !== candidate.exceptId && key.instance.webOrigin === candidate.webOrigin && sameKeyName(key.name, candidate.name),
  );
}
