import { screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { sendMessage } from '@/lib/messaging/protocol';
import { err, ok } from '@/lib/result';
import { createFakeBackground, type FakeBackground } from './helpers/fake-background';
import { renderOptions, renderPopup } from './helpers/render-app';


const EXPORT = {
  fileName: 'kaneo-key-manager-damaged-vault-2026-11-26.json',
  json: '{\n  "format": "kaneo-key-manager/damaged-vault-export",\n  "value": "cut sh"\n}',
};

let fake: FakeBackground;
/** The shared fake plus the two recovery messages, answered the way the background does. */
async function handle(name: string, data?: unknown): Promise<unknown> {
  if (name === 'vault.exportDamaged') {
    fake.vault.calls.push({ name, data });
    return fake.vault.state === 'damaged' ? ok(EXPORT) : err('not-damaged', 'The vault is not damaged.');
  }
  if (name === 'vault.resetDamaged') {
    fake.vault.calls.push({ name, data });
    if (fake.vault.state !== 'damaged') return err('not-damaged', 'The vault is not damaged.');
    if ((data as { confirm?: unknown } | undefined)?.confirm !== 'START OVER') return err('invalid-input', 'Type START OVER to confirm.');
    fake.vault.state = 'uninitialized';
    return ok({ backupSavedAt: '2026-11-26T12:00:00.000Z', replacedBackupSavedAt: null });
  }
  return fake.handle(name, data);
}

let clicked: HTMLAnchorElement[];
let blobs: Blob[];
beforeEach(() => {
  fake = createFakeBackground({ state: 'damaged', damagedMessage: 'The stored vault is damaged: it is not JSON.' });
  vi.mocked(sendMessage).mockImplementation(handle as never);
  clicked = [];
  blobs = [];
  // jsdom has no object URLs and does not download; record what would have been saved.
  URL.createObjectURL = vi.fn((blob: Blob) => {
    blobs.push(blob);
    return `blob:chrome-extension://test/${blobs.length}`;
  }) as typeof URL.createObjectURL;
  URL.revokeObjectURL = vi.fn();
  vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
    clicked.push(this);
  });
});
afterEach(() => {
  vi.restoreAllMocks();
});

describe('damaged vault: download', () => {
  it('says the file holds only encrypted data, and the button saves it as a file link', async () => {
    const { user } = renderOptions();
    const recovery = await screen.findByRole('region', { name: 'What you can do' });
    expect(recovery).toHaveTextContent(/only what was stored — encrypted data/);
    expect(recovery).toHaveTextContent(/safe to keep or to hand to someone/);

    await user.click(within(recovery).getByRole('button', { name: 'Download the damaged vault' }));

    expect(await within(recovery).findByRole('status')).toHaveTextContent(`Saved as ${EXPORT.fileName}.`);
    expect(fake.callsOf('vault.exportDamaged')).toHaveLength(1);
    expect(clicked).toHaveLength(1);
    const link = clicked[0]!;
    expect(link.download).toBe(EXPORT.fileName);
    expect(link.href).toBe('blob:chrome-extension://test/1');
    expect(link.isConnected).toBe(false);
    expect(blobs[0]!.type).toBe('application/json');
    expect(await blobs[0]!.text()).toBe(EXPORT.json);
    // Downloading changes nothing.
    expect(fake.callsOf('vault.resetDamaged')).toHaveLength(0);
  });

  it('a refused export is said plainly and nothing is saved', async () => {
    const failing = async (name: string, data?: unknown) =>
      name === 'vault.exportDamaged' ? err('internal', 'Something went wrong.') : handle(name, data);
    vi.mocked(sendMessage).mockImplementation(failing as never);
    const { user } = renderOptions();
    await user.click(await screen.findByRole('button', { name: 'Download the damaged vault' }));
    const region = screen.getByRole('region', { name: 'What you can do' });
    expect(await within(region).findByRole('alert')).toHaveTextContent('Something went wrong.');
    expect(clicked).toHaveLength(0);
  });
});

describe('damaged vault: start over', () => {
  it('needs the typed phrase; without it nothing is sent', async () => {
    const { user } = renderOptions();
    await user.click(await screen.findByRole('button', { name: 'Start a new vault' }));
    const dialog = screen.getByRole('alertdialog', { name: 'Start a new vault?' });
    expect(dialog).toHaveTextContent(/moved to a backup inside the extension/);
    // Cancel has focus first: Enter does not destroy.
    expect(within(dialog).getByRole('button', { name: 'Cancel' })).toHaveFocus();

    await user.click(within(dialog).getByRole('button', { name: 'Start a new vault' }));
    expect(await within(dialog).findByRole('alert')).toHaveTextContent('Type START OVER exactly');
    await user.type(within(dialog).getByLabelText('Type START OVER to confirm'), 'start over');
    await user.click(within(dialog).getByRole('button', { name: 'Start a new vault' }));
    expect(within(dialog).getByRole('alert')).toHaveTextContent('Type START OVER exactly');
    expect(fake.callsOf('vault.resetDamaged')).toHaveLength(0);
    expect(fake.vault.state).toBe('damaged');
  });

  it('Cancel closes the dialog and changes nothing', async () => {
    const { user } = renderOptions();
    await user.click(await screen.findByRole('button', { name: 'Start a new vault' }));
    const dialog = screen.getByRole('alertdialog');
    await user.type(within(dialog).getByLabelText('Type START OVER to confirm'), 'START OVER');
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('alertdialog')).not.toBeInTheDocument();
    expect(fake.callsOf('vault.resetDamaged')).toHaveLength(0);
    // Opening it again starts with an empty phrase.
    await user.click(screen.getByRole('button', { name: 'Start a new vault' }));
    expect(within(screen.getByRole('alertdialog')).getByLabelText('Type START OVER to confirm')).toHaveValue('');
  });

  it('with the phrase: resets, and onboarding appears', async () => {
    const { user } = renderOptions();
    await user.click(await screen.findByRole('button', { name: 'Start a new vault' }));
    const dialog = screen.getByRole('alertdialog');
    await user.type(within(dialog).getByLabelText('Type START OVER to confirm'), 'START OVER');
    await user.click(within(dialog).getByRole('button', { name: 'Start a new vault' }));

    expect(await screen.findByRole('heading', { name: 'Set up Kaneo Key Manager' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Create vault' })).toBeInTheDocument();
    expect(fake.callsOf('vault.resetDamaged')).toEqual([{ name: 'vault.resetDamaged', data: { confirm: 'START OVER' } }]);
    expect(screen.queryByRole('alertdialog')).not.toBeInTheDocument();
    expect(screen.queryByText('The vault can’t be read')).not.toBeInTheDocument();
  });

  it('a refused reset keeps the dialog open with the reason', async () => {
    const refusing = async (name: string, data?: unknown) =>
      name === 'vault.resetDamaged' ? err('internal', 'Nothing was changed; try again.') : handle(name, data);
    vi.mocked(sendMessage).mockImplementation(refusing as never);
    const { user } = renderOptions();
    await user.click(await screen.findByRole('button', { name: 'Start a new vault' }));
    const dialog = screen.getByRole('alertdialog');
    await user.type(within(dialog).getByLabelText('Type START OVER to confirm'), 'START OVER');
    await user.click(within(dialog).getByRole('button', { name: 'Start a new vault' }));
    expect(await within(dialog).findByRole('alert')).toHaveTextContent('Nothing was changed; try again.');
    await waitFor(() => expect(screen.getByRole('alertdialog')).toBeInTheDocument());
    expect(screen.queryByRole('heading', { name: 'Set up Kaneo Key Manager' })).not.toBeInTheDocument();
  });

  it('the popup offers no reset: it sends the person to the options page', async () => {
    renderPopup();
    expect(await screen.findByRole('alert')).toHaveTextContent('Nothing was overwritten');
    expect(screen.queryByRole('button', { name: 'Start a new vault' })).not.toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Open the options page' })).toBeInTheDocument();
  });
});
