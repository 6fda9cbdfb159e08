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
