import { z } from 'zod';
import { httpRequestSchema } from '../request/http-request';

/**
 * One request the tester remembers, as stored (sealed, lib/tester/background/history.ts) and as
 * pages list it. Its request never holds a credential header: see the history's invariant.
 */
export const historyOutcomeSchema = z.enum(['response', 'timeout', 'cancelled', 'network']);

export const historyEntrySchema = z.object({
  id: z.string().min(1),
  at: z.iso.datetime(),
  request: httpRequestSchema,
  outcome: historyOutcomeSchema,
  status: z.number().int().nullable(),
  timeMs: z.number().nonnegative().nullable(),
});
export type HistoryEntry = z.infer<typeof historyEntrySchema>;
