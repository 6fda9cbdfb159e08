import * as z from 'zod/mini';
import { httpRequestSchema } from '../request/http-request';

/**
 * One request the tester remembers, as stored (sealed, lib/tester/background/history.ts) and as
 * pages list it. Its request never holds a credential header: see the history's invariant.
 */
export const historyOutcomeSchema = z.enum(['response', 'timeout', 'cancelled', 'network']);

export const historyEntrySchema = z.object({
  id: z.string().check(z.minLength(1)),
  at: z.iso.datetime(),
  request: httpRequestSchema,
  outcome: historyOutcomeSchema,
  status: z.nullable(z.int()),
  timeMs: z.nullable(z.number().check(z.gte(0))),
  /**
   * Set when the stored body was cut to HISTORY_BODY_LIMIT_BYTES: the body's full size in bytes.
   * Absent in entries stored before the cut existed (their bodies are whole).
   */
  bodyBytes: z.optional(z.int().check(z.gte(0))),
});
export type HistoryEntry = z.infer<typeof historyEntrySchema>;

/** A request body is kept in history only up to this many bytes (UTF-8); the rest is cut. */
export const HISTORY_BODY_LIMIT_BYTES = 4 * 1024;
