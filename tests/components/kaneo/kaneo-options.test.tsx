import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { KaneoOptions } from '@/components/kaneo/kaneo-options';
import { makeKey } from '../helpers/fake-background';
import { fail, INSTANCE, ok, renderKaneo, scriptBackground, view } from './kaneo-helpers';

vi.setConfig({ testTimeout: 20_000 });

const KEYS = [
  makeKey({ name: 'one', secret: 'a'.repeat(64), instance: INSTANCE }),
  makeKey({ name: 'two', secret: 'b'.repeat(64), instance: INSTANCE }),
  makeKey({ name: 'split', secret: 'c'.repeat(64), instance: { webOrigin: 'https://web.corp.test', apiBaseUrl: 'https://api.corp.test/kaneo' } }),
];

function background(extra: Record<string, (data: any) => unknown> = {}, vaultState: 'unlocked' | 'locked' = 'unlocked') {
  return scriptBackground({
    vaultState,
    keys: KEYS,
    kaneo: {
      'kaneo.apiBases.list': () => ok([]),
      'kaneo.listServerKeys': () => ok(view({ via: { kind: 'key', keyName: 'one', keyId: 'x', refused: [] } })),
      ...extra,
    },
  });
}

describe('Options › Kaneo', () => {
  it('asks to unlock first', async () => {
    background({}, 'locked');
    renderKaneo(<KaneoOptions requestHostPermission={vi.fn()} />);
    expect(await screen.findByText('Unlock the vault to see your Kaneo instances and their keys on the server.')).toBeInTheDocument();
    expect(screen.getByRole('form', { name: 'Vault locked' })).toBeInTheDocument();
  });

  it('lists the vault’s instances and explains once, for the page, why access is asked for', async () => {
    background();
    renderKaneo(<KaneoOptions requestHostPermission={vi.fn()} />);
    const card = await screen.findByRole('article', { name: 'kaneo.example.com' });
    expect(card).toHaveTextContent('API https://kaneo.example.com/api · 2 keys in the vault');
    const why = screen.getAllByText(/asks your browser for access to that instance’s API host and uses one of your stored keys/);
    expect(why).toHaveLength(1);
    expect(card).not.toContainElement(why[0]!);
    expect(screen.getByRole('article', { name: 'web.corp.test' })).toHaveTextContent('API https://api.corp.test/kaneo · 1 key in the vault');
  });

  it('asks for that one API origin, then lists the keys with a stored key', async () => {
    const bg = background();
    const requestHostPermission = vi.fn(async () => true);
    const { user } = renderKaneo(<KaneoOptions requestHostPermission={requestHostPermission} />);
    await user.click(await screen.findByRole('button', { name: 'Load keys from server, web.corp.test' }));
    expect(requestHostPermission).toHaveBeenCalledWith('https://api.corp.test/kaneo');
    expect(await screen.findByText('Listed with your stored key “one”.')).toBeInTheDocument();
    expect(bg.callsOf('kaneo.listServerKeys')).toEqual([{ target: { webOrigin: 'https://web.corp.test' } }]);
  });

  it('says what a refused permission means', async () => {
    const bg = background();
    const { user } = renderKaneo(<KaneoOptions requestHostPermission={async () => false} />);
    await user.click(await screen.findByRole('button', { name: 'Load keys from server, kaneo.example.com' }));
    expect(await screen.findByRole('alert')).toHaveTextContent(
      "Access to kaneo.example.com was not granted, so the keys can't be listed from here. You can still manage them from the toolbar popup on a signed-in Kaneo tab.",
    );
    expect(bg.callsOf('kaneo.listServerKeys')).toEqual([]);
  });

  it('shows the background’s reason when the stored key is refused', async () => {
    background({ 'kaneo.listServerKeys': () => fail('key-rejected', 'Kaneo on kaneo.example.com refused the stored key used to reach it: it is disabled.') });
    const { user } = renderKaneo(<KaneoOptions requestHostPermission={async () => true} />);
    await user.click(await screen.findByRole('button', { name: 'Load keys from server, kaneo.example.com' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('refused the stored key used to reach it: it is disabled.');
  });

  it('lets the person choose which stored key lists the keys, and lists again with it', async () => {
    const bg = background({
      'kaneo.listServerKeys': (d) =>
        ok(view({ via: { kind: 'key', keyName: d.target.keyId === KEYS[1]!.id ? 'two' : 'one', keyId: d.target.keyId ?? KEYS[0]!.id, refused: [] } })),
    });
    const { user } = renderKaneo(<KaneoOptions requestHostPermission={async () => true} />);
    const card = await screen.findByRole('article', { name: 'kaneo.example.com' });
    const picker = within(card).getByLabelText('Key used to list them');
    expect(within(picker).getAllByRole('option').map((o) => o.textContent)).toEqual([
      'Each key in turn, the last that worked first',
      expect.stringMatching(/^one/),
      expect.stringMatching(/^two/),
    ]);
    // One key only: nothing to choose, so no picker.
    expect(within(screen.getByRole('article', { name: 'web.corp.test' })).queryByLabelText('Key used to list them')).toBeNull();
    await user.click(within(card).getByRole('button', { name: 'Load keys from server, kaneo.example.com' }));
    expect(await within(card).findByText('Listed with your stored key “one”.')).toBeInTheDocument();
    await user.selectOptions(picker, KEYS[1]!.id);
    expect(await within(card).findByText('Listed with your stored key “two”.')).toBeInTheDocument();
    expect(bg.callsOf('kaneo.listServerKeys')).toEqual([
      { target: { webOrigin: 'https://kaneo.example.com' } },
      { target: { webOrigin: 'https://kaneo.example.com', keyId: KEYS[1]!.id } },
    ]);
  });

  it('says which key listed the keys and which were refused before it', async () => {
    background({
      'kaneo.listServerKeys': () =>
        ok(view({ via: { kind: 'key', keyName: 'two', keyId: KEYS[1]!.id, refused: [{ keyName: 'one', why: 'it is not valid there any more' }] } })),
    });
    const { user } = renderKaneo(<KaneoOptions requestHostPermission={async () => true} />);
    await user.click(await screen.findByRole('button', { name: 'Load keys from server, kaneo.example.com' }));
    expect(
      await screen.findByText('Listed with your stored key “two”. Refused first: “one” (it is not valid there any more).'),
    ).toBeInTheDocument();
  });

  it('keeps the picker next to a refusal, so another key can be chosen', async () => {
    background({
      'kaneo.listServerKeys': (d) =>
        d.target.keyId === KEYS[1]!.id
          ? ok(view({ via: { kind: 'key', keyName: 'two', keyId: KEYS[1]!.id, refused: [] } }))
          : fail('key-rejected', 'Kaneo on kaneo.example.com refused “one” (it is disabled). Choose another key, or let the extension try them in turn.'),
    });
    const { user } = renderKaneo(<KaneoOptions requestHostPermission={async () => true} />);
    const card = await screen.findByRole('article', { name: 'kaneo.example.com' });
    await user.click(within(card).getByRole('button', { name: 'Load keys from server, kaneo.example.com' }));
    expect(await within(card).findByRole('alert')).toHaveTextContent('refused “one” (it is disabled)');
    await user.selectOptions(within(card).getByLabelText('Key used to list them'), KEYS[1]!.id);
    expect(await within(card).findByText('Listed with your stored key “two”.')).toBeInTheDocument();
  });

  it('saves, lists and removes an API base for a split deployment', async () => {
    let stored: Array<{ webOrigin: string; apiBaseUrl: string }> = [];
    const bg = background({
      'kaneo.apiBases.list': () => ok(stored),
      'kaneo.apiBases.set': (d) => {
        stored = d.apiBaseUrl === null ? [] : [{ webOrigin: d.webOrigin, apiBaseUrl: d.apiBaseUrl }];
        return ok(stored);
      },
    });
    const { user } = renderKaneo(<KaneoOptions requestHostPermission={vi.fn()} />);
    const form = await screen.findByRole('form', { name: 'Add an API base' });
    await user.type(within(form).getByLabelText('Web app origin'), 'https://web.corp.test');
    await user.type(within(form).getByLabelText('API base URL'), 'https://api.corp.test/kaneo');
    await user.click(within(form).getByRole('button', { name: 'Save API base' }));
    expect(await screen.findByText('API https://api.corp.test/kaneo', { selector: '.kaneo-key__meta' })).toBeInTheDocument();
    expect(bg.callsOf('kaneo.apiBases.set')).toEqual([{ webOrigin: 'https://web.corp.test', apiBaseUrl: 'https://api.corp.test/kaneo' }]);
    await user.click(screen.getByRole('button', { name: 'Remove API base for https://web.corp.test' }));
    await waitFor(() => expect(bg.callsOf('kaneo.apiBases.set')).toHaveLength(2));
    expect(bg.callsOf('kaneo.apiBases.set')[1]).toEqual({ webOrigin: 'https://web.corp.test', apiBaseUrl: null });
  });

  it('shows why an API base was refused', async () => {
    background({ 'kaneo.apiBases.set': () => fail('invalid-input', 'Enter full URLs, e.g. https://kaneo.example.com and https://api.example.com/api.') });
    const { user } = renderKaneo(<KaneoOptions requestHostPermission={vi.fn()} />);
    const form = await screen.findByRole('form', { name: 'Add an API base' });
    await user.type(within(form).getByLabelText('Web app origin'), 'kaneo');
    await user.type(within(form).getByLabelText('API base URL'), 'api');
    await user.click(within(form).getByRole('button', { name: 'Save API base' }));
    expect(await within(form).findByRole('alert')).toHaveTextContent('Enter full URLs');
  });
});
