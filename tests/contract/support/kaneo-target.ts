// Which Kaneo the contract suite talks to, and small HTTP helpers for it.
//
// With KANEO_URL (the web origin, e.g. https://kaneo.example.com), KANEO_EMAIL and KANEO_PASSWORD
// set, the suite runs against that instance (API at KANEO_API_URL, default KANEO_URL + '/api').
// Otherwise every test file starts the built-in Kaneo-compatible server (tests/kaneo-server).
//
// Budget: the API-key plugin limits each key to 100 requests / 60 s on /api/auth/*. Requests
// authenticated by the session cookie do not count, so keys are created and deleted with the
// cookie, and each test uses its own key for the few /api/auth/* calls it makes with a key.
import { startKaneoServer } from '../../kaneo-server/server';

export interface KaneoTarget {
  /** Web origin (trusted origin of better-auth, CORS origin). */
  url: string;
  /** API base, url + '/api' for the bundled deployment. */
  apiUrl: string;
  email: string;
  password: string;
  /** True when the suite started the built-in server itself. */
  builtIn: boolean;
  close(): Promise<void>;
}

export async function connectKaneo(): Promise<KaneoTarget> {
  const url = process.env.KANEO_URL?.replace(/\/+$/, '');
  if (url) {
    const email = process.env.KANEO_EMAIL;
    const password = process.env.KANEO_PASSWORD;
    if (!email || !password) {
      throw new Error('KANEO_URL is set: also set KANEO_EMAIL and KANEO_PASSWORD (a user with a workspace and a project).');
    }
    const apiUrl = (process.env.KANEO_API_URL ?? `${url}/api`).replace(/\/+$/, '');
    return { url: new URL(url).origin, apiUrl, email, password, builtIn: false, close: async () => {} };
  }
  const server = await startKaneoServer();
  return {
    url: server.url,
    apiUrl: server.apiUrl,
    email: server.seed.email,
    password: server.seed.password,
    builtIn: true,
    close: () => server.close(),
  };
}

export const EXTENSION_ORIGIN = 'chrome-extension://abcdefghijklmnopabcdefghijklmnop';
export const FIREFOX_EXTENSION_ORIGIN = 'moz-extension://3f0c5e0e-9f1b-4d3c-8f7e-0b9d2a1c4e55';

export interface JsonResponse<T = any> {
  status: number;
  headers: Headers;
  body: T;
  text: string;
}

/** fetch against the API base; never follows redirects, never sends cookies by itself. */
export async function call<T = any>(
  target: KaneoTarget,
  path: string,
  init: { method?: string; headers?: Record<string, string>; json?: unknown; body?: string } = {},
): Promise<JsonResponse<T>> {
  const headers: Record<string, string> = { ...init.headers };
  let body = init.body;
  if (init.json !== undefined) {
    body = JSON.stringify(init.json);
    if (!Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) headers['content-type'] = 'application/json';
  }
  const res = await fetch(`${target.apiUrl}${path}`, {
    method: init.method ?? (body === undefined ? 'GET' : 'POST'),
    headers,
    body,
    redirect: 'manual',
  });
  const text = await res.text();
  let parsed: unknown = undefined;
  try {
    parsed = text === '' ? undefined : JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  return { status: res.status, headers: res.headers, body: parsed as T, text };
}

/** Signs in with email + password like the web app (same-origin JSON POST); returns the Cookie header. */
export async function signIn(target: KaneoTarget): Promise<string> {
  const res = await fetch(`${target.apiUrl}/auth/sign-in/email`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: target.url },
    body: JSON.stringify({ email: target.email, password: target.password }),
    redirect: 'manual',
  });
  if (res.status !== 200) throw new Error(`sign-in failed: ${res.status} ${await res.text()}`);
  const cookie = res.headers.getSetCookie()
    .map((c) => c.split(';')[0]!.trim())
    .filter((pair) => pair.includes('=') && !pair.endsWith('='))
    .join('; ');
  if (!/better-auth\.session_token=/.test(cookie)) throw new Error('sign-in set no better-auth.session_token cookie');
  return cookie;
}

/** Headers of a request made by the web app itself: session cookie + the web origin. */
export function webSession(target: KaneoTarget, cookie: string): Record<string, string> {
  return { cookie, origin: target.url };
}

export interface CreatedKey {
  id: string;
  key: string;
  name: string | null;
  [field: string]: unknown;
}

/** Creates a key the way Kaneo's settings page does (cookie + web origin) and records it for cleanup. */
export async function createKey(
  target: KaneoTarget,
  cookie: string,
  body: Record<string, unknown>,
  created: string[],
): Promise<CreatedKey> {
  const res = await call<CreatedKey>(target, '/auth/api-key/create', { headers: webSession(target, cookie), json: body });
  if (res.status !== 200) throw new Error(`api-key/create failed: ${res.status} ${res.text}`);
  created.push(res.body.id);
  return res.body;
}

/** Deletes the keys a test file created (ignores ones already gone). */
export async function deleteKeys(target: KaneoTarget, cookie: string, ids: string[]): Promise<void> {
  for (const keyId of ids) {
    await call(target, '/auth/api-key/delete', { headers: webSession(target, cookie), json: { keyId } });
  }
}

export interface SignedInKaneo {
  readonly target: KaneoTarget;
  /** The session's Cookie header ('' until signed in). */
  readonly cookie: string;
  /** Ids of keys the file created; deleted after the file's tests. */
  readonly created: string[];
}

/**
 * The set-up most contract files share: before their tests, connect to the Kaneo under test and
 * sign in; after them, delete the keys they recorded in `created` and close the connection.
 * Call at the top level of a test file; read the fields inside tests and hooks.
 */
export function signedInKaneo(): SignedInKaneo {
  const session = { target: undefined as unknown as KaneoTarget, cookie: '', created: [] as string[] };
  beforeAll(async () => {
    session.target = await connectKaneo();
    session.cookie = await signIn(session.target);
  });
  afterAll(async () => {
    if (session.cookie) await deleteKeys(session.target, session.cookie, session.created);
    await session.target?.close();
  });
  return session;
}

export function uniqueName(label: string): string {
  return `ct-${label}-${Math.random().toString(36).slice(2, 8)}`.slice(0, 32);
}

export interface Workspace { id: string; name: string; slug: string }

/** The signed-in user's first workspace, and its first project (the instance must have one). */
export async function discoverWorkspaceAndProject(
  target: KaneoTarget,
  cookie: string,
): Promise<{ workspace: Workspace; project: Record<string, any> }> {
  const orgs = await call<Workspace[]>(target, '/auth/organization/list', { headers: { cookie } });
  if (orgs.status !== 200 || !Array.isArray(orgs.body) || orgs.body.length === 0) {
    throw new Error(`the test user needs a workspace (organization/list: ${orgs.status} ${orgs.text.slice(0, 200)})`);
  }
  for (const workspace of orgs.body) {
    const projects = await call<Record<string, any>[]>(target, `/project?workspaceId=${encodeURIComponent(workspace.id)}`, { headers: { cookie } });
    if (projects.status === 200 && Array.isArray(projects.body) && projects.body.length > 0) {
      return { workspace, project: projects.body[0]! };
    }
  }
  throw new Error('the test user needs a workspace with at least one project');
}
