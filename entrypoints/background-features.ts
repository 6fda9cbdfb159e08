import '@/lib/zod-jitless';
import { defineUnlistedScript } from 'wxt/utils/define-unlisted-script';
import { LAZY_GLOBAL, type CreateBackgroundFeatures } from '@/lib/lazy/background/lazy-contract';
import { createBackgroundFeatures } from '@/lib/lazy/background/lazy-features';

// The background's lazy script: Kaneo, the request tester, sync and backup, loaded by the core
// worker on first use (lib/lazy/background/lazy-loader.ts). Evaluating it defines one global and
// does nothing else: Chromium's worker also evaluates it once while installing, to keep it with
// the worker (tests/unit/structure/lazy-background.test.ts runs it in a sandbox that records every
// browser call). The zod switch above only sets, in zod's shared global config, what the core
// worker's own first import already set.
export default defineUnlistedScript(() => {
  (globalThis as Record<string, unknown>)[LAZY_GLOBAL] = createBackgroundFeatures satisfies CreateBackgroundFeatures;
});
