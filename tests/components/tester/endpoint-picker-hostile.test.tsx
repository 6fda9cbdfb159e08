import { screen } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { TesterPanel } from '@/components/tester/tester-panel';
import { sendMessage } from '@/lib/messaging/protocol';
import { toKeySummary } from '@/lib/keys/key-entry';
import { createTesterService } from '@/lib/tester/background/tester-service';
import { requestHostPermission } from '@/lib/tester/page/host-permission';
import { ok } from '@/lib/result';
import { hostileOpenApiDocument } from '../../fixtures/hostile-openapi';
import { testKeyEntry } from '../../fixtures/key-entry';
import { createSealingVaultStub } from '../../unit/tester/sealing-vault-stub';
import { renderWithStatus, scriptedBackground } from './tester-helpers';

vi.mock('@/lib/tester/page/host-permission', () => ({ requestHostPermission: vi.fn() }));

// The picker's answer comes from the real tester service, fed the hostile document by a fake
// instance: what the person reads is what the background really says about that document.
const ENTRY = testKeyEntry({ id: 'k1', start: 'kaneo_' });

beforeEach(() => {
  vi.mocked(requestHostPermission).mockReset().mockResolvedValue(ok(null));
});

describe('EndpointPicker with an instance that serves a hostile /openapi', () => {
  it('shows the bundled endpoints and says the instance’s document is too complex', async () => {
    const fetch = vi.fn(
      async () => new Response(JSON.stringify(hostileOpenApiDocument()), { headers: { 'content-type': 'application/json' } }),
    );
    const service = createTesterService({
      vault: createSealingVaultStub([ENTRY]).vault,
      fetch: fetch as unknown as typeof globalThis.fetch,
      hasHostPermission: async () => true,
    });
    const background = scriptedBackground({ 'tester.endpoints': (data) => service.endpoints(data) });
    vi.mocked(sendMessage).mockImplementation(background.sendMessage as never);

    renderWithStatus(<TesterPanel keys={[toKeySummary(ENTRY)]} locked={false} />);
    const endpoints = await screen.findByRole('region', { name: 'Endpoints' });
    expect(await screen.findByText(/\/openapi is not usable: it is too complex to read safely/)).toBeInTheDocument();
    expect(endpoints).toHaveTextContent('153 endpoints.');
    expect(endpoints).toHaveTextContent(/Refresh endpoints to try again/);
    expect(fetch).toHaveBeenCalledTimes(1);
  });
});
