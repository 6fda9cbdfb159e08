// As in every entrypoint (tests/unit/structure/zod-jitless.test.ts): zod jitless, with the English
// messages zod/mini does not load by itself.
import '@/lib/zod-jitless';
import { beforeEach, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';

beforeEach(() => {
  fakeBrowser.reset();
});

// Packaged data files (zxcvbn dictionaries, the OpenAPI fallback) come from their sources: there
// is no built extension to fetch them from (tests/fixtures/packaged-files-node.ts).
vi.mock('@/lib/packaged/packaged-files', async (importOriginal) => ({
  ...(await importOriginal<typeof import('@/lib/packaged/packaged-files')>()),
  readPackagedJson: (await import('../fixtures/packaged-files-node')).readPackagedJsonFromSources,
}));
