/** A message from one of the extension's own pages, as the browser fills in its sender. */
export const PAGE = { id: 'test-extension-id', url: 'chrome-extension://test-extension-id/popup.html' };
/** Senders the guard must refuse, each with what it stands for. */
export const hostileSenders = [
  ['no sender', undefined],
  ['empty sender', {}],
  ['another extension', { id: 'other-extension', url: 'chrome-extension://other-extension/popup.html' }],
  ['own content script in a web page', { id: 'test-extension-id', url: 'https://kaneo.example.org/dashboard' }],
  ['look-alike host', { id: 'test-extension-id', url: 'chrome-extension://test-extension-id.evil.example/popup.html' }],
  ['no url', { id: 'test-extension-id' }],
  ['unparseable url', { id: 'test-extension-id', url: 'not a url' }],
] as const;
