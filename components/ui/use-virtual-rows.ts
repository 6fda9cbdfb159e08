import { useLayoutEffect, useRef, useState } from 'react';
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

function scrollParentOf(node: HTMLElement | null): ScrollParent {
  for (let el = node?.parentElement ?? null; el && el !== document.body && el !== document.documentElement; el = el.parentElement) {
    const { overflowY } = getComputedStyle(el);
    if (overflowY === 'auto' || overflowY === 'scroll') return el;
  }
  return window;
}

/** Where the list starts inside its scroller's content (px): the rows' offsets are counted from there. */
function offsetWithin(list: HTMLElement, parent: ScrollParent): number {
  const top = list.getBoundingClientRect().top;
  if (!(parent instanceof HTMLElement)) return Math.round(top + (parent as Window).scrollY);
  return Math.round(top - parent.getBoundingClientRect().top + parent.scrollTop);
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

export function useVirtualRows(options: VirtualRowsOptions) {
  const listRef = useRef<HTMLDivElement>(null);
  const [parent, setParent] = useState<ScrollParent | null>(null);
  const [scrollMargin, setScrollMargin] = useState(0);

  useLayoutEffect(() => {
    setParent(scrollParentOf(listRef.current));
  }, []);

  // The count line or an error above the list moves it: re-read its offset after every render.
  useLayoutEffect(() => {
    if (!parent || !listRef.current) return;
    const offset = offsetWithin(listRef.current, parent);
    if (offset !== scrollMargin) setScrollMargin(offset);
  });

  const onWindow = parent !== null && !(parent instanceof HTMLElement);
  // One hook for both scrollers: the window's observers replace the element's ones (the types
  // of useVirtualizer only speak of elements, hence the casts).
  const virtualizer = useVirtualizer<Element, Element>({
    count: options.count,
    estimateSize: options.estimateSize,
    getItemKey: options.getItemKey,
    overscan: options.overscan ?? 8,
    scrollMargin,
    ...(options.rangeExtractor ? { rangeExtractor: options.rangeExtractor } : {}),
    getScrollElement: () => parent as Element | null,
    initialRect: NO_LAYOUT_RECT,
    measureElement: measure(options.estimateSize) as never,
    observeElementRect: (instance, cb) =>
      (onWindow ? observeWindowRect : observeElementRect)(instance as never, (rect) =>
        cb(rect.height > 0 ? rect : NO_LAYOUT_RECT),
      ),
    observeElementOffset: (onWindow ? observeWindowOffset : observeElementOffset) as never,
    scrollToFn: (onWindow ? windowScroll : elementScroll) as never,
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
