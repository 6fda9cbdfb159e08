/** Every "copy as" format, in the order the UI offers them. */
export const snippetFormatIds = [
  'curl-bash',
  'curl-cmd',
  'powershell',
  'fetch-browser',
  'fetch-node',
  'httpie',
  'python-requests',
] as const;
export type SnippetFormat = (typeof snippetFormatIds)[number];

export interface SnippetFormatInfo {
  id: SnippetFormat;
  /** Short label for a menu or tab. */
  label: string;
  /** Where the text runs, for a hint under the snippet. */
  runsIn: string;
  /** Language of the text, for a code block's class or aria label. */
  language: 'bash' | 'bat' | 'powershell' | 'javascript' | 'python';
}

export const snippetFormats: readonly SnippetFormatInfo[] = [
  { id: 'curl-bash', label: 'curl (bash/zsh)', runsIn: 'bash or zsh on Linux and macOS (and Git Bash, WSL)', language: 'bash' },
  { id: 'curl-cmd', label: 'curl (Windows cmd)', runsIn: 'a Windows Command Prompt (cmd.exe), not a .bat file', language: 'bat' },
  { id: 'powershell', label: 'PowerShell', runsIn: 'PowerShell 7 or Windows PowerShell 5.1', language: 'powershell' },
  { id: 'fetch-browser', label: 'fetch (browser)', runsIn: "the DevTools console of a tab on the Kaneo instance's web origin", language: 'javascript' },
  { id: 'fetch-node', label: 'fetch (Node.js)', runsIn: 'Node.js 18 or later, as an ES module (.mjs) for top-level await', language: 'javascript' },
  { id: 'httpie', label: 'HTTPie', runsIn: 'bash or zsh with HTTPie 3 (`http`)', language: 'bash' },
  { id: 'python-requests', label: 'Python requests', runsIn: 'Python 3 with the requests package', language: 'python' },
];

export interface SnippetOptions {
  /** One line instead of one option per line (curl and HTTPie only; e.g. "Copy curl"). */
  singleLine?: boolean;
}

export interface RenderedSnippet {
  /** The snippet. In env and redacted mode it never contains the secret. */
  text: string;
  /**
   * Env mode only, where the format has an environment: the line that sets the variable, with a
   * placeholder instead of the key (e.g. `export KANEO_API_KEY='<your Kaneo API key>'`).
   */
  setupLine?: string;
  /** What the user should know about this format for this request (limits, manual steps). */
  notes: string[];
}

export function isSnippetFormat(value: unknown): value is SnippetFormat {
  return typeof value === 'string' && (snippetFormatIds as readonly string[]).includes(value);
}
