import type * as z from 'zod/mini';
import { ok, type Result } from '../../result';
import {
  createdKeySchema,
  deleteAnswerSchema,
  healthSchema,
  keyListSchema,
  serverKeySchema,
  sessionSchema,
  workspaceListSchema,
  type CreatedKey,
  type KaneoSession,
  type ServerKey,
  type Workspace,
} from '../kaneo-schemas';
import {
  badResponse,
  mapHttpFailure,
  type FailureContext,
  type RawResponse,
} from './kaneo-errors';
import type { KaneoFailureReason } from '../protocol';
import { err } from '../../result';
import type { KaneoRequest, KaneoTransport } from './transport';

export type KaneoResult<T> = Result<T, KaneoFailureReason>;

/**
 * Kaneo's API as the extension uses it, over any transport. Every answer is validated; every
 * failure is mapped to a reason with a sentence (lib/kaneo/kaneo-errors.ts).
 */
export interface KaneoApi {
  /** `GET /health` → true only for `{"status":"ok"}`; anything else is "not Kaneo". */
  health(): Promise<KaneoResult<true>>;
  /** `GET /auth/get-session` — cookie sessions only (with a Bearer key Kaneo answers null and clears cookies). */
  session(): Promise<KaneoResult<KaneoSession>>;
  workspaces(): Promise<KaneoResult<Workspace[]>>;
  createKey(input: { name: string; expiresInSeconds: number | null }): Promise<KaneoResult<CreatedKey>>;
  listKeys(): Promise<KaneoResult<ServerKey[]>>;
  setEnabled(keyId: string, enabled: boolean): Promise<KaneoResult<ServerKey>>;
  deleteKey(keyId: string): Promise<KaneoResult<true>>;
}

function parseJson(response: RawResponse): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(response.text) };
  } catch {
    return { ok: false };
  }
}

export function createKaneoApi(transport: KaneoTransport, ctx: FailureContext): KaneoApi {
  async function call<S extends z.ZodMiniType>(
    request: KaneoRequest,
    schema: S,
    what: string,
  ): Promise<KaneoResult<z.output<S>>> {
    const sent = await transport(request);
    if (!sent.ok) return sent;
    const response = sent.value;
    if (response.status < 200 || response.status > 299) return mapHttpFailure(response, ctx);
    const json = parseJson(response);
    if (!json.ok) return badResponse(ctx.host, what);
    const parsed = schema.safeParse(json.value);
    if (!parsed.success) return badResponse(ctx.host, what);
    return ok(parsed.data);
  }

  return {
    async health() {
      const sent = await transport({ path: '/health', method: 'GET' });
      if (!sent.ok) return sent;
      const json = sent.value.status === 200 ? parseJson(sent.value) : { ok: false as const };
      if (!json.ok || !healthSchema.safeParse(json.value).success) {
        return err('not-kaneo', notKaneoMessage(ctx));
      }
      return ok(true);
    },
    session: () => call({ path: '/auth/get-session', method: 'GET' }, sessionSchema, 'session'),
    workspaces: () => call({ path: '/auth/organization/list', method: 'GET' }, workspaceListSchema, 'workspace list'),
    createKey: ({ name, expiresInSeconds }) =>
      call(
        {
          path: '/auth/api-key/create',
          method: 'POST',
          body: expiresInSeconds === null ? { name } : { name, expiresIn: expiresInSeconds },
        },
        createdKeySchema,
        'new API key',
      ),
    listKeys: () => call({ path: '/auth/api-key/list', method: 'GET' }, keyListSchema, 'API key list'),
    setEnabled: (keyId, enabled) =>
      call({ path: '/auth/api-key/update', method: 'POST', body: { keyId, enabled } }, serverKeySchema, 'API key'),
    async deleteKey(keyId) {
      const answer = await call({ path: '/auth/api-key/delete', method: 'POST', body: { keyId } }, deleteAnswerSchema, 'answer');
      if (!answer.ok) return answer;
      return answer.value.success ? ok(true) : err('server-error', `Kaneo on ${ctx.host} did not delete the key. Try again.`);
    },
  };
}

/** Names the host that was asked (the API's, for a split deployment) and what to change. */
function notKaneoMessage(ctx: FailureContext): string {
  if (ctx.api?.configured) {
    const apiHost = new URL(ctx.api.baseUrl).host;
    return (
      `No Kaneo answered at the API base set for ${ctx.host}: ${apiHost} has no Kaneo health check at ${ctx.api.baseUrl}. ` +
      'Check the API base in Options → Kaneo (Kaneo serves its API under /api).'
    );
  }
  return (
    `This doesn't look like Kaneo: ${ctx.host} has no Kaneo health check at this API base. ` +
    'Open your Kaneo tab; if its API lives on another origin, set the API base for this site in Options → Kaneo.'
  );
}
