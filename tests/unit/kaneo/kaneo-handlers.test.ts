import { describe, expect, it } from 'vitest';
import { createKaneoGuardedHandlers, kaneoInputSchemas } from '../../../lib/kaneo/background/kaneo-handlers';
import { registerHandlers } from '../../../lib/messaging/background/guarded-handlers';
import { sendMessage } from '../../../lib/messaging/protocol';
import { createFakeExecutor, createInMemoryVaultService } from './fakes';

describe('Kaneo message handlers', () => {
  it('refuse a sender that is not one of the extension’s own pages, without touching the tab', async () => {
    const fake = createInMemoryVaultService();
    const tab = createFakeExecutor({ origin: 'https://kaneo.test', routes: {} });
    const stop = registerHandlers(createKaneoGuardedHandlers({ vault: fake.vault, executor: tab.executor }));
    try {
      // fakeBrowser delivers the message without an extension-page sender URL.
      const answer = await sendMessage('kaneo.inspectTab', { tabId: 1 });
      expect(answer).toMatchObject({ ok: false, reason: 'forbidden' });
      expect(tab.requests).toEqual([]);
    } finally {
      stop();
    }
  });

  it('validate every input strictly', () => {
    expect(kaneoInputSchemas['kaneo.inspectTab'].safeParse({ tabId: -1 }).success).toBe(false);
    expect(kaneoInputSchemas['kaneo.createKey'].safeParse({ target: { tabId: 1 }, name: 'abc', expiresInDays: 30 }).success).toBe(true);
    expect(kaneoInputSchemas['kaneo.createKey'].safeParse({ target: { tabId: 1, webOrigin: 'https://x.test' }, name: 'abc', expiresInDays: 30 }).success).toBe(false);
    expect(kaneoInputSchemas['kaneo.listServerKeys'].safeParse({ target: { webOrigin: 'javascript:alert(1)' } }).success).toBe(false);
    expect(kaneoInputSchemas['kaneo.listServerKeys'].safeParse({ target: { webOrigin: 'https://x.test', keyId: 'k1' } }).success).toBe(true);
    expect(kaneoInputSchemas['kaneo.listServerKeys'].safeParse({ target: { webOrigin: 'https://x.test', keyId: '' } }).success).toBe(false);
    expect(kaneoInputSchemas['kaneo.listServerKeys'].safeParse({ target: { webOrigin: 'https://x.test', secret: 'x' } }).success).toBe(false);
    expect(kaneoInputSchemas['kaneo.setEnabled'].safeParse({ target: { tabId: 1 }, remoteId: '', enabled: true }).success).toBe(false);
    expect(kaneoInputSchemas['kaneo.rotate'].safeParse({ target: { webOrigin: 'https://kaneo.test' }, vaultId: 'k1' }).success).toBe(true);
  });
});
