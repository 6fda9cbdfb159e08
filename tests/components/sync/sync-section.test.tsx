import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { ok, err } from '@/lib/result';
import type { SyncPreview, SyncStatus } from '@/lib/sync/protocol';
import { createFakeBackground } from '../helpers/fake-background';
import { renderOptions } from '../helpers/render-app';

vi.mock('@/lib/clipboard/page/copy', () => ({ copySecret: vi.fn() }));

const usage = { bytes: 2048, items: 3, budgetBytes: 98_304, budgetItems: 504 };
const off: SyncStatus = { phase: 'off', lastSyncAt: null, problem: null, synced: 0, notSynced: 0, refused: [], conflicts: 0, usage };
const on: SyncStatus = { ...off, phase: 'on', synced: 2, lastSyncAt: '2026-12-01T10:00:00.000Z' };
const join: SyncPreview = {
  mode: 'join',
  fromSync: [{ ref: 'r1', name: 'deploy', host: 'kaneo.example.org' }],
  fromHere: [{ ref: 'l1', name: 'laptop', host: 'kaneo.example.org' }],
  identical: [],
  conflicts: [{ ref: 'l2', name: 'shared', host: 'kaneo.example.org', differs: ['secret'] }],
  refused: 0,
  fits: true,
  bytes: 3000,
  items: 4,
  budgetBytes: 98_304,
  budgetItems: 504,
};

describe('Sync section', () => {
  it('is off by default; joining asks the passphrase, previews, needs a choice per conflict, then turns on', async () => {
    let status = off;
    const fake = createFakeBackground({
      answers: {
        'sync.status': () => ok(status),
        'sync.preview': (data) => (data.passphrase === 'the passphrase' ? ok(join) : err('needs-passphrase', 'Keys are already synced from another device. Enter your passphrase to open them.')),
        'sync.enable': () => {
          status = on;
          return ok(on);
        },
      },
    });
    const { user } = renderOptions('sync');
    expect(await screen.findByText('Off')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Turn on sync…' }));
    expect(await screen.findByText(/already synced from another device/)).toBeInTheDocument();
    await user.type(screen.getByLabelText('Passphrase'), 'the passphrase');
    await user.click(screen.getByRole('button', { name: 'Show what will change' }));
    const preview = await screen.findByRole('group', { name: 'Merge preview' });
    expect(within(preview).getByText('New here, from sync (1)')).toBeInTheDocument();
    expect(within(preview).getByText('deploy')).toBeInTheDocument();
    expect(within(preview).getByText('Sent from this device (1)')).toBeInTheDocument();
    expect(fake.callsOf('sync.enable')).toHaveLength(0);
    const merge = screen.getByRole('button', { name: 'Merge and turn on' });
    expect(merge).toBeDisabled();
    await user.click(within(screen.getByRole('radiogroup', { name: 'shared on kaneo.example.org' })).getByLabelText('Take the synced one'));
    expect(merge).toBeEnabled();
    await user.click(merge);
    await waitFor(() => expect(fake.dataOf('sync.enable')).toEqual([{ choices: { l2: 'theirs' } }]));
    expect(await screen.findByLabelText('Sync status')).toHaveTextContent('2 keys synced');
    // The passphrase went only with the preview.
    expect(JSON.stringify(fake.dataOf('sync.enable'))).not.toContain('the passphrase');
  });

  it('refuses to turn on a vault that does not fit, saying how big it is', async () => {
    createFakeBackground({
      answers: {
        'sync.status': () => ok(off),
        'sync.preview': () => ok({ ...join, mode: 'fresh', fromSync: [], conflicts: [], fits: false, bytes: 150_000 }),
      },
    });
    const { user } = renderOptions('sync');
    await user.click(await screen.findByRole('button', { name: 'Turn on sync…' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('need about 147 KB');
    expect(screen.getByRole('button', { name: 'Turn on sync' })).toBeDisabled();
  });

  it('shows problems, refused records and conflicts; "Use this one" resolves', async () => {
    const fake = createFakeBackground({
      answers: {
        'sync.status': () =>
          ok({
            ...on,
            conflicts: 1,
            notSynced: 2,
            problem: { kind: 'quota', message: "The browser's sync storage is full: 2 new keys stay on this device only.", retryAt: null },
            refused: [{ item: 'kkm.r.AAAAAAAAAAAAAAAAAAAAAA', reason: 'it was not made with this vault’s key, or it was changed' }],
          }),
        'sync.conflicts': () =>
          ok([
            {
              id: 'c1',
              entryId: 'e1',
              detectedAt: '2026-12-01T10:00:00.000Z',
              kept: { name: 'deploy', host: 'kaneo.example.org', notes: 'edited on A', expiresAt: null, updatedAt: '2026-12-01T09:00:00.000Z' },
              current: { name: 'deploy', host: 'kaneo.example.org', notes: 'edited on B', expiresAt: null, updatedAt: '2026-12-01T09:00:01.000Z' },
              secretDiffers: false,
            },
          ]),
        'sync.resolveConflict': () => ok(on),
      },
    });
    const { user } = renderOptions('sync');
    expect(await screen.findByText(/sync storage is full/)).toBeInTheDocument();
    expect(screen.getByText(/Refused synced records/).parentElement).toHaveTextContent('kkm.r.AAAAAAAAAAAAAAAAAAAAAA');
    expect(screen.getByLabelText('Sync status')).toHaveTextContent('2 on this device only');
    const conflicts = await screen.findByRole('region', { name: 'Sync conflicts' });
    expect(conflicts).toHaveTextContent('edited on A');
    expect(conflicts).toHaveTextContent('edited on B');
    await user.click(within(conflicts).getByRole('button', { name: 'Use this one' }));
    await waitFor(() => expect(fake.dataOf('sync.resolveConflict')).toEqual([{ id: 'c1', action: 'use' }]));
  });

  it('asks for the passphrase when the set was re-encrypted elsewhere', async () => {
    createFakeBackground({
      answers: {
        'sync.status': () => ok({ ...on, phase: 'needs-passphrase', problem: { kind: 'key', message: 'The synced keys were re-encrypted on another device. Enter your passphrase to keep syncing.', retryAt: null } }),
      },
    });
    renderOptions('sync');
    expect(await screen.findByRole('form', { name: 'Open the synced keys' })).toBeInTheDocument();
    expect(screen.getByText('Needs passphrase')).toBeInTheDocument();
  });
});
