import * as z from 'zod/mini';
import { storage } from 'wxt/utils/storage';
import { STORAGE } from '../storage/catalogue';
import { SETTINGS_MIGRATIONS } from './migrations';

/**
 * Security settings. Not secret (no names, keys or URLs), so they live unencrypted in
 * `storage.local`, versioned and zod-validated on every read. A stored value that does not
 * validate is never overwritten by a read: readers get the default for that one field.
 */

/** Auto-lock choices offered in the UI, in minutes, plus "when the browser closes". */
export const AUTO_LOCK_CHOICES = [1, 5, 15, 30, 60, 240, 'browser-close'] as const;
export type AutoLockChoice = (typeof AUTO_LOCK_CHOICES)[number];

/** Clipboard clearing choices offered in the UI, in seconds; 0 = never clear. */
export const CLIPBOARD_CLEAR_CHOICES = [0, 10, 20, 30, 45, 60, 90, 120] as const;
export const MAX_CLIPBOARD_CLEAR_SECONDS = 600;

export const DEFAULT_SETTINGS = {
  autoLockMinutes: 15,
  clipboardClearSeconds: 30,
  expiryNotifications: true,
  // Off by default: an OS notification is shown over other apps, on the lock screen and in the
  // notification centre's history, where a key's name says which project or client it is for.
  expiryNotificationNames: false,
} as const satisfies Settings;

export const autoLockSchema = z.union([z.literal(1), z.literal(5), z.literal(15), z.literal(30), z.literal(60), z.literal(240), z.literal('browser-close')]);

/** Strict: what may be written. */
export const settingsSchema = z.strictObject({
  autoLockMinutes: autoLockSchema,
  clipboardClearSeconds: z.int().check(z.gte(0), z.lte(MAX_CLIPBOARD_CLEAR_SECONDS)),
  expiryNotifications: z.boolean(),
  expiryNotificationNames: z.boolean(),
});
export type Settings = z.infer<typeof settingsSchema>;

/** Lenient: how stored values are read (each bad field falls back to its default, unknown fields are ignored). */
const storedSettingsSchema = z.object({
  autoLockMinutes: z.catch(autoLockSchema, DEFAULT_SETTINGS.autoLockMinutes),
  clipboardClearSeconds: z.catch(settingsSchema.shape.clipboardClearSeconds, DEFAULT_SETTINGS.clipboardClearSeconds),
  expiryNotifications: z.catch(z.boolean(), DEFAULT_SETTINGS.expiryNotifications),
  expiryNotificationNames: z.catch(z.boolean(), DEFAULT_SETTINGS.expiryNotificationNames),
});

export function parseStoredSettings(raw: unknown): Settings {
  const parsed = storedSettingsSchema.safeParse(raw && typeof raw === 'object' && !Array.isArray(raw) ? raw : {});
  return parsed.success ? parsed.data : { ...DEFAULT_SETTINGS };
}

export const SETTINGS_STORAGE_KEY = STORAGE.settings.key;
export const CURRENT_SETTINGS_VERSION = STORAGE.settings.version;

export { SETTINGS_MIGRATIONS } from './migrations';

/** Define the item (runs migrations). Exported for tests that write old bytes first. */
export function defineSettingsItem() {
  return storage.defineItem<unknown>(SETTINGS_STORAGE_KEY, {
    version: CURRENT_SETTINGS_VERSION,
    migrations: SETTINGS_MIGRATIONS,
  });
}

/** The raw stored item. Prefer getSettings / updateSettings / watchSettings, which validate. */
export const settingsItem = defineSettingsItem();

export async function getSettings(): Promise<Settings> {
  return parseStoredSettings(await settingsItem.getValue());
}

/** Validates, merges over the current values and stores. Throws on an invalid patch (UI bug). */
export async function updateSettings(patch: Partial<Settings>): Promise<Settings> {
  const next = settingsSchema.parse({ ...(await getSettings()), ...patch });
  await settingsItem.setValue(next);
  return next;
}

export function watchSettings(callback: (settings: Settings) => void): () => void {
  return settingsItem.watch((raw) => callback(parseStoredSettings(raw)));
}

export function describeAutoLock(choice: AutoLockChoice): string {
  if (choice === 'browser-close') return 'When the browser closes';
  if (choice < 60) return choice === 1 ? 'After 1 minute' : `After ${choice} minutes`;
  const hours = choice / 60;
  return hours === 1 ? 'After 1 hour' : `After ${hours} hours`;
}

export function describeClipboardClear(seconds: number): string {
  return seconds === 0 ? 'Never' : `After ${seconds} seconds`;
}
