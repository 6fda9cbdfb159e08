// Kaneo's own data (projects, columns, tasks, labels), in memory. Field names and defaults follow
// Kaneo v2.22.0's database schema, because its routes return rows as they are stored.
import { randomBytes } from 'node:crypto';

export type Priority = 'no-priority' | 'low' | 'medium' | 'high' | 'urgent';
export const PRIORITIES: readonly Priority[] = ['no-priority', 'low', 'medium', 'high', 'urgent'];
/** Statuses every project accepts besides its column slugs. */
export const VIRTUAL_STATUSES = ['planned', 'archived'] as const;

export interface Project {
  id: string;
  workspaceId: string;
  slug: string;
  icon: string | null;
  name: string;
  description: string | null;
  createdAt: Date;
  isPublic: boolean | null;
  archivedAt: Date | null;
  lastTaskNumber: number;
  position: number;
}

export interface Column {
  id: string;
  projectId: string;
  name: string;
  slug: string;
  position: number;
  icon: string | null;
  color: string | null;
  isFinal: boolean;
  createdAt: Date;
  updatedAt: Date;
}

export interface Task {
  id: string;
  projectId: string;
  position: number | null;
  number: number | null;
  userId: string | null;
  title: string;
  description: string | null;
  status: string;
  columnId: string | null;
  priority: string;
  startDate: Date | null;
  dueDate: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface Label {
  id: string;
  name: string;
  color: string;
  createdAt: Date;
  updatedAt: Date;
  taskId: string | null;
  workspaceId: string | null;
}

export interface KaneoStore {
  projects: Project[];
  columns: Column[];
  tasks: Task[];
  labels: Label[];
}

export function createStore(): KaneoStore {
  return { projects: [], columns: [], tasks: [], labels: [] };
}

/** Kaneo ids are cuid2 strings: 24 lowercase letters and digits starting with a letter. */
export function createId(): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
  const bytes = randomBytes(24);
  let id = alphabet[bytes[0]! % 26]!;
  for (let i = 1; i < 24; i++) id += alphabet[bytes[i]! % alphabet.length]!;
  return id;
}

const DEFAULT_COLUMNS: ReadonlyArray<{ name: string; slug: string; icon: string; isFinal: boolean }> = [
  { name: 'To Do', slug: 'to-do', icon: 'circle', isFinal: false },
  { name: 'In Progress', slug: 'in-progress', icon: 'circle-dot', isFinal: false },
  { name: 'In Review', slug: 'in-review', icon: 'circle-pause', isFinal: false },
  { name: 'Done', slug: 'done', icon: 'circle-check', isFinal: true },
];

export function addProject(
  store: KaneoStore,
  input: { workspaceId: string; name: string; slug: string; description?: string },
): Project {
  const now = new Date();
  const project: Project = {
    id: createId(),
    workspaceId: input.workspaceId,
    slug: input.slug,
    icon: 'Layout',
    name: input.name,
    description: input.description ?? null,
    createdAt: now,
    isPublic: false,
    archivedAt: null,
    lastTaskNumber: 0,
    position: store.projects.filter((p) => p.workspaceId === input.workspaceId).length,
  };
  store.projects.push(project);
  DEFAULT_COLUMNS.forEach((c, position) => {
    store.columns.push({
      id: createId(),
      projectId: project.id,
      name: c.name,
      slug: c.slug,
      position,
      icon: c.icon,
      color: null,
      isFinal: c.isFinal,
      createdAt: now,
      updatedAt: now,
    });
  });
  return project;
}

export function validStatuses(store: KaneoStore, projectId: string): string[] {
  return [
    ...columnsOf(store, projectId).map((c) => c.slug),
    ...VIRTUAL_STATUSES,
  ];
}

export function columnsOf(store: KaneoStore, projectId: string): Column[] {
  return store.columns.filter((c) => c.projectId === projectId).sort((a, b) => a.position - b.position);
}

export function addTask(
  store: KaneoStore,
  input: {
    projectId: string;
    title: string;
    description?: string;
    status?: string;
    priority?: string;
    userId?: string | null;
    startDate?: Date | null;
    dueDate?: Date | null;
  },
): Task {
  const project = store.projects.find((p) => p.id === input.projectId);
  if (!project) throw new Error(`no project ${input.projectId}`);
  const status = input.status || 'to-do';
  const column = store.columns.find((c) => c.projectId === project.id && c.slug === status);
  const siblings = store.tasks.filter((t) =>
    t.projectId === project.id && (column ? t.columnId === column.id : t.status === status));
  const position = Math.max(0, ...siblings.map((t) => t.position ?? 0)) + 1;
  project.lastTaskNumber += 1;
  const now = new Date();
  const task: Task = {
    id: createId(),
    projectId: project.id,
    position,
    number: project.lastTaskNumber,
    userId: input.userId ?? null,
    title: input.title,
    description: input.description ?? '',
    status,
    columnId: column?.id ?? null,
    priority: input.priority || 'no-priority',
    startDate: input.startDate ?? null,
    dueDate: input.dueDate ?? null,
    createdAt: now,
    updatedAt: now,
  };
  store.tasks.push(task);
  return task;
}

export function addLabel(
  store: KaneoStore,
  input: { name: string; color: string; workspaceId: string; taskId?: string | null },
): Label {
  const now = new Date();
  const label: Label = {
    id: createId(),
    name: input.name,
    color: input.color,
    createdAt: now,
    updatedAt: now,
    taskId: input.taskId ?? null,
    workspaceId: input.workspaceId,
  };
  store.labels.push(label);
  return label;
}
