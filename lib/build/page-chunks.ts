/**
 * Build-time only (wxt.config.ts): how the extension pages' shared code is split into files.
 *
 * Left to itself the bundler splits the code the popup shares with the other pages into a dozen
 * small chunks. An extension page fetches each one through the browser's extension-resource
 * loader, which is slow per file on a busy machine: in Chromium the popup's 17 files (the same
 * bytes as two bundles) arrived 100–150 ms after they were asked for, where the benchmark's
 * baseline page's 2 files take about 45 ms (issue 11, a trace of the popup's load). So the code
 * the popup's first screen needs statically goes into one file, and the little the offscreen
 * document (clipboard clearing) shares with it into another, so that document stays small.
 * Whatever is loaded lazily (feature tabs, the tester, options sections) keeps its own chunks.
 */

/** The slice of rolldown's ModuleInfo this needs. */
export interface ModuleGraphInfo {
  importers: readonly string[];
  isEntry?: boolean;
}

export type GetModuleInfo = (id: string) => ModuleGraphInfo | null;

/** What rolldown passes a group's name function; one object for the whole chunking pass. */
export interface ChunkingGraph {
  getModuleInfo: GetModuleInfo;
}

/** Chunk names, in the order a page loads them. */
export const PAGE_CHUNKS = { base: 'page-base', popup: 'popup-first' } as const;

const POPUP_ROOT = /[\\/]entrypoints[\\/]popup[\\/](index\.html|main\.tsx)$/;
/** The small pages that load with no person waiting on them: the offscreen document, the DevTools page. */
const BACKGROUND_PAGE_ROOT = /[\\/]entrypoints[\\/](offscreen|devtools)[\\/](index\.html|main\.ts)$/;

/**
 * Whether `id` is reached from a module matching `root` through static imports only (a dynamic
 * `import()` on the way means it is loaded later, on demand). Memoised per root; an import cycle
 * counts as "not through this path".
 */
function reachability(root: RegExp, info: GetModuleInfo) {
  const known = new Map<string, boolean>();
  const reached = (id: string): boolean => {
    const cached = known.get(id);
    if (cached !== undefined) return cached;
    known.set(id, false);
    const result = root.test(id) || (info(id)?.importers ?? []).some(reached);
    known.set(id, result);
    return result;
  };
  return reached;
}

/**
 * A `codeSplitting` group name function: the page-base chunk for modules the offscreen document
 * loads, the popup-first chunk for the rest of what the popup loads up front, and `null` (the
 * bundler's own choice) for everything else. The graph is the same for the whole chunking pass,
 * so the answers are cached per pass.
 */
export function pageChunkName(id: string, graph: ChunkingGraph): string | null {
  const info = (moduleId: string) => graph.getModuleInfo(moduleId);
  let cache = caches.get(graph);
  if (!cache) {
    cache = { offscreen: reachability(BACKGROUND_PAGE_ROOT, info), popup: reachability(POPUP_ROOT, info) };
    caches.set(graph, cache);
  }
  // The entry modules themselves stay in their entry chunks.
  if (POPUP_ROOT.test(id) || BACKGROUND_PAGE_ROOT.test(id) || info(id)?.isEntry) return null;
  if (cache.offscreen(id)) return PAGE_CHUNKS.base;
  if (cache.popup(id)) return PAGE_CHUNKS.popup;
  return null;
}

const caches = new WeakMap<ChunkingGraph, { offscreen: (id: string) => boolean; popup: (id: string) => boolean }>();
