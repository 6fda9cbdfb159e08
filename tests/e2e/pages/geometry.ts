import type { Locator, Page } from '../fixtures/driver';

/**
 * Where things are on screen, for layout checks. Page objects build on these so a spec says
 * "every row's buttons are inside the popup" and not how boxes are measured; nothing here is
 * Chromium-specific (getBoundingClientRect and scroll sizes only).
 */
export interface Box {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

export interface PlacedControl {
  /** The control's accessible name as a person hears it (aria-label, else its text). */
  name: string;
  box: Box;
}

/** Every button inside `scope`, with its name and its box in page coordinates. */
export async function buttonsIn(scope: Locator): Promise<PlacedControl[]> {
  return scope.locator('button').evaluateAll((buttons) =>
    buttons.map((button) => {
      const rect = button.getBoundingClientRect();
      return {
        name: button.getAttribute('aria-label') ?? button.textContent?.trim() ?? '',
        box: { left: rect.left, top: rect.top, right: rect.right, bottom: rect.bottom },
      };
    }),
  );
}

/** The box of the document's root element: the popup window itself (360 px wide). */
export async function rootBox(page: Page): Promise<Box> {
  return page.evaluate(() => {
    const rect = document.documentElement.getBoundingClientRect();
    return { left: rect.left, top: rect.top, right: rect.right, bottom: rect.bottom };
  });
}

/** The controls that do not lie wholly inside `frame` horizontally (half a pixel of rounding allowed). */
export function outsideHorizontally(controls: PlacedControl[], frame: Box): PlacedControl[] {
  return controls.filter((c) => c.box.left < frame.left - 0.5 || c.box.right > frame.right + 0.5);
}

/** Whether an element's content is wider than its box (it scrolls or clips sideways). */
export async function overflowsSideways(element: Locator): Promise<boolean> {
  return element.evaluate((el) => el.scrollWidth > el.clientWidth + 0.5);
}

/** How far the page scrolls sideways (0 when it fits its viewport). */
export async function horizontalOverflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}

/**
 * The element showing `name` in full as its tooltip: whether it is cut short on screen, and the
 * text it holds (what a screen reader reads). Null when nothing in `scope` has that tooltip.
 */
export async function truncatedName(scope: Locator, name: string): Promise<{ text: string; cut: boolean } | null> {
  const shown = await scope.locator('[title]').evaluateAll(
    (elements, full) =>
      elements
        .filter((el) => el.getAttribute('title') === full)
        .map((el) => ({ text: el.textContent ?? '', cut: el.scrollWidth > el.clientWidth })),
    name,
  );
  return shown[0] ?? null;
}

/**
 * The key rows (`li.key-row`) inside `scope` that a person sees whole without scrolling: inside
 * the window and inside every scrolling ancestor's visible box. Returns their heights.
 */
export async function keyRowsInView(scope: Locator): Promise<number[]> {
  return scope.locator('li.key-row').evaluateAll((rows) =>
    rows
      .filter((row) => {
        const rect = row.getBoundingClientRect();
        if (rect.height === 0 || rect.top < -0.5 || rect.bottom > window.innerHeight + 0.5) return false;
        for (let el = row.parentElement; el; el = el.parentElement) {
          const style = getComputedStyle(el);
          if (!/(auto|scroll|hidden)/.test(style.overflowY)) continue;
          const box = el.getBoundingClientRect();
          if (rect.top < box.top - 0.5 || rect.bottom > box.bottom + 0.5) return false;
        }
        return true;
      })
      .map((row) => row.getBoundingClientRect().height),
  );
}
