import { useCallback, useEffect, useState } from 'react';
import { getSettings, updateSettings, watchSettings } from '@/lib/settings/settings';
import type { AutoLockChoice, Settings } from '@/lib/settings/settings';
import { err, ok } from '@/lib/result';
import type { Result } from '@/lib/result';

export type { AutoLockChoice, Settings };

export interface SettingsView {
  /** `null` until read. */
  settings: Settings | null;
  error: string | null;
  update: (patch: Partial<Settings>) => Promise<Result<Settings>>;
}

/** The (unencrypted, non-secret) settings item, kept in step with other pages through watch. */
export function useSettings(): SettingsView {
  const [settings, setSettings] = useState<Settings | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let alive = true;
    getSettings().then(
      (value) => alive && setSettings(value),
      () => alive && setError('The settings could not be read.'),
    );
    const unwatch = watchSettings((value) => setSettings(value));
    return () => {
      alive = false;
      unwatch();
    };
  }, []);

  const update = useCallback(async (patch: Partial<Settings>): Promise<Result<Settings>> => {
    try {
      const next = await updateSettings(patch);
      setSettings(next);
      return ok(next);
    } catch {
      return err('settings-not-saved', 'The setting could not be saved. Try again.');
    }
  }, []);

  return { settings, error, update };
}
