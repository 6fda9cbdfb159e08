import { useEffect, useRef, useState } from 'react';
import {
  elementScroll,
  observeElementOffset,
  observeElementRect,
  observeWindowOffset,
  observeWindowRect,
  useVirtualizer,
  windowScroll,
  type Range,
  type Rect,
  type Virtualizer,
} from '@tanstack/react-virtual';

/**
 * Long lists (a vault of 10,000 keys) render only the rows in view plus a few either side: the
 * rows sit in one container as tall as the whole list, each moved to its place. The list scrolls
 * with whatever already scrolls around it — the popup's body, or the options page's window — so
 * the page keeps one scroll bar and the search box above the list scrolls away as before.
 */
export interface VirtualRowsOptions {
  count: number;
  /** Best guess of a row's height before it is measured (px). */
  estimateSize: (index: number) => number;
  /** A stable key per row, so a row keeps its state (a revealed secret) while others come and go. */
  getItemKey: (index: number) => string;
  overscan?: number;
  /** Which rows to render for a range (e.g. to keep a focused row); default: the range. */
  rangeExtractor?: (range: Range) => number[];
}

/** What a page without layout (jsdom, a hidden tab) is treated as, so a first screen of rows still renders. */
const NO_LAYOUT_RECT: Rect = { width: 800, height: 600 };

type ScrollParent = HTMLElement | Window;

/**
 * The attribute that marks the element a virtual list scrolls with (the popup's body, a
 * combobox's or the tester's box); a list inside none of them scrolls with the window. Marked, not
 * found by asking each ancestor for its computed style: that forced a style pass in the middle of
 * the first commit, and knowing the scroller before the first render saves a second one.
 */
export const SCROLLER_ATTRIBUTE = 'data-scroller';
export const scrollerProps = { [SCROLLER_ATTRIBUTE]: '' } as const;

export function scrollParentOf(node: HTMLElement | null): ScrollParent {
  return node?.parentElement?.closest<HTMLElement>(`[${SCROLLER_ATTRIBUTE}]`) ?? window;
}

const isWindow = (parent: ScrollParent | null): parent is Window => parent !== null && !(parent instanceof HTMLElement);

/** Where the list starts inside its scroller's content (px): the rows' offsets are counted from there. */
function offsetWithin(list: HTMLElement, parent: ScrollParent): number {
  const top = list.getBoundingClientRect().top;
  if (isWindow(parent)) return Math.round(top + parent.scrollY);
  return Math.round(top - parent.getBoundingClientRect().top + parent.scrollTop);
}

/**
 * The size the first render assumes for the scroller, before anything is laid out: the window's
 * (read without a layout), which no list's scroller is taller than, so the first screen of rows
 * is rendered at once; the virtualizer trims the range once the scroller is measured.
 */
function firstRect(): Rect {
  const width = typeof window === 'undefined' ? 0 : window.innerWidth;
  const height = typeof window === 'undefined' ? 0 : window.innerHeight;
  return height > 0 ? { width, height } : NO_LAYOUT_RECT;
}

/**
 * A row's height, without forcing a layout. The virtualizer asks twice: when a row is attached
 * (no `entry`) and when its ResizeObserver reports (an `entry` holding the box the browser has
 * just laid out). Reading the element's size on attach would lay the page out once per row in the
 * middle of React's commit (about 30 ms for a popup's first screen on a busy machine, issue 11);
 * instead an attached row keeps what is known — its measured size, or the estimate — and the
 * observer, which reports after the frame's own layout, corrects it before that frame is painted.
 * A row is never 0 px tall; 0 means there is no layout (jsdom, a hidden tab), so the estimate stands.
 */
function measure(estimate: (index: number) => number) {
  return (element: Element, entry: ResizeObserverEntry | undefined, instance: Virtualizer<Element, Element>) => {
    const box = entry?.borderBoxSize?.[0];
    if (box && box.blockSize > 0) return box.blockSize;
    const index = Number(element.getAttribute(instance.options.indexAttribute));
    const i = Number.isFinite(index) ? index : 0;
    if (!entry) {
      const known = instance.itemSizeCache.get(instance.options.getItemKey(i));
      if (known !== undefined) return known;
    }
    return estimate(i);
  };
}

type Instance = Virtualizer<Element, Element>;
type ScrollTo = (offset: number, options: { adjustments?: number; behavior?: ScrollBehavior }, instance: Instance) => void;

export function useVirtualRows(options: VirtualRowsOptions) {
  const listRef = useRef<HTMLDivElement>(null);
  // Found once the list is in the DOM (the virtualizer first asks in its own layout effect), and
  // kept: the scroller of a mounted list does not change.
  const parentRef = useRef<ScrollParent | null>(null);
  const [scrollMargin, setScrollMargin] = useState(0);
  // The first frame draws only what is in view (plus one row): the rows drawn ahead for smooth
  // scrolling come a frame later, so they do not delay the list's first paint.
  const [painted, setPainted] = useState(false);
  useEffect(() => {
    const frame = requestAnimationFrame(() => setPainted(true));
    return () => cancelAnimationFrame(frame);
  }, []);

  // The count line or an error above the list moves it: re-read its offset after every render.
  // After the paint, not before: the margin only decides which rows are drawn (each row is placed
  // from the list's own top), and the overscan covers the few pixels a frame may be off by.
  useEffect(() => {
    const parent = parentRef.current;
    if (!parent || !listRef.current) return;
    const offset = offsetWithin(listRef.current, parent);
    if (offset !== scrollMargin) setScrollMargin(offset);
  });

  // One hook for both kinds of scroller: the window's observers stand in for the element's ones
  // when the scroller turns out to be the window (the types of useVirtualizer only speak of
  // elements, hence the casts).
  const virtualizer = useVirtualizer<Element, Element>({
    count: options.count,
    estimateSize: options.estimateSize,
    getItemKey: options.getItemKey,
    overscan: painted ? (options.overscan ?? 8) : 1,
    scrollMargin,
    ...(options.rangeExtractor ? { rangeExtractor: options.rangeExtractor } : {}),
    getScrollElement: () => {
      if (!parentRef.current && listRef.current) parentRef.current = scrollParentOf(listRef.current);
      return parentRef.current as Element | null;
    },
    initialRect: firstRect(),
    measureElement: measure(options.estimateSize) as never,
    observeElementRect: (instance, cb) =>
      (isWindow(parentRef.current) ? observeWindowRect : observeElementRect)(instance as never, (rect) =>
        cb(rect.height > 0 ? rect : NO_LAYOUT_RECT),
      ),
    observeElementOffset: ((instance: Instance, cb: (offset: number, isScrolling: boolean) => void) =>
      (isWindow(parentRef.current) ? observeWindowOffset : observeElementOffset)(instance as never, cb)) as never,
    scrollToFn: ((offset, scrollOptions, instance) =>
      ((isWindow(parentRef.current) ? windowScroll : elementScroll) as ScrollTo)(offset, scrollOptions, instance)) as ScrollTo as never,
  });

  return { listRef, virtualizer, scrollMargin };
}

/**
 * Style of a row placed by the virtualizer, inside a `position: relative` container of
 * `getTotalSize()` height. `top`, not a transform: a transform would make every row its own
 * stacking context, and a menu opened in one row would slide under the next.
 */
export function rowStyle(start: number, scrollMargin: number) {
  return { position: 'absolute', top: start - scrollMargin, left: 0, right: 0 } as const;
}
