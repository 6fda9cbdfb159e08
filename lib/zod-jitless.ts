import { config } from 'zod/mini';
import en from 'zod/v4/locales/en.js';

// Extension pages forbid eval by CSP. Zod's JIT probes for it by building an empty Function, which the
// browser reports as a CSP violation (an error on the extension's page) even though zod catches
// it. Schemas decide at construction, so each entrypoint imports this module first.
//
// The extension uses `zod/mini` (a smaller background.js: tests/unit/structure/zod-mini.test.ts),
// which loads no locale: without one every issue says "Invalid input". The English locale is what
// classic zod loads by itself, so the messages people see (a field's first issue, a backup's
// "not valid" detail) stay the ones zod has always given.
config({ jitless: true, ...en() });
