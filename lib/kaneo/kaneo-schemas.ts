import * as z from 'zod/mini';

/**
 * Shapes of Kaneo's answers, checked before anything is used. A page (or a server that is not
 * Kaneo) can answer anything; every field the extension relies on is validated here, unknown
 * fields are dropped.
 */

/** Dates arrive as ISO strings (JSON) — normalized to `toISOString()` form. */
const isoDate = z.pipe(
  z.union([z.string(), z.number()]),
  z.transform((v: string | number, ctx) => {
    const date = new Date(v);
    if (Number.isNaN(date.getTime())) {
      ctx.issues.push({ code: 'custom', message: 'Not a date', input: v });
      return z.NEVER;
    }
    return date.toISOString();
  }),
);

/** Absent or null, read as null. */
const orNull = <T extends z.core.SomeType>(schema: T) =>
  z.pipe(z.optional(z.nullable(schema)), z.transform((v: z.output<T> | null | undefined) => v ?? null));

export const healthSchema = z.object({ status: z.literal('ok') });

export const sessionSchema = z.nullable(
  z.object({
    user: z.object({
      id: z.string(),
      name: z.optional(z.nullable(z.string())),
      email: z.string(),
    }),
    session: z.optional(z.object({ expiresAt: z.optional(isoDate) })),
  }),
);
export type KaneoSession = z.infer<typeof sessionSchema>;

export const workspaceSchema = z.object({ id: z.string(), name: z.string(), slug: z.optional(z.nullable(z.string())) });
export const workspaceListSchema = z.array(workspaceSchema);
export type Workspace = z.infer<typeof workspaceSchema>;

/** A key as the server lists it (never includes the secret). */
export const serverKeySchema = z.object({
  id: z.string().check(z.minLength(1)),
  name: orNull(z.string()),
  start: orNull(z.string()),
  enabled: z._default(z.optional(z.boolean()), true),
  expiresAt: orNull(isoDate),
  createdAt: isoDate,
  lastRequest: orNull(isoDate),
  requestCount: z.pipe(
    z.optional(z.nullable(z.int().check(z.gte(0)))),
    z.transform((v: number | null | undefined) => v ?? 0),
  ),
});
export type ServerKey = z.infer<typeof serverKeySchema>;

export const createdKeySchema = z.extend(serverKeySchema, {
  /** The secret. Present in the create answer only. */
  key: z.string().check(z.minLength(16)),
});
export type CreatedKey = z.infer<typeof createdKeySchema>;

export const keyListSchema = z.union([
  z.pipe(
    z.object({ apiKeys: z.array(serverKeySchema) }),
    z.transform((v: { apiKeys: ServerKey[] }) => v.apiKeys),
  ),
  // Older better-auth versions answered a bare array.
  z.array(serverKeySchema),
]);

export const deleteAnswerSchema = z.object({ success: z.boolean() });

/** better-auth's error body. */
export const errorBodySchema = z.object({
  message: z.optional(z.string()),
  code: z.optional(z.string()),
  details: z.optional(z.partial(z.object({ tryAgainIn: z.optional(z.number()) }))),
});
export type ErrorBody = z.infer<typeof errorBodySchema>;
