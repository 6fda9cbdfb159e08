import { screen } from '@testing-library/react';
import { expect } from 'vitest';

/** Asserts that one of the page's `role="status"` live regions says `text`. */
export function expectStatus(text: string | RegExp): void {
  const said = screen.getAllByRole('status').map((region) => region.textContent ?? '');
  expect(said.some((t) => (typeof text === 'string' ? t.includes(text) : text.test(t)))).toBe(true);
}
