import * as z from 'zod/mini';

/**
 * One HTTP request as the tester sends it and every "copy as" format writes it. The key is not
 * part of it: the Authorization header is added by whoever sends or renders the request, so a
 * request model can be kept in history or shown without holding a secret.
 */
export const httpMethodSchema = z.enum(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS']);
export type HttpMethod = z.infer<typeof httpMethodSchema>;

export const httpHeaderSchema = z.object({
  name: z.string().check(z.regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/, 'Not a valid header name')),
  value: z.string().check(z.refine((v) => !/[\r\n\0]/.test(v), 'Header values cannot contain line breaks')),
});
export type HttpHeader = z.infer<typeof httpHeaderSchema>;

export const httpRequestSchema = z.object({
  method: httpMethodSchema,
  /** Absolute URL, query included. Must be on the key's own instance (checked by the sender). */
  url: z.url(),
  headers: z._default(z.array(httpHeaderSchema), []),
  /** Body bytes as text (UTF-8), or null for none. */
  body: z._default(z.nullable(z.string()), null),
});
export type HttpRequest = z.infer<typeof httpRequestSchema>;

/** How a rendered snippet carries the key. */
export type SecretMode =
  | { kind: 'env'; variable: string }
  | { kind: 'inline'; secret: string }
  | { kind: 'redacted'; placeholder: string };
