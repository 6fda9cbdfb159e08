import '@testing-library/jest-dom/vitest';
import { afterEach, beforeEach, vi } from 'vitest';
import { cleanup } from '@testing-library/react';
import { fakeBrowser } from 'wxt/testing/fake-browser';

beforeEach(() => {
  fakeBrowser.reset();
});
afterEach(() => {
  cleanup();
});

// Component tests talk to a fake background (tests/components/helpers/fake-background.ts), never
// to the browser's messaging: every file gets the protocol module mocked here, once.
vi.mock('@/lib/messaging/protocol', () => ({ sendMessage: vi.fn(), onMessage: vi.fn() }));

// Packaged data files (zxcvbn dictionaries, the OpenAPI fallback) come from their sources: there
// is no built extension to fetch them from (tests/fixtures/packaged-files-node.ts).
vi.mock('@/lib/packaged/packaged-files', async (importOriginal) => ({
  ...(await importOriginal<typeof import('@/lib/packaged/packaged-files')>()),
  readPackagedJson: (await import('../fixtures/packaged-files-node')).readPackagedJsonFromSources,
}));
