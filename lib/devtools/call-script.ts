import type { HttpRequest } from '../request/http-request';
import { renderSnippet } from '../snippets/render-snippet';
import type { RecordedRequest } from './recorded-request';

/**
 * Several recorded calls → one bash or Node script that makes them again, in the order the web
 * app made them, with the key from the environment (never inline: a script is kept and shared).
 *
 * A value a later call uses that an earlier call's JSON response answered (the id a POST created)
 * is not written as the recorded literal: the script reads it from that response at run time and
 * says so in a comment, because running the script creates a new object with a new id.
 */
export type ScriptLanguage = 'bash' | 'node';

export const SCRIPT_KEY_VARIABLE = 'KANEO_API_KEY';

export interface ScriptCall {
  recorded: RecordedRequest;
  /** `POST /task/{projectId} — Create a task`, for the comment above the call. */
  label: string;
}

export interface Reference {
  /** 1-based number of the call whose response answered the value. */
  fromCall: number;
  /** Where in that response: `id`, `data.id`. */
  jsonPath: string[];
  value: string;
  /** `REF_1` … */
  name: string;
}

export interface AssembledScript {
  text: string;
  references: Reference[];
  /** Calls left out (their body could not be carried over), with why. */
  skipped: Array<{ call: number; message: string }>;
}

// Ids are opaque tokens; anything shorter or with other characters would match by accident.
const ID_VALUE = /^[A-Za-z0-9_-]{6,200}$/;
const ID_KEY = /^(id|.*Id|.*_id)$/;

/** String id-like values in a JSON response, with where they are (top level and one level down). */
export function idsIn(json: unknown, depth = 0): Array<{ path: string[]; value: string }> {
  if (json === null || typeof json !== 'object' || Array.isArray(json) || depth > 1) return [];
  const found: Array<{ path: string[]; value: string }> = [];
  for (const [key, value] of Object.entries(json as Record<string, unknown>)) {
    if (typeof value === 'string' && ID_KEY.test(key) && ID_VALUE.test(value)) found.push({ path: [key], value });
    else if (value !== null && typeof value === 'object') {
      for (const inner of idsIn(value, depth + 1)) found.push({ path: [key, ...inner.path], value: inner.value });
    }
  }
  // `id` before `projectId`: the object's own id is the likelier thing a later call names.
  return found.sort((a, b) => a.path.length - b.path.length || Number(b.path.at(-1) === 'id') - Number(a.path.at(-1) === 'id'));
}

const placeholder = (n: number) => `KANEOREF${n}X`;

function substitute(request: HttpRequest, value: string, marker: string): HttpRequest | null {
  const url = new URL(request.url);
  const segments = url.pathname.split('/');
  let used = false;
  const path = segments
    .map((s) => {
      if (s === value || s === encodeURIComponent(value)) {
        used = true;
        return marker;
      }
      return s;
    })
    .join('/');
  const query = new URLSearchParams(url.search);
  for (const [name, v] of [...query]) {
    if (v === value) {
      query.set(name, marker);
      used = true;
    }
  }
  let body = request.body;
  if (body !== null && body.includes(`"${value}"`)) {
    body = body.split(`"${value}"`).join(`"${marker}"`);
    used = true;
  }
  if (!used) return null;
  const qs = query.toString();
  return { ...request, url: `${url.origin}${path}${qs ? `?${qs}` : ''}`, body };
}

function bashQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/** `.id`, `.data["id"]` for jq; `["id"]` chains for JavaScript. */
function jqPath(path: string[]): string {
  return path.map((p) => (/^[A-Za-z_][A-Za-z0-9_]*$/.test(p) ? `.${p}` : `[${JSON.stringify(p)}]`)).join('');
}
function jsPath(path: string[]): string {
  return path.map((p) => `[${JSON.stringify(p)}]`).join('');
}

/**
 * Writes the script. `calls` are in the order they are to run (the panel passes them oldest
 * first). Only env mode: the text never contains a key.
 */
export function assembleScript(calls: readonly ScriptCall[], language: ScriptLanguage): AssembledScript {
  const references: Reference[] = [];
  const skipped: AssembledScript['skipped'] = [];
  const blocks: string[] = [];
  const needsJson = new Set<number>();

  const prepared = calls.map((call, index) => {
    const n = index + 1;
    if (!call.recorded.request) {
      skipped.push({ call: n, message: call.recorded.body.kind === 'refused' ? call.recorded.body.message : 'Its body could not be carried over.' });
      return null;
    }
    let request = call.recorded.request;
    const used: Reference[] = [];
    // Earlier calls only, nearest first: the most recent creation is the one a call follows up on.
    for (let from = index - 1; from >= 0; from -= 1) {
      for (const id of idsIn(calls[from]!.recorded.responseJson)) {
        if (used.some((r) => r.value === id.value)) continue;
        let ref = references.find((r) => r.fromCall === from + 1 && r.value === id.value);
        const marker = placeholder(ref ? references.indexOf(ref) + 1 : references.length + 1);
        const replaced = substitute(request, id.value, marker);
        if (!replaced) continue;
        if (!ref) {
          ref = { fromCall: from + 1, jsonPath: id.path, value: id.value, name: `REF_${references.length + 1}` };
          references.push(ref);
          needsJson.add(from + 1);
        }
        request = replaced;
        used.push(ref);
      }
    }
    return { n, call, request, used };
  });

  for (const item of prepared) {
    if (!item) continue;
    const { n, call, request, used } = item;
    const format = language === 'bash' ? 'curl-bash' : 'fetch-node';
    let text = renderSnippet(format, request, { kind: 'env', variable: SCRIPT_KEY_VARIABLE }).text;
    const comment = language === 'bash' ? '#' : '//';
    const lines = [`${comment} ${n}. ${call.label}`];
    for (const ref of used) {
      lines.push(`${comment}    ${ref.name} = ${ref.jsonPath.join('.')} from the response of call ${ref.fromCall} (recorded: ${ref.value})`);
    }
    for (const ref of used) {
      const marker = placeholder(Number(ref.name.slice(4)));
      text = text.split(marker).join(language === 'bash' ? `'"$${ref.name}"'` : `" + ${ref.name} + "`);
    }
    if (language === 'bash') {
      lines.push(`RESPONSE_${n}=$(${text.replace(/^curl /, 'curl -sS ')})`, `printf '%s\\n' "$RESPONSE_${n}"`);
      for (const ref of references.filter((r) => r.fromCall === n)) {
        lines.push(`${ref.name}=$(printf '%s' "$RESPONSE_${n}" | jq -er ${bashQuote(jqPath(ref.jsonPath))})`);
      }
    } else {
      text = text
        .replace('const response = ', `const response${n} = `)
        .replace('console.log(response.status, await response.text());', `const text${n} = await response${n}.text();\nconsole.log(response${n}.status, text${n});`);
      lines.push(text);
      if (needsJson.has(n)) {
        for (const ref of references.filter((r) => r.fromCall === n)) {
          lines.push(`const ${ref.name} = JSON.parse(text${n})${jsPath(ref.jsonPath)};`);
        }
      }
    }
    blocks.push(lines.join('\n'));
  }

  const header =
    language === 'bash'
      ? [
          '#!/usr/bin/env bash',
          '# Kaneo API calls recorded in DevTools, in the order the web app made them.',
          `# The key comes from the environment: export ${SCRIPT_KEY_VARIABLE}='<your Kaneo API key>'`,
          ...(references.length > 0 ? ['# Values an earlier response answered are read from it with jq (REF_n).'] : []),
          'set -euo pipefail',
          `: "\${${SCRIPT_KEY_VARIABLE}:?Set ${SCRIPT_KEY_VARIABLE} to your Kaneo API key}"`,
        ]
      : [
          '// Kaneo API calls recorded in DevTools, in the order the web app made them.',
          `// Node.js 18+, as an ES module (.mjs). The key comes from the environment: ${SCRIPT_KEY_VARIABLE}.`,
          ...(references.length > 0 ? ['// Values an earlier response answered are read from it (REF_n).'] : []),
          `if (!process.env.${SCRIPT_KEY_VARIABLE}) throw new Error('Set ${SCRIPT_KEY_VARIABLE} to your Kaneo API key');`,
        ];
  return { text: `${[header.join('\n'), ...blocks].join('\n\n')}\n`, references, skipped };
}
