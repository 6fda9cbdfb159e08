// Kaneo's own routes under /api (the part of Kaneo that is not better-auth), with Kaneo v2.22.0's
// paths, status codes, body shapes and authentication rules:
// - `Authorization: Bearer <token>`: an API key (looked up by its hash, enabled, not expired),
//   else a better-auth bearer session token; a malformed Bearer header is refused outright;
// - `x-api-key: <key>` (only when there is no Bearer token): an API key;
// - otherwise the session cookie.
// Every failure is 401 with the plain-text body `Unauthorized`. Key checks here do not go through
// the API-key plugin, so Kaneo's own routes are not rate limited (as in Kaneo).
import { createHash } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { KaneoAuth } from './auth';
import {
  addTask,
  columnsOf,
  PRIORITIES,
  validStatuses,
  type KaneoStore,
  type Priority,
  type Task,
} from './store';

export interface ApiVariables {
  userId: string;
  apiKeyId: string | null;
  workspaceId: string;
}
export type ApiEnv = { Variables: ApiVariables };

function unauthorized(): HTTPException {
  return new HTTPException(401, { message: 'Unauthorized' });
}

/** The API-key plugin stores SHA-256 of the key, base64url without padding. */
function hashKey(key: string): string {
  return createHash('sha256').update(key).digest('base64url');
}

function parseBearer(header: string | undefined): { token: string | null; malformed: boolean } {
  if (!header || !/^Bearer\b/i.test(header)) return { token: null, malformed: false };
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  if (!match) return { token: null, malformed: true };
  return { token: match[1] ?? null, malformed: false };
}

export function createKaneoApi(deps: { auth: KaneoAuth; store: KaneoStore }) {
  const { auth, store } = deps;

  async function adapter() {
    return (await auth.$context).adapter;
  }

  async function verifyKey(key: string): Promise<{ id: string; userId: string } | null> {
    const rows = await (await adapter()).findMany<Record<string, unknown>>({
      model: 'apikey',
      where: [{ field: 'key', value: hashKey(key) }],
    });
    const now = Date.now();
    const row = rows.find((r) => r.enabled === true
      && (r.expiresAt == null || new Date(r.expiresAt as string | Date).getTime() > now));
    if (!row) return null;
    return { id: String(row.id), userId: String(row.referenceId ?? row.userId ?? '') };
  }

  async function sessionUserId(headers: Headers): Promise<string | null> {
    try {
      const session = await auth.api.getSession({ headers });
      return session?.user && session.session ? session.user.id : null;
    } catch (error) {
      const status = (error as { statusCode?: unknown }).statusCode;
      if (typeof status === 'number' && status >= 400 && status < 500) return null;
      throw error;
    }
  }

  const authenticate: MiddlewareHandler<ApiEnv> = async (c, next) => {
    const { token, malformed } = parseBearer(c.req.header('Authorization'));
    if (malformed) throw unauthorized();
    const apiKeyHeader = c.req.header('x-api-key')?.trim();
    if (!token && apiKeyHeader) {
      const key = await verifyKey(apiKeyHeader);
      if (!key) throw unauthorized();
      c.set('userId', key.userId);
      c.set('apiKeyId', key.id);
      return next();
    }
    if (token) {
      const key = await verifyKey(token);
      if (key) {
        c.set('userId', key.userId);
        c.set('apiKeyId', key.id);
        return next();
      }
      const headers = new Headers(c.req.raw.headers);
      headers.delete('cookie');
      const userId = await sessionUserId(headers);
      if (!userId) throw unauthorized();
      c.set('userId', userId);
      c.set('apiKeyId', null);
      return next();
    }
    const userId = await sessionUserId(c.req.raw.headers);
    if (!userId) throw unauthorized();
    c.set('userId', userId);
    c.set('apiKeyId', null);
    return next();
  };

  /** Kaneo's workspace access check: the key must still be the user's, the user a member. */
  async function requireWorkspace(c: Context<ApiEnv>, workspaceId: string | null | undefined): Promise<string> {
    if (!workspaceId) throw new HTTPException(400, { message: 'Workspace ID could not be determined' });
    const db = await adapter();
    const userId = c.get('userId');
    const apiKeyId = c.get('apiKeyId');
    if (apiKeyId) {
      const key = await db.findOne<Record<string, unknown>>({ model: 'apikey', where: [{ field: 'id', value: apiKeyId }] });
      if (!key || key.enabled !== true || String(key.referenceId ?? key.userId) !== userId) {
        throw new HTTPException(403, { message: 'Invalid API key for this workspace' });
      }
    }
    const member = await db.findOne({
      model: 'member',
      where: [
        { field: 'userId', value: userId },
        { field: 'organizationId', value: workspaceId },
      ],
    });
    if (!member) throw new HTTPException(403, { message: "You don't have access to this workspace" });
    c.set('workspaceId', workspaceId);
    return workspaceId;
  }

  async function memberWorkspaceIds(userId: string): Promise<string[]> {
    const members = await (await adapter()).findMany<Record<string, unknown>>({
      model: 'member',
      where: [{ field: 'userId', value: userId }],
    });
    return members.map((m) => String(m.organizationId));
  }

  function projectWorkspace(projectId: string): string | null {
    return store.projects.find((p) => p.id === projectId)?.workspaceId ?? null;
  }

  function taskWorkspace(taskId: string): string | null {
    const task = store.tasks.find((t) => t.id === taskId);
    return task ? projectWorkspace(task.projectId) : null;
  }

  function invalidInput(c: Context, message: string) {
    return c.json({ success: false, error: [{ kind: 'schema', type: 'object', message }] }, 400);
  }

  function withAssignee(task: Task) {
    return {
      id: task.id,
      title: task.title,
      number: task.number,
      description: task.description,
      status: task.status,
      priority: task.priority,
      startDate: task.startDate,
      dueDate: task.dueDate,
      position: task.position,
      createdAt: task.createdAt,
      userId: task.userId,
      assigneeName: null as string | null,
      assigneeId: task.userId,
      assigneeImage: null as string | null,
      projectId: task.projectId,
    };
  }

  const api = new Hono<ApiEnv>();
  api.use('*', authenticate);

  // ---- projects
  api.get('/project', async (c) => {
    const workspaceId = c.req.query('workspaceId');
    if (workspaceId === undefined) return invalidInput(c, 'workspaceId is required');
    await requireWorkspace(c, workspaceId);
    const includeArchived = c.req.query('includeArchived') === 'true';
    const projects = store.projects
      .filter((p) => p.workspaceId === workspaceId && (includeArchived || p.archivedAt === null))
      .sort((a, b) => a.position - b.position || a.createdAt.getTime() - b.createdAt.getTime() || a.id.localeCompare(b.id));
    return c.json(projects.map((project) => {
      const tasks = store.tasks.filter((t) => t.projectId === project.id);
      const done = tasks.filter((t) => t.status === 'done' || t.status === 'archived').length;
      const dueDates = tasks.map((t) => t.dueDate).filter((d): d is Date => d !== null);
      return {
        ...project,
        statistics: {
          completionPercentage: tasks.length > 0 ? Math.round((done / tasks.length) * 100) : 0,
          totalTasks: tasks.length,
          dueDate: dueDates.length > 0 ? new Date(Math.min(...dueDates.map((d) => d.getTime()))) : null,
        },
        archivedTasks: [],
        plannedTasks: [],
        columns: [],
      };
    }));
  });

  api.get('/project/:id', async (c) => {
    const id = c.req.param('id');
    const workspaceId = await requireWorkspace(c, projectWorkspace(id));
    const project = store.projects.find((p) => p.id === id && p.workspaceId === workspaceId);
    if (!project) throw new HTTPException(404, { message: 'Project not found' });
    return c.json({ ...project, tasks: store.tasks.filter((t) => t.projectId === id) });
  });

  // ---- tasks
  api.get('/task/tasks/:projectId', async (c) => {
    const projectId = c.req.param('projectId');
    await requireWorkspace(c, projectWorkspace(projectId));
    const project = store.projects.find((p) => p.id === projectId);
    if (!project) throw new HTTPException(404, { message: 'Project not found' });
    const q = c.req.query();
    let tasks = store.tasks.filter((t) => t.projectId === projectId);
    if (q.status) tasks = tasks.filter((t) => t.status === q.status);
    if (q.priority) tasks = tasks.filter((t) => t.priority === q.priority);
    if (q.assigneeId) tasks = tasks.filter((t) => t.userId === q.assigneeId);
    if (q.dueBefore) tasks = tasks.filter((t) => t.dueDate !== null && t.dueDate <= new Date(q.dueBefore!));
    if (q.dueAfter) tasks = tasks.filter((t) => t.dueDate !== null && t.dueDate >= new Date(q.dueAfter!));
    const rank = (p: string) => Math.max(0, PRIORITIES.indexOf(p as Priority));
    const sortBy = q.sortBy ?? 'position';
    const dir = q.sortOrder === 'desc' ? -1 : 1;
    const key = (t: Task): number | string => {
      switch (sortBy) {
        case 'createdAt': return t.createdAt.getTime();
        case 'priority': return rank(t.priority);
        case 'dueDate': return t.dueDate?.getTime() ?? Number.MAX_SAFE_INTEGER;
        case 'title': return t.title;
        case 'number': return t.number ?? 0;
        default: return t.position ?? 0;
      }
    };
    tasks = [...tasks].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0) * dir);
    const total = tasks.length;
    const usePagination = q.page !== undefined || q.limit !== undefined;
    const pageNumber = Number(q.page);
    const limitNumber = Number(q.limit);
    const page = pageNumber > 0 ? pageNumber : 1;
    const pageSize = limitNumber > 0 ? Math.min(limitNumber, 100) : 50;
    if (usePagination) tasks = tasks.slice((page - 1) * pageSize, page * pageSize);
    const shaped = (t: Task) => ({
      ...withAssignee(t),
      labels: store.labels.filter((l) => l.taskId === t.id).map((l) => ({ id: l.id, name: l.name, color: l.color })),
      externalLinks: [],
    });
    return c.json({
      data: {
        id: project.id,
        name: project.name,
        slug: project.slug,
        icon: project.icon,
        description: project.description,
        isPublic: project.isPublic,
        workspaceId: project.workspaceId,
        columns: columnsOf(store, projectId).map((column) => ({
          id: column.slug,
          slug: column.slug,
          name: column.name,
          icon: column.icon,
          isFinal: column.isFinal,
          tasks: tasks.filter((t) => t.status === column.slug).map(shaped),
        })),
        archivedTasks: tasks.filter((t) => t.status === 'archived').map(shaped),
        plannedTasks: tasks.filter((t) => t.status === 'planned').map(shaped),
      },
      pagination: usePagination
        ? { total, page, pageSize, totalPages: Math.max(1, Math.ceil(total / pageSize)) }
        : { total, page: 1, pageSize: total, totalPages: 1 },
    });
  });

  api.post('/task/:projectId', async (c) => {
    const projectId = c.req.param('projectId');
    let body: unknown;
    try {
      body = await c.req.json();
    } catch {
      return invalidInput(c, 'Malformed JSON in request body');
    }
    const b = (body ?? {}) as Record<string, unknown>;
    const optionalString = (v: unknown) => v === undefined || typeof v === 'string';
    if (typeof b.title !== 'string' || typeof b.description !== 'string' || typeof b.status !== 'string'
      || typeof b.priority !== 'string' || !PRIORITIES.includes(b.priority as Priority)
      || !optionalString(b.startDate) || !optionalString(b.dueDate) || !optionalString(b.userId)) {
      return invalidInput(c, 'Invalid task: title, description, status (strings) and priority (no-priority, low, medium, high, urgent) are required');
    }
    await requireWorkspace(c, projectWorkspace(projectId));
    const parseDate = (v: unknown, name: string) => {
      if (v === undefined) return undefined;
      const d = new Date(v as string);
      if (Number.isNaN(d.getTime())) throw new HTTPException(400, { message: `Invalid ${name}` });
      return d;
    };
    const startDate = parseDate(b.startDate, 'startDate');
    const dueDate = parseDate(b.dueDate, 'dueDate');
    if (startDate && dueDate && startDate > dueDate) {
      throw new HTTPException(400, { message: 'startDate must be before dueDate' });
    }
    const status = b.status || 'to-do';
    const statuses = validStatuses(store, projectId);
    if (!statuses.includes(status)) {
      throw new HTTPException(400, {
        message: `Invalid status "${status}". Valid statuses for this project: ${statuses.join(', ')}`,
      });
    }
    const userId = (b.userId as string | undefined)?.trim() || undefined;
    if (userId) {
      const user = await (await adapter()).findOne({ model: 'user', where: [{ field: 'id', value: userId }] });
      if (!user) throw new HTTPException(404, { message: 'Assignee not found' });
    }
    const task = addTask(store, {
      projectId,
      title: b.title,
      description: b.description,
      status,
      priority: b.priority,
      userId: userId ?? null,
      startDate: startDate ?? null,
      dueDate: dueDate ?? null,
    });
    return c.json({ ...task, assigneeName: undefined });
  });

  api.get('/task/:id', async (c) => {
    const id = c.req.param('id');
    await requireWorkspace(c, taskWorkspace(id) ?? c.req.query('workspaceId'));
    const task = store.tasks.find((t) => t.id === id);
    if (!task) throw new HTTPException(404, { message: 'Task not found' });
    const { assigneeImage: _image, ...rest } = withAssignee(task);
    return c.json(rest);
  });

  api.delete('/task/:id', async (c) => {
    const id = c.req.param('id');
    await requireWorkspace(c, taskWorkspace(id) ?? c.req.query('workspaceId'));
    const index = store.tasks.findIndex((t) => t.id === id);
    if (index === -1) throw new HTTPException(404, { message: 'Task not found' });
    const [task] = store.tasks.splice(index, 1);
    store.labels = store.labels.filter((l) => l.taskId !== id);
    return c.json(task);
  });

  // ---- columns
  api.get('/column/:projectId', async (c) => {
    const projectId = c.req.param('projectId');
    await requireWorkspace(c, projectWorkspace(projectId));
    return c.json(columnsOf(store, projectId));
  });

  // ---- labels
  api.get('/label/workspace/:workspaceId', async (c) => {
    const workspaceId = await requireWorkspace(c, c.req.param('workspaceId'));
    return c.json(store.labels.filter((l) => l.workspaceId === workspaceId && l.taskId === null));
  });

  api.get('/label/task/:taskId', async (c) => {
    const taskId = c.req.param('taskId');
    await requireWorkspace(c, taskWorkspace(taskId) ?? c.req.query('workspaceId'));
    return c.json(store.labels.filter((l) => l.taskId === taskId));
  });

  // ---- search
  api.get('/search', async (c) => {
    const q = c.req.query('q');
    if (!q) return invalidInput(c, 'q is required');
    const type = c.req.query('type') ?? 'all';
    const limitRaw = c.req.query('limit');
    const limit = limitRaw === undefined ? 20 : Number(limitRaw);
    if (!Number.isInteger(limit) || limit < 1 || limit > 50) return invalidInput(c, 'limit must be 1..50');
    const workspaceId = await requireWorkspace(c, c.req.query('workspaceId'));
    const projectId = c.req.query('projectId');
    const needle = q.toLowerCase();
    const contains = (s: string | null | undefined) => (s ?? '').toLowerCase().includes(needle);
    const accessible = new Set(await memberWorkspaceIds(c.get('userId')));
    const workspaceName = async (id: string) => {
      const org = await (await adapter()).findOne<Record<string, unknown>>({ model: 'organization', where: [{ field: 'id', value: id }] });
      return org ? String(org.name) : undefined;
    };
    const results: Array<Record<string, unknown> & { relevanceScore: number; createdAt: Date }> = [];
    const projects = store.projects.filter((p) => accessible.has(p.workspaceId) && p.workspaceId === workspaceId
      && (!projectId || p.id === projectId));
    if (type === 'all' || type === 'tasks') {
      for (const project of projects) {
        for (const task of store.tasks.filter((t) => t.projectId === project.id)) {
          const score = contains(task.title) ? 3 : contains(task.description) ? 2 : 0;
          if (score === 0) continue;
          results.push({
            id: task.id,
            type: 'task',
            title: task.title,
            description: task.description || undefined,
            projectId: project.id,
            projectName: project.name,
            projectSlug: project.slug,
            workspaceId: project.workspaceId,
            workspaceName: await workspaceName(project.workspaceId),
            userId: task.userId ?? undefined,
            createdAt: task.createdAt,
            relevanceScore: score,
            taskNumber: task.number ?? undefined,
            priority: task.priority,
            status: task.status,
          });
        }
      }
    }
    if (type === 'all' || type === 'projects') {
      for (const project of projects) {
        const score = contains(project.name) ? 3 : contains(project.description) ? 2 : contains(project.slug) ? 1 : 0;
        if (score === 0) continue;
        results.push({
          id: project.id,
          type: 'project',
          title: project.name,
          description: project.description || undefined,
          projectId: project.id,
          projectSlug: project.slug,
          workspaceId: project.workspaceId,
          workspaceName: await workspaceName(project.workspaceId),
          createdAt: project.createdAt,
          relevanceScore: score,
        });
      }
    }
    if (type === 'all' || type === 'workspaces') {
      const name = await workspaceName(workspaceId);
      if (accessible.has(workspaceId) && contains(name)) {
        results.push({ id: workspaceId, type: 'workspace', title: name, workspaceId, workspaceName: name, createdAt: new Date(0), relevanceScore: 3 });
      }
    }
    results.sort((a, b) => b.relevanceScore - a.relevanceScore || b.createdAt.getTime() - a.createdAt.getTime());
    return c.json({ results: results.slice(0, limit), totalCount: results.length, searchQuery: q });
  });

  return api;
}
