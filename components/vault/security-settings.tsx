import { useId } from 'react';
import { AUTO_LOCK_CHOICES, CLIPBOARD_CLEAR_CHOICES, describeAutoLock, describeClipboardClear } from '@/lib/settings/settings';
import type { AutoLockChoice } from '@/lib/settings/settings';
import { useSettings } from '@/components/app/use-settings';
import { useVault } from '@/components/app/vault-context';
import { ErrorMessage } from '@/components/ui/alert';
import { Select } from '@/components/ui/select';
import type { SelectOption } from '@/components/ui/select';
import { useStatus } from '@/components/ui/status';
import { SettingsGroup as Group } from '@/components/ui/settings-group';
import { ChangePassphraseForm } from './change-passphrase-form';
import { LockButton } from './lock-button';
import { ShortcutList } from '@/components/app/shortcuts';

const AUTO_LOCK_OPTIONS: readonly SelectOption<string>[] = AUTO_LOCK_CHOICES.map((choice) => ({
  value: String(choice),
  label: choice === 'browser-close' ? describeAutoLock(choice) : `${describeAutoLock(choice)} idle`,
}));

const CLIPBOARD_OPTIONS: readonly SelectOption<string>[] = CLIPBOARD_CLEAR_CHOICES.map((seconds) => ({
  value: String(seconds),
  label: seconds === 0 ? 'Never (off)' : describeClipboardClear(seconds),
}));

function withCurrent(options: readonly SelectOption<string>[], value: string, label: string): readonly SelectOption<string>[] {
  return options.some((o) => o.value === value) ? options : [...options, { value, label }];
}

/** Options page, Security section: auto-lock, clipboard clearing, notifications, passphrase, lock. */
export function SecuritySettings() {
  const { settings, error, update } = useSettings();
  const { state } = useVault();
  const { announce } = useStatus();

  const save = async (patch: Parameters<typeof update>[0], said: string) => {
    const result = await update(patch);
    if (result.ok) announce(said, 'success');
    else announce(result.message, 'danger');
  };

  return (
    <div className="ui-stack security">
      <h2>Security</h2>
      <Group title="Locking and clipboard">
        {error ? <ErrorMessage>{error}</ErrorMessage> : null}
        {settings ? (
          <div className="security__grid">
            <Select
              label="Lock the vault"
              value={String(settings.autoLockMinutes)}
              options={AUTO_LOCK_OPTIONS}
              hint="Idle means no use of the extension."
              onChange={(value) => {
                const choice: AutoLockChoice = value === 'browser-close' ? 'browser-close' : (Number(value) as AutoLockChoice);
                void save({ autoLockMinutes: choice }, 'Auto-lock saved');
              }}
            />
            <Select
              label="Clear the clipboard after copying"
              value={String(settings.clipboardClearSeconds)}
              options={withCurrent(CLIPBOARD_OPTIONS, String(settings.clipboardClearSeconds), describeClipboardClear(settings.clipboardClearSeconds))}
              hint="The clipboard is overwritten then, whatever it holds."
              onChange={(value) => void save({ clipboardClearSeconds: Number(value) }, 'Clipboard setting saved')}
            />
            <Checkbox
              label="Notify me a few days before a key expires"
              checked={settings.expiryNotifications}
              onChange={(checked) => void save({ expiryNotifications: checked }, 'Notification setting saved')}
            />
            <Checkbox
              label="Name the key in expiry notifications"
              hint="Off: the notification says only that a key expires. Notifications show on the lock screen and stay in the system’s notification history."
              checked={settings.expiryNotificationNames}
              disabled={!settings.expiryNotifications}
              onChange={(checked) => void save({ expiryNotificationNames: checked }, 'Notification setting saved')}
            />
          </div>
        ) : error ? null : (
          <p className="ui-muted">Loading…</p>
        )}
      </Group>
      <Group title="Change passphrase">
        <p className="ui-muted ui-small">
          Your keys stay as they are. You need the current passphrase.
        </p>
        <ChangePassphraseForm />
      </Group>
      {state?.state === 'unlocked' ? (
        <Group title="Lock">
          <div className="ui-row">
            <p className="ui-muted ui-small ui-spacer">Locking forgets the unlocked key in every open page at once.</p>
            <LockButton variant="secondary" />
          </div>
        </Group>
      ) : null}
      <Group title="Keyboard">
        <ShortcutList />
      </Group>
    </div>
  );
}

function Checkbox({
  label,
  checked,
  onChange,
  hint,
  disabled = false,
}: {
  label: string;
  checked: boolean;
  onChange: (checked: boolean) => void;
  hint?: string;
  disabled?: boolean;
}) {
  const id = useId();
  const hintId = useId();
  return (
    <div className="ui-checkbox">
      <input
        id={id}
        type="checkbox"
        checked={checked}
        disabled={disabled}
        aria-describedby={hint ? hintId : undefined}
        onChange={(event) => onChange(event.target.checked)}
      />
      <label htmlFor={id}>{label}</label>
      {hint ? (
        <p id={hintId} className="ui-muted ui-small">
          {hint}
        </p>
      ) : null}
    </div>
  );
}
