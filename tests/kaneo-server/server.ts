// A Kaneo-compatible server for tests, the demo and `npm run kaneo:dev`: Hono on
// @hono/node-server, better-auth + @better-auth/api-key configured as Kaneo v2.22.0 configures
// them (see auth.ts), Kaneo's own routes (kaneo-api.ts), a test-only echo route and a plain
// sign-in page, all on one origin (like the bundled Kaneo image). Storage is in memory; every
// start gets a fresh database with the seed below. Listens on 127.0.0.1 only.
import { readFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve, type HttpBindings } from '@hono/node-server';
import { Hono } from 'hono';
import { cors } from 'hono/cors';
import { HTTPException } from 'hono/http-exception';
import { createAuthDb, createKaneoAuth, type KaneoAuth } from './auth';
import { echoHandler } from './echo';
import { createKaneoApi } from './kaneo-api';
import { signInPageHtml } from './sign-in-page';
import { addLabel, addProject, addTask, createStore, type KaneoStore } from './store';

export interface KaneoServerHandle {
  /** Web origin, e.g. http://127.0.0.1:41234 (the API is at url + '/api'). */
  url: string;
  /** url + '/api' */
  apiUrl: string;
  seed: { email: string; password: string; name: string; workspaceId: string; projectId: string; taskIds: string[] };
  /**
   * Every request received, oldest first, with the Origin it carried (null when none): lets a test
   * prove where a request really came from (the extension's in-tab requests carry the page's).
   */
  requests: Array<{ method: string; path: string; origin: string | null }>;
  /**
   * Test-only: holds the next `POST /api/auth/api-key/create` until `release()` — `before` it is
   * handled (nothing created yet), or `after` (the key exists, its answer waits). Lets a test stop
   * the extension's background, or let its timeout pass, in the middle of a create.
   */
  holdNextCreate(when: 'before' | 'after'): CreateHold;
  close(): Promise<void>;
}

export interface CreateHold {
  /** Resolves once the create request has arrived (and, for `after`, the key was created). */
  arrived: Promise<void>;
  /** Resolves when the client closed the connection before the answer was sent (it gave up). */
  clientGone: Promise<void>;
  /** Whether the client has closed the connection before the answer was sent. */
  isClientGone(): boolean;
  release(): void;
}

interface PendingHold extends CreateHold {
  when: 'before' | 'after';
  markArrived(): void;
  markClientGone(): void;
  released: Promise<void>;
}

function createHold(when: 'before' | 'after'): PendingHold {
  let markArrived!: () => void;
  let markGone!: () => void;
  let release!: () => void;
  let gone = false;
  const arrived = new Promise<void>((r) => (markArrived = r));
  const clientGone = new Promise<void>((r) => (markGone = r));
  const released = new Promise<void>((r) => (release = r));
  return {
    when,
    arrived,
    clientGone,
    released,
    isClientGone: () => gone,
    release,
    markArrived,
    markClientGone: () => {
      gone = true;
      markGone();
    },
  };
}

export const SEED_USER = {
  email: 'demo@kaneo.test',
  password: 'kaneo-demo-password',
  name: 'Demo User',
} as const;

const HERE = dirname(fileURLToPath(import.meta.url));
/** The project root (this file is tests/kaneo-server/server.ts). */
const PROJECT_ROOT = resolve(HERE, '..', '..');

/**
 * The document a real Kaneo 2.22.0 served. The repository carries a byte-identical copy in
 * lib/openapi/ (the extension bundles it as its fallback; a unit test keeps the two equal), so a
 * plain clone runs without the shared folder beside it.
 */
export function openApiFixturePath(): string {
  return process.env.KANEO_OPENAPI_FIXTURE
    ?? resolve(PROJECT_ROOT, 'lib', 'openapi', 'kaneo-2.22.0-openapi.json');
}

async function loadOpenApi(apiUrl: string): Promise<Record<string, unknown>> {
  const doc = JSON.parse(await readFile(openApiFixturePath(), 'utf8')) as Record<string, unknown>;
  const servers = Array.isArray(doc.servers) ? [...(doc.servers as Record<string, unknown>[])] : [];
  servers[0] = { ...(servers[0] ?? { description: 'Kaneo API Server' }), url: apiUrl };
  return { ...doc, servers };
}

async function seed(auth: KaneoAuth, store: KaneoStore): Promise<KaneoServerHandle['seed']> {
  const { user } = await auth.api.signUpEmail({ body: { ...SEED_USER } });
  const workspace = await auth.api.createOrganization({
    body: { name: 'Demo Workspace', slug: 'demo-workspace', userId: user.id },
  });
  if (!workspace) throw new Error('seed: workspace was not created');
  // Kaneo's workspace table has these columns; Postgres answers them as null when unset.
  await (await auth.$context).adapter.update({
    model: 'organization',
    where: [{ field: 'id', value: workspace.id }],
    update: { logo: null, metadata: null, description: null },
  });
  const project = addProject(store, {
    workspaceId: workspace.id,
    name: 'Key Manager Demo',
    slug: 'KMD',
    description: 'Seed project of the Kaneo-compatible test server',
  });
  const tasks = [
    addTask(store, { projectId: project.id, title: 'Create an API key', description: 'From the signed-in Kaneo tab', status: 'to-do', priority: 'high', userId: user.id }),
    addTask(store, { projectId: project.id, title: 'Test the key', description: 'GET /api/auth/organization/list', status: 'in-progress', priority: 'medium' }),
    addTask(store, { projectId: project.id, title: 'Copy a curl snippet', description: 'Bearer or x-api-key', status: 'done', priority: 'low' }),
  ];
  addLabel(store, { name: 'extension', color: '#6366f1', workspaceId: workspace.id });
  addLabel(store, { name: 'security', color: '#ef4444', workspaceId: workspace.id });
  addLabel(store, { name: 'extension', color: '#6366f1', workspaceId: workspace.id, taskId: tasks[0]!.id });
  return {
    ...SEED_USER,
    workspaceId: workspace.id,
    projectId: project.id,
    taskIds: tasks.map((t) => t.id),
  };
}

function buildApp(origin: string, auth: KaneoAuth, store: KaneoStore) {
  const apiUrl = `${origin}/api`;
  const app = new Hono<{ Bindings: HttpBindings }>();

  app.onError((err) => {
    if (err instanceof HTTPException) return err.getResponse();
    console.error('[kaneo-server]', err);
    return Response.json({ message: 'Internal Server Error' }, { status: 500 });
  });

  // Test-only, outside /api and outside CORS handling so that any method (OPTIONS included)
  // reaches it unchanged.
  app.all('/__echo', echoHandler);
  app.all('/__echo/*', echoHandler);

  app.get('/', async (c) => {
    const session = await auth.api.getSession({ headers: c.req.raw.headers }).catch(() => null);
    const user = session?.user ? { name: session.user.name, email: session.user.email } : null;
    return c.html(signInPageHtml(user));
  });

  // Only the web origin (this server's own) gets CORS headers, preflight included.
  app.use('/api/*', cors({
    origin: (requestOrigin) => (requestOrigin === origin ? requestOrigin : null),
    credentials: true,
  }));

  app.get('/api/health', (c) => c.json({ status: 'ok' }));

  app.get('/api/openapi', async (c) => {
    try {
      return c.json(await loadOpenApi(apiUrl));
    } catch (error) {
      console.error('[kaneo-server] cannot read the OpenAPI fixture', openApiFixturePath(), error);
      return c.json({ message: 'Internal Server Error' }, 500);
    }
  });

  // Kaneo serves get-session straight from better-auth (no Bearer mapping): with a Bearer API
  // key it answers null and clears cookies, with x-api-key it answers the key's user.
  app.get('/api/auth/get-session', (c) => auth.handler(c.req.raw));

  // Kaneo maps a Bearer token that is not a better-auth session token to `x-api-key`, so a
  // Bearer API key works on better-auth's routes too (organization/list, api-key/*, …).
  app.on(['POST', 'GET', 'PUT', 'DELETE'], '/api/auth/*', async (c) => {
    const bearerToken = /^Bearer\s+(\S+)$/i.exec(c.req.header('Authorization') ?? '')?.[1];
    if (bearerToken && !c.req.header('x-api-key')) {
      const session = await auth.api.getSession({ headers: c.req.raw.headers }).catch(() => null);
      if (session?.session && session.user) return auth.handler(c.req.raw);
      const headers = new Headers(c.req.raw.headers);
      headers.set('x-api-key', bearerToken);
      const method = c.req.method;
      const body = method === 'GET' || method === 'HEAD' ? undefined : await c.req.raw.arrayBuffer();
      return auth.handler(new Request(c.req.url, { method, headers, body }));
    }
    return auth.handler(c.req.raw);
  });

  app.route('/api', createKaneoApi({ auth, store }));
  return app;
}

export async function startKaneoServer(opts: { port?: number } = {}): Promise<KaneoServerHandle> {
  // The origin (and so better-auth's baseURL and trusted origin) is known only once the port is,
  // so listen first and hand requests to the app once it exists.
  let app: Hono<{ Bindings: HttpBindings }> | null = null;
  const requests: KaneoServerHandle['requests'] = [];
  let nextHold: PendingHold | null = null;
  const server = await new Promise<ReturnType<typeof serve>>((resolvePromise, reject) => {
    const s = serve({
      hostname: '127.0.0.1',
      port: opts.port ?? 0,
      overrideGlobalObjects: false,
      fetch: async (request, env) => {
        const path = new URL(request.url).pathname;
        requests.push({ method: request.method, path, origin: request.headers.get('origin') });
        if (!app) return new Response('Starting', { status: 503 });
        const hold = request.method === 'POST' && path === '/api/auth/api-key/create' ? nextHold : null;
        if (!hold) return app.fetch(request, env);
        nextHold = null;
        // 'close' before the answer finished means the client gave up (aborted, or went away).
        const outgoing = (env as HttpBindings).outgoing;
        outgoing.once('close', () => {
          if (!outgoing.writableFinished) hold.markClientGone();
        });
        if (hold.when === 'before') {
          hold.markArrived();
          await hold.released;
          return app.fetch(request, env);
        }
        const response = await app.fetch(request, env);
        // Read the body now: the key exists on the server from here on.
        const body = await response.arrayBuffer();
        hold.markArrived();
        await hold.released;
        return new Response(body, { status: response.status, headers: response.headers });
      },
    }, () => resolvePromise(s));
    s.once('error', reject);
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;

  const close = () => new Promise<void>((resolveClose) => {
    const s = server as import('node:http').Server;
    s.close(() => resolveClose());
    s.closeAllConnections?.();
  });

  try {
    const auth = createKaneoAuth({ origin: url, db: createAuthDb() });
    const store = createStore();
    const seedData = await seed(auth, store);
    app = buildApp(url, auth, store);
    const holdNextCreate = (when: 'before' | 'after') => {
      nextHold = createHold(when);
      return nextHold;
    };
    return { url, apiUrl: `${url}/api`, seed: seedData, requests, holdNextCreate, close };
  } catch (error) {
    await close();
    throw error;
  }
}
