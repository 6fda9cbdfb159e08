import { screen, waitFor, within } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { err, ok } from '@/lib/result';
import { toKeySummary } from '@/lib/keys/key-entry';
import type { MergePreview } from '@/lib/backup/protocol';
import { createFakeBackground, makeKey, type FakeBackground } from '../helpers/fake-background';
import { renderOptions } from '../helpers/render-app';

const mine = makeKey({ name: 'CI', secret: 'a'.repeat(64) });
const theirs = makeKey({ name: 'CI', secret: 'b'.repeat(64), id: 'their-ci', createdAt: '2026-10-01T00:00:00.000Z' });
const fresh = makeKey({ name: 'Deploy', secret: 'c'.repeat(64) });
const PREVIEW: MergePreview = {
  createdAt: '2026-11-30T12:00:00.000Z',
  added: [toKeySummary(fresh)],
  identical: [toKeySummary(makeKey({ name: 'Reader', secret: 'd'.repeat(64) }))],
  conflicts: [{ id: '0:their-ci:id-ci', reason: 'same-name', mine: toKeySummary(mine), theirs: toKeySummary(theirs), renamedTo: 'CI (2)' }],
  duplicates: 0,
  apiBases: 0,
  problems: [],
};
const FILE_TEXT = '{"format":"kaneo-key-manager/backup"}';

let fake: FakeBackground;
beforeEach(() => {
  fake = createFakeBackground({ keys: [mine] });
  fake.answer('backup.preview', () => ok(PREVIEW));
  fake.answer('backup.apply', () => ok({ added: 1, replaced: 1, skipped: 1, apiBases: 0 }));
  fake.answer('backup.export', () => ok({ fileName: 'kaneo-keys-backup-2026-12-01.kkmbackup', text: '{"cipher":"…"}' }));
});

async function chooseBackup(user: ReturnType<typeof renderOptions>['user'], file = new File([FILE_TEXT], 'b.kkmbackup')) {
  await user.upload(await screen.findByLabelText('Backup file'), file);
  await user.type(screen.getByLabelText('Backup passphrase'), 'correct horse battery staple');
  await user.click(screen.getByRole('button', { name: 'Preview' }));
}

describe('Backup section', () => {
  it('downloads an encrypted backup made by the background, with the vault passphrase', async () => {
    const created: Blob[] = [];
    URL.createObjectURL = vi.fn((blob: Blob) => {
      created.push(blob);
      return 'blob:backup';
    });
    URL.revokeObjectURL = vi.fn();
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      expect(this.download).toBe('kaneo-keys-backup-2026-12-01.kkmbackup');
    });
    const { user } = renderOptions('backup');
    await user.type(await screen.findByLabelText('Vault passphrase'), 'correct horse battery staple');
    await user.click(screen.getByRole('button', { name: 'Download backup' }));
    await waitFor(() => expect(click).toHaveBeenCalledTimes(1));
    expect(fake.dataOf('backup.export')).toEqual([{ passphrase: 'correct horse battery staple', separate: false }]);
    expect(await created[0]?.text()).toBe('{"cipher":"…"}');
    expect(screen.queryByRole('button', { name: /unencrypted/i })).not.toBeInTheDocument();
    click.mockRestore();
  });

  it('a separate passphrase must be typed twice the same', async () => {
    const { user } = renderOptions('backup');
    await user.click(await screen.findByRole('radio', { name: 'A separate passphrase' }));
    await user.type(screen.getByLabelText('New backup passphrase'), 'one long passphrase here');
    await user.type(screen.getByLabelText('Confirm new backup passphrase'), 'another one');
    await user.click(screen.getByRole('button', { name: 'Download backup' }));
    expect(await screen.findByText('The two passphrases don’t match.')).toBeInTheDocument();
    expect(fake.callsOf('backup.export')).toHaveLength(0);
  });

  it('checks a separate passphrase’s strength in the page before sending it', async () => {
    const { user } = renderOptions('backup');
    await user.click(await screen.findByRole('radio', { name: 'A separate passphrase' }));
    await user.type(screen.getByLabelText('New backup passphrase'), 'password2024');
    await user.type(screen.getByLabelText('Confirm new backup passphrase'), 'password2024');
    await user.click(screen.getByRole('button', { name: 'Download backup' }));
    expect(await screen.findByText(/too easy to guess/)).toBeInTheDocument();
    expect(fake.callsOf('backup.export')).toHaveLength(0);
  });

  it('previews new, already-here and conflicting keys, and applies the choice per conflict', async () => {
    const { user } = renderOptions('backup');
    await chooseBackup(user);
    expect(await screen.findByTestId('merge-summary')).toHaveTextContent('Backup of 2026-11-30: 1 new · 1 already here · 1 conflict');
    expect(fake.dataOf('backup.preview')).toEqual([
      { source: { kind: 'backup', text: FILE_TEXT, passphrase: 'correct horse battery staple' } },
    ]);
    expect(within(screen.getByRole('list', { name: 'New' })).getByText(/Deploy/)).toBeInTheDocument();
    const group = screen.getByRole('radiogroup', { name: 'Conflict: CI' });
    expect(within(group).getByRole('radio', { name: 'Keep mine' })).toBeChecked();
    await user.click(within(group).getByRole('radio', { name: 'Keep both (theirs as “CI (2)”)' }));
    await user.click(within(group).getByRole('radio', { name: 'Take theirs' }));
    expect(fake.callsOf('backup.apply')).toHaveLength(0);
    await user.click(screen.getByRole('button', { name: 'Import' }));
    expect(await screen.findByText('Imported: 1 added, 1 replaced, 1 skipped.')).toBeInTheDocument();
    expect(fake.dataOf('backup.apply')).toEqual([
      { source: { kind: 'backup', text: FILE_TEXT, passphrase: 'correct horse battery staple' }, choices: { '0:their-ci:id-ci': 'take-theirs' } },
    ]);
  });

  it('shows a wrong passphrase or a bad file plainly and stays on the form', async () => {
    fake.answer('backup.preview', () => err('wrong-passphrase', 'That passphrase does not open this backup. Nothing was changed.'));
    const { user } = renderOptions('backup');
    await chooseBackup(user);
    expect(await screen.findByText('That passphrase does not open this backup. Nothing was changed.')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Preview' })).toBeInTheDocument();
  });

  it('refuses a 100 MB file without reading it or sending anything', async () => {
    const { user } = renderOptions('backup');
    const big = new File(['x'], 'huge.kkmbackup');
    Object.defineProperty(big, 'size', { value: 100 * 1024 * 1024 });
    const text = vi.spyOn(big, 'text');
    await user.upload(await screen.findByLabelText('Backup file'), big);
    expect(await screen.findByText(/This file is 100 MB; at most 32 MB is read/)).toBeInTheDocument();
    expect(text).not.toHaveBeenCalled();
    expect(fake.callsOf('backup.preview')).toHaveLength(0);
  });

  it('when the vault changed since the preview, says so and shows the new preview', async () => {
    fake.answer('backup.apply', () => err('conflict', 'The vault changed since the preview. Nothing was changed; review the import again.'));
    const { user } = renderOptions('backup');
    await chooseBackup(user);
    await user.click(await screen.findByRole('button', { name: 'Import' }));
    expect(await screen.findByText(/The vault changed since the preview/)).toBeInTheDocument();
    await waitFor(() => expect(fake.callsOf('backup.preview')).toHaveLength(2));
  });

  it('imports a pasted .env list for the chosen instance, with the lines it skips', async () => {
    fake.answer('backup.preview', () => ok({ ...PREVIEW, createdAt: null, conflicts: [], identical: [], problems: [{ line: 2, message: 'Line 2 is not NAME=value; skipped.' }] }));
    const { user } = renderOptions('backup');
    await user.click(await screen.findByRole('radio', { name: 'A key list (.env)' }));
    await user.type(screen.getByLabelText('Key list'), 'DEPLOY=cccccccccccccccccccc{enter}oops');
    await user.clear(screen.getByLabelText('Kaneo address'));
    await user.type(screen.getByLabelText('Kaneo address'), 'https://kaneo.example.org/some/page');
    await user.click(screen.getByRole('button', { name: 'Preview' }));
    expect(await screen.findByText('Line 2 is not NAME=value; skipped.')).toBeInTheDocument();
    expect(fake.dataOf('backup.preview')).toEqual([
      {
        source: {
          kind: 'env',
          text: 'DEPLOY=cccccccccccccccccccc\noops',
          instance: { webOrigin: 'https://kaneo.example.org', apiBaseUrl: 'https://kaneo.example.org/api' },
        },
      },
    ]);
  });

  it('asks to unlock while locked', async () => {
    fake = createFakeBackground({ state: 'locked' });
    renderOptions('backup');
    expect(await screen.findByText('Unlock the vault to back it up or import keys.')).toBeInTheDocument();
  });
});

describe('Restore on first run', () => {
  it('restores a backup in one step from the onboarding', async () => {
    fake = createFakeBackground({ state: 'uninitialized' });
    fake.answer('backup.restoreNew', () => {
      fake.vault.state = 'unlocked';
      return ok({ added: 2, replaced: 0, skipped: 0, apiBases: 0 });
    });
    const { user } = renderOptions();
    await user.click(await screen.findByRole('button', { name: 'Restore from a backup' }));
    await user.upload(screen.getByLabelText('Backup file'), new File([FILE_TEXT], 'b.kkmbackup'));
    await user.type(screen.getByLabelText('Backup passphrase'), 'correct horse battery staple');
    await user.click(screen.getByRole('button', { name: 'Restore' }));
    await waitFor(() => expect(fake.dataOf('backup.restoreNew')).toEqual([{ text: FILE_TEXT, passphrase: 'correct horse battery staple' }]));
    expect(await screen.findByRole('navigation', { name: 'Sections' })).toBeInTheDocument();
  });

  it('shows why a restore failed and creates nothing', async () => {
    fake = createFakeBackground({ state: 'uninitialized' });
    fake.answer('backup.restoreNew', () => err('newer-version', 'This backup was made by a newer version of Kaneo Key Manager. Nothing was changed.'));
    const { user } = renderOptions();
    await user.click(await screen.findByRole('button', { name: 'Restore from a backup' }));
    await user.upload(screen.getByLabelText('Backup file'), new File([FILE_TEXT], 'b.kkmbackup'));
    await user.type(screen.getByLabelText('Backup passphrase'), 'correct horse battery staple');
    await user.click(screen.getByRole('button', { name: 'Restore' }));
    expect(await screen.findByText(/made by a newer version/)).toBeInTheDocument();
    expect(fake.vault.state).toBe('uninitialized');
  });

  it('refuses a weak backup passphrase for a new vault in the page, sending nothing', async () => {
    fake = createFakeBackground({ state: 'uninitialized' });
    const { user } = renderOptions();
    await user.click(await screen.findByRole('button', { name: 'Restore from a backup' }));
    await user.upload(screen.getByLabelText('Backup file'), new File([FILE_TEXT], 'b.kkmbackup'));
    await user.type(screen.getByLabelText('Backup passphrase'), 'short');
    await user.click(screen.getByRole('button', { name: 'Restore' }));
    expect(await screen.findByText(/too weak to lock a vault with \(Use at least 10 characters\.\)/)).toBeInTheDocument();
    expect(fake.callsOf('backup.restoreNew')).toHaveLength(0);
    expect(fake.vault.state).toBe('uninitialized');
  });
});
