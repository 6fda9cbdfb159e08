import type { Locator, Page } from '../fixtures/driver';

/**
 * What the popup and the options page both show: key rows with Copy and Reveal buttons named
 * after the key. Both page objects extend this, so a change to a row's accessible names is made
 * once.
 */
export class KeyRowsPage {
  constructor(readonly page: Page) {}

  /** Names of the keys listed (from their copy buttons' accessible names). */
  async keyNames(): Promise<string[]> {
    const labels = await this.page.getByRole('button', { name: /^Copy / }).evaluateAll((buttons) =>
      buttons.map((b) => b.getAttribute('aria-label') ?? ''),
    );
    return labels.map((label) => label.replace(/^Copy /, ''));
  }

  copyButton(name: string): Locator {
    return this.page.getByRole('button', { name: `Copy ${name}`, exact: true });
  }

  async copyKey(name: string): Promise<void> {
    await this.page.bringToFront();
    await this.copyButton(name).click();
  }

  /** Reveals a key and returns the secret shown. */
  async revealKey(name: string): Promise<string> {
    await this.page.getByRole('button', { name: `Reveal ${name}`, exact: true }).click();
    const shown = this.page.getByLabel(`Key ${name}`, { exact: true });
    await shown.waitFor();
    return (await shown.innerText()).trim();
  }
}
