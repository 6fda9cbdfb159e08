import type { Locator } from '../fixtures/driver';
import type { ExtensionHarness } from '../fixtures/extension';
import { buttonsIn, outsideHorizontally, rootBox, truncatedName, type PlacedControl } from './geometry';
import { KeyRowsPage } from './key-rows-page';

/**
 * The toolbar popup, opened as a tab at popup size (tests have no toolbar to click). What a person
 * does there: unlock, find a key, copy or reveal it, lock.
 */
export class PopupPage extends KeyRowsPage {

  /** `timeout`: for the background's first answer (a vault of 10,000 keys); the driver's default otherwise. */
  static async open(ext: ExtensionHarness, { timeout }: { timeout?: number } = {}): Promise<PopupPage> {
    const popup = new PopupPage(await ext.openPopup());
    await popup.waitUntilLoaded(timeout);
    return popup;
  }

  /** Waits until the popup has asked the background for the vault's state and shows the answer. */
  async waitUntilLoaded(timeout?: number): Promise<void> {
    await this.page
      .getByRole('form', { name: 'Vault locked' })
      .or(this.page.getByRole('button', { name: 'Lock' }))
      .or(this.page.getByRole('button', { name: 'Set up in options' }))
      .first()
      .waitFor(timeout ? { timeout } : undefined);
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

  /** The buttons of the open tab that stick out of the popup's 360 px window, left or right. */
  async buttonsOutsidePopup(): Promise<PlacedControl[]> {
    const panel = this.page.getByRole('tabpanel');
    return outsideHorizontally(await buttonsIn(panel), await rootBox(this.page));
  }

  /** How many buttons the open tab shows (so "none outside" is not said of an empty tab). */
  async buttonCount(): Promise<number> {
    return this.page.getByRole('tabpanel').locator('button').count();
  }

  /** The key's name as shown in the open tab: cut short or not, and its full text. */
  async shownName(name: string): Promise<{ text: string; cut: boolean } | null> {
    return truncatedName(this.page.getByRole('tabpanel'), name);
  }

  /** Switches the popup's section tab: Keys, This tab, Test. */
  async openTab(name: 'Keys' | 'This tab' | 'Test'): Promise<void> {
    await this.page.getByRole('tab', { name, exact: true }).click();
  }
}
