import { defineConfig } from 'vitest/config';
import { WxtVitest } from 'wxt/testing/vitest-plugin';

// Three kinds of test, one command (`npm test`):
// - unit: lib/ logic in Node (WebCrypto is Node's own), browser APIs from WXT's fakeBrowser;
// - components: React UI in jsdom, messaging mocked, queried by role and label;
// - contract: HTTP-level tests against a Kaneo (the built-in compatible server unless KANEO_URL is set).
// End-to-end tests (project e2e) drive the built extension in Chromium: `npm run test:e2e`.
export default defineConfig({
  plugins: [WxtVitest()],
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['tests/unit/**/*.test.ts'],
          environment: 'node',
          globals: true,
          setupFiles: ['tests/setup/unit.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'components',
          include: ['tests/components/**/*.test.tsx'],
          environment: 'jsdom',
          globals: true,
          setupFiles: ['tests/setup/components.ts'],
          // user-event types whole passphrases and zxcvbn runs on submit: slow in jsdom on a
          // busy machine. Not a speed goal, just room.
          testTimeout: 20_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'contract',
          include: ['tests/contract/**/*.test.ts'],
          environment: 'node',
          globals: true,
          testTimeout: 30_000,
          hookTimeout: 60_000,
          // One server, one rate-limit budget: run contract files one after another.
          fileParallelism: false,
        },
      },
      {
        extends: true,
        test: {
          // Not part of `npm test`: needs a built extension and Chromium (`npm run test:e2e`).
          name: 'e2e',
          include: ['tests/e2e/**/*.e2e.ts'],
          environment: 'node',
          globals: true,
          testTimeout: 60_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
