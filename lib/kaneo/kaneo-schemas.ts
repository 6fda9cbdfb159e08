import { z } from 'zod';

/**
 * Shapes of Kaneo's answers, checked before anything is used. A page (or a server that is not
 * Kaneo) can answer anything; every field the extension relies on is validated here, unknown
 * fields are dropped.
 */

/** Dates arrive as ISO strings (JSON) — normalized to `toISOString()` form. */
const isoDate = z
  .union([z.string(), z.number()])
  .transform((v, ctx) => {
    const date = new Date(v);
    if (Number.isNaN(date.getTime())) {
      ctx.addIssue({ code: 'custom', message: 'Not a date' });
      return z.NEVER;
    }
    return date.toISOString();
  });

export const healthSchema = z.object({ status: z.literal('ok') });

export const sessionSchema = z
  .object({
    user: z.object({
      id: z.string(),
      name: z.string().nullable().optional(),
      email: z.string(),
    }),
    session: z.object({ expiresAt: isoDate.optional() }).optional(),
  })
  .nullable();
export type KaneoSession = z.infer<typeof sessionSchema>;

export const workspaceSchema = z.object({ id: z.string(), name: z.string(), slug: z.string().nullable().optional() });
export const workspaceListSchema = z.array(workspaceSchema);
export type Workspace = z.infer<typeof workspaceSchema>;

/** A key as the server lists it (never includes the secret). */
export const serverKeySchema = z.object({
  id: z.string().min(1),
  name: z.string().nullable().optional().transform((v) => v ?? null),
  start: z.string().nullable().optional().transform((v) => v ?? null),
  enabled: z.boolean().optional().default(true),
  expiresAt: isoDate.nullable().optional().transform((v) => v ?? null),
  createdAt: isoDate,
  lastRequest: isoDate.nullable().optional().transform((v) => v ?? null),
  requestCount: z.number().int().nonnegative().nullable().optional().transform((v) => v ?? 0),
});
export type ServerKey = z.infer<typeof serverKeySchema>;

export const createdKeySchema = serverKeySchema.extend({
  /** The secret. Present in the create answer only. */
  key: z.string().min(16),
});
export type CreatedKey = z.infer<typeof createdKeySchema>;

export const keyListSchema = z.union([
  z.object({ apiKeys: z.array(serverKeySchema) }).transform((v) => v.apiKeys),
  // Older better-auth versions answered a bare array.
  z.array(serverKeySchema),
]);

export const deleteAnswerSchema = z.object({ success: z.boolean() });

/** better-auth's error body. */
export const errorBodySchema = z.object({
  message: z.string().optional(),
  code: z.string().optional(),
  details: z.object({ tryAgainIn: z.number().optional() }).partial().optional(),
});
export type ErrorBody = z.infer<typeof errorBodySchema>;
