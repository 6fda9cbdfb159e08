import { render } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { ReactElement } from 'react';
import { vi } from 'vitest';
import { StatusProvider } from '@/components/ui/status';
import { toKeySummary } from '@/lib/keys/key-entry';
import type { KeySummary } from '@/lib/keys/key-entry';
import { parseOpenApiDocument } from '@/lib/openapi/catalog';
import { bundledOpenApiDocument } from '@/lib/openapi/background/bundled-spec';
import { statusMeaning } from '@/lib/tester/status-meaning';
import { shapeResponse } from '@/lib/tester/background/tester-response';
import type { EndpointCatalog, TesterResponse } from '@/lib/tester/protocol';
import { testKeyEntry } from '../../fixtures/key-entry';
import { createFakeBackground, type FakeAnswers } from '../helpers/fake-background';

export const SECRET = 'kaneo_secret_0123456789abcdef0123456789abcdef0123456789abcdef0123';

export function summary(overrides: Partial<KeySummary> = {}): KeySummary {
  return toKeySummary(testKeyEntry({ id: 'k1', start: 'kaneo_', ...overrides }));
}

export function response(overrides: Partial<TesterResponse> & { status: number }): TesterResponse {
  const text = overrides.body?.text ?? '';
  return {
    url: 'https://kaneo.example.com/api/auth/organization/list',
    method: 'GET',
    statusText: '',
    meaning: statusMeaning(overrides.status),
    timeMs: 42,
    sizeBytes: new TextEncoder().encode(text).byteLength,
    headers: [['content-type', 'application/json']],
    contentType: 'application/json',
    body: { kind: 'json', text, truncated: false },
    tryAgainInMs: null,
    redirected: false,
    ...overrides,
  };
}

/**
 * What the background would answer for this HTTP answer: a real `Response` through the real
 * `shapeResponse`, so the verdict shown is the one the extension computes, not one made up here.
 */
export async function shaped(status: number, body: string, contentType = 'application/json'): Promise<TesterResponse> {
  const answer = new Response(body, { status, headers: { 'content-type': contentType } });
  return shapeResponse(answer, { url: 'https://kaneo.example.com/api/auth/organization/list', method: 'GET' }, 0, () => 42);
}

export const bundledCatalog: EndpointCatalog = {
  source: 'bundled',
  fetchedAt: null,
  note: 'Showing the endpoints of Kaneo 2.22.0 shipped with the extension: this instance’s own list could not be loaded',
  operations: parseOpenApiDocument(bundledOpenApiDocument),
};

type Handler = (data: any) => unknown;

/**
 * The background as the tester sees it: the typed fake background (../helpers/fake-background.ts)
 * answering only these messages — any other one rejects. Every call is recorded; `callsOf` gives
 * the data sent. Defaults: endpoints = bundled catalog, empty history, history clear ok, cancel ok.
 */
export function scriptedBackground(handlers: Record<string, Handler> = {}) {
  const fake = createFakeBackground({
    withVault: false,
    unanswered: 'reject',
    answers: {
      'tester.endpoints': () => ({ ok: true, value: bundledCatalog }),
      'tester.history.list': () => ({ ok: true, value: [] }),
      'tester.history.clear': () => ({ ok: true, value: null }),
      'tester.cancel': () => ({ ok: true, value: null }),
      'clipboard.scheduleClear': () => ({ ok: true, value: null }),
      'keys.reveal': () => ({ ok: true, value: { secret: SECRET } }),
      ...(handlers as FakeAnswers),
    },
  });
  return { sendMessage: vi.fn(fake.handle), calls: fake.calls as Array<{ name: string; data: any }>, callsOf: fake.dataOf as (name: string) => any[] };
}

export function renderWithStatus(ui: ReactElement) {
  const user = userEvent.setup();
  const view = render(<StatusProvider>{ui}</StatusProvider>);
  return { user, ...view };
}
