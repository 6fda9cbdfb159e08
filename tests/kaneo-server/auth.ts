// better-auth configured the way Kaneo v2.22.0 configures it (apps/api/src/auth.ts in
// usekaneo/kaneo), reduced to what the extension touches: email + password sessions, the
// organization plugin (Kaneo's "workspaces"), the bearer plugin, and the API-key plugin with
// sessions enabled for keys, header `x-api-key` and a 100 requests / 60 s per-key rate limit.
// The key name and expiry bounds are the plugin defaults, as in Kaneo (name <= 32 characters,
// expiresIn between 1 and 365 days).
import { apiKey } from '@better-auth/api-key';
import { betterAuth } from 'better-auth';
import { memoryAdapter } from 'better-auth/adapters/memory';
import { bearer, organization } from 'better-auth/plugins';
import { randomBytes } from 'node:crypto';

/** The tables better-auth and its plugins write to (the memory adapter needs them to exist). */
export type AuthDb = Record<string, Record<string, unknown>[]>;

export function createAuthDb(): AuthDb {
  return {
    user: [],
    session: [],
    account: [],
    verification: [],
    organization: [],
    member: [],
    invitation: [],
    apikey: [],
  };
}

export function createKaneoAuth(opts: { origin: string; db: AuthDb }) {
  const { origin, db } = opts;
  return betterAuth({
    appName: 'Kaneo (compatible test server)',
    baseURL: origin,
    basePath: '/api/auth',
    // Same-origin deployment, as the bundled Kaneo image: the web origin is the API origin.
    trustedOrigins: [origin],
    secret: randomBytes(32).toString('base64'),
    database: memoryAdapter(db),
    emailAndPassword: { enabled: true, autoSignIn: true },
    session: { cookieCache: { enabled: false } },
    // Self-hosted Kaneo leaves better-auth's global rate limiter off; only the API-key
    // plugin's per-key limit applies (to requests under /api/auth that carry a key).
    rateLimit: { enabled: false },
    // Refusals (e.g. "Invalid origin") are expected in tests; keep vitest output readable.
    logger: { disabled: Boolean(process.env.VITEST) },
    advanced: {
      // better-auth turns the Origin check off when NODE_ENV=test (vitest sets it). Kaneo runs
      // it, and the extension depends on it, so force it on.
      disableOriginCheck: false,
      disableCSRFCheck: false,
    },
    databaseHooks: {
      session: {
        create: {
          // Kaneo puts the user's first workspace in the new session as the active one.
          before: async (session) => {
            const membership = db.member?.find((m) => m.userId === session.userId);
            return {
              data: { ...session, activeOrganizationId: (membership?.organizationId as string) ?? null },
            };
          },
        },
      },
    },
    plugins: [
      organization({
        schema: {
          organization: {
            additionalFields: {
              description: { type: 'string', input: true, required: false },
            },
          },
        },
      }),
      bearer(),
      apiKey({
        enableSessionForAPIKeys: true,
        apiKeyHeaders: 'x-api-key',
        rateLimit: { enabled: true, maxRequests: 100, timeWindow: 60 * 1000 },
      }),
    ],
  });
}

export type KaneoAuth = ReturnType<typeof createKaneoAuth>;
