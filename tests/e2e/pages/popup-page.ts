import type { Locator, Page } from 'playwright-core';
import type { ExtensionHarness } from '../fixtures/extension';

/**
 * The toolbar popup, opened as a tab at popup size (tests have no toolbar to click). What a person
 * does there: unlock, find a key, copy or reveal it, lock.
 */
export class PopupPage {
  constructor(readonly page: Page) {}

  static async open(ext: ExtensionHarness): Promise<PopupPage> {
    const popup = new PopupPage(await ext.openPopup());
    await popup.waitUntilLoaded();
    return popup;
  }

  /** Waits until the popup has asked the background for the vault's state and shows the answer. */
  async waitUntilLoaded(): Promise<void> {
    await this.page
      .getByRole('form', { name: 'Vault locked' })
      .or(this.page.getByRole('button', { name: 'Lock' }))
      .or(this.page.getByRole('button', { name: 'Set up in options' }))
      .first()
      .waitFor();
  }

  unlockForm(): Locator {
    return this.page.getByRole('form', { name: 'Vault locked' });
  }

  async isLocked(): Promise<boolean> {
    await this.waitUntilLoaded();
    return this.unlockForm().isVisible();
  }

  /** Unlocked: the Lock button is there and no passphrase is asked for. */
  async isUnlocked(): Promise<boolean> {
    await this.waitUntilLoaded();
    return (await this.page.getByRole('button', { name: 'Lock', exact: true }).isVisible())
      && !(await this.unlockForm().isVisible());
  }

  async unlock(passphrase: string): Promise<void> {
    const form = this.unlockForm();
    await form.getByLabel('Passphrase', { exact: true }).fill(passphrase);
    await form.getByRole('button', { name: 'Unlock' }).click();
    await form.waitFor({ state: 'detached' });
  }

  async lock(): Promise<void> {
    await this.page.getByRole('button', { name: 'Lock', exact: true }).click();
    await this.unlockForm().waitFor();
  }

  async search(query: string): Promise<void> {
    await this.page.getByRole('searchbox', { name: 'Search keys' }).fill(query);
  }

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

  async revealKey(name: string): Promise<string> {
    await this.page.getByRole('button', { name: `Reveal ${name}`, exact: true }).click();
    const shown = this.page.getByLabel(`Key ${name}`, { exact: true });
    await shown.waitFor();
    return (await shown.innerText()).trim();
  }

  /** Switches the popup's section tab: Keys, This tab, Test. */
  async openTab(name: 'Keys' | 'This tab' | 'Test'): Promise<void> {
    await this.page.getByRole('tab', { name, exact: true }).click();
  }
}
