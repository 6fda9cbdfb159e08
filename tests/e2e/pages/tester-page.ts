import type { Locator, Page } from '../fixtures/driver';

/**
 * The request tester as a person uses it: in the options page's Tester section (full) and the
 * popup's Test tab (compact). Page objects for the tester only; the sections are reached with the
 * OptionsPage / PopupPage objects.
 */
export class TesterSection {
  constructor(readonly page: Page) {}

  get region(): Locator {
    return this.page.getByRole('region', { name: 'Tester' });
  }

  async pickKey(name: string): Promise<void> {
    const select = this.region.getByLabel('Key', { exact: true });
    const value = await select.locator('option', { hasText: name }).first().getAttribute('value');
    if (!value) throw new Error(`no key option named ${name}`);
    await select.selectOption(value);
  }

  async testThisKey(): Promise<void> {
    await this.region.getByRole('button', { name: 'Test this key' }).click();
  }

  response(): Locator {
    return this.region.getByRole('region', { name: 'Response' });
  }

  /** The status line of the last answer, e.g. "200 OK". */
  async status(): Promise<string> {
    const status = this.response().getByTestId('response-status');
    await status.waitFor();
    return (await status.innerText()).trim();
  }

  async meaning(): Promise<string> {
    return (await this.response().locator('.tester-response__meaning').innerText()).trim();
  }

  async cancel(): Promise<void> {
    await this.region.getByRole('button', { name: 'Cancel' }).click();
  }

  history(): Locator {
    return this.region.getByRole('region', { name: 'History' });
  }
}

export class PopupTester {
  constructor(readonly page: Page) {}

  async copyCurl(keyName: string): Promise<void> {
    await this.page.bringToFront();
    await this.page.getByRole('button', { name: `Copy curl for ${keyName}`, exact: true }).click();
  }

  async test(keyName: string): Promise<void> {
    await this.page.getByRole('button', { name: `Test ${keyName}`, exact: true }).click();
  }

  async status(): Promise<string> {
    const status = this.page.getByRole('region', { name: 'Response' }).getByTestId('response-status');
    await status.waitFor();
    return (await status.innerText()).trim();
  }
}
