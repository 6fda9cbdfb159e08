import { screen } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { sendMessage } from '@/lib/messaging/protocol';
import { createFakeBackground, makeKey } from './helpers/fake-background';
import { renderOptions, renderPopup } from './helpers/render-app';

vi.mock('@/lib/clipboard/page/copy', () => ({ copySecret: vi.fn() }));

// Names and notes come from the person, from Kaneo or from a look-alike page: whatever markup they
// hold is shown as text. Nothing is parsed as HTML, no element is created, no handler runs.
const NAME = '<img src=x onerror="window.__pwned=1">';
const NOTES = '<script>window.__pwned=2</script><b>bold</b>';

beforeEach(() => {
  const fake = createFakeBackground({
    state: 'unlocked',
    keys: [makeKey({ id: 'k1', name: NAME, notes: NOTES, secret: 'kaneo_hostile_secret_1' })],
  });
  vi.mocked(sendMessage).mockImplementation(fake.handle as never);
  delete (window as { __pwned?: unknown }).__pwned;
});

function expectInert(): void {
  expect(document.querySelector('img[src="x"], script, b')).toBeNull();
  expect((window as { __pwned?: unknown }).__pwned).toBeUndefined();
}

describe('hostile text renders as text', () => {
  it('in the popup key list', async () => {
    renderPopup();
    expect(await screen.findByText(NAME, { selector: '.key-row__name' })).toBeInTheDocument();
    expectInert();
    expect(document.body.textContent).not.toContain('kaneo_hostile_secret_1');
  });

  it('in the options page key list', async () => {
    renderOptions();
    expect(await screen.findByText(NAME, { selector: '.key-row__name' })).toBeInTheDocument();
    expectInert();
  });
});
