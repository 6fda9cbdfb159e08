import { act, screen, waitFor, within } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { sendMessage } from '@/lib/messaging/protocol';
import { requestHostPermission } from '@/lib/tester/page/host-permission';
import { TesterPanel } from '@/components/tester/tester-panel';
import { err, ok } from '@/lib/result';
import type { HistoryEntry } from '@/lib/tester/history-schemas';
import { expectStatus } from '../helpers/status';
import { SECRET, renderWithStatus, response, scriptedBackground, shaped, summary } from './tester-helpers';

vi.mock('@/lib/tester/page/host-permission', () => ({ requestHostPermission: vi.fn() }));
// A whole tester page per test, typed into character by character: give slow CI machines room.
vi.setConfig({ testTimeout: 20_000 });

const KEY = summary();
const OTHER = summary({
  id: 'k2',
  name: 'Local key',
  instance: { webOrigin: 'http://127.0.0.1:4000', apiBaseUrl: 'http://127.0.0.1:4000/api' },
});

let background: ReturnType<typeof scriptedBackground>;
function useBackground(handlers: Parameters<typeof scriptedBackground>[0]) {
  background = scriptedBackground(handlers);
  vi.mocked(sendMessage).mockImplementation(background.sendMessage as never);
}

beforeEach(() => {
  vi.mocked(requestHostPermission).mockReset().mockResolvedValue(ok(null));
  useBackground({});
});

function renderPanel(keys = [KEY, OTHER]) {
  return renderWithStatus(<TesterPanel keys={keys} locked={false} />);
}

describe('TesterPanel: the verdict of “Test this key” reads Kaneo’s error code', () => {
  const body = (code: string, message: string, extra: object = {}) => JSON.stringify({ message, code, ...extra });
  it.each([
    ['a wrong 64-character key', 401, body('INVALID_API_KEY', 'Invalid API key.'), 'application/json', '401 Unauthorized', /This key is wrong or revoked/],
    ['a wrong shorter key (403)', 403, body('INVALID_API_KEY', 'Invalid API key.'), 'application/json', '403 Forbidden', /This key is wrong or revoked/],
    ['an expired key', 401, body('KEY_EXPIRED', 'API Key has expired'), 'application/json', '401 Unauthorized', /This key has expired/],
    ['a disabled key', 401, body('KEY_DISABLED', 'API Key is disabled'), 'application/json', '401 Unauthorized', /This key is disabled/],
    ['a key Kaneo cannot find', 401, body('KEY_NOT_FOUND', 'API Key not found'), 'application/json', '401 Unauthorized', /This key is wrong or revoked/],
    ['plain-text Unauthorized', 401, 'Unauthorized', 'text/plain', '401 Unauthorized', /wrong, revoked, disabled or expired/],
    ['the rate limit', 429, body('RATE_LIMITED', 'Rate limit exceeded.', { details: { tryAgainIn: 59_836 } }), 'application/json', '429 Too Many Requests', /Try again in 60 s\. The key itself is fine/],
    ['a real 403', 403, body('FORBIDDEN', 'You are not a member of this workspace'), 'application/json', '403 Forbidden', /The key is known but not allowed to do this/],
  ])('%s', async (_case, status, text, contentType, badge, verdict) => {
    const answer = await shaped(status, text, contentType);
    useBackground({ 'tester.send': () => ok(answer) });
    const { user } = renderPanel();
    await user.click(screen.getByRole('button', { name: 'Test this key' }));
    const result = await screen.findByRole('region', { name: 'Response' });
    expect(within(result).getByText(badge)).toBeInTheDocument();
    expect(within(result).getByText(verdict)).toBeInTheDocument();
    // A wrong key is never called "known".
    if (/wrong|expired|disabled/.test(verdict.source)) expect(within(result).queryByText(/known but not allowed/)).toBeNull();
  });
});

describe('TesterPanel: picking a key', () => {
  it('shows the key’s instance and loads that instance’s endpoints and history', async () => {
    const { user } = renderPanel();
    expect(screen.getByText('Requests go to https://kaneo.example.com/api only.')).toBeInTheDocument();
    await waitFor(() => expect(background.callsOf('tester.endpoints')).toEqual([{ keyId: 'k1', refresh: false }]));
    // The key picker is a searchable combobox: type part of the name, pick the match.
    await user.type(screen.getByRole('combobox', { name: 'Key' }), 'local');
    await user.click(screen.getByRole('option', { name: /^Local key/ }));
    expect(screen.getByText('Requests go to http://127.0.0.1:4000/api only.')).toBeInTheDocument();
    await waitFor(() => expect(background.callsOf('tester.endpoints')).toContainEqual({ keyId: 'k2', refresh: false }));
    expect(background.callsOf('tester.history.list')).toContainEqual({ keyId: 'k2' });
  });

  it('says so when the vault is locked or has no keys', () => {
    const { rerender } = renderWithStatus(<TesterPanel keys={[KEY]} locked />);
    expect(screen.getByText('The vault is locked')).toBeInTheDocument();
    rerender(<TesterPanel keys={[]} locked={false} />);
    expect(screen.getByText('No keys yet')).toBeInTheDocument();
  });
});

describe('TesterPanel: Test this key', () => {
  it('asks for the instance permission, then sends GET auth/organization/list and shows JSON collapsible', async () => {
    useBackground({
      'tester.send': () =>
        ok(response({ status: 200, body: { kind: 'json', text: JSON.stringify([{ id: 'w1', name: 'Acme', meta: { plan: 'free' } }]), truncated: false } })),
    });
    const { user } = renderPanel();
    await user.click(screen.getByRole('button', { name: 'Test this key' }));
    expect(requestHostPermission).toHaveBeenCalledWith('https://kaneo.example.com/api');
    const sent = background.callsOf('tester.send')[0];
    expect(sent).toMatchObject({
      keyId: 'k1',
      request: { method: 'GET', url: 'https://kaneo.example.com/api/auth/organization/list', headers: [], body: null },
      timeoutMs: 30_000,
    });
    expect(JSON.stringify(sent)).not.toContain('get-session');
    const result = await screen.findByRole('region', { name: 'Response' });
    expect(within(result).getByText('200 OK')).toBeInTheDocument();
    expect(within(result).getByText(/The key works/)).toBeInTheDocument();
    const tree = within(result).getByRole('list', { name: 'JSON body' });
    expect(within(tree).getByText('"Acme"')).toBeInTheDocument();
    // Collapsible: collapse the first item and its fields disappear.
    const toggle = within(tree).getByRole('button', { name: 'Collapse 0' });
    expect(toggle).toHaveAttribute('aria-expanded', 'true');
    await user.click(toggle);
    expect(within(tree).queryByText('"Acme"')).not.toBeInTheDocument();
    await user.click(within(tree).getByRole('button', { name: 'Expand 0' }));
    expect(within(tree).getByText('"Acme"')).toBeInTheDocument();
    // Raw view pretty-prints.
    await user.click(within(result).getByRole('button', { name: 'Raw' }));
    expect(within(result).getByLabelText('Response body').textContent).toContain('"name": "Acme"');
  });

  it('shows a 401 plainly: plain-text body and what it means for the key', async () => {
    useBackground({
      'tester.send': () =>
        ok(response({ status: 401, contentType: 'text/plain', headers: [['content-type', 'text/plain']], body: { kind: 'text', text: 'Unauthorized', truncated: false } })),
    });
    const { user } = renderPanel();
    await user.click(screen.getByRole('button', { name: 'Test this key' }));
    const result = await screen.findByRole('region', { name: 'Response' });
    expect(within(result).getByText('401 Unauthorized')).toBeInTheDocument();
    expect(within(result).getByText(/wrong, revoked, disabled or expired/)).toBeInTheDocument();
    expect(within(result).getByLabelText('Response body')).toHaveTextContent('Unauthorized');
  });

  it('shows 429 with the wait Kaneo asks for', async () => {
    useBackground({
      'tester.send': () =>
        ok(
          response({
            status: 429,
            tryAgainInMs: 59_836,
            body: { kind: 'json', text: '{"message":"Rate limit exceeded.","code":"RATE_LIMITED","details":{"tryAgainIn":59836}}', truncated: false },
          }),
        ),
    });
    const { user } = renderPanel();
    await user.click(screen.getByRole('button', { name: 'Test this key' }));
    expect(await screen.findByText('429 Too Many Requests')).toBeInTheDocument();
    expect(screen.getByText('Kaneo says to try again in 60 s.')).toBeInTheDocument();
  });

  it('shows an HTML error page as text and never renders it', async () => {
    const html = '<!DOCTYPE html><html><body><h1 id="injected">Bad gateway</h1><img src=x onerror="alert(1)"></body></html>';
    useBackground({
      'tester.send': () => ok(response({ status: 502, contentType: 'text/html', body: { kind: 'html', text: html, truncated: false } })),
    });
    const { user } = renderPanel();
    await user.click(screen.getByRole('button', { name: 'Test this key' }));
    expect(await screen.findByText('502 Bad Gateway')).toBeInTheDocument();
    expect(screen.getByText('HTML, shown as text (never rendered)')).toBeInTheDocument();
    expect(screen.getByLabelText('Response body').textContent).toBe(html);
    expect(document.getElementById('injected')).toBeNull();
    expect(document.querySelector('img')).toBeNull();
  });

  it('states the full size of a cut body', async () => {
    useBackground({
      'tester.send': () =>
        ok(response({ status: 200, sizeBytes: 2_500_000, contentType: 'text/plain', body: { kind: 'text', text: 'x'.repeat(100), truncated: true } })),
    });
    const { user } = renderPanel();
    await user.click(screen.getByRole('button', { name: 'Test this key' }));
    expect(await screen.findByText(/Showing the first 1\.0 MB of 2\.5 MB \(2,500,000 bytes\)/)).toBeInTheDocument();
  });

  it('says the request timed out', async () => {
    useBackground({ 'tester.send': () => err('timeout', 'No answer within 30 s. The request was stopped.') });
    const { user } = renderPanel();
    await user.click(screen.getByRole('button', { name: 'Test this key' }));
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Timed out');
    expect(alert).toHaveTextContent('No answer within 30 s');
  });

  it('cancels a running request by its id', async () => {
    let finish: (value: unknown) => void = () => {};
    useBackground({
      'tester.send': () => new Promise((resolve) => (finish = resolve)),
      'tester.cancel': () => {
        finish(err('cancelled', 'Cancelled. The request was stopped.'));
        return ok(null);
      },
    });
    const { user } = renderPanel();
    await user.click(screen.getByRole('button', { name: 'Test this key' }));
    expect(await screen.findByText('Sending GET request…')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Test this key' })).toBeDisabled();
    await user.click(screen.getByRole('button', { name: 'Cancel' }));
    const requestId = background.callsOf('tester.send')[0].requestId;
    expect(background.callsOf('tester.cancel')).toEqual([{ requestId }]);
    expect(await screen.findByRole('alert')).toHaveTextContent('Cancelled');
    expect(screen.queryByRole('button', { name: 'Cancel' })).not.toBeInTheDocument();
  });

  it('says clearly when the permission is refused, and sends nothing', async () => {
    vi.mocked(requestHostPermission).mockResolvedValue(
      err('permission-refused', 'Access to https://kaneo.example.com was not allowed, so nothing was sent.'),
    );
    const { user } = renderPanel();
    await user.click(screen.getByRole('button', { name: 'Test this key' }));
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Permission needed');
    expect(alert).toHaveTextContent('was not allowed, so nothing was sent');
    expect(background.callsOf('tester.send')).toEqual([]);
  });
});

describe('TesterPanel: building a request', () => {
  it('picks an endpoint, marks required parameters, fills the workspace from a real call, and sends', async () => {
    useBackground({
      'tester.lookup': () => ok([{ id: 'w1', name: 'Acme' }, { id: 'w2', name: 'Beta' }]),
      'tester.send': () => ok(response({ status: 200, body: { kind: 'json', text: '[]', truncated: false } })),
    });
    const { user } = renderPanel();
    await user.type(await screen.findByLabelText('Search endpoints'), 'list projects');
    const list = screen.getByRole('list', { name: 'Matching endpoints' });
    await user.click(within(list).getAllByRole('button')[0]!);
    expect(screen.getByLabelText('Path')).toHaveValue('/project');
    expect(screen.getByLabelText('workspaceId (required)')).toBeInTheDocument();
    expect(screen.getByLabelText('includeArchived')).toBeInTheDocument();

    // A required parameter still empty blocks Send and Copy, and says why.
    expect(screen.getByRole('button', { name: 'Send' })).toBeDisabled();
    expect(screen.getByRole('button', { name: 'Send' })).toHaveAccessibleDescription('Fill in the required parameter first: workspaceId.');
    const copyAs = screen.getByRole('region', { name: 'Copy as' });
    expect(within(copyAs).getByRole('button', { name: 'Copy' })).toBeDisabled();
    expect(within(copyAs).getByText('Fill in the required parameter first: workspaceId.')).toBeInTheDocument();
    expect(within(copyAs).queryByLabelText('Snippet preview')).toBeNull();
    expect(background.callsOf('tester.send')).toEqual([]);

    await user.click(screen.getByRole('button', { name: 'Load workspaces' }));
    expect(background.callsOf('tester.lookup')).toEqual([{ keyId: 'k1', kind: 'workspaces' }]);
    await user.selectOptions(await screen.findByLabelText('Pick a workspace'), 'w2');
    expect(screen.getByLabelText('workspaceId (required)')).toHaveValue('w2');
    expect(screen.getByLabelText('Path')).toHaveValue('/project?workspaceId=w2');
    await user.click(screen.getByRole('button', { name: 'Send' }));
    expect(background.callsOf('tester.send')[0].request).toEqual({
      method: 'GET',
      url: 'https://kaneo.example.com/api/project?workspaceId=w2',
      headers: [],
      body: null,
    });
  });

  it('fills a project id through its workspace when the endpoint has no workspace field', async () => {
    useBackground({
      'tester.lookup': (data) =>
        data.kind === 'workspaces'
          ? ok([{ id: 'w1', name: 'Acme' }, { id: 'w2', name: 'Beta' }])
          : ok([{ id: `${data.workspaceId}-p1`, name: 'Website' }, { id: `${data.workspaceId}-p2`, name: 'App' }]),
    });
    const { user } = renderPanel();
    await user.type(await screen.findByLabelText('Search endpoints'), 'list tasks');
    await user.click(within(screen.getByRole('list', { name: 'Matching endpoints' })).getByRole('button', { name: /GET\s*\/task\/tasks\/\{projectId\}/ }));
    expect(screen.getByText('Fill in projectId below.')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Load projects' }));
    await user.selectOptions(await screen.findByLabelText('Workspace of the project'), 'w2');
    expect(background.callsOf('tester.lookup')).toEqual([
      { keyId: 'k1', kind: 'workspaces' },
      { keyId: 'k1', kind: 'projects', workspaceId: 'w2' },
    ]);
    await user.selectOptions(await screen.findByLabelText('Pick a project'), 'w2-p2');
    expect(screen.getByLabelText('Path')).toHaveValue('/task/tasks/w2-p2');
    expect(screen.getByText('Sends to https://kaneo.example.com/api/task/tasks/w2-p2')).toBeInTheDocument();
  });

  it('asks for access before loading workspaces, and says so when refused', async () => {
    const { user } = renderPanel();
    await user.type(await screen.findByLabelText('Search endpoints'), 'list projects');
    await user.click(within(screen.getByRole('list', { name: 'Matching endpoints' })).getAllByRole('button')[0]!);
    vi.mocked(requestHostPermission).mockResolvedValue(err('permission-refused', 'Access to https://kaneo.example.com was not allowed, so nothing was sent.'));
    await user.click(screen.getByRole('button', { name: 'Load workspaces' }));
    expect(await screen.findByText(/was not allowed, so nothing was sent/)).toBeInTheDocument();
    expect(background.callsOf('tester.lookup')).toEqual([]);
  });

  it('offers a JSON body template and refuses invalid JSON before sending', async () => {
    useBackground({ 'tester.send': () => ok(response({ status: 200, body: { kind: 'json', text: '{}', truncated: false } })) });
    const { user } = renderPanel();
    await user.type(await screen.findByLabelText('Search endpoints'), 'create task');
    await user.click(within(screen.getByRole('list', { name: 'Matching endpoints' })).getByRole('button', { name: /POST\s*\/task\/\{projectId\}/ }));
    const body = screen.getByLabelText('Body (JSON)') as HTMLTextAreaElement;
    expect(JSON.parse(body.value)).toEqual({ title: '', description: '', priority: 'no-priority', status: '' });
    await user.type(screen.getByLabelText('projectId (required)'), 'p1');
    await user.clear(body);
    await user.type(body, '{{"title": }');
    // Said under the body as it is typed, and Copy says why it has nothing to copy.
    expect(body).toHaveAccessibleDescription(/The body is not valid JSON/);
    expect(within(screen.getByRole('region', { name: 'Copy as' })).getByText('Fix the body first: it is not valid JSON.')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Send' }));
    expect(background.callsOf('tester.send')).toEqual([]);
    await user.clear(body);
    await user.type(body, '{{"title":"Hi"}');
    await user.click(screen.getByRole('button', { name: 'Send' }));
    expect(background.callsOf('tester.send')[0].request).toEqual({
      method: 'POST',
      url: 'https://kaneo.example.com/api/task/p1',
      headers: [{ name: 'Content-Type', value: 'application/json' }],
      body: '{"title":"Hi"}',
    });
  });

  it('refuses a path to another host with an explanation', async () => {
    const { user } = renderPanel();
    const path = screen.getByLabelText('Path');
    await user.clear(path);
    await user.type(path, '//evil.example/steal');
    await user.click(screen.getByRole('button', { name: 'Send' }));
    expect(screen.getByText(/“\/\/” at the start means “another host”/)).toBeInTheDocument();
    expect(background.callsOf('tester.send')).toEqual([]);
  });

  it('warns that auth/get-session answers null with a Bearer key', async () => {
    const { user } = renderPanel();
    const path = screen.getByLabelText('Path');
    await user.clear(path);
    await user.type(path, '/auth/get-session');
    expect(screen.getByText(/With a Bearer key Kaneo answers/)).toBeInTheDocument();
    await user.clear(path);
    await user.type(path, '/project');
    expect(screen.queryByText(/With a Bearer key Kaneo answers/)).not.toBeInTheDocument();
  });

  it('shows that an echoed key was hidden', async () => {
    useBackground({
      'tester.send': () => ok({ ...response({ status: 200, body: { kind: 'json', text: '{"token":"[your key, hidden]"}', truncated: false } }), secretHidden: true }),
    });
    const { user } = renderPanel();
    await user.click(screen.getByRole('button', { name: 'Test this key' }));
    expect(await screen.findByText(/The answer contained your key. It is hidden here/)).toBeInTheDocument();
  });

  it('refuses an Authorization header: the key is added automatically', async () => {
    const { user } = renderPanel();
    await user.click(screen.getByRole('button', { name: 'Add header' }));
    await user.type(screen.getByLabelText('Header 1 name'), 'Authorization');
    await user.type(screen.getByLabelText('Header 1 value'), 'Bearer something');
    await user.click(screen.getByRole('button', { name: 'Send' }));
    expect(screen.getByText(/Remove “Authorization”: the key is added as Authorization: Bearer automatically/)).toBeInTheDocument();
    expect(background.callsOf('tester.send')).toEqual([]);
  });

  it('refreshes the endpoint list after asking for access', async () => {
    const { user } = renderPanel();
    await screen.findByText(/Kaneo 2\.22\.0 shipped with the extension/);
    await user.click(screen.getByRole('button', { name: 'Refresh endpoints' }));
    expect(requestHostPermission).toHaveBeenCalledWith('https://kaneo.example.com/api');
    await waitFor(() => expect(background.callsOf('tester.endpoints')).toContainEqual({ keyId: 'k1', refresh: true }));
  });
});

describe('TesterPanel: history', () => {
  const entry: HistoryEntry = {
    id: 'h1',
    at: '2026-06-01T10:00:00.000Z',
    request: { method: 'GET', url: 'https://kaneo.example.com/api/project?workspaceId=w1', headers: [], body: null },
    outcome: 'response',
    status: 200,
    timeMs: 12,
  };

  it('lists past requests, re-runs one with one click, and clears', async () => {
    let history = [entry];
    useBackground({
      'tester.history.list': () => ok(history),
      'tester.history.clear': () => {
        history = [];
        return ok(null);
      },
      'tester.send': () => ok(response({ status: 200, body: { kind: 'json', text: '[]', truncated: false } })),
    });
    const { user } = renderPanel();
    const region = await screen.findByRole('region', { name: 'History' });
    const rerun = await within(region).findByRole('button', { name: 'Re-run GET /project?workspaceId=w1' });
    expect(within(region).getByText('200')).toBeInTheDocument();
    await user.click(rerun);
    expect(requestHostPermission).toHaveBeenCalled();
    expect(background.callsOf('tester.send')[0]).toMatchObject({ keyId: 'k1', request: entry.request });
    expect(screen.getByLabelText('Path')).toHaveValue('/project?workspaceId=w1');
    await user.click(within(region).getByRole('button', { name: 'Clear history' }));
    expect(background.callsOf('tester.history.clear')).toEqual([{ keyId: 'k1' }]);
    expect(await within(region).findByText('No requests yet')).toBeInTheDocument();
  });
});

describe('TesterPanel: a history entry whose body was cut', () => {
  it('says the body was kept only in part, and re-run loads it without sending', async () => {
    const cut: HistoryEntry = {
      id: 'h2',
      at: '2026-06-01T10:00:00.000Z',
      request: { method: 'POST', url: 'https://kaneo.example.com/api/task/p1', headers: [], body: 'x'.repeat(4096) },
      outcome: 'response',
      status: 200,
      timeMs: 12,
      bodyBytes: 3_879_731,
    };
    useBackground({ 'tester.history.list': () => ok([cut]) });
    const { user } = renderPanel();
    const region = await screen.findByRole('region', { name: 'History' });
    expect(await within(region).findByText(/Body kept only in part: the first 4 KB of 3\.7 MB/)).toBeInTheDocument();
    await user.click(within(region).getByRole('button', { name: 'Re-run POST /task/p1' }));
    expect(screen.getByLabelText('Path')).toHaveValue('/task/p1');
    expect(background.callsOf('tester.send')).toEqual([]);
  });
});

describe('TesterPanel: copy as', () => {
  it('copies with an environment variable by default and offers the setup line', async () => {
    const { user } = renderPanel();
    const copyAs = screen.getByRole('region', { name: 'Copy as' });
    expect(within(copyAs).getByLabelText('Environment variable')).toBeChecked();
    await user.click(within(copyAs).getByRole('button', { name: 'Copy' }));
    const copied = await navigator.clipboard.readText();
    expect(copied).toContain('curl');
    expect(copied).toContain('https://kaneo.example.com/api/auth/organization/list');
    expect(copied).toContain('$KANEO_API_KEY');
    expect(copied).not.toContain(SECRET);
    expectStatus(/set KANEO_API_KEY/);
    expect(background.callsOf('keys.reveal')).toEqual([]);
    // The setup line carries the key itself, so it is cleared like the key.
    await user.click(within(copyAs).getByRole('button', { name: 'Copy setup line' }));
    await waitFor(async () => expect(await navigator.clipboard.readText()).toBe(`export KANEO_API_KEY='${SECRET}'`));
    expect(background.callsOf('clipboard.scheduleClear')).toHaveLength(1);
    await user.click(within(copyAs).getByRole('button', { name: 'Copy both' }));
    await waitFor(async () => expect(await navigator.clipboard.readText()).toMatch(new RegExp(`^export KANEO_API_KEY='${SECRET}'\ncurl .*\\$KANEO_API_KEY`, 's')));
    expect(background.callsOf('clipboard.scheduleClear')).toHaveLength(2);
  });

  it('follows the chosen format', async () => {
    const { user } = renderPanel();
    const copyAs = screen.getByRole('region', { name: 'Copy as' });
    await user.selectOptions(within(copyAs).getByLabelText('Copy as'), 'python-requests');
    await user.click(within(copyAs).getByRole('button', { name: 'Copy' }));
    const copied = await navigator.clipboard.readText();
    expect(copied).toContain('import requests');
    expect(copied).toContain('os.environ["KANEO_API_KEY"]');
  });

  it('writes a placeholder when redacted', async () => {
    const { user } = renderPanel();
    const copyAs = screen.getByRole('region', { name: 'Copy as' });
    await user.click(within(copyAs).getByLabelText('Redacted'));
    await user.click(within(copyAs).getByRole('button', { name: 'Copy' }));
    const copied = await navigator.clipboard.readText();
    expect(copied).toContain('<KANEO_API_KEY>');
    expect(copied).not.toContain('$KANEO_API_KEY');
    expect(copied).not.toContain(SECRET);
  });

  it('includes the key only when chosen, never shows it, and has the clipboard cleared after the configured delay', async () => {
    const { user } = renderPanel();
    const copyAs = screen.getByRole('region', { name: 'Copy as' });
    await user.click(within(copyAs).getByLabelText('Include the key'));
    expect(document.body.innerHTML).not.toContain(SECRET);
    await user.click(within(copyAs).getByRole('button', { name: 'Copy with key' }));
    await waitFor(() => expect(background.callsOf('clipboard.scheduleClear')).toEqual([{ delaySeconds: 30 }]));
    expect(background.callsOf('keys.reveal')).toEqual([{ id: 'k1' }]);
    expect(await navigator.clipboard.readText()).toContain(`Bearer ${SECRET}`);
    expect(document.body.innerHTML).not.toContain(SECRET);
    expectStatus('clipboard clears in 30 s');
  });

  it('says so when the key cannot be revealed (e.g. locked) and copies nothing', async () => {
    useBackground({ 'keys.reveal': () => err('locked', 'The vault is locked.') });
    const { user } = renderPanel();
    await act(() => navigator.clipboard.writeText('before'));
    const copyAs = screen.getByRole('region', { name: 'Copy as' });
    await user.click(within(copyAs).getByLabelText('Include the key'));
    await user.click(within(copyAs).getByRole('button', { name: 'Copy with key' }));
    expect(await within(copyAs).findByRole('alert')).toHaveTextContent('The vault is locked.');
    expect(await navigator.clipboard.readText()).toBe('before');
    expect(background.callsOf('clipboard.scheduleClear')).toEqual([]);
  });
});
