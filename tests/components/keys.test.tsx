import { screen, waitFor, within } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { sendMessage } from '@/lib/messaging/protocol';
import { createFakeBackground, makeKey, type FakeBackground } from './helpers/fake-background';
import { renderOptions, renderPopup } from './helpers/render-app';
import { expectStatus } from './helpers/status';

vi.mock('@/lib/clipboard/page/copy', () => ({ copySecret: vi.fn() }));

let fake: FakeBackground;
beforeEach(() => {
  fake = createFakeBackground({
    state: 'unlocked',
    keys: [
      makeKey({ id: 'k1', name: 'CI deploy', secret: 'kaneo_ci_secret_111' }),
      makeKey({
        id: 'k2',
        name: 'Reporting',
        secret: 'kaneo_rep_secret_222',
        instance: { webOrigin: 'https://tasks.acme.test', apiBaseUrl: 'https://api.acme.test' },
      }),
      makeKey({ id: 'k3', name: 'Backup job', secret: 'kaneo_bak_secret_333' }),
    ],
  });
  vi.mocked(sendMessage).mockImplementation(fake.handle as never);
});

function rowOf(name: string): HTMLElement {
  const row = screen.getByText(name, { selector: '.key-row__name' }).closest('li');
  if (!row) throw new Error(`no row for ${name}`);
  return row;
}

describe('key list', () => {
  it('groups keys by instance, sorted, and never shows a secret', async () => {
    renderPopup();
    // One flat, virtualised list: each instance's heading row, then its key rows, in order.
    const list = await screen.findByRole('list', { name: 'Keys' });
    const lines = [...list.children].map((li) =>
      li.querySelector('h3') ? `# ${li.querySelector('h3')!.textContent}` : li.querySelector('.key-row__name')!.textContent,
    );
    expect(lines.filter((line) => line?.startsWith('# '))).toEqual(['# kaneo.example.com', '# tasks.acme.test']);
    expect(lines.slice(0, 3)).toEqual(['# kaneo.example.com', 'Backup job', 'CI deploy']);
    expect(within(list).getByText('API https://api.acme.test')).toBeInTheDocument();
    // Key rows count among keys only; a group's heading row is an item without a position.
    const keyRows = within(list).getAllByRole('listitem').filter((li) => !li.querySelector('h3'));
    expect(keyRows[0]).toHaveAttribute('aria-posinset', '1');
    expect(document.body.textContent).not.toMatch(/kaneo_\w+_secret/);
  });

  it('searches by name and by instance; "/" focuses the search box', async () => {
    const { user } = renderPopup();
    await screen.findByText('CI deploy');
    await user.keyboard('/');
    const search = screen.getByRole('searchbox', { name: 'Search keys' });
    expect(search).toHaveFocus();
    // The hint is a key cap beside the box, announced through aria-keyshortcuts, not a "/" in the placeholder.
    expect(search).toHaveAttribute('aria-keyshortcuts', '/');
    expect(search).toHaveAttribute('placeholder', 'Search by name or instance');
    const cap = search.parentElement!.querySelector('kbd');
    expect(cap).toHaveTextContent('/');
    expect(cap).toHaveAttribute('aria-hidden', 'true');

    await user.type(search, 'deploy');
    expect(screen.getByText('CI deploy')).toBeInTheDocument();
    expect(screen.queryByText('Reporting')).not.toBeInTheDocument();
    expect(screen.getByText('1 key matches “deploy”')).toHaveAttribute('role', 'status');

    await user.clear(search);
    await user.type(search, 'acme');
    expect(screen.getByText('Reporting')).toBeInTheDocument();
    expect(screen.queryByText('CI deploy')).not.toBeInTheDocument();

    await user.clear(search);
    await user.type(search, 'nothing like it');
    expect(screen.getByText('No matching keys')).toBeInTheDocument();

    await user.keyboard('{Escape}');
    expect(search).toHaveValue('');
    expect(screen.getByText('CI deploy')).toBeInTheDocument();
  });

  it('shows an empty state with a way to add when there are no keys', async () => {
    fake.vault.keys = [];
    renderPopup();
    expect(await screen.findByText('No keys yet')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Add a key in options' })).toBeInTheDocument();
  });

  /** Noon, `days` calendar days from today: the row counts calendar days, not 24-hour spans. */
  const inCalendarDays = (days: number) => {
    const date = new Date();
    date.setDate(date.getDate() + days);
    date.setHours(12, 0, 0, 0);
    return date;
  };

  it('marks expired and soon-expiring keys', async () => {
    const day = 24 * 60 * 60 * 1000;
    fake.vault.keys = [
      makeKey({ id: 'e1', name: 'Old', secret: 's1', expiresAt: new Date(Date.now() - day).toISOString() }),
      makeKey({ id: 'e2', name: 'Soon', secret: 's2', expiresAt: inCalendarDays(3).toISOString() }),
      makeKey({ id: 'e3', name: 'Later', secret: 's3', expiresAt: new Date(Date.now() + 90 * day).toISOString() }),
    ];
    renderPopup();
    await screen.findByText('Old');
    expect(within(rowOf('Old')).getByText('Expired')).toBeInTheDocument();
    expect(within(rowOf('Soon')).getByText('Expires in 3 days')).toBeInTheDocument();
    expect(within(rowOf('Later')).queryByText(/Expire/)).not.toBeInTheDocument();
  });
});

describe('add a key (options)', () => {
  it('refuses an incomplete form with errors next to each field and sends nothing', async () => {
    const { user } = renderOptions('keys');
    await user.click(await screen.findByRole('button', { name: 'Add key' }));
    const dialog = screen.getByRole('dialog', { name: 'Add a key' });
    expect(within(dialog).getByLabelText('Name')).toHaveFocus();
    await user.type(within(dialog).getByLabelText('Kaneo web address'), 'not a url at all');
    await user.click(within(dialog).getByRole('button', { name: 'Add key' }));
    expect(within(dialog).getByLabelText('Name')).toHaveAccessibleDescription(expect.stringContaining('Give the key a name'));
    expect(within(dialog).getByLabelText('API key')).toHaveAccessibleDescription('Paste the key');
    expect(within(dialog).getByLabelText('Kaneo web address')).toHaveAccessibleDescription(/Enter a web address/);
    expect(within(dialog).getByLabelText('Name')).toHaveFocus();
    expect(fake.callsOf('keys.add')).toHaveLength(0);
  });

  it('says why its name rule differs from "New API key" (a vault label, never sent to Kaneo) and what a key can do', async () => {
    const { user } = renderOptions('keys');
    await user.click(await screen.findByRole('button', { name: 'Add key' }));
    const dialog = screen.getByRole('dialog', { name: 'Add a key' });
    expect(within(dialog).getByLabelText('Name')).toHaveAccessibleDescription(
      'Your label in this vault, up to 64 characters. It is not sent to Kaneo.',
    );
    expect(dialog).toHaveTextContent('A Kaneo key has your whole account’s access, whatever its name.');
  });

  it('the edit dialog (a key’s details) says what the key can do', async () => {
    const { user } = renderOptions('keys');
    await user.click(await screen.findByRole('button', { name: 'Edit CI deploy' }));
    expect(screen.getByRole('dialog', { name: 'Edit “CI deploy”' })).toHaveTextContent('A Kaneo key has your whole account’s access');
  });

  it('refuses a name longer than 64 characters and a duplicate name on the same instance', async () => {
    const { user } = renderOptions('keys');
    await user.click(await screen.findByRole('button', { name: 'Add key' }));
    const dialog = screen.getByRole('dialog');
    await user.type(within(dialog).getByLabelText('Name'), 'x'.repeat(65));
    await user.type(within(dialog).getByLabelText('API key'), 'abc');
    await user.type(within(dialog).getByLabelText('Kaneo web address'), 'https://kaneo.example.com');
    await user.click(within(dialog).getByRole('button', { name: 'Add key' }));
    expect(within(dialog).getByLabelText('Name')).toHaveAccessibleDescription(expect.stringContaining('At most 64 characters'));

    await user.clear(within(dialog).getByLabelText('Name'));
    await user.type(within(dialog).getByLabelText('Name'), 'ci DEPLOY{Enter}');
    expect(within(dialog).getByLabelText('Name')).toHaveAccessibleDescription(expect.stringContaining('This instance already has a key with that name'));
    expect(fake.callsOf('keys.add')).toHaveLength(0);
  });

  it('adds a key with the API base defaulting to origin + /api and an end-of-day expiry', async () => {
    const { user } = renderOptions('keys');
    await user.click(await screen.findByRole('button', { name: 'Add key' }));
    const dialog = screen.getByRole('dialog');
    await user.type(within(dialog).getByLabelText('Name'), 'Staging bot');
    await user.type(within(dialog).getByLabelText('API key'), 'kaneo_new_secret_999');
    await user.type(within(dialog).getByLabelText('Kaneo web address'), 'staging.kaneo.test/some/page');
    expect(within(dialog).getByLabelText('API base URL')).toHaveAttribute('placeholder', 'https://staging.kaneo.test/api');
    await user.type(within(dialog).getByLabelText('Expires on (optional)'), '2027-03-05');
    await user.type(within(dialog).getByLabelText('Notes (optional)'), 'for the nightly sync');
    await user.click(within(dialog).getByRole('button', { name: 'Add key' }));

    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(fake.callsOf('keys.add')).toEqual([
      {
        name: 'keys.add',
        data: {
          draft: {
            name: 'Staging bot',
            secret: 'kaneo_new_secret_999',
            instance: { webOrigin: 'https://staging.kaneo.test', apiBaseUrl: 'https://staging.kaneo.test/api' },
            notes: 'for the nightly sync',
            expiresAt: new Date('2027-03-05T23:59:59').toISOString(),
          },
        },
      },
    ]);
    expect(await screen.findByText('Staging bot')).toBeInTheDocument();
    expectStatus('Added “Staging bot”');
    expect(document.body.textContent).not.toContain('kaneo_new_secret_999');
  });

  it('keeps everything typed when the background refuses, and says why', async () => {
    fake.vault.failNext.set('keys.add', { reason: 'locked', message: 'The vault is locked. Unlock it and try again.' });
    const { user } = renderOptions('keys');
    await user.click(await screen.findByRole('button', { name: 'Add key' }));
    const dialog = screen.getByRole('dialog');
    await user.type(within(dialog).getByLabelText('Name'), 'Kept');
    await user.type(within(dialog).getByLabelText('API key'), 'kaneo_kept_1');
    await user.type(within(dialog).getByLabelText('Kaneo web address'), 'https://kaneo.example.com');
    await user.click(within(dialog).getByRole('button', { name: 'Add key' }));
    expect(await within(dialog).findByRole('alert')).toHaveTextContent('The vault is locked. Unlock it and try again.');
    expect(within(dialog).getByLabelText('Name')).toHaveValue('Kept');
    expect(within(dialog).getByLabelText('API key')).toHaveValue('kaneo_kept_1');
    expect(within(dialog).getByLabelText('Kaneo web address')).toHaveValue('https://kaneo.example.com');
  });

  it('Escape closes the dialog and returns focus to the Add button', async () => {
    const { user } = renderOptions('keys');
    const add = await screen.findByRole('button', { name: 'Add key' });
    await user.click(add);
    expect(screen.getByRole('dialog')).toHaveAttribute('aria-modal', 'true');
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(add).toHaveFocus();
  });

  it('Tab stays inside the dialog', async () => {
    const { user } = renderOptions('keys');
    await user.click(await screen.findByRole('button', { name: 'Add key' }));
    const dialog = screen.getByRole('dialog');
    for (let i = 0; i < 15; i++) {
      await user.tab();
      expect(dialog).toContainElement(document.activeElement as HTMLElement);
    }
    await user.tab({ shift: true });
    expect(dialog).toContainElement(document.activeElement as HTMLElement);
  });
});

describe('auto-lock while the form is open', () => {
  it('keeps what was typed, asks for the passphrase in the dialog, then saves', async () => {
    const { user } = renderOptions('keys');
    await user.click(await screen.findByRole('button', { name: 'Add key' }));
    const dialog = screen.getByRole('dialog', { name: 'Add a key' });
    await user.type(within(dialog).getByLabelText('Name'), 'Typed before the lock');
    await user.type(within(dialog).getByLabelText('API key'), 'kaneo_typed_1');
    await user.type(within(dialog).getByLabelText('Kaneo web address'), 'https://kaneo.example.com');

    fake.vault.state = 'locked';
    window.dispatchEvent(new Event('focus'));
    const unlock = await within(dialog).findByRole('form', { name: 'Vault locked' });
    expect(within(dialog).getByLabelText('Name')).toHaveValue('Typed before the lock');
    expect(within(dialog).getByLabelText('Kaneo web address')).toHaveFocus();
    expect(document.body.textContent).not.toContain('kaneo_ci_secret_111');

    await user.type(within(unlock).getByLabelText('Passphrase'), `${fake.vault.passphrase}{Enter}`);
    await waitFor(() => expect(within(dialog).queryByRole('form', { name: 'Vault locked' })).not.toBeInTheDocument());
    await user.click(within(dialog).getByRole('button', { name: 'Add key' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(fake.callsOf('keys.add')[0]!.data).toMatchObject({ draft: { name: 'Typed before the lock', secret: 'kaneo_typed_1' } });
  });
});

describe('edit a key (options)', () => {
  it('renames a key, sending only what changed', async () => {
    const { user } = renderOptions('keys');
    await screen.findByText('CI deploy');
    await user.click(within(rowOf('CI deploy')).getByRole('button', { name: 'Edit CI deploy' }));
    const dialog = screen.getByRole('dialog', { name: 'Edit “CI deploy”' });
    expect(within(dialog).getByLabelText('API key')).toHaveValue('');
    expect(within(dialog).getByLabelText('Kaneo web address')).toHaveValue('https://kaneo.example.com');
    const name = within(dialog).getByLabelText('Name');
    await user.clear(name);
    await user.type(name, 'CI deploy (prod){Enter}');
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(fake.callsOf('keys.update')).toEqual([{ name: 'keys.update', data: { id: 'k1', patch: { name: 'CI deploy (prod)' } } }]);
    expect(await screen.findByText('CI deploy (prod)')).toBeInTheDocument();
  });

  it('shows a saved key from the background\u2019s answer, without asking for the whole list again', async () => {
    const { user } = renderOptions('keys');
    await screen.findByText('CI deploy');
    const listsBefore = fake.callsOf('keys.changes').length;
    await user.click(within(rowOf('CI deploy')).getByRole('button', { name: 'Edit CI deploy' }));
    const name = within(screen.getByRole('dialog')).getByLabelText('Name');
    await user.clear(name);
    await user.type(name, 'CI deploy (staging){Enter}');
    expect(await screen.findByText('CI deploy (staging)')).toBeInTheDocument();
    expect(screen.queryByText('CI deploy', { selector: '.key-row__name' })).not.toBeInTheDocument();
    // (In the extension the save's write to storage then asks only for what changed: keys.changes.)
    expect(fake.callsOf('keys.changes')).toHaveLength(listsBefore);
  });

  it('replaces the secret and moves the key to a split deployment', async () => {
    const { user } = renderOptions('keys');
    await screen.findByText('Backup job');
    await user.click(within(rowOf('Backup job')).getByRole('button', { name: 'Edit Backup job' }));
    const dialog = screen.getByRole('dialog');
    await user.type(within(dialog).getByLabelText('API key'), 'kaneo_rotated_444');
    await user.type(within(dialog).getByLabelText('API base URL'), 'https://api.kaneo.example.com/');
    await user.click(within(dialog).getByRole('button', { name: 'Save changes' }));
    await waitFor(() => expect(fake.callsOf('keys.update')).toHaveLength(1));
    expect(fake.callsOf('keys.update')[0]!.data).toEqual({
      id: 'k3',
      patch: {
        secret: 'kaneo_rotated_444',
        instance: { webOrigin: 'https://kaneo.example.com', apiBaseUrl: 'https://api.kaneo.example.com' },
      },
    });
  });
});

describe('long notes (options)', () => {
  const whole = `${'deploy notes '.repeat(40)}END`;

  it('the row gets a preview; the edit form loads the whole note and a rename keeps it', async () => {
    fake.vault.keys.push(makeKey({ id: 'k4', name: 'Long notes', secret: 'kaneo_long_secret_444', notes: whole }));
    const { user } = renderOptions('keys');
    const shown = await screen.findByText(/^deploy notes/, { selector: '.key-row__notes, .key-row__notes *' });
    expect(shown.textContent).not.toContain('END');
    await user.click(within(rowOf('Long notes')).getByRole('button', { name: 'Edit Long notes' }));
    const dialog = screen.getByRole('dialog', { name: 'Edit “Long notes”' });
    expect(await within(dialog).findByLabelText('Notes (optional)')).toHaveValue(whole);
    expect(fake.dataOf('keys.get')).toEqual([{ id: 'k4' }]);
    const name = within(dialog).getByLabelText('Name');
    await user.clear(name);
    await user.type(name, 'Long notes 2{Enter}');
    await waitFor(() => expect(fake.callsOf('keys.update')).toHaveLength(1));
    expect(fake.callsOf('keys.update')[0]!.data).toEqual({ id: 'k4', patch: { name: 'Long notes 2' } });
    expect(fake.vault.keys.find((k) => k.id === 'k4')!.notes).toBe(whole);
  });

  it('says so when the whole key cannot be loaded, and offers no form', async () => {
    fake.vault.keys.push(makeKey({ id: 'k4', name: 'Long notes', secret: 'kaneo_long_secret_444', notes: whole }));
    fake.answer('keys.get', () => ({ ok: false, reason: 'not-found', message: 'That key is not in the vault (any more).' }));
    const { user } = renderOptions('keys');
    await screen.findByText('Long notes');
    await user.click(within(rowOf('Long notes')).getByRole('button', { name: 'Edit Long notes' }));
    const dialog = screen.getByRole('dialog', { name: 'Edit “Long notes”' });
    expect(await within(dialog).findByText('That key is not in the vault (any more).')).toBeInTheDocument();
    expect(within(dialog).queryByLabelText('Notes (optional)')).not.toBeInTheDocument();
  });
});

describe('delete a key (options)', () => {
  it('asks first; Cancel keeps the key', async () => {
    const { user } = renderOptions('keys');
    await screen.findByText('Reporting');
    await user.click(within(rowOf('Reporting')).getByRole('button', { name: 'Delete Reporting' }));
    const confirm = screen.getByRole('alertdialog', { name: 'Delete “Reporting”?' });
    expect(within(confirm).getByRole('button', { name: 'Cancel' })).toHaveFocus();
    await user.click(within(confirm).getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('alertdialog')).not.toBeInTheDocument();
    expect(fake.callsOf('keys.delete')).toHaveLength(0);
    expect(screen.getByText('Reporting')).toBeInTheDocument();
  });

  it('deletes after confirming', async () => {
    const { user } = renderOptions('keys');
    await screen.findByText('Reporting');
    await user.click(within(rowOf('Reporting')).getByRole('button', { name: 'Delete Reporting' }));
    const listsBefore = fake.callsOf('keys.changes').length;
    await user.click(within(screen.getByRole('alertdialog')).getByRole('button', { name: 'Delete key' }));
    await waitFor(() => expect(screen.queryByText('Reporting')).not.toBeInTheDocument());
    expect(fake.callsOf('keys.delete')).toEqual([{ name: 'keys.delete', data: { id: 'k2' } }]);
    // Taken out of the list at once (in the extension the delete's write to storage brings the list, once).
    expect(fake.callsOf('keys.changes')).toHaveLength(listsBefore);
    expectStatus('Deleted “Reporting”');
    // Focus does not fall to <body> with the deleted row.
    await waitFor(() => expect(screen.getByRole('button', { name: 'Add key' })).toHaveFocus());
  });

  it('a failed delete is shown in the dialog and the key stays', async () => {
    fake.vault.failNext.set('keys.delete', { reason: 'write-failed', message: 'The vault could not be saved.' });
    const { user } = renderOptions('keys');
    await screen.findByText('Reporting');
    await user.click(within(rowOf('Reporting')).getByRole('button', { name: 'Delete Reporting' }));
    const confirm = screen.getByRole('alertdialog');
    await user.click(within(confirm).getByRole('button', { name: 'Delete key' }));
    expect(await within(confirm).findByRole('alert')).toHaveTextContent('The vault could not be saved.');
    expect(screen.getByText('Reporting')).toBeInTheDocument();
  });
});
