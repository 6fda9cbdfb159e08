// Issue 11: once a page holds the list, a vault change brings only what changed (`keys.changes`
// with the page's cursor), not the whole list again; an answer the page cannot apply brings the
// whole list.
import { screen, waitFor } from '@testing-library/react';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { sendMessage } from '@/lib/messaging/protocol';
import { toKeyListItem } from '@/lib/keys/key-entry';
import { createFakeBackground, makeKey, type FakeBackground } from './helpers/fake-background';
import { renderPopup } from './helpers/render-app';

vi.mock('@/lib/clipboard/page/copy', () => ({ copySecret: vi.fn() }));

const deploy = makeKey({ id: 'k1', name: 'CI deploy', secret: 'kaneo_secret_ci_123' });
const reports = makeKey({ id: 'k2', name: 'Reports', secret: 'kaneo_secret_reports_456' });
let fake: FakeBackground;

beforeEach(() => {
  fake = createFakeBackground({ keys: [deploy, reports] });
  vi.mocked(sendMessage).mockImplementation(fake.handle as never);
});

/** The vault's storage item changed, as after a save by any page. */
const vaultWritten = () => fakeBrowser.storage.local.set({ vault: { revision: Math.random() } });

describe('the key list after a vault change', () => {
  it('asks with its cursor and applies the changes it is sent', async () => {
    fake.answer('keys.changes', (data) =>
      data?.since === 'c1'
        ? { ok: true, value: { cursor: 'c2', whole: false, since: 'c1', changed: [toKeyListItem({ ...deploy, name: 'CI deploy (prod)' })], removed: ['k2'] } }
        : { ok: true, value: { cursor: 'c1', whole: true, keys: [deploy, reports].map(toKeyListItem) } },
    );
    renderPopup();
    expect(await screen.findByText('Reports')).toBeInTheDocument();
    await vaultWritten();
    expect(await screen.findByText('CI deploy (prod)')).toBeInTheDocument();
    expect(screen.queryByText('Reports')).not.toBeInTheDocument();
    expect(fake.dataOf('keys.changes')).toEqual([undefined, { since: 'c1' }]);
    // The next change is asked against the cursor the delta moved the list to.
    await vaultWritten();
    await waitFor(() => expect(fake.dataOf('keys.changes').at(-1)).toEqual({ since: 'c2' }));
  });

  it('an answer against another list than the one held brings the whole list instead', async () => {
    let whole = 0;
    fake.answer('keys.changes', (data) => {
      if (data?.since) return { ok: true, value: { cursor: 'c9', whole: false, since: 'not-mine', changed: [], removed: ['k1', 'k2'] } };
      whole++;
      const keys = whole === 1 ? [deploy, reports] : [reports];
      return { ok: true, value: { cursor: 'c1', whole: true, keys: keys.map(toKeyListItem) } };
    });
    renderPopup();
    expect(await screen.findByText('CI deploy')).toBeInTheDocument();
    await vaultWritten();
    await waitFor(() => expect(screen.queryByText('CI deploy')).not.toBeInTheDocument());
    // Not applied: the delta would have removed both.
    expect(screen.getByText('Reports')).toBeInTheDocument();
    expect(fake.dataOf('keys.changes')).toEqual([undefined, { since: 'c1' }, undefined]);
  });
});
