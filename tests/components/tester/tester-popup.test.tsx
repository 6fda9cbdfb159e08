import { screen, within } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { sendMessage } from '@/lib/messaging/protocol';
import { hostPermissionHeld, requestHostPermission } from '@/lib/tester/page/host-permission';
import { rememberPendingTest, takePendingTest } from '@/lib/tester/page/pending-test';
import { TesterPopup } from '@/components/tester/tester-popup';
import { err, ok } from '@/lib/result';
import { expectStatus } from '../helpers/status';
import { SECRET, renderWithStatus, response, scriptedBackground, summary } from './tester-helpers';

vi.mock('@/lib/tester/page/host-permission', () => ({ requestHostPermission: vi.fn(), hostPermissionHeld: vi.fn() }));

const KEYS = [
  summary(),
  summary({ id: 'k2', name: 'Local key', instance: { webOrigin: 'http://127.0.0.1:4000', apiBaseUrl: 'http://127.0.0.1:4000/api' } }),
];
let background: ReturnType<typeof scriptedBackground>;

beforeEach(() => {
  vi.mocked(requestHostPermission).mockReset().mockResolvedValue(ok(null));
  vi.mocked(hostPermissionHeld).mockReset().mockResolvedValue(ok(null));
  background = scriptedBackground({
    'tester.send': (data) =>
      data.keyId === 'k2'
        ? ok(response({ status: 401, contentType: 'text/plain', body: { kind: 'text', text: 'Unauthorized', truncated: false } }))
        : ok(response({ status: 200, body: { kind: 'json', text: '[{"id":"w1","name":"Acme"}]', truncated: false } })),
  });
  vi.mocked(sendMessage).mockImplementation(background.sendMessage as never);
});

describe('TesterPopup', () => {
  it('tests a key with one click and shows the answer compactly', async () => {
    const { user } = renderWithStatus(<TesterPopup keys={KEYS} locked={false} />);
    await user.click(screen.getByRole('button', { name: 'Test CI key' }));
    expect(background.callsOf('tester.send')[0]).toMatchObject({
      keyId: 'k1',
      request: { method: 'GET', url: 'https://kaneo.example.com/api/auth/organization/list' },
    });
    const result = await screen.findByRole('region', { name: 'Response' });
    expect(within(result).getByText('200 OK')).toBeInTheDocument();
    expect(screen.getByText('Test of CI key:')).toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'Test Local key' }));
    expect(await screen.findByText('401 Unauthorized')).toBeInTheDocument();
    expect(screen.getByText(/wrong, revoked, disabled or expired/)).toBeInTheDocument();
    expect(requestHostPermission).toHaveBeenLastCalledWith('http://127.0.0.1:4000/api');
  });

  it('copies curl for the test request, reading the key from $KANEO_API_KEY', async () => {
    const { user } = renderWithStatus(<TesterPopup keys={KEYS} locked={false} />);
    await user.click(screen.getByRole('button', { name: 'Copy curl for Local key' }));
    const copied = await navigator.clipboard.readText();
    expect(copied).toMatch(/^curl /);
    expect(copied).not.toContain('\n');
    expect(copied).toContain('http://127.0.0.1:4000/api/auth/organization/list');
    expect(copied).toContain('$KANEO_API_KEY');
    expect(copied).not.toContain(SECRET);
    expect(background.callsOf('keys.reveal')).toEqual([]);
    expectStatus(/Copied curl/);
  });

  it('after Copy curl offers the export line and both lines, with the key, cleared like the key', async () => {
    const { user } = renderWithStatus(<TesterPopup keys={KEYS} locked={false} />);
    expect(screen.queryByRole('button', { name: 'Copy both lines' })).toBeNull();
    await user.click(screen.getByRole('button', { name: 'Copy curl for Local key' }));
    const setup = screen.getByRole('group', { name: 'Set up the terminal for Local key' });
    await user.click(within(setup).getByRole('button', { name: 'Copy export line' }));
    await vi.waitFor(async () => expect(await navigator.clipboard.readText()).toBe(`export KANEO_API_KEY='${SECRET}'`));
    expect(background.callsOf('keys.reveal')).toEqual([{ id: 'k2' }]);
    expect(background.callsOf('clipboard.scheduleClear')).toHaveLength(1);
    await user.click(within(setup).getByRole('button', { name: 'Copy both lines' }));
    await vi.waitFor(async () => {
      const [exportLine, curl, ...rest] = (await navigator.clipboard.readText()).split('\n');
      expect(exportLine).toBe(`export KANEO_API_KEY='${SECRET}'`);
      expect(curl).toMatch(/^curl .*http:\/\/127\.0\.0\.1:4000\/api\/auth\/organization\/list/);
      expect(rest).toEqual([]);
    });
    expectStatus(/ready to paste/);
    await user.click(within(setup).getByRole('button', { name: 'Hide' }));
    expect(screen.queryByRole('group', { name: /Set up the terminal/ })).toBeNull();
  });

  it('says when the permission is refused', async () => {
    vi.mocked(requestHostPermission).mockResolvedValue(err('permission-refused', 'Access to https://kaneo.example.com was not allowed, so nothing was sent.'));
    const { user } = renderWithStatus(<TesterPopup keys={KEYS} locked={false} />);
    await user.click(screen.getByRole('button', { name: 'Test CI key' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('was not allowed');
    expect(background.callsOf('tester.send')).toEqual([]);
  });

  it('notes the test while the browser asks for access, and drops the note once it answered', async () => {
    let answer: (value: ReturnType<typeof ok<null>>) => void = () => undefined;
    vi.mocked(requestHostPermission).mockReturnValue(new Promise((resolve) => (answer = resolve)));
    const { user } = renderWithStatus(<TesterPopup keys={KEYS} locked={false} />);
    await user.click(screen.getByRole('button', { name: 'Test Local key' }));
    // What a popup Firefox closes for its prompt leaves behind: the key's id, nothing else.
    await vi.waitFor(async () => expect(await fakeBrowser.storage.session.get(null)).toEqual({
      'tester.pendingTest': { keyId: 'k2', at: expect.any(Number) },
    }));
    answer(ok(null));
    expect(await screen.findByText('401 Unauthorized')).toBeInTheDocument();
    await vi.waitFor(async () => expect(await takePendingTest()).toBeNull());
  });

  it('finishes a test a closed popup started, once access was granted, without asking again', async () => {
    await rememberPendingTest('k2');
    renderWithStatus(<TesterPopup keys={KEYS} locked={false} />);
    expect(await screen.findByText('401 Unauthorized')).toBeInTheDocument();
    expect(screen.getByText('Test of Local key:')).toBeInTheDocument();
    expect(hostPermissionHeld).toHaveBeenCalledWith('http://127.0.0.1:4000/api');
    expect(requestHostPermission).not.toHaveBeenCalled();
    expect(background.callsOf('tester.send')).toHaveLength(1);
    expect(await takePendingTest()).toBeNull();
  });

  it('says so when the closed popup’s request for access was refused, and sends nothing', async () => {
    vi.mocked(hostPermissionHeld).mockResolvedValue(err('permission-refused', 'Access to http://127.0.0.1:4000 was not allowed, so nothing was sent.'));
    await rememberPendingTest('k2');
    renderWithStatus(<TesterPopup keys={KEYS} locked={false} />);
    expect(await screen.findByRole('alert')).toHaveTextContent('was not allowed');
    expect(background.callsOf('tester.send')).toEqual([]);
  });

  it('does not resume a stale note', async () => {
    await rememberPendingTest('k2', Date.now() - 10 * 60_000);
    renderWithStatus(<TesterPopup keys={KEYS} locked={false} />);
    await vi.waitFor(async () => expect(await fakeBrowser.storage.session.get(null)).toEqual({}));
    expect(background.callsOf('tester.send')).toEqual([]);
  });

  it('asks to unlock when locked', () => {
    renderWithStatus(<TesterPopup keys={[]} locked />);
    expect(screen.getByText('The vault is locked')).toBeInTheDocument();
  });
});
