import { browser } from 'wxt/browser';

/** A fresh install opens the options page, where a person creates the vault. Updates do not. */
export function registerOpenOptionsOnInstall(): () => void {
  const onInstalled = ({ reason }: { reason: string }) => {
    if (reason === 'install') void browser.runtime.openOptionsPage().catch(() => undefined);
  };
  browser.runtime.onInstalled.addListener(onInstalled);
  return () => browser.runtime.onInstalled.removeListener(onInstalled);
}
