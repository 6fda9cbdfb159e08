// Kaneo's core routes (relative to the API base): health, CORS, projects, tasks (list, get, create),
// columns, labels, search and the OpenAPI document, authenticated by Bearer key, x-api-key and
// session cookie.
import {
  call,
  connectKaneo,
  createKey,
  deleteKeys,
  EXTENSION_ORIGIN,
  signIn,
  uniqueName,
  webSession,
  type KaneoTarget,
  type Workspace,
} from './support/kaneo-target';

const PROJECT_FIELDS = ['id', 'workspaceId', 'slug', 'icon', 'name', 'description', 'createdAt', 'isPublic', 'archivedAt', 'lastTaskNumber', 'position'];
const TASK_FIELDS = ['id', 'projectId', 'position', 'number', 'userId', 'title', 'description', 'status', 'priority', 'startDate', 'dueDate', 'createdAt'];
const CREATED_TASK_FIELDS = [...TASK_FIELDS, 'columnId', 'updatedAt'];

let target: KaneoTarget;
let cookie: string;
let key: string;
let workspace: Workspace;
let project: Record<string, any>;
const createdKeys: string[] = [];
const createdTasks: string[] = [];

const byBearer = () => ({ authorization: `Bearer ${key}` });
const byHeader = () => ({ 'x-api-key': key });
const enc = encodeURIComponent;

beforeAll(async () => {
  target = await connectKaneo();
  cookie = await signIn(target);
  key = (await createKey(target, cookie, { name: uniqueName('read-routes') }, createdKeys)).key;
  const orgs = await call<Workspace[]>(target, '/auth/organization/list', { headers: byHeader() });
  for (const w of orgs.body) {
    const projects = await call<Record<string, any>[]>(target, `/project?workspaceId=${enc(w.id)}`, { headers: byHeader() });
    if (projects.status === 200 && projects.body.length > 0) {
      workspace = w;
      project = projects.body[0]!;
      break;
    }
  }
  if (!project) throw new Error('the test user needs a workspace with at least one project');
});

afterAll(async () => {
  for (const id of createdTasks) await call(target, `/task/${enc(id)}`, { method: 'DELETE', headers: byHeader() }).catch(() => {});
  if (cookie) await deleteKeys(target, cookie, createdKeys);
  await target?.close();
});

describe('health and CORS', () => {
  it('GET /health answers {"status":"ok"} without auth', async () => {
    const res = await call(target, '/health');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok' });
  });

  it('gives Access-Control-Allow-Origin to the web origin only', async () => {
    const web = await fetch(`${target.apiUrl}/health`, { headers: { origin: target.url } });
    expect(web.headers.get('access-control-allow-origin')).toBe(target.url);
    const ext = await fetch(`${target.apiUrl}/health`, { headers: { origin: EXTENSION_ORIGIN } });
    expect(ext.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('gives an extension origin no Access-Control-Allow-Origin on preflight either', async () => {
    const res = await fetch(`${target.apiUrl}/project?workspaceId=${enc(workspace.id)}`, {
      method: 'OPTIONS',
      headers: {
        origin: EXTENSION_ORIGIN,
        'access-control-request-method': 'GET',
        'access-control-request-headers': 'authorization',
      },
    });
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('projects', () => {
  it.each([['Bearer', byBearer], ['x-api-key', byHeader]])('GET /project?workspaceId= lists the workspace projects (%s)', async (_l, headers) => {
    const res = await call<Record<string, unknown>[]>(target, `/project?workspaceId=${enc(workspace.id)}`, { headers: headers() });
    expect(res.status).toBe(200);
    expect(res.body.length).toBeGreaterThan(0);
    for (const p of res.body) {
      for (const field of PROJECT_FIELDS) expect(p).toHaveProperty(field);
      expect(p.workspaceId).toBe(workspace.id);
    }
  });

  it('GET /project?workspaceId= works with the session cookie too', async () => {
    const res = await call(target, `/project?workspaceId=${enc(workspace.id)}`, { headers: webSession(target, cookie) });
    expect(res.status).toBe(200);
    expect(res.body.map((p: { id: string }) => p.id)).toContain(project.id);
  });

  it('GET /project/{id} answers the project', async () => {
    const res = await call(target, `/project/${enc(project.id)}`, { headers: byBearer() });
    expect(res.status).toBe(200);
    for (const field of PROJECT_FIELDS) expect(res.body).toHaveProperty(field);
    expect(res.body).toMatchObject({ id: project.id, workspaceId: workspace.id, name: project.name });
  });
});

describe('tasks, columns, labels, search', () => {
  let task: Record<string, any>;
  const title = `contract test task ${Math.random().toString(36).slice(2, 8)}`;

  beforeAll(async () => {
    // Use a status the project has: the first column's slug when the column list shows one.
    const columns = await call(target, `/column/${enc(project.id)}`, { headers: byHeader() });
    const first = Array.isArray(columns.body) ? columns.body[0] : undefined;
    const status = typeof first?.slug === 'string' ? first.slug : 'to-do';
    const res = await call(target, `/task/${enc(project.id)}`, {
      headers: byBearer(),
      json: { title, description: 'created by the contract suite', priority: 'low', status },
    });
    if (res.status !== 200) throw new Error(`POST /task/{projectId}: ${res.status} ${res.text.slice(0, 300)}`);
    task = res.body;
    createdTasks.push(task.id);
  });

  it('POST /task/{projectId} creates a task and answers it', () => {
    for (const field of CREATED_TASK_FIELDS) expect(task).toHaveProperty(field);
    expect(task).toMatchObject({ projectId: project.id, title, description: 'created by the contract suite', priority: 'low' });
    expect(typeof task.id).toBe('string');
  });

  it.each([['Bearer', byBearer], ['x-api-key', byHeader]])('GET /task/{id} answers the task (%s)', async (_l, headers) => {
    const res = await call(target, `/task/${enc(task.id)}`, { headers: headers() });
    expect(res.status).toBe(200);
    for (const field of TASK_FIELDS) expect(res.body).toHaveProperty(field);
    expect(res.body).toMatchObject({ id: task.id, projectId: project.id, title, status: task.status });
  });

  it('GET /task/tasks/{projectId} includes the task, with and without query options', async () => {
    const plain = await call(target, `/task/tasks/${enc(project.id)}`, { headers: byHeader() });
    expect(plain.status).toBe(200);
    expect(plain.text).toContain(task.id);
    const filtered = await call(target, `/task/tasks/${enc(project.id)}?priority=low&sortBy=createdAt&sortOrder=desc&page=1&limit=100`, { headers: byHeader() });
    expect(filtered.status).toBe(200);
    expect(filtered.text).toContain(task.id);
  });

  it('GET /column/{projectId} answers 200 JSON', async () => {
    const res = await call(target, `/column/${enc(project.id)}`, { headers: byBearer() });
    expect(res.status).toBe(200);
    expect(res.body).toBeDefined();
  });

  it('GET /label/workspace/{workspaceId} answers an array', async () => {
    const res = await call(target, `/label/workspace/${enc(workspace.id)}`, { headers: byHeader() });
    expect(res.status).toBe(200);
    expect(Array.isArray(res.body)).toBe(true);
  });

  it('GET /label/task/{taskId} answers 200 JSON', async () => {
    const res = await call(target, `/label/task/${enc(task.id)}`, { headers: byHeader() });
    expect(res.status).toBe(200);
    expect(res.body).toBeDefined();
  });

  it('GET /search?q= answers 200 JSON', async () => {
    const res = await call(target, `/search?q=${enc('contract')}&workspaceId=${enc(workspace.id)}`, { headers: byBearer() });
    expect(res.status).toBe(200);
    expect(typeof res.body).toBe('object');
  });
});

describe('GET /openapi', () => {
  it('serves the Kaneo OpenAPI document: 114 paths, 153 operations, bearerAuth, no api-key or sign-in routes', async () => {
    const res = await call(target, '/openapi', { headers: byHeader() });
    expect(res.status).toBe(200);
    const paths = res.body.paths as Record<string, Record<string, unknown>>;
    const methods = new Set(['get', 'post', 'put', 'delete', 'patch', 'options', 'head', 'trace']);
    const operations = Object.values(paths).reduce((n, item) => n + Object.keys(item).filter((m) => methods.has(m)).length, 0);
    expect(Object.keys(paths)).toHaveLength(114);
    expect(operations).toBe(153);
    expect(res.body.components.securitySchemes).toHaveProperty('bearerAuth');
    expect(Object.keys(paths).filter((p) => /api-key|sign-in|sign-up/.test(p))).toEqual([]);
    expect(paths).toHaveProperty(['/project', 'get']);
    expect(paths).toHaveProperty(['/task/{projectId}', 'post']);
  });
});
