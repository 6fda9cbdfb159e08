import { screen, waitFor, within } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { sendMessage } from '@/lib/messaging/protocol';
import { createFakeBackground, makeKey, type FakeBackground } from './helpers/fake-background';
import { renderOptions, renderPopup } from './helpers/render-app';
import { expectStatus } from './helpers/status';

vi.mock('@/lib/clipboard/page/copy', () => ({ copySecret: vi.fn() }));

const PASSPHRASE = 'correct horse battery staple';
let fake: FakeBackground;
beforeEach(() => {
  fake = createFakeBackground({
    state: 'locked',
    passphrase: PASSPHRASE,
    keys: [makeKey({ name: 'CI deploy', secret: 'kaneo_secret_ci_123' })],
  });
  vi.mocked(sendMessage).mockImplementation(fake.handle as never);
});

describe('unlock', () => {
  it('the popup asks for the passphrase with the field focused and no keys shown', async () => {
    renderPopup();
    const field = await screen.findByLabelText('Passphrase');
    expect(field).toHaveFocus();
    expect(screen.queryByText('CI deploy')).not.toBeInTheDocument();
    expect(fake.callsOf('keys.changes')).toHaveLength(0);
  });

  it('a wrong passphrase is said plainly, the typed text stays, and nothing unlocks', async () => {
    const { user } = renderPopup();
    await user.type(await screen.findByLabelText('Passphrase'), 'not it{Enter}');
    expect(await screen.findByRole('alert')).toHaveTextContent('Wrong passphrase. Nothing was changed.');
    expect(screen.getByLabelText('Passphrase')).toHaveValue('not it');
    expect(screen.getByLabelText('Passphrase')).toHaveFocus();
    expect(fake.callsOf('vault.unlock')).toHaveLength(1);
    expect(screen.queryByText('CI deploy')).not.toBeInTheDocument();
  });

  it('an empty passphrase is not sent', async () => {
    const { user } = renderPopup();
    await screen.findByLabelText('Passphrase');
    await user.click(screen.getByRole('button', { name: 'Unlock' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Enter your passphrase.');
    expect(fake.callsOf('vault.unlock')).toHaveLength(0);
  });

  it('the right passphrase unlocks once and shows the keys', async () => {
    const { user } = renderPopup();
    await user.type(await screen.findByLabelText('Passphrase'), `${PASSPHRASE}{Enter}`);
    expect(await screen.findByText('CI deploy')).toBeInTheDocument();
    expect(fake.callsOf('vault.unlock')).toEqual([{ name: 'vault.unlock', data: { passphrase: PASSPHRASE } }]);
    expect(screen.queryByLabelText('Passphrase')).not.toBeInTheDocument();
  });

  it('says "Loading keys…" until the list arrives, never a false "No keys yet"', async () => {
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => (release = resolve));
    vi.mocked(sendMessage).mockImplementation((async (name: string, data?: unknown) => {
      if (name === 'keys.changes') await gate;
      return fake.handle(name, data);
    }) as never);
    const { user } = renderPopup();
    await user.type(await screen.findByLabelText('Passphrase'), `${PASSPHRASE}{Enter}`);
    expect(await screen.findByText('Loading keys…')).toBeInTheDocument();
    expect(screen.queryByText('No keys yet')).not.toBeInTheDocument();
    release();
    expect(await screen.findByText('CI deploy')).toBeInTheDocument();
    expect(screen.queryByText('Loading keys…')).not.toBeInTheDocument();
  });

  it('after the unlock the key list is asked at once, beside the state, not after the state came back', async () => {
    let releaseStatus: () => void = () => {};
    const statusHeld = new Promise<void>((resolve) => (releaseStatus = resolve));
    let unlocked = false;
    vi.mocked(sendMessage).mockImplementation((async (name: string, data?: unknown) => {
      if (name === 'vault.status' && unlocked) await statusHeld;
      const answer = await fake.handle(name, data);
      if (name === 'vault.unlock') unlocked = true;
      return answer;
    }) as never);
    const { user } = renderPopup();
    await user.type(await screen.findByLabelText('Passphrase'), `${PASSPHRASE}{Enter}`);
    await waitFor(() => expect(fake.callsOf('keys.changes')).toHaveLength(1));
    // The state decides what is shown: nothing yet.
    expect(screen.queryByText('CI deploy')).not.toBeInTheDocument();
    releaseStatus();
    expect(await screen.findByText('CI deploy')).toBeInTheDocument();
    expect(fake.callsOf('keys.changes')).toHaveLength(1);
  });

  it('a list asked beside the state is not shown when the state says the vault locked again meanwhile', async () => {
    let unlocked = false;
    vi.mocked(sendMessage).mockImplementation((async (name: string, data?: unknown) => {
      if (name === 'vault.status' && unlocked) {
        // Locked elsewhere after the list was answered, before the state was.
        await waitFor(() => expect(fake.callsOf('keys.changes')).toHaveLength(1));
        await fake.handle('vault.lock', undefined);
      }
      const answer = await fake.handle(name, data);
      if (name === 'vault.unlock') unlocked = true;
      return answer;
    }) as never);
    const { user } = renderPopup();
    await user.type(await screen.findByLabelText('Passphrase'), `${PASSPHRASE}{Enter}`);
    await waitFor(() => expect(fake.callsOf('vault.status').length).toBeGreaterThanOrEqual(2));
    expect(await screen.findByLabelText('Passphrase')).toBeInTheDocument();
    expect(screen.queryByText('CI deploy')).not.toBeInTheDocument();
  });

  it('the refresh the unlock\'s storage change starts and the one its answer starts share one key-list request', async () => {
    const { fakeBrowser } = await import('wxt/testing/fake-browser');
    let unlocked = false;
    let statusAsked = 0;
    let listsAsked = 0;
    const later = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
    vi.mocked(sendMessage).mockImplementation((async (name: string, data?: unknown) => {
      const nth = name === 'vault.status' ? ++statusAsked : name === 'keys.changes' ? ++listsAsked : 0;
      // The storage change's refresh asks the state first, and has it answered first, once the
      // unlock's own refresh asked for the state and the list; that list is still on its way then.
      if (name === 'vault.status' && unlocked && nth === 2) await waitFor(() => expect(listsAsked).toBeGreaterThan(0));
      if (name === 'vault.status' && unlocked && nth === 3) await later(40);
      if (name === 'keys.changes') await later(80);
      const answer = await fake.handle(name, data);
      if (name === 'vault.unlock') {
        unlocked = true;
        // The session is written before the unlock is answered: the page hears of it first.
        await fakeBrowser.storage.session.set({ 'vault.session': { vaultId: 'v', dataKey: 'AAAA' } });
        await waitFor(() => expect(statusAsked).toBe(2));
      }
      return answer;
    }) as never);
    const { user } = renderPopup();
    await user.type(await screen.findByLabelText('Passphrase'), `${PASSPHRASE}{Enter}`);
    expect(await screen.findByText('CI deploy')).toBeInTheDocument();
    await waitFor(() => expect(fake.callsOf('vault.status').length).toBeGreaterThanOrEqual(3));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(listsAsked).toBe(1);
  });

  it('a locked page that did not unlock itself never asks for the list', async () => {
    const { user } = renderPopup();
    await user.type(await screen.findByLabelText('Passphrase'), 'not it{Enter}');
    expect(await screen.findByRole('alert')).toHaveTextContent('Wrong passphrase. Nothing was changed.');
    window.dispatchEvent(new Event('focus'));
    await waitFor(() => expect(fake.callsOf('vault.status').length).toBeGreaterThanOrEqual(2));
    expect(fake.callsOf('keys.changes')).toHaveLength(0);
  });

  it('the options page asks to unlock in the Keys section', async () => {
    const { user } = renderOptions('keys');
    await user.type(await screen.findByLabelText('Passphrase'), `${PASSPHRASE}{Enter}`);
    expect(await screen.findByText('CI deploy')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Add key' })).toBeInTheDocument();
  });
});

describe('lock', () => {
  beforeEach(() => {
    fake.vault.state = 'unlocked';
  });

  it('Lock in the popup locks the vault and brings back the unlock form', async () => {
    const { user } = renderPopup();
    expect(await screen.findByText('CI deploy')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Lock' }));
    expect(await screen.findByLabelText('Passphrase')).toBeInTheDocument();
    expect(fake.callsOf('vault.lock')).toHaveLength(1);
    expect(screen.queryByText('CI deploy')).not.toBeInTheDocument();
    expectStatus('Vault locked');
  });

  it('"Vault locked" goes away once the person tries to unlock: it never sits beside a wrong-passphrase error', async () => {
    const { user } = renderPopup();
    expect(await screen.findByText('CI deploy')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Lock' }));
    await user.type(await screen.findByLabelText('Passphrase'), 'not it');
    expectStatus('Vault locked');
    await user.keyboard('{Enter}');
    expect(await screen.findByRole('alert')).toHaveTextContent('Wrong passphrase.');
    expect(screen.getAllByRole('status').map((region) => region.textContent).join('')).not.toContain('Vault locked');
  });

  it('"Lock" in the options header locks the vault', async () => {
    const { user } = renderOptions('keys');
    await screen.findByText('CI deploy');
    const header = screen.getByRole('banner');
    await user.click(within(header).getByRole('button', { name: 'Lock' }));
    expect(await screen.findByLabelText('Passphrase')).toBeInTheDocument();
    expect(within(header).getByText('Locked')).toBeInTheDocument();
    expect(fake.callsOf('vault.lock')).toHaveLength(1);
  });

  it('notices a lock made elsewhere (auto-lock, another page) when the window regains focus', async () => {
    renderPopup();
    await screen.findByText('CI deploy');
    fake.vault.state = 'locked';
    window.dispatchEvent(new Event('focus'));
    expect(await screen.findByLabelText('Passphrase')).toBeInTheDocument();
    expect(screen.queryByText('CI deploy')).not.toBeInTheDocument();
  });

  it('notices a lock when extension storage changes', async () => {
    const { fakeBrowser } = await import('wxt/testing/fake-browser');
    renderPopup();
    await screen.findByText('CI deploy');
    fake.vault.state = 'locked';
    await fakeBrowser.storage.session.remove('vault.session');
    await fakeBrowser.storage.session.set({ 'vault.session': null });
    await waitFor(() => expect(screen.getByLabelText('Passphrase')).toBeInTheDocument());
  });

  it('does not re-ask on storage changes that are not the vault (activity marks), so it cannot loop', async () => {
    const { fakeBrowser } = await import('wxt/testing/fake-browser');
    renderPopup();
    await screen.findByText('CI deploy');
    const asked = () => fake.callsOf('vault.status').length + fake.callsOf('keys.changes').length;
    const before = asked();
    await fakeBrowser.storage.session.set({ 'vault.lastActivity': Date.now() });
    await fakeBrowser.storage.local.set({ expiryIndex: { v: 1 } });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(asked()).toBe(before);
    await fakeBrowser.storage.local.set({ vault: { changed: true } });
    await waitFor(() => expect(asked()).toBeGreaterThan(before));
  });

  it('a page showing the list asks only what changed after a vault change: the answer says it is still unlocked', async () => {
    const { fakeBrowser } = await import('wxt/testing/fake-browser');
    renderPopup();
    await screen.findByText('CI deploy');
    const status = fake.callsOf('vault.status').length;
    const lists = fake.callsOf('keys.changes').length;
    fake.vault.keys.push(makeKey({ name: 'Added elsewhere', secret: 'kaneo_secret_other_1' }));
    await fakeBrowser.storage.local.set({ vault: { changed: true } });
    expect(await screen.findByText('Added elsewhere')).toBeInTheDocument();
    expect(fake.callsOf('keys.changes')).toHaveLength(lists + 1);
    expect(fake.callsOf('vault.status')).toHaveLength(status);
    expect(screen.getByText('CI deploy')).toBeInTheDocument();
  });

  it('when that answer is a refusal, it asks the state and shows what the state says (damaged)', async () => {
    const { fakeBrowser } = await import('wxt/testing/fake-browser');
    renderPopup();
    await screen.findByText('CI deploy');
    const status = fake.callsOf('vault.status').length;
    fake.vault.state = 'damaged';
    fake.answer('keys.changes', () => ({ ok: false, reason: 'damaged', message: 'The stored vault is damaged.' }));
    await fakeBrowser.storage.local.set({ vault: { changed: true } });
    expect(await screen.findByRole('alert')).toHaveTextContent('Nothing was overwritten');
    expect(fake.callsOf('vault.status')).toHaveLength(status + 1);
    expect(screen.queryByText('CI deploy')).not.toBeInTheDocument();
  });
});

describe('damaged vault', () => {
  beforeEach(() => {
    fake = createFakeBackground({ state: 'damaged', damagedMessage: 'The stored vault was cut short (truncated).' });
    vi.mocked(sendMessage).mockImplementation(fake.handle as never);
  });

  it('the options page explains that nothing was overwritten and offers no form', async () => {
    renderOptions();
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('The vault can’t be read');
    expect(alert).toHaveTextContent('The stored vault was cut short (truncated).');
    expect(alert).toHaveTextContent('Nothing was overwritten');
    expect(screen.queryByLabelText('Passphrase')).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Create vault' })).not.toBeInTheDocument();
  });

  it('the popup says the same and links to options', async () => {
    renderPopup();
    expect(await screen.findByRole('alert')).toHaveTextContent('Nothing was overwritten');
    expect(screen.getByRole('button', { name: 'Open the options page' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Open options' })).toBeInTheDocument();
    expect(screen.queryByLabelText('Passphrase')).not.toBeInTheDocument();
    expect(fake.callsOf('vault.create')).toHaveLength(0);
    expect(fake.callsOf('vault.unlock')).toHaveLength(0);
  });
});

describe('background unreachable', () => {
  it('says so instead of spinning forever', async () => {
    vi.mocked(sendMessage).mockRejectedValue(new Error('Could not establish connection. Receiving end does not exist.'));
    renderPopup();
    expect(await screen.findByRole('alert')).toHaveTextContent('did not answer');
  });
});
