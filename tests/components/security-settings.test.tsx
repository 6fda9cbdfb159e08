import { screen, waitFor } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { sendMessage } from '@/lib/messaging/protocol';
import { getSettings, updateSettings } from '@/lib/settings/settings';
import { createFakeBackground, type FakeBackground } from './helpers/fake-background';
import { renderOptions } from './helpers/render-app';
import { expectStatus } from './helpers/status';

vi.mock('@/lib/clipboard/page/copy', () => ({ copySecret: vi.fn() }));

// Settings are the real lib/settings item on WXT's fakeBrowser storage (reset before each test).
const CURRENT = 'correct horse battery staple';
const NEXT = 'violet tractor moonlight 7 harbor';
let fake: FakeBackground;
beforeEach(() => {
  fake = createFakeBackground({ state: 'unlocked', passphrase: CURRENT });
  vi.mocked(sendMessage).mockImplementation(fake.handle as never);
});

describe('security settings', () => {
  it('shows the stored settings and persists changes', async () => {
    const { user } = renderOptions('security');
    const autoLock = await screen.findByLabelText('Lock the vault');
    expect(autoLock).toHaveValue('15');
    expect(screen.getByLabelText('Clear the clipboard after copying')).toHaveValue('30');

    await user.selectOptions(autoLock, 'When the browser closes');
    await waitFor(async () => expect((await getSettings()).autoLockMinutes).toBe('browser-close'));
    await waitFor(() => expectStatus('Auto-lock saved'));

    await user.selectOptions(screen.getByLabelText('Lock the vault'), 'After 5 minutes idle');
    await waitFor(async () => expect((await getSettings()).autoLockMinutes).toBe(5));

    await user.selectOptions(screen.getByLabelText('Clear the clipboard after copying'), 'Never (off)');
    await waitFor(async () => expect((await getSettings()).clipboardClearSeconds).toBe(0));

    const notify = screen.getByRole('checkbox', { name: 'Notify me a few days before a key expires' });
    expect(notify).toBeChecked();
    await user.click(notify);
    await waitFor(async () => expect((await getSettings()).expiryNotifications).toBe(false));
  });

  it('names keys in expiry notifications only when turned on (off by default)', async () => {
    const { user } = renderOptions('security');
    const names = await screen.findByRole('checkbox', { name: 'Name the key in expiry notifications' });
    expect(names).not.toBeChecked();
    expect(names).toHaveAccessibleDescription(/lock screen/);
    await user.click(names);
    await waitFor(async () => expect((await getSettings()).expiryNotificationNames).toBe(true));
    await user.click(screen.getByRole('checkbox', { name: 'Notify me a few days before a key expires' }));
    await waitFor(() => expect(screen.getByRole('checkbox', { name: 'Name the key in expiry notifications' })).toBeDisabled());
  });

  it('follows changes made by another page', async () => {
    renderOptions('security');
    const autoLock = await screen.findByLabelText('Lock the vault');
    await updateSettings({ autoLockMinutes: 60 });
    await waitFor(() => expect(autoLock).toHaveValue('60'));
  });

  it('offers "Lock" while unlocked', async () => {
    const { user } = renderOptions('security');
    await screen.findByLabelText('Lock the vault');
    const section = screen.getByRole('region', { name: 'Lock' });
    await user.click(section.querySelector('button')!);
    await waitFor(() => expect(fake.callsOf('vault.lock')).toHaveLength(1));
  });
});

describe('change passphrase', { timeout: 30_000 }, () => {
  it('requires the current passphrase and a strong, confirmed new one', async () => {
    const { user } = renderOptions('security');
    const submit = await screen.findByRole('button', { name: 'Change passphrase' });
    await user.click(submit);
    expect(screen.getByLabelText('Current passphrase')).toHaveAccessibleDescription('Enter your current passphrase.');

    await user.type(screen.getByLabelText('Current passphrase'), CURRENT);
    await user.type(screen.getByLabelText('New passphrase'), 'short');
    await user.click(submit);
    expect(screen.getByLabelText('New passphrase')).toHaveAccessibleDescription(/at least 10 characters/);

    await user.clear(screen.getByLabelText('New passphrase'));
    await user.type(screen.getByLabelText('New passphrase'), NEXT);
    await user.type(screen.getByLabelText('Confirm new passphrase'), 'something else entirely');
    await user.click(submit);
    expect(screen.getByLabelText('Confirm new passphrase')).toHaveAccessibleDescription(/don’t match/);
    expect(fake.callsOf('vault.changePassphrase')).toHaveLength(0);
  });

  it('a wrong current passphrase is refused by the background and the fields are kept', async () => {
    const { user } = renderOptions('security');
    await user.type(await screen.findByLabelText('Current passphrase'), 'wrong one entirely');
    await user.type(screen.getByLabelText('New passphrase'), NEXT);
    await user.type(screen.getByLabelText('Confirm new passphrase'), NEXT);
    await user.click(screen.getByRole('button', { name: 'Change passphrase' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('The current passphrase is wrong. Nothing was changed.');
    expect(screen.getByLabelText('Current passphrase')).toHaveValue('wrong one entirely');
    expect(screen.getByLabelText('New passphrase')).toHaveValue(NEXT);
    expect(fake.vault.passphrase).toBe(CURRENT);
  });

  it('changes the passphrase, re-encrypting by default, and clears the form', async () => {
    const { user } = renderOptions('security');
    await user.type(await screen.findByLabelText('Current passphrase'), CURRENT);
    expect(screen.getByRole('checkbox', { name: 'Re-encrypt with a new key' })).toBeChecked();
    await user.type(screen.getByLabelText('New passphrase'), NEXT);
    await user.type(screen.getByLabelText('Confirm new passphrase'), `${NEXT}{Enter}`);
    await waitFor(() =>
      expect(fake.callsOf('vault.changePassphrase')).toEqual([
        { name: 'vault.changePassphrase', data: { current: CURRENT, next: NEXT, reencrypt: true } },
      ]),
    );
    await waitFor(() => expect(screen.getByLabelText('Current passphrase')).toHaveValue(''));
    expectStatus('Passphrase changed and everything re-encrypted');
  });

  it('changes only the passphrase when re-encrypting is turned off', async () => {
    const { user } = renderOptions('security');
    await user.type(await screen.findByLabelText('Current passphrase'), CURRENT);
    await user.click(screen.getByRole('checkbox', { name: 'Re-encrypt with a new key' }));
    await user.type(screen.getByLabelText('New passphrase'), NEXT);
    await user.type(screen.getByLabelText('Confirm new passphrase'), `${NEXT}{Enter}`);
    await waitFor(() =>
      expect(fake.callsOf('vault.changePassphrase')).toEqual([
        { name: 'vault.changePassphrase', data: { current: CURRENT, next: NEXT, reencrypt: false } },
      ]),
    );
    expectStatus('Passphrase changed');
  });
});
