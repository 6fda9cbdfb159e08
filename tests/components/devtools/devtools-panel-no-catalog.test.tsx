import { screen, waitFor, within } from '@testing-library/react';
import { expect, it, vi } from 'vitest';
import { DevtoolsPanel } from '@/components/devtools/devtools-panel';
import type { NetworkSource } from '@/lib/devtools/page/devtools-network';
import { sendMessage } from '@/lib/messaging/protocol';
import { renderWithStatus, scriptedBackground } from '../tester/tester-helpers';
import { harEntry } from '../../unit/devtools/har-entry';

// The bundled operation list is a packaged file the panel reads when it opens (not part of its
// script). When that read fails, the panel still lists and copies requests, and says why they
// have no operation names. A file of its own: the panel reads the list once per page.
vi.mock('@/lib/messaging/protocol', () => ({ sendMessage: vi.fn(), onMessage: vi.fn() }));
vi.mock('@/lib/openapi/bundled-spec', () => ({
  BUNDLED_SPEC_VERSION: 'Kaneo 2.22.0',
  loadBundledOpenApiDocument: vi.fn(async () => {
    throw new Error('The packaged file data/kaneo-2.22.0-openapi.json could not be read (404).');
  }),
}));

const ORIGIN = 'https://kaneo.example.com';

it('lists requests without operation names, says the bundled list could not be read, and is ready', async () => {
  const bg = scriptedBackground({ 'vault.status': () => ({ state: 'locked' }) });
  vi.mocked(sendMessage).mockImplementation(bg.sendMessage as never);
  const source: NetworkSource = {
    tabId: 7,
    detect: vi.fn(async () => ({ kind: 'kaneo' as const, webOrigin: ORIGIN })),
    recorded: vi.fn(async () => [harEntry({ method: 'POST', url: `${ORIGIN}/api/task/proj_0001`, status: 201 })]),
    onFinished: () => () => {},
    onNavigated: () => () => {},
  };
  const { container } = renderWithStatus(<DevtoolsPanel source={source} retryDelaysMs={[]} />);
  expect(await screen.findByText('No operation names: the bundled Kaneo 2.22.0 list could not be read')).toBeInTheDocument();
  const table = screen.getByRole('table', { name: 'API requests, newest first' });
  expect(within(table).getAllByRole('row')[1]).toHaveTextContent('no operation');
  await waitFor(() => expect(container.querySelector('main')).toHaveAttribute('data-ready', 'true'));
});
