import type { Locator, Page } from '../fixtures/driver';
import type { ExtensionHarness } from '../fixtures/extension';
import { PopupPage } from './popup-page';
import { confirmFirstCreateIfAsked } from './first-create';

/**
 * The popup's "This tab" section, pointed at one browser tab (the e2e build honours
 * `popup.html?tab=<id>`): create a key through the signed-in Kaneo tab, and what a person sees
 * when the new key could not be saved.
 */
export class KaneoTabPage extends PopupPage {
  static async openFor(ext: ExtensionHarness, tabId: number, passphrase: string): Promise<KaneoTabPage> {
    const page = new KaneoTabPage(await ext.openPage(`popup.html?tab=${tabId}`, { width: 420, height: 700 }));
    await page.waitUntilLoaded();
    if (await page.isLocked()) await page.unlock(passphrase);
    await page.openTab('This tab');
    await page.page.getByLabel('Signed in').waitFor();
    return page;
  }

  private form(): Locator {
    return this.page.getByRole('form', { name: 'New API key' });
  }

  /** Fills the "New API key" form and submits it; does not wait for the outcome. */
  async submitNewKey(name: string, expiry: string, note: string): Promise<void> {
    await this.page.getByRole('button', { name: 'New API key', exact: true }).click();
    const form = this.form();
    await form.getByLabel('Name', { exact: true }).fill(name);
    await form.getByRole('radio', { name: expiry, exact: true }).check();
    await form.getByLabel('Note (optional)').fill(note);
    await form.getByRole('button', { name: 'Create key' }).click();
    await confirmFirstCreateIfAsked(this.page);
  }

  /** The "Key created but not saved" warning, once it shows. */
  async unsavedNotice(): Promise<UnsavedNotice> {
    const notice = this.page.getByRole('alert').filter({ hasText: 'Key created but not saved' });
    await notice.waitFor({ timeout: 30_000 });
    return new UnsavedNotice(this.page, notice);
  }
}

export class UnsavedNotice {
  constructor(readonly page: Page, readonly root: Locator) {}

  async text(): Promise<string> {
    return (await this.root.innerText()).trim();
  }

  /** The secret the notice shows once. */
  async secret(name: string): Promise<string> {
    return (await this.root.getByLabel(`Unsaved key ${name}`, { exact: true }).innerText()).trim();
  }

  async copy(): Promise<void> {
    await this.page.bringToFront();
    await this.root.getByRole('button', { name: 'Copy key' }).click();
    await this.root.getByRole('button', { name: 'Copy again' }).waitFor();
  }

  /** "Try saving again"; answers the error the notice then shows, or null when it saved. */
  async trySavingAgain(): Promise<string | null> {
    await this.root.getByRole('button', { name: 'Try saving again' }).click();
    const stillNot = this.root.getByText(/^Still not saved:/);
    await stillNot.or(this.page.getByRole('form', { name: 'New API key' })).first().waitFor({ timeout: 30_000 });
    return (await stillNot.isVisible()) ? (await stillNot.innerText()).trim() : null;
  }
}
