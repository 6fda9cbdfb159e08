import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { ServerKeys } from '@/components/kaneo/server-keys';
import { fail, INSTANCE, ok, renderKaneo, scriptBackground, serverKey, summary, view } from './kaneo-helpers';

vi.setConfig({ testTimeout: 20_000 });

const target = { tabId: 42 };
const NOW = '2026-11-20T12:00:00.000Z';

function fullView() {
  return view({
    computedAt: NOW,
    vaultKeys: [
      {
        key: summary({ id: 'v1', name: 'never ends', remoteId: 'r1', start: 'aaaaaa' }),
        server: serverKey({ id: 'r1', requestCount: 4, lastRequest: '2026-11-20T09:00:00.000Z' }),
        state: { kind: 'active', expiresInDays: null },
      },
      {
        key: summary({ id: 'v2', name: 'soon', remoteId: 'r2' }),
        server: serverKey({ id: 'r2', expiresAt: '2026-11-23T12:00:00.000Z' }),
        state: { kind: 'active', expiresInDays: 3 },
      },
      {
        key: summary({ id: 'v3', name: 'later', remoteId: 'r3' }),
        server: serverKey({ id: 'r3', requestCount: 1, lastRequest: '2026-11-10T12:00:00.000Z' }),
        state: { kind: 'active', expiresInDays: 80 },
      },
      { key: summary({ id: 'v4', name: 'switched off', remoteId: 'r4' }), server: serverKey({ id: 'r4', enabled: false }), state: { kind: 'disabled' } },
      { key: summary({ id: 'v5', name: 'deleted elsewhere', remoteId: 'r5' }), server: null, state: { kind: 'gone' } },
      { key: summary({ id: 'v6', name: 'old one', remoteId: 'r6', revokedAt: NOW }), server: null, state: { kind: 'revoked' } },
      { key: summary({ id: 'v7', name: 'too late', remoteId: 'r7' }), server: null, state: { kind: 'expired' } },
    ],
    otherServerKeys: [serverKey({ id: 'r9', name: 'from the web app', start: 'zzzzzz' })],
  });
}

function row(name: string) {
  return screen.getByRole('listitem', { name });
}

describe('ServerKeys: states and usage', () => {
  it('shows each vault key’s state, usage, and the server keys not in this vault', async () => {
    scriptBackground({ kaneo: { 'kaneo.listServerKeys': () => ok(fullView()) } });
    renderKaneo(<ServerKeys target={target} />);
    expect(await screen.findByRole('heading', { name: 'Keys on kaneo.example.com' })).toBeInTheDocument();
    expect(row('never ends')).toHaveTextContent('Active · never expires');
    expect(row('never ends')).toHaveTextContent('Last used 3 h ago · 4 requests');
    expect(row('soon')).toHaveTextContent('Expires in 3 days');
    expect(row('soon')).toHaveTextContent('Never used · 0 requests');
    expect(row('later')).toHaveTextContent('Expires in 80 days');
    expect(row('later')).toHaveTextContent('Last used 10 days ago · 1 request');
    expect(row('switched off')).toHaveTextContent('Disabled');
    expect(row('deleted elsewhere')).toHaveTextContent('Gone from server');
    expect(row('old one')).toHaveTextContent('Revoked');
    expect(row('too late')).toHaveTextContent('Expired');
    const others = screen.getByRole('region', { name: 'Not in this vault' });
    expect(within(others).getByRole('listitem', { name: 'from the web app' })).toHaveTextContent('zzzzzz…');
    // No actions on keys that are gone or revoked.
    expect(within(row('old one')).queryAllByRole('button')).toEqual([]);
    expect(within(row('deleted elsewhere')).queryAllByRole('button')).toEqual([]);
    expect(within(row('switched off')).getByRole('button', { name: 'Enable switched off' })).toBeInTheDocument();
  });

  it('shows a 64-character name on one truncating line with the whole name as its tooltip', async () => {
    const long = `Deploy-${'W'.repeat(57)}`;
    const serverOnly = `Web-${'M'.repeat(60)}`;
    scriptBackground({
      kaneo: {
        'kaneo.listServerKeys': () =>
          ok(
            view({
              computedAt: NOW,
              vaultKeys: [{ key: summary({ id: 'v1', name: long, remoteId: 'r1' }), server: serverKey({ id: 'r1' }), state: { kind: 'active', expiresInDays: null } }],
              otherServerKeys: [serverKey({ id: 'r9', name: serverOnly })],
            }),
          ),
      },
    });
    renderKaneo(<ServerKeys target={target} />);
    for (const name of [long, serverOnly]) {
      const shown = within(await screen.findByRole('listitem', { name })).getByTitle(name);
      // Layout is the e2e's job (jsdom has none): here, the line that truncates holds the whole name.
      expect(shown).toHaveClass('ui-truncate');
      expect(shown).toHaveTextContent(name);
    }
  });

  it('says so while the vault is locked', async () => {
    scriptBackground({ kaneo: { 'kaneo.listServerKeys': () => ok(view({ vaultLocked: true, otherServerKeys: [serverKey()] })) } });
    renderKaneo(<ServerKeys target={target} />);
    expect(await screen.findByText('Unlock the vault to see which of these keys you have stored.')).toBeInTheDocument();
    expect(screen.getByRole('region', { name: 'Not in this vault' })).toHaveTextContent('On the server');
  });

  it('names the stored key used to list from the options page', async () => {
    scriptBackground({ kaneo: { 'kaneo.listServerKeys': () => ok(view({ via: { kind: 'key', keyName: 'ops key', keyId: 'x', refused: [] } })) } });
    renderKaneo(<ServerKeys target={{ webOrigin: INSTANCE.webOrigin }} />);
    expect(await screen.findByText('Listed with your stored key “ops key”.')).toBeInTheDocument();
  });

  it('shows a load failure with Retry, and Allow access when permission is missing', async () => {
    let answer: unknown = fail('no-permission', 'Kaneo Key Manager needs your permission to reach kaneo.example.com from the extension.');
    scriptBackground({ kaneo: { 'kaneo.listServerKeys': () => answer } });
    const onNeedsPermission = vi.fn();
    const { user } = renderKaneo(<ServerKeys target={target} onNeedsPermission={onNeedsPermission} />);
    expect(await screen.findByRole('alert')).toHaveTextContent('needs your permission to reach kaneo.example.com');
    await user.click(screen.getByRole('button', { name: 'Allow access' }));
    expect(onNeedsPermission).toHaveBeenCalled();
    answer = ok(fullView());
    await user.click(screen.getByRole('button', { name: 'Retry' }));
    expect(await screen.findByRole('listitem', { name: 'soon' })).toBeInTheDocument();
  });
});

describe('ServerKeys: actions', () => {
  it('disables and enables a key, then reloads', async () => {
    const bg = scriptBackground({
      kaneo: {
        'kaneo.listServerKeys': () => ok(fullView()),
        'kaneo.setEnabled': (d) => ok(serverKey({ id: d.remoteId, enabled: d.enabled })),
      },
    });
    const { user } = renderKaneo(<ServerKeys target={target} />);
    await user.click(await screen.findByRole('button', { name: 'Disable soon' }));
    await user.click(screen.getByRole('button', { name: 'Enable switched off' }));
    await waitFor(() =>
      expect(bg.callsOf('kaneo.setEnabled')).toEqual([
        { target, remoteId: 'r2', enabled: false },
        { target, remoteId: 'r4', enabled: true },
      ]),
    );
    await waitFor(() => expect(bg.callsOf('kaneo.listServerKeys').length).toBeGreaterThanOrEqual(3));
  });

  it('shows a failed toggle plainly', async () => {
    scriptBackground({
      kaneo: {
        'kaneo.listServerKeys': () => ok(fullView()),
        'kaneo.setEnabled': () => fail('rate-limited', 'Kaneo on kaneo.example.com is rate-limiting requests. Try again in 5 s.'),
      },
    });
    const { user } = renderKaneo(<ServerKeys target={target} />);
    await user.click(await screen.findByRole('button', { name: 'Disable soon' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Try again in 5 s.');
  });

  it('revokes after confirming, and says the entry is kept marked', async () => {
    const bg = scriptBackground({
      kaneo: { 'kaneo.listServerKeys': () => ok(fullView()), 'kaneo.revoke': () => ok({ marked: summary({ name: 'soon', revokedAt: NOW }) }) },
    });
    const { user } = renderKaneo(<ServerKeys target={target} />);
    await user.click(await screen.findByRole('button', { name: 'Revoke soon' }));
    const dialog = screen.getByRole('alertdialog', { name: 'Revoke “soon”?' });
    expect(dialog).toHaveTextContent('The key stops working at once, everywhere.');
    await user.click(within(dialog).getByRole('button', { name: 'Revoke' }));
    expect(await screen.findByText('“soon” was revoked. Its vault entry is kept, marked as revoked.')).toBeInTheDocument();
    expect(bg.callsOf('kaneo.revoke')).toEqual([{ target, remoteId: 'r2', vaultId: 'v2' }]);
  });

  it('cancelling the confirmation revokes nothing', async () => {
    const bg = scriptBackground({ kaneo: { 'kaneo.listServerKeys': () => ok(fullView()) } });
    const { user } = renderKaneo(<ServerKeys target={target} />);
    await user.click(await screen.findByRole('button', { name: 'Revoke from the web app' }));
    await user.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('alertdialog')).not.toBeInTheDocument();
    expect(bg.callsOf('kaneo.revoke')).toEqual([]);
  });

  it('keeps the dialog open with the reason when revoking fails', async () => {
    scriptBackground({
      kaneo: { 'kaneo.listServerKeys': () => ok(fullView()), 'kaneo.revoke': () => fail('network', 'Could not reach kaneo.example.com (network error).') },
    });
    const { user } = renderKaneo(<ServerKeys target={target} />);
    await user.click(await screen.findByRole('button', { name: 'Revoke soon' }));
    await user.click(within(screen.getByRole('alertdialog')).getByRole('button', { name: 'Revoke' }));
    expect(await within(screen.getByRole('alertdialog')).findByText(/Could not reach kaneo\.example\.com/)).toBeInTheDocument();
  });

  it('rotates after confirming and reports the new key', async () => {
    const bg = scriptBackground({
      kaneo: {
        'kaneo.listServerKeys': () => ok(fullView()),
        'kaneo.rotate': () => ok({ replacement: summary({ name: 'soon', start: 'NEWNEW' }), old: summary({ name: 'soon (old)' }), warning: null }),
      },
    });
    const { user } = renderKaneo(<ServerKeys target={target} />);
    await user.click(await screen.findByRole('button', { name: 'Rotate soon' }));
    await user.click(within(screen.getByRole('alertdialog', { name: 'Rotate “soon”?' })).getByRole('button', { name: 'Rotate' }));
    expect(await screen.findByText(/Rotated: the new “soon” \(NEWNEW…\) is in the vault and the old key is revoked\./)).toBeInTheDocument();
    expect(bg.callsOf('kaneo.rotate')).toEqual([{ target, vaultId: 'v2' }]);
  });

  it('tells which key is which when rotation stops half-way', async () => {
    const message =
      'The new key "soon" (starts NEWNEW…) is saved and works. Revoking the old key "soon (old)" (starts OLDOLD…) failed: Could not reach kaneo.example.com. Both keys work; revoke the old one when you can.';
    scriptBackground({
      kaneo: {
        'kaneo.listServerKeys': () => ok(fullView()),
        'kaneo.rotate': () => fail('rotate-partial', message, { replacement: summary({ name: 'soon' }), old: summary({ name: 'soon (old)' }) }),
      },
    });
    const { user } = renderKaneo(<ServerKeys target={target} />);
    await user.click(await screen.findByRole('button', { name: 'Rotate soon' }));
    await user.click(within(screen.getByRole('alertdialog')).getByRole('button', { name: 'Rotate' }));
    expect(await screen.findByText(message)).toBeInTheDocument();
  });

  it('shows the new secret once when the replacement could not be stored', async () => {
    scriptBackground({
      kaneo: {
        'kaneo.listServerKeys': () => ok(fullView()),
        'kaneo.rotate': () =>
          fail('not-saved', 'The replacement key was created on kaneo.example.com but could not be saved in the vault (full). "soon" is untouched and still works.', {
            unsaved: { secret: 'N'.repeat(64), name: 'soon', remoteId: 'r-new', start: 'NNNNNN', expiresAt: null, instance: INSTANCE },
          }),
      },
    });
    const { user } = renderKaneo(<ServerKeys target={target} />);
    await user.click(await screen.findByRole('button', { name: 'Rotate soon' }));
    await user.click(within(screen.getByRole('alertdialog')).getByRole('button', { name: 'Rotate' }));
    expect(await screen.findByText('Key created but not saved')).toBeInTheDocument();
    expect(screen.getByText(/"soon" is untouched and still works/)).toBeInTheDocument();
    expect(screen.getByLabelText('Unsaved key soon')).toHaveTextContent('N'.repeat(64));
  });
});

describe('ServerKeys: keys worth pruning', () => {
  function pruneView() {
    return view({
      computedAt: NOW,
      vaultKeys: [
        // Created 2026-11-01, never used: older than a week, flagged.
        { key: summary({ id: 'v1', name: 'idle', remoteId: 'r1' }), server: serverKey({ id: 'r1', name: 'idle' }), state: { kind: 'active', expiresInDays: null } },
        {
          key: summary({ id: 'v2', name: 'busy', remoteId: 'r2' }),
          server: serverKey({ id: 'r2', name: 'busy', requestCount: 9, lastRequest: '2026-11-19T12:00:00.000Z', createdAt: '2026-11-05T10:00:00.000Z' }),
          state: { kind: 'active', expiresInDays: null },
        },
        {
          key: summary({ id: 'v3', name: 'fresh', remoteId: 'r3' }),
          server: serverKey({ id: 'r3', name: 'fresh', createdAt: '2026-11-20T10:00:00.000Z' }),
          state: { kind: 'active', expiresInDays: null },
        },
      ],
      otherServerKeys: [serverKey({ id: 'r9', name: 'dusty', requestCount: 2, lastRequest: '2026-06-01T12:00:00.000Z', createdAt: '2026-01-01T10:00:00.000Z' })],
    });
  }

  it('flags keys unused for 90 days or never used (not a key made today) and keeps Revoke at hand', async () => {
    scriptBackground({ kaneo: { 'kaneo.listServerKeys': () => ok(pruneView()) } });
    renderKaneo(<ServerKeys target={target} />);
    expect(await screen.findByText(/2 keys have not been used for 90 days or ever/)).toBeInTheDocument();
    expect(row('idle')).toHaveTextContent('Never used');
    expect(row('dusty')).toHaveTextContent('Unused for 172 days');
    expect(within(row('dusty')).getByRole('button', { name: 'Revoke dusty' })).toBeInTheDocument();
    expect(row('busy')).not.toHaveTextContent(/Unused|Never used$/);
    expect(within(row('fresh')).queryByText('Never used')).toBeNull();
  });

  it('lists the newest first, and least recently used first on request', async () => {
    scriptBackground({ kaneo: { 'kaneo.listServerKeys': () => ok(pruneView()) } });
    const { user } = renderKaneo(<ServerKeys target={target} />);
    const mine = await screen.findByRole('region', { name: 'In your vault' });
    const names = () => within(mine).getAllByRole('listitem').map((item) => item.getAttribute('aria-label'));
    expect(names()).toEqual(['fresh', 'busy', 'idle']);
    await user.click(screen.getByRole('checkbox', { name: 'Least recently used first' }));
    expect(names()).toEqual(['idle', 'fresh', 'busy']);
  });
});

describe('ServerKeys: a create whose answer never arrived', () => {
  it('says which server key was created without its secret being saved, and offers to revoke it', async () => {
    const lost = serverKey({ id: 'lost1', name: 'deploy', start: 'qqqqqq' });
    scriptBackground({
      kaneo: {
        'kaneo.listServerKeys': () =>
          ok(view({ computedAt: NOW, otherServerKeys: [lost], interruptedCreates: [{ name: 'deploy', startedAt: NOW, serverKey: lost }] })),
      },
    });
    renderKaneo(<ServerKeys target={target} />);
    const notice = await screen.findByText(/was created on the server, but its answer never reached/);
    expect(notice).toHaveTextContent('“deploy” (starts qqqqqq…)');
    expect(notice).toHaveTextContent('Revoke it below');
    const others = screen.getByRole('region', { name: 'Not in this vault' });
    expect(within(within(others).getByRole('listitem', { name: 'deploy' })).getByRole('button', { name: /Revoke/ })).toBeInTheDocument();
  });
});
