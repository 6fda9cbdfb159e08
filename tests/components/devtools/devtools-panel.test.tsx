import { screen, waitFor, within } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { DevtoolsPanel } from '@/components/devtools/devtools-panel';
import type { KaneoDetection, NetworkSource } from '@/lib/devtools/page/devtools-network';
import { sendMessage } from '@/lib/messaging/protocol';
import { renderWithStatus, scriptedBackground, SECRET, summary } from '../tester/tester-helpers';
import { harEntry } from '../../unit/devtools/har-entry';

vi.mock('@/lib/messaging/protocol', () => ({ sendMessage: vi.fn(), onMessage: vi.fn() }));
vi.mock('@/lib/settings/settings', () => ({ getSettings: vi.fn(async () => ({ clipboardClearSeconds: 30 })) }));

const ORIGIN = 'https://kaneo.example.com';
const API = `${ORIGIN}/api`;

/** A DevTools network log the test drives: what was recorded before, and requests finishing later. */
function fakeSource(detection: KaneoDetection, before: unknown[] = []) {
  const listeners = new Set<(entry: unknown) => void>();
  const source: NetworkSource = {
    tabId: 7,
    detect: vi.fn(async () => detection),
    recorded: vi.fn(async () => before),
    onFinished: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    onNavigated: () => () => {},
  };
  return { source, finish: (entry: unknown) => listeners.forEach((l) => l(entry)) };
}

const createTask = harEntry({
  method: 'POST',
  url: `${API}/task/proj_0001`,
  headers: [{ name: 'Content-Type', value: 'application/json' }, { name: 'Cookie', value: 'better-auth.session_token=SESSION' }],
  postData: { mimeType: 'application/json', text: '{"title":"Write docs"}' },
  status: 201,
  response: { mimeType: 'application/json', text: '{"id":"task_abc123","title":"Write docs"}' },
});
const readTask = harEntry({ url: `${API}/task/task_abc123` });

// user-event's setup() puts its own clipboard in place: what the panel copied is read back from it.
const clipboard = () => navigator.clipboard.readText();
beforeEach(() => {
  vi.mocked(sendMessage).mockReset();
});

function background(state: 'unlocked' | 'locked' | 'uninitialized', keys = [summary({ instance: { webOrigin: ORIGIN, apiBaseUrl: API } })]) {
  const bg = scriptedBackground({
    'vault.status': () => ({ state }),
    'keys.list': () => (state === 'unlocked' ? { ok: true, value: keys } : { ok: false, reason: 'locked', message: 'Locked' }),
  });
  vi.mocked(sendMessage).mockImplementation(bg.sendMessage as never);
  return bg;
}

describe('DevtoolsPanel', () => {
  it('says it only works on Kaneo tabs when the health check fails', async () => {
    background('unlocked');
    const { source } = fakeSource({ kind: 'not-kaneo', origin: 'https://example.org' });
    renderWithStatus(<DevtoolsPanel source={source} retryDelaysMs={[]} />);
    expect(await screen.findByText(/only works on Kaneo tabs: example\.org/)).toBeInTheDocument();
  });

  it('lists requests newest first with their operation, and never shows the cookie', async () => {
    background('unlocked');
    const { source, finish } = fakeSource({ kind: 'kaneo', webOrigin: ORIGIN }, [createTask]);
    const { container } = renderWithStatus(<DevtoolsPanel source={source} retryDelaysMs={[]} />);
    const table = await screen.findByRole('table', { name: 'API requests, newest first' });
    finish(readTask);
    await waitFor(() => expect(within(table).getAllByRole('row')).toHaveLength(3));
    const [, first, second] = within(table).getAllByRole('row');
    expect(first).toHaveTextContent('GET/task/task_abc123200');
    expect(second).toHaveTextContent('POST/task/proj_0001201');
    expect(second).toHaveTextContent('Create Task');
    expect(container.innerHTML).not.toContain('SESSION');
  });

  it('filters by text and method and hides reads', async () => {
    background('unlocked');
    const { source } = fakeSource({ kind: 'kaneo', webOrigin: ORIGIN }, [createTask, readTask]);
    const { user } = renderWithStatus(<DevtoolsPanel source={source} retryDelaysMs={[]} />);
    const table = await screen.findByRole('table', { name: 'API requests, newest first' });
    await waitFor(() => expect(within(table).getAllByRole('row')).toHaveLength(3));
    await user.click(screen.getByRole('checkbox', { name: 'Hide reads (GET)' }));
    expect(within(table).getAllByRole('row')).toHaveLength(2);
    await user.click(screen.getByRole('checkbox', { name: 'Hide reads (GET)' }));
    await user.selectOptions(screen.getByLabelText('Method'), 'GET');
    expect(within(table).getAllByRole('row')).toHaveLength(2);
    await user.selectOptions(screen.getByLabelText('Method'), 'ALL');
    await user.type(screen.getByPlaceholderText(/Filter by path/), 'create task');
    expect(within(table).getAllByRole('row')).toHaveLength(2);
  });

  it('copies one request in env mode without unlocking, and says when there is no key', async () => {
    const bg = background('locked');
    const { source } = fakeSource({ kind: 'kaneo', webOrigin: ORIGIN }, [createTask]);
    const { user } = renderWithStatus(<DevtoolsPanel source={source} retryDelaysMs={[]} />);
    expect(await screen.findByText(/The vault is locked/)).toBeInTheDocument();
    await user.click(await screen.findByRole('button', { name: '/task/proj_0001' }));
    expect(screen.getByRole('region', { name: 'Request details' })).toHaveTextContent('createTask');
    await user.click(screen.getByRole('button', { name: 'Copy' }));
    await screen.findByText(/^Copied/);
    const text = await clipboard();
    expect(text).toContain('$KANEO_API_KEY');
    expect(text).toContain(`${API}/task/proj_0001`);
    expect(text.toLowerCase()).not.toContain('cookie');
    expect(bg.calls.map((c) => c.name)).not.toContain('keys.reveal');
    // Include the key, while locked: the panel says to unlock, nothing is copied.
    await user.click(screen.getByRole('radio', { name: 'Include the key' }));
    await user.click(screen.getByRole('button', { name: 'Copy with key' }));
    expect(await screen.findByText(/Unlock the vault/)).toBeInTheDocument();
    expect(await clipboard()).toBe(text);
  });

  it('points to This tab when the vault holds no key for the instance', async () => {
    background('unlocked', []);
    const { source } = fakeSource({ kind: 'kaneo', webOrigin: ORIGIN }, []);
    renderWithStatus(<DevtoolsPanel source={source} retryDelaysMs={[]} />);
    expect(await screen.findByText(`No key for kaneo.example.com`)).toBeInTheDocument();
    expect(screen.getByText(/This tab → Create key/)).toBeInTheDocument();
    expect(screen.getByText(/No requests to this instance’s API yet/)).toBeInTheDocument();
  });

  it('includes the key only on copy, schedules the clear, and keeps it out of the DOM', async () => {
    const bg = background('unlocked');
    const { source } = fakeSource({ kind: 'kaneo', webOrigin: ORIGIN }, [createTask]);
    const { user, container } = renderWithStatus(<DevtoolsPanel source={source} retryDelaysMs={[]} />);
    await user.click(await screen.findByRole('button', { name: '/task/proj_0001' }));
    await user.click(screen.getByRole('radio', { name: 'Include the key' }));
    await user.click(screen.getByRole('button', { name: 'Copy with key' }));
    expect(await screen.findByText(/clipboard clears in 30 s/)).toBeInTheDocument();
    expect(await clipboard()).toContain(SECRET);
    expect(bg.calls.find((c) => c.name === 'clipboard.scheduleClear')?.data).toEqual({ delaySeconds: 30 });
    expect(await screen.findByText(/clipboard clears in 30 s/)).toBeInTheDocument();
    expect(container.innerHTML).not.toContain(SECRET);
  });

  it('copies ticked requests as a script in the order they were made, with the created id marked', async () => {
    background('unlocked');
    const { source } = fakeSource({ kind: 'kaneo', webOrigin: ORIGIN }, [createTask, readTask]);
    const { user } = renderWithStatus(<DevtoolsPanel source={source} retryDelaysMs={[]} />);
    await user.click(await screen.findByRole('checkbox', { name: /Add GET \/task\/task_abc123/ }));
    await user.click(screen.getByRole('checkbox', { name: /Add POST \/task\/proj_0001/ }));
    const script = screen.getByRole('region', { name: 'Copy as script' });
    expect(script).toHaveTextContent('2 requests ticked');
    expect(script).toHaveTextContent('REF_1: the id call 1’s response answered');
    await user.click(within(script).getByRole('button', { name: 'Copy bash script' }));
    await screen.findByText(/^Copied/);
    const text = await clipboard();
    expect(text.indexOf('# 1. POST')).toBeGreaterThan(0);
    expect(text.indexOf('# 1. POST')).toBeLessThan(text.indexOf('# 2. GET'));
    expect(text).toContain('"$REF_1"');
  });
});
