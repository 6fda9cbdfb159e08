import { screen, waitFor } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { popupTabOrigin } from '@/lib/kaneo/page/popup-tab';
import { createFakeBackground, makeKey, type FakeBackground } from './helpers/fake-background';
import { renderPopup } from './helpers/render-app';

// Which tab the popup works on is the browser's to say; here it is whatever the test sets.
vi.mock('@/lib/kaneo/page/popup-tab', () => ({ popupTabOrigin: vi.fn(), resolvePopupTabId: vi.fn(async () => 7) }));

const PASSPHRASE = 'correct horse battery staple';
let fake: FakeBackground;

function start(state: 'unlocked' | 'locked') {
  fake = createFakeBackground({
    state,
    passphrase: PASSPHRASE,
    keys: [makeKey({ name: 'CI deploy', secret: 'kaneo_secret_ci_123' })],
    answers: {
      'kaneo.inspectTab': async () => ({ ok: false, reason: 'signed-out', message: 'You’re not signed in to Kaneo on kaneo.example.com.' }),
    },
  });
}

const selected = () => screen.getAllByRole('tab').find((tab) => tab.getAttribute('aria-selected') === 'true')?.textContent;

describe('the popup’s first tab', () => {
  beforeEach(() => {
    vi.mocked(popupTabOrigin).mockReset();
  });

  it('opens on "This tab" when the active tab is a Kaneo the vault has keys for', async () => {
    start('unlocked');
    vi.mocked(popupTabOrigin).mockResolvedValue('https://kaneo.example.com');
    renderPopup();
    await waitFor(() => expect(selected()).toBe('This tab'));
    expect(await screen.findByRole('region', { name: 'Signed out' })).toBeInTheDocument();
  });

  it('stays on Keys on any other tab', async () => {
    start('unlocked');
    vi.mocked(popupTabOrigin).mockResolvedValue('https://news.example.org');
    renderPopup();
    expect(await screen.findByText('CI deploy')).toBeInTheDocument();
    await waitFor(() => expect(popupTabOrigin).toHaveBeenCalled());
    expect(selected()).toBe('Keys');
  });

  it('does not switch after the person picked a tab themselves', async () => {
    start('unlocked');
    let answer: (origin: string) => void = () => {};
    vi.mocked(popupTabOrigin).mockReturnValue(new Promise((resolve) => (answer = resolve)));
    const { user } = renderPopup();
    await user.click(await screen.findByRole('tab', { name: 'Test' }));
    answer('https://kaneo.example.com');
    await waitFor(() => expect(popupTabOrigin).toHaveBeenCalled());
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(selected()).toBe('Test');
  });

  it('opened locked, it stays on the unlock form and shows the keys after unlocking', async () => {
    start('locked');
    vi.mocked(popupTabOrigin).mockResolvedValue('https://kaneo.example.com');
    const { user } = renderPopup();
    await user.type(await screen.findByLabelText('Passphrase'), `${PASSPHRASE}{Enter}`);
    expect(await screen.findByText('CI deploy')).toBeInTheDocument();
    expect(selected()).toBe('Keys');
    expect(popupTabOrigin).not.toHaveBeenCalled();
  });
});
