// As in every entrypoint (tests/unit/structure/zod-jitless.test.ts): zod jitless, with the English
// messages zod/mini does not load by itself.
import '@/lib/zod-jitless';
import '@testing-library/jest-dom/vitest';
import { afterEach, beforeAll, beforeEach, vi } from 'vitest';
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

// What the pages load on demand (React.lazy: components/app/feature-slots.tsx, options-view.tsx)
// is imported once before a file's tests: from a built extension such a chunk loads in
// milliseconds, but vitest's first transform of it can take longer than findBy's one second on
// a busy machine. The components still suspend and show "Loading…" first, as in the browser.
beforeAll(async () => {
  await Promise.all([
    import('@/components/tester/tester-panel'),
    import('@/components/tester/tester-popup'),
    import('@/components/kaneo/kaneo-options'),
    import('@/components/kaneo/this-tab-panel'),
    import('@/components/vault/onboarding'),
    import('@/components/sync/sync-section'),
    import('@/components/backup/backup-section'),
  ]);
}, 120_000);
