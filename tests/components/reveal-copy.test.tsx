import { screen, within } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { sendMessage } from '@/lib/messaging/protocol';
import { copySecret } from '@/lib/clipboard/page/copy';
import { err, ok } from '@/lib/result';
import { createFakeBackground, makeKey, type FakeBackground } from './helpers/fake-background';
import { renderOptions, renderPopup } from './helpers/render-app';
import { expectStatus } from './helpers/status';

vi.mock('@/lib/clipboard/page/copy', () => ({ copySecret: vi.fn() }));

const SECRET = 'kaneo_live_0123456789abcdef';
let fake: FakeBackground;
beforeEach(() => {
  fake = createFakeBackground({
    state: 'unlocked',
    keys: [makeKey({ id: 'k1', name: 'CI deploy', secret: SECRET, start: 'kan' })],
  });
  vi.mocked(sendMessage).mockImplementation(fake.handle as never);
  vi.mocked(copySecret).mockReset();
});

describe('reveal', () => {
  it('the secret enters the DOM only while revealed', async () => {
    const { user } = renderPopup();
    await screen.findByText('CI deploy');
    expect(document.body.innerHTML).not.toContain(SECRET);
    expect(fake.callsOf('keys.reveal')).toHaveLength(0);
    expect(screen.getByLabelText('Key CI deploy, hidden')).toHaveTextContent(/^kan•+$/);

    const reveal = screen.getByRole('button', { name: 'Reveal CI deploy' });
    expect(reveal).toHaveAttribute('aria-pressed', 'false');
    await user.click(reveal);
    expect(await screen.findByText(SECRET)).toBeInTheDocument();
    expect(reveal).toHaveAttribute('aria-pressed', 'true');
    expect(fake.callsOf('keys.reveal')).toEqual([{ name: 'keys.reveal', data: { id: 'k1' } }]);

    await user.click(reveal);
    expect(screen.queryByText(SECRET)).not.toBeInTheDocument();
    expect(document.body.innerHTML).not.toContain(SECRET);
    expect(reveal).toHaveAttribute('aria-pressed', 'false');
  });

  it('hides the secret again on its own after a while', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    try {
      const { user } = renderPopup();
      await screen.findByText('CI deploy');
      await user.click(screen.getByRole('button', { name: 'Reveal CI deploy' }));
      expect(await screen.findByText(SECRET)).toBeInTheDocument();
      await vi.advanceTimersByTimeAsync(61_000);
      expect(screen.queryByText(SECRET)).not.toBeInTheDocument();
    } finally {
      vi.useRealTimers();
    }
  });

  it('a refused reveal is said in the row and nothing is shown', async () => {
    fake.vault.failNext.set('keys.reveal', { reason: 'locked', message: 'The vault is locked.' });
    const { user } = renderPopup();
    await screen.findByText('CI deploy');
    await user.click(screen.getByRole('button', { name: 'Reveal CI deploy' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('The vault is locked.');
    expect(document.body.innerHTML).not.toContain(SECRET);
  });

  it('works the same on the options page', async () => {
    const { user } = renderOptions('keys');
    await screen.findByText('CI deploy');
    await user.click(screen.getByRole('button', { name: 'Reveal CI deploy' }));
    expect(await screen.findByText(SECRET)).toBeInTheDocument();
  });
});

describe('copy', () => {
  it('copies through copySecret and says when the clipboard clears, without showing the secret', async () => {
    vi.mocked(copySecret).mockResolvedValue(ok({ clearAfterSeconds: 30 }));
    const { user } = renderPopup();
    await screen.findByText('CI deploy');
    await user.click(screen.getByRole('button', { name: 'Copy CI deploy' }));
    expect(copySecret).toHaveBeenCalledWith('k1');
    expectStatus('Copied — clears in 30 s');
    expect(document.body.innerHTML).not.toContain(SECRET);
  });

  it('says just "Copied" when clearing is off', async () => {
    vi.mocked(copySecret).mockResolvedValue(ok({ clearAfterSeconds: 0 }));
    const { user } = renderPopup();
    await screen.findByText('CI deploy');
    await user.click(screen.getByRole('button', { name: 'Copy CI deploy' }));
    await vi.waitFor(() => expectStatus(/^Copied$/));
  });

  it('a failed copy is an alert in the row', async () => {
    vi.mocked(copySecret).mockResolvedValue(err('clipboard-denied', 'The browser did not allow copying.'));
    const { user } = renderPopup();
    await screen.findByText('CI deploy');
    await user.click(screen.getByRole('button', { name: 'Copy CI deploy' }));
    const row = screen.getByText('CI deploy', { selector: '.key-row__name' }).closest('li')!;
    expect(await within(row).findByRole('alert')).toHaveTextContent('The browser did not allow copying.');
  });
});
