import { act, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { ThisTabPanel } from '@/components/kaneo/this-tab-panel';
import { fail, INSTANCE, ok, renderKaneo, scriptBackground, summary, view } from './kaneo-helpers';
import { makeKey } from '../helpers/fake-background';
import { CREATED_CALLOUT_MS } from '@/components/kaneo/created-key-callout';

vi.setConfig({ testTimeout: 20_000 });

const INSPECTION = {
  instance: INSTANCE,
  apiBaseSource: 'default',
  user: { name: 'Ada Lovelace', email: 'ada@example.com' },
  workspaces: [
    { id: 'w1', name: 'Acme' },
    { id: 'w2', name: 'Side project' },
  ],
};

function signedIn(extra: Record<string, (data: any) => unknown> = {}, vaultState: 'unlocked' | 'locked' = 'unlocked') {
  return scriptBackground({
    vaultState,
    kaneo: {
      'kaneo.inspectTab': () => ok(INSPECTION),
      'kaneo.listServerKeys': () => ok(view()),
      ...extra,
    },
  });
}

const findTab = async () => 42;

/** "New API key" opens the create form above the server's keys; answers its Name field. */
async function openForm(user: { click: (element: Element) => Promise<void> }): Promise<HTMLElement> {
  await user.click(await screen.findByRole('button', { name: 'New API key' }));
  return screen.getByRole('textbox', { name: 'Name' });
}

describe('This tab: who is signed in', () => {
  it('shows name · email on host and the workspaces, for the popup’s tab', async () => {
    const bg = signedIn();
    renderKaneo(<ThisTabPanel findTabId={findTab} />);
    const who = await screen.findByLabelText('Signed in');
    expect(who).toHaveTextContent('Ada Lovelace · ada@example.com on kaneo.example.com');
    expect(who).toHaveTextContent('Workspaces: Acme, Side project');
    expect(bg.callsOf('kaneo.inspectTab')).toEqual([{ tabId: 42 }]);
    expect(await screen.findByText('No API keys on this server yet.')).toBeInTheDocument();
    expect(bg.callsOf('kaneo.listServerKeys')).toEqual([{ target: { tabId: 42 } }]);
  });

  it('says when no tab was found', async () => {
    scriptBackground();
    renderKaneo(<ThisTabPanel findTabId={async () => null} />);
    expect(await screen.findByRole('region', { name: 'No tab' })).toHaveTextContent(/No active tab was found/);
  });

  it('offers to go to the sign-in when signed out', async () => {
    scriptBackground({ kaneo: { 'kaneo.inspectTab': () => fail('signed-out', 'Not signed in.') } });
    renderKaneo(<ThisTabPanel findTabId={findTab} />);
    expect(await screen.findByRole('button', { name: 'Go to sign-in' })).toBeInTheDocument();
  });

  it.each([
    ['not-kaneo', 'Not a Kaneo tab', "This doesn't look like Kaneo: example.org has no Kaneo health check at this API base."],
    ['signed-out', 'Signed out', "You're not signed in to Kaneo on kaneo.example.com. Sign in in this tab, then open Kaneo Key Manager again."],
    ['scripts-blocked', "Can't work on this page", "Kaneo Key Manager can't run on this page (browser pages, the extension store …)."],
  ])('shows %s as a neutral notice, not an error, with a way to check again', async (reason, title, message) => {
    let answer: unknown = fail(reason, message);
    const bg = scriptBackground({ kaneo: { 'kaneo.inspectTab': () => answer } });
    const { user } = renderKaneo(<ThisTabPanel findTabId={findTab} />);
    const notice = await screen.findByRole('region', { name: title });
    expect(notice).toHaveTextContent(message);
    expect(notice).not.toHaveClass('ui-callout--danger');
    expect(screen.queryByRole('alert')).toBeNull();
    answer = ok(INSPECTION);
    bg.kaneo['kaneo.listServerKeys'] = () => ok(view());
    await user.click(within(notice).getByRole('button', { name: 'Check again' }));
    expect(await screen.findByLabelText('Signed in')).toBeInTheDocument();
  });

  it.each([
    ['no-access', 'No access to this tab', 'Kaneo Key Manager has no access to this tab right now.'],
    ['session-expired', 'Session expired', 'Your Kaneo session on kaneo.example.com has expired or was signed out.'],
    ['network', 'Network error', 'Could not reach kaneo.example.com (network error: Failed to fetch).'],
    ['origin-refused', 'Refused by Kaneo', 'Kaneo on kaneo.example.com refused the request because of its origin check (INVALID_ORIGIN).'],
    ['rate-limited', 'Too many requests', 'Kaneo on kaneo.example.com is rate-limiting requests. Try again in 42 s.'],
  ])('shows %s with its own title, the message and a way to retry', async (reason, title, message) => {
    let answer: unknown = fail(reason, message);
    const bg = scriptBackground({ kaneo: { 'kaneo.inspectTab': () => answer } });
    const { user } = renderKaneo(<ThisTabPanel findTabId={findTab} />);
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent(title);
    expect(alert).toHaveTextContent(message);
    answer = ok(INSPECTION);
    bg.kaneo['kaneo.listServerKeys'] = () => ok(view());
    await user.click(screen.getByRole('button', { name: 'Try again' }));
    expect(await screen.findByLabelText('Signed in')).toBeInTheDocument();
    expect(bg.callsOf('kaneo.inspectTab')).toHaveLength(2);
  });

  it('offers to set an API base when the tab is not Kaneo', async () => {
    scriptBackground({ kaneo: { 'kaneo.inspectTab': () => fail('not-kaneo', 'Not Kaneo.') } });
    renderKaneo(<ThisTabPanel findTabId={findTab} />);
    expect(await screen.findByRole('button', { name: 'Set an API base' })).toBeInTheDocument();
  });
});

describe('This tab: creating a key', () => {
  it('preselects 30 days, offers Kaneo’s expiries, and sends the form', async () => {
    const bg = signedIn({
      'kaneo.createKey': (data) => ok(summary({ name: data.name, start: 'Zx81ab', remoteId: 'new1' })),
    });
    const { user } = renderKaneo(<ThisTabPanel findTabId={findTab} />);
    await openForm(user);
    const form = screen.getByRole('form', { name: 'New API key' });
    expect(form).toHaveTextContent('A Kaneo key has your whole account’s access');
    const expiry = within(form).getByRole('group', { name: 'Expires' });
    expect(within(expiry).getAllByRole('radio').map((r) => r.parentElement?.textContent)).toEqual([
      '1 day',
      '7 days',
      '30 days',
      '90 days',
      '365 days',
      'Never',
    ]);
    expect(within(expiry).getByRole('radio', { name: '30 days' })).toBeChecked();

    await user.type(within(form).getByLabelText('Name'), 'deploy bot');
    await user.click(within(expiry).getByRole('radio', { name: '90 days' }));
    await user.type(within(form).getByLabelText('Note (optional)'), 'for CI');
    await user.click(within(form).getByRole('button', { name: 'Create key' }));

    expect(await screen.findByText('Key saved to the vault')).toBeInTheDocument();
    expect(screen.getByText(/“deploy bot” \(Zx81ab…\) is stored encrypted/)).toBeInTheDocument();
    // The origin the panel showed is pinned: the background refuses if the tab has moved since.
    expect(bg.callsOf('kaneo.createKey')).toEqual([{ target: { tabId: 42 }, name: 'deploy bot', expiresInDays: 90, note: 'for CI', expectedOrigin: INSTANCE.webOrigin }]);
    // The list of server keys reloads after creating.
    await waitFor(() => expect(bg.callsOf('kaneo.listServerKeys').length).toBeGreaterThanOrEqual(2));
  });

  it('offers the first working call: export line and curl in one paste, cleared like the key', async () => {
    const bg = signedIn({
      'kaneo.createKey': (data) => {
        const key = makeKey({ id: 'new-id', name: data.name, secret: 'kaneo_first_call', instance: INSTANCE });
        bg.fake.vault.keys.push(key);
        return ok(summary({ id: key.id, name: key.name }));
      },
    });
    const { user } = renderKaneo(<ThisTabPanel findTabId={findTab} />);
    await user.type(await openForm(user), 'first call');
    await user.click(screen.getByRole('button', { name: 'Create key' }));
    const saved = await screen.findByRole('group', { name: 'Key saved to the vault' });
    await user.click(within(saved).getByRole('button', { name: 'Copy for terminal' }));
    await waitFor(async () => expect(await navigator.clipboard.readText()).toMatch(/^export KANEO_API_KEY='kaneo_first_call'\ncurl .*\/api\/auth\/organization\/list/));
    expect(bg.callsOf('keys.reveal')).toEqual([{ id: 'new-id' }]);
    expect(bg.callsOf('clipboard.scheduleClear')).toHaveLength(1);
    // The next action ("New API key" again) puts the callout away; the form closed after creating.
    expect(screen.queryByRole('form', { name: 'New API key' })).toBeNull();
    await user.click(screen.getByRole('button', { name: 'New API key' }));
    expect(screen.queryByRole('group', { name: 'Key saved to the vault' })).toBeNull();
  });

  it('puts the callout away by itself after a while', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    try {
      signedIn({ 'kaneo.createKey': (data) => ok(summary({ name: data.name })) });
      const { user } = renderKaneo(<ThisTabPanel findTabId={findTab} />);
      await user.type(await openForm(user), 'timed');
      await user.click(screen.getByRole('button', { name: 'Create key' }));
      await screen.findByRole('group', { name: 'Key saved to the vault' });
      await act(async () => {
        vi.advanceTimersByTime(CREATED_CALLOUT_MS + 100);
      });
      expect(screen.queryByRole('group', { name: 'Key saved to the vault' })).toBeNull();
    } finally {
      vi.useRealTimers();
    }
  });

  it('sends null for a key that never expires', async () => {
    const bg = signedIn({ 'kaneo.createKey': (data) => ok(summary({ name: data.name })) });
    const { user } = renderKaneo(<ThisTabPanel findTabId={findTab} />);
    await user.type(await openForm(user), 'forever');
    await user.click(screen.getByRole('radio', { name: 'Never' }));
    await user.click(screen.getByRole('button', { name: 'Create key' }));
    await screen.findByText('Key saved to the vault');
    expect(bg.callsOf('kaneo.createKey')).toEqual([expect.objectContaining({ expiresInDays: null })]);
  });

  it.each([['ab'], ['x'.repeat(33)]])('refuses the name %j without asking the background', async (name) => {
    const bg = signedIn();
    const { user } = renderKaneo(<ThisTabPanel findTabId={findTab} />);
    await user.type(await openForm(user), name);
    await user.click(screen.getByRole('button', { name: 'Create key' }));
    expect(screen.getByLabelText('Name')).toHaveAccessibleDescription(/Use 3 to 32 characters\./);
    expect(bg.callsOf('kaneo.createKey')).toEqual([]);
  });

  it('asks to unlock first, then continues creating the key', async () => {
    const bg = signedIn({ 'kaneo.createKey': (data) => ok(summary({ name: data.name })) }, 'locked');
    const { user } = renderKaneo(<ThisTabPanel findTabId={findTab} />);
    await user.type(await openForm(user), 'after unlock');
    await user.click(screen.getByRole('button', { name: 'Create key' }));
    expect(await screen.findByText('Unlock the vault to continue: the new key goes straight into it.')).toBeInTheDocument();
    expect(bg.callsOf('kaneo.createKey')).toEqual([]);
    await user.type(screen.getByLabelText('Passphrase'), 'open sesame please');
    await user.click(screen.getByRole('button', { name: 'Unlock' }));
    expect(await screen.findByText('Key saved to the vault')).toBeInTheDocument();
    expect(bg.callsOf('kaneo.createKey')).toEqual([expect.objectContaining({ name: 'after unlock', expiresInDays: 30 })]);
  });

  it('shows the unlock form when the background says the vault locked meanwhile', async () => {
    signedIn({ 'kaneo.createKey': () => fail('locked', 'Unlock the vault first: the new key goes straight into it.') });
    const { user } = renderKaneo(<ThisTabPanel findTabId={findTab} />);
    await user.type(await openForm(user), 'racing');
    await user.click(screen.getByRole('button', { name: 'Create key' }));
    expect(await screen.findByRole('form', { name: 'Vault locked' })).toBeInTheDocument();
  });

  it.each([
    ['rate-limited', 'Kaneo on kaneo.example.com is rate-limiting requests. Try again in 12 s.'],
    ['origin-refused', 'Kaneo on kaneo.example.com refused the request because of its origin check (MISSING_OR_NULL_ORIGIN).'],
    ['expiry-invalid', 'Kaneo refused the expiry: a key must live at least 1 day. Pick a longer expiry.'],
    ['session-expired', 'Your Kaneo session on kaneo.example.com has expired or was signed out. Reload the tab, sign in again, then retry.'],
  ])('shows the %s failure plainly', async (reason, message) => {
    signedIn({ 'kaneo.createKey': () => fail(reason, message) });
    const { user } = renderKaneo(<ThisTabPanel findTabId={findTab} />);
    await user.type(await openForm(user), 'some key');
    await user.click(screen.getByRole('button', { name: 'Create key' }));
    expect(await screen.findByRole('alert')).toHaveTextContent(message);
  });

  it('puts a server-side name refusal on the name field', async () => {
    signedIn({ 'kaneo.createKey': () => fail('name-invalid', 'Kaneo refused the name: it must be 3 to 32 characters.') });
    const { user } = renderKaneo(<ThisTabPanel findTabId={findTab} />);
    await user.type(await openForm(user), 'some key');
    await user.click(screen.getByRole('button', { name: 'Create key' }));
    await waitFor(() => expect(screen.getByLabelText('Name')).toHaveAccessibleDescription(/Kaneo refused the name/));
  });
});

describe('This tab: a key created but not saved', () => {
  const SECRET = 'K'.repeat(64);
  const notSaved = () =>
    fail('not-saved', 'The key was created on kaneo.example.com but could not be saved in the vault (disk full). Copy it now — it won’t be shown again — or revoke it on the server.', {
      unsaved: { secret: SECRET, name: 'lost key', remoteId: 'r-lost', start: 'KKKKKK', expiresAt: null, instance: INSTANCE },
    });

  async function reachNotice(extra: Record<string, (data: any) => unknown> = {}) {
    const bg = signedIn({ 'kaneo.createKey': notSaved, ...extra });
    const r = renderKaneo(<ThisTabPanel findTabId={findTab} />);
    await r.user.type(await openForm(r.user), 'lost key');
    await r.user.click(screen.getByRole('button', { name: 'Create key' }));
    await screen.findByText('Key created but not saved');
    return { bg, ...r };
  }

  it('shows the secret once with a clear warning, and copies it with clipboard clearing', async () => {
    const { bg, user } = await reachNotice();
    expect(screen.getByRole('alert')).toHaveTextContent(/could not be saved in the vault \(disk full\)/);
    expect(screen.getByLabelText('Unsaved key lost key')).toHaveTextContent(SECRET);
    const writeText = vi.spyOn(navigator.clipboard, 'writeText');
    expect(screen.getByRole('button', { name: 'I have stored it' })).toBeDisabled();
    await user.click(screen.getByRole('button', { name: 'Copy key' }));
    await waitFor(() => expect(writeText).toHaveBeenCalledWith(SECRET));
    expect(bg.callsOf('clipboard.scheduleClear')).toEqual([{ delaySeconds: 30 }]);
    await user.click(screen.getByRole('button', { name: 'I have stored it' }));
    expect(screen.queryByText(SECRET)).not.toBeInTheDocument();
  });

  it('can revoke the unsaved key on the server', async () => {
    const { bg, user } = await reachNotice({ 'kaneo.revoke': () => ok({ marked: null }) });
    await user.click(screen.getByRole('button', { name: 'Revoke it on the server' }));
    expect(await screen.findByText('The unsaved key was revoked on the server. Nothing was kept.')).toBeInTheDocument();
    expect(bg.callsOf('kaneo.revoke')).toEqual([{ target: { tabId: 42 }, remoteId: 'r-lost' }]);
    expect(screen.queryByText(SECRET)).not.toBeInTheDocument();
  });

  it('can try saving it again', async () => {
    const { bg, user } = await reachNotice();
    await user.click(screen.getByRole('button', { name: 'Try saving again' }));
    await waitFor(() => expect(screen.queryByText('Key created but not saved')).not.toBeInTheDocument());
    expect(bg.callsOf('keys.add')).toEqual([
      { draft: expect.objectContaining({ name: 'lost key', secret: SECRET, remoteId: 'r-lost', instance: INSTANCE }) },
    ]);
  });

  it('keeps the notice when saving again fails', async () => {
    const { bg, user } = await reachNotice();
    bg.fake.vault.failNext.set('keys.add', { reason: 'write-failed', message: 'Storage is full.' });
    await user.click(screen.getByRole('button', { name: 'Try saving again' }));
    expect(await screen.findByText('Still not saved: Storage is full.')).toBeInTheDocument();
    expect(screen.getByLabelText('Unsaved key lost key')).toBeInTheDocument();
  });
});
