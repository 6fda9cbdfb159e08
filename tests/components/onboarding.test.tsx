import { screen, waitFor } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { sendMessage } from '@/lib/messaging/protocol';
import { createFakeBackground, type FakeBackground } from './helpers/fake-background';
import { renderOptions, renderPopup } from './helpers/render-app';
import { fakeBrowser } from 'wxt/testing/fake-browser';

vi.mock('@/lib/clipboard/page/copy', () => ({ copySecret: vi.fn() }));

let fake: FakeBackground;
beforeEach(() => {
  fake = createFakeBackground({ state: 'uninitialized' });
  vi.mocked(sendMessage).mockImplementation(fake.handle as never);
});

const STRONG = 'orbit pickle lantern sofa 42';

// zxcvbn is slow in jsdom on a busy machine; the flows type whole passphrases.
describe('onboarding (options page, first run)', { timeout: 30_000 }, () => {
  it('shows the passphrase form full-page with the first field focused', async () => {
    renderOptions();
    expect(await screen.findByRole('heading', { name: 'Set up Kaneo Key Manager' })).toBeInTheDocument();
    expect(screen.getByLabelText('Passphrase')).toHaveFocus();
    expect(screen.queryByRole('navigation')).not.toBeInTheDocument();
  });

  it('refuses a trivially weak passphrase and does not create a vault', async () => {
    const { user } = renderOptions();
    await user.type(await screen.findByLabelText('Passphrase'), 'password');
    await user.type(screen.getByLabelText('Confirm passphrase'), 'password');
    await user.click(screen.getByRole('button', { name: 'Create vault' }));
    // Submitting checks the passphrase with zxcvbn, loaded on demand: on a busy machine the
    // answer can come after the click returns.
    await waitFor(() => expect(screen.getByLabelText('Passphrase')).toHaveAccessibleDescription(/at least 10 characters/i));
    expect(screen.getByLabelText('Passphrase')).toHaveAttribute('aria-invalid', 'true');
    expect(fake.callsOf('vault.create')).toHaveLength(0);

    await user.clear(screen.getByLabelText('Passphrase'));
    await user.type(screen.getByLabelText('Passphrase'), 'password123');
    await user.click(screen.getByRole('button', { name: 'Create vault' }));
    expect(screen.getByLabelText('Passphrase')).toHaveAccessibleDescription(/too easy to guess/i);
    expect(fake.callsOf('vault.create')).toHaveLength(0);
  });

  it('shows the strength while typing', async () => {
    const { user } = renderOptions();
    const field = await screen.findByLabelText('Passphrase');
    await user.type(field, 'abc');
    await waitFor(() => expect(field).toHaveAccessibleDescription(/^Very weak — Use at least 10 characters/));
    await user.clear(field);
    await user.type(field, STRONG);
    await waitFor(() => expect(field).toHaveAccessibleDescription(/^(Strong|Good)/));
  });

  it('refuses a confirmation that does not match', async () => {
    const { user } = renderOptions();
    await user.type(await screen.findByLabelText('Passphrase'), STRONG);
    await user.type(screen.getByLabelText('Confirm passphrase'), `${STRONG}x`);
    await user.click(screen.getByRole('button', { name: 'Create vault' }));
    expect(screen.getByLabelText('Confirm passphrase')).toHaveAccessibleDescription(/don’t match/);
    expect(screen.getByLabelText('Confirm passphrase')).toHaveFocus();
    expect(fake.callsOf('vault.create')).toHaveLength(0);
  });

  it('creates the vault with the chosen passphrase and lands on the keys', async () => {
    const { user } = renderOptions();
    await user.type(await screen.findByLabelText('Passphrase'), STRONG);
    await user.type(screen.getByLabelText('Confirm passphrase'), `${STRONG}{Enter}`);
    await waitFor(() => expect(fake.callsOf('vault.create')).toEqual([{ name: 'vault.create', data: { passphrase: STRONG } }]));
    expect(await screen.findByText('No keys yet')).toBeInTheDocument();
    expect(screen.getByRole('navigation', { name: 'Sections' })).toBeInTheDocument();
  });

  it('keeps what was typed when the background refuses', async () => {
    fake.vault.failNext.set('vault.create', { reason: 'storage', message: 'The vault could not be saved.' });
    const { user } = renderOptions();
    await user.type(await screen.findByLabelText('Passphrase'), STRONG);
    await user.type(screen.getByLabelText('Confirm passphrase'), STRONG);
    await user.click(screen.getByRole('button', { name: 'Create vault' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('The vault could not be saved.');
    expect(screen.getByLabelText('Passphrase')).toHaveValue(STRONG);
    expect(screen.getByLabelText('Confirm passphrase')).toHaveValue(STRONG);
  });

  it('the popup sends a first-time user to the options page', async () => {
    const open = vi.spyOn(fakeBrowser.runtime, 'openOptionsPage').mockResolvedValue(undefined);
    const { user } = renderPopup();
    await user.click(await screen.findByRole('button', { name: 'Set up in options' }));
    expect(open).toHaveBeenCalledOnce();
    expect(screen.queryByLabelText('Passphrase')).not.toBeInTheDocument();
  });
});
