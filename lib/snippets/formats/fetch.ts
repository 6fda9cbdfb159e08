import { BEARER_PREFIX, SETUP_PLACEHOLDER, type AuthSource } from '../auth-source';
import { bashQuote } from '../quoting/bash';
import { jsString } from '../quoting/javascript';
import type { RenderedSnippet, SnippetOptions } from '../snippet-format';
import type { WireRequest } from '../wire-request';

/**
 * `fetch` for Node.js (18+, as an ES module for top-level await) and for a browser console.
 * - Strings are JS literals (quoting/javascript.ts); header values are JS strings, which fetch
 *   sends as Latin-1 bytes and refuses above U+00FF.
 * - fetch refuses a body on GET and HEAD, so it is left out there, with a note.
 * - Browser: there is no environment, so the key is a constant at the top that the user fills;
 *   `credentials: "omit"` keeps a Kaneo session cookie from authenticating in the key's place
 *   (the tester does the same), and only a tab on the Kaneo web origin passes CORS.
 */
export function renderFetch(
  target: 'node' | 'browser',
  req: WireRequest,
  auth: AuthSource,
  _options: SnippetOptions,
): RenderedSnippet {
  const notes: string[] = [];
  const lines: string[] = [];
  let authValue: string;
  if (auth.kind === 'env' && target === 'browser') {
    lines.push(
      '// Run in the DevTools console of a tab on the Kaneo web app (other origins are refused by CORS).',
      '// Browsers have no environment variables: paste your key between the quotes.',
      `const ${auth.variable} = ${jsString(SETUP_PLACEHOLDER)};`,
    );
    authValue = `${jsString(BEARER_PREFIX)} + ${auth.variable}`;
    notes.push(`Browsers have no environment variables: replace the ${auth.variable} placeholder at the top with your key.`);
  } else if (auth.kind === 'env') {
    authValue = `${jsString(BEARER_PREFIX)} + process.env.${auth.variable}`;
  } else {
    if (target === 'browser') lines.push('// Run in the DevTools console of a tab on the Kaneo web app (other origins are refused by CORS).');
    authValue = jsString(`${BEARER_PREFIX}${auth.value}`);
  }
  lines.push(`const response = await fetch(${jsString(req.url)}, {`, `  method: ${jsString(req.method)},`, '  headers: {');
  lines.push(`    "Authorization": ${authValue},`);
  for (const header of req.headers) lines.push(`    ${jsString(header.name)}: ${jsString(header.value)},`);
  lines.push('  },');
  if (req.body !== null) {
    if (req.method === 'GET' || req.method === 'HEAD') notes.push(`fetch cannot send a body with ${req.method}; the body was left out.`);
    else lines.push(`  body: ${jsString(req.body)},`);
  }
  if (target === 'browser') lines.push('  credentials: "omit",');
  lines.push('});', 'console.log(response.status, await response.text());');
  return {
    text: lines.join('\n'),
    notes,
    ...(auth.kind === 'env' && target === 'node' ? { setupLine: `export ${auth.variable}=${bashQuote(SETUP_PLACEHOLDER)}` } : {}),
  };
}
