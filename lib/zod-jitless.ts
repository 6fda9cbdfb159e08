import { z } from 'zod';

// Extension pages forbid eval by CSP. Zod's JIT probes for it by building an empty Function, which the
// browser reports as a CSP violation (an error on the extension's page) even though zod catches
// it. Schemas decide at construction, so each entrypoint imports this module first.
z.config({ jitless: true });
