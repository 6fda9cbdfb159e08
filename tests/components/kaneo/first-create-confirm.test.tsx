import { screen, waitFor } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { ThisTabPanel } from '@/components/kaneo/this-tab-panel';
import { INSTANCE, ok, renderKaneo, scriptBackground, summary, view } from './kaneo-helpers';

vi.setConfig({ testTimeout: 20_000 });

const LOOK_ALIKE = 'https://kaneo.examp1e.com';

function background() {
  return scriptBackground({
    vaultState: 'unlocked',
    kaneo: {
      'kaneo.inspectTab': () => ok({ instance: { webOrigin: LOOK_ALIKE, apiBaseUrl: `${LOOK_ALIKE}/api` }, apiBaseSource: 'default', user: { name: 'Ada', email: 'ada@example.com' }, workspaces: [] }),
      'kaneo.listServerKeys': () => ok(view({ instance: { webOrigin: LOOK_ALIKE, apiBaseUrl: `${LOOK_ALIKE}/api` } } as never)),
      // As the background answers: a first create for an unknown origin must be confirmed.
      'kaneo.createKey': (data: { name: string; confirmedNewOrigin?: string }) =>
        data.confirmedNewOrigin === LOOK_ALIKE
          ? ok(summary({ name: data.name }))
          : { ok: false, reason: 'confirm-new-origin', message: `This is the first key for ${LOOK_ALIKE}.`, detail: { webOrigin: LOOK_ALIKE } },
    },
  });
}

describe('first create for an origin never seen', () => {
  it('shows the origin prominently, focuses Cancel, and creates only after a deliberate confirm', async () => {
    const bg = background();
    const { user } = renderKaneo(<ThisTabPanel findTabId={async () => 42} />);
    // "New API key" opens the create form above the server's keys.
    await user.click(await screen.findByRole('button', { name: 'New API key' }));
    await user.type(await screen.findByLabelText('Name'), 'deploy bot');
    await user.click(screen.getByRole('button', { name: 'Create key' }));

    const dialog = await screen.findByRole('alertdialog', { name: 'First key for this site' });
    expect(screen.getByTestId('first-create-origin')).toHaveTextContent('https://kaneo.examp1e.com');
    expect(dialog).toHaveTextContent(/look-alike/);
    expect(screen.getByRole('button', { name: 'Cancel' })).toHaveFocus();
    // Enter on the focused Cancel does not create anything.
    await user.keyboard('{Enter}');
    await waitFor(() => expect(screen.queryByRole('alertdialog')).not.toBeInTheDocument());
    expect(bg.callsOf('kaneo.createKey')).toHaveLength(1);

    await user.click(screen.getByRole('button', { name: 'Create key' }));
    await user.click(await screen.findByRole('button', { name: 'Create key for kaneo.examp1e.com' }));
    expect(await screen.findByText('Key saved to the vault')).toBeInTheDocument();
    expect(bg.callsOf('kaneo.createKey').at(-1)).toMatchObject({ name: 'deploy bot', confirmedNewOrigin: LOOK_ALIKE });
    expect(INSTANCE.webOrigin).not.toBe(LOOK_ALIKE);
  });
});
