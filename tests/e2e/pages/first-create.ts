import type { Page } from '../fixtures/driver';

/**
 * After "Create key": the first key for an origin the vault has no key for is asked once
 * (components/kaneo/first-create-confirm.tsx). Confirms it when asked; answers whether it was.
 */
export async function confirmFirstCreateIfAsked(page: Page): Promise<boolean> {
  const confirm = page.getByRole('button', { name: /^Create key for / });
  await confirm
    .or(page.getByText('Key saved to the vault'))
    .or(page.getByRole('alert'))
    .first()
    .waitFor({ timeout: 30_000 });
  if (!(await confirm.isVisible())) return false;
  await confirm.click();
  return true;
}
