/**
 * Bench builds only (`wxt build --mode bench`, never in the shipped build; see wxt.config.ts and
 * tests/unit/structure/bench-build.test.ts): the timing probe that `npm run bench` reads.
 *
 * The popup, options and baseline pages load it as a classic script at the top of <head>, so it
 * runs before the app's module scripts and watches from navigation start. It only watches:
 * - `marks`: when each readiness condition (below) was first met, stamped on the page's clock
 *   (performance.now(), 0 = navigation start) after the frame that showed it was painted;
 * - `messages`: every runtime message the page sent, when it left and when its answer came back
 *   (the background's share of an action);
 * - `watch(kind, arg)`: arms a one-shot watcher for the next click or input; `result(id)` answers
 *   the event's time and the painted time of the frame where the condition first held.
 */
import { defineUnlistedScript } from 'wxt/utils/define-unlisted-script';

type Condition = () => boolean;
/**
 * - `keys`: any key row (or the empty list) is shown;
 * - `row` / `noRow`: the row of key `name` is shown / is gone;
 * - `filtered`: the row of key `name` is shown and every row shown contains `query` (a search's
 *   result, however many rows a virtualised list draws);
 * - `noRows`: no key row is shown; `many`: more than one is.
 */
type WatchKind = 'keys' | 'row' | 'noRow' | 'filtered' | 'noRows' | 'many';
interface Watch {
  condition: Condition;
  event: number | null;
  painted: number | null;
  pendingPaint: boolean;
  since: number;
}
interface Probe {
  marks: Record<string, number>;
  messages: Array<{ type: string; start: number; end: number }>;
  messageTiming: boolean;
  watch(kind: WatchKind, arg: { query?: string; name?: string }): number;
  result(id: number): { event: number | null; painted: number | null };
}

const ROW = '[aria-label^="Copy "]';

const READY: Record<string, Condition> = {
  baseline: () => document.querySelector('[data-bench-baseline]') !== null,
  unlockForm: () => {
    const form = document.querySelector('form input[type="password"]')?.closest('form');
    return !!form && (form.textContent ?? '').includes('Vault locked');
  },
  keys: () =>
    document.querySelector(ROW) !== null
    || [...document.querySelectorAll('.ui-empty__title')].some((p) => p.textContent === 'No keys yet'),
};

export default defineUnlistedScript(() => {
  const marks: Record<string, number> = {};
  const watches: Watch[] = [];
  const probe: Probe = {
    marks,
    messages: [],
    messageTiming: false,
    watch(kind, arg) {
      const named = `Copy ${arg.name ?? ''}`;
      const query = (arg.query ?? '').toLowerCase();
      const rowShown = () => document.querySelector(`[aria-label="${CSS.escape(named)}"]`) !== null;
      const conditions: Record<WatchKind, Condition> = {
        keys: READY.keys!,
        row: rowShown,
        noRow: () => !rowShown(),
        noRows: () => document.querySelector(ROW) === null,
        many: () => document.querySelectorAll(ROW).length > 1,
        filtered: () =>
          rowShown()
          && [...document.querySelectorAll(ROW)].every((row) => (row.getAttribute('aria-label') ?? '').toLowerCase().includes(query)),
      };
      const condition = conditions[kind];
      watches.push({ condition, event: null, painted: null, pendingPaint: false, since: performance.now() });
      return watches.length - 1;
    },
    result: (id) => ({ event: watches[id]?.event ?? null, painted: watches[id]?.painted ?? null }),
  };
  (globalThis as unknown as { __kkmBench: Probe }).__kkmBench = probe;

  // "Painted": a message posted from the next animation frame runs after that frame is drawn.
  const afterNextPaint = (stamp: (time: number) => void) => {
    requestAnimationFrame(() => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => stamp(performance.now());
      channel.port2.postMessage(null);
    });
  };

  let pending = false;
  const check = () => {
    pending = false;
    for (const [name, ready] of Object.entries(READY)) {
      if (marks[name] === undefined && !(name in stamping) && ready()) {
        stamping[name] = true;
        afterNextPaint((time) => (marks[name] = time));
      }
    }
    for (const watch of watches) {
      if (watch.event !== null && watch.painted === null && !watch.pendingPaint && watch.condition()) {
        watch.pendingPaint = true;
        afterNextPaint((time) => (watch.painted = time));
      }
    }
  };
  const stamping: Record<string, true> = {};
  const schedule = () => {
    if (pending) return;
    pending = true;
    queueMicrotask(check);
  };
  new MutationObserver(schedule).observe(document, { childList: true, subtree: true, attributes: true, characterData: true });

  // The action a watcher times: the first click or input after it was armed.
  const onAction = (event: Event) => {
    for (const watch of watches) if (watch.event === null && event.timeStamp >= watch.since) watch.event = event.timeStamp;
    schedule();
  };
  document.addEventListener('click', onAction, true);
  document.addEventListener('input', onAction, true);

  // Round trips of runtime messages (@webext-core/messaging sends with chrome.runtime.sendMessage).
  try {
    const runtime = (globalThis as unknown as { chrome?: { runtime?: { sendMessage: (...args: unknown[]) => unknown } } }).chrome?.runtime;
    if (runtime) {
      const send = runtime.sendMessage;
      runtime.sendMessage = function timedSend(this: unknown, ...args: unknown[]) {
        const start = performance.now();
        const message = args.find((a): a is { type: string } => typeof a === 'object' && a !== null && typeof (a as { type?: unknown }).type === 'string');
        const done = () => probe.messages.push({ type: message?.type ?? '?', start, end: performance.now() });
        const callback = args.findIndex((a) => typeof a === 'function');
        if (callback >= 0) {
          const answer = args[callback] as (...r: unknown[]) => unknown;
          args[callback] = function timedAnswer(this: unknown, ...reply: unknown[]) {
            done();
            return answer.apply(this, reply);
          };
          return send.apply(this, args);
        }
        const sent = send.apply(this, args) as Promise<unknown> | undefined;
        sent?.then?.(done, done);
        return sent;
      };
      probe.messageTiming = runtime.sendMessage !== send;
    }
  } catch {
    probe.messageTiming = false;
  }
});
