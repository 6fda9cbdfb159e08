/**
 * Sizes of the shipped builds: the store zips (`wxt zip`) and each entrypoint's JavaScript, raw and
 * gzip — an HTML page counts every script it loads and every chunk those import.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Figure } from './results';

const one = (value: number) => ({ n: 1, median: value, min: value, max: value, p25: value, p75: value });

function sizeFigure(id: string, label: string, raw: number, gzip?: number): Figure {
  return { id, browser: 'build', label, unit: 'bytes', status: 'ok', summary: one(raw), ...(gzip !== undefined ? { gzip } : {}) };
}

/** The JS files a page or script loads: its own, and what they import, transitively. */
export function scriptClosure(dist: string, entry: string): string[] {
  const seen = new Set<string>();
  const queue: string[] = [];
  if (entry.endsWith('.html')) {
    const html = readFileSync(join(dist, entry), 'utf8');
    for (const m of html.matchAll(/<script[^>]*\bsrc="\/?([^"]+\.js)"/g)) queue.push(m[1]!);
    for (const m of html.matchAll(/<link[^>]*rel="modulepreload"[^>]*href="\/?([^"]+\.js)"/g)) queue.push(m[1]!);
  } else queue.push(entry);
  while (queue.length > 0) {
    const file = queue.pop()!.replace(/^\.\//, '');
    if (seen.has(file) || !existsSync(join(dist, file))) continue;
    seen.add(file);
    const text = readFileSync(join(dist, file), 'utf8');
    for (const m of text.matchAll(/(?:from|import)\s*\(?\s*["'`](\.{1,2}\/[^"'`]+\.js)["'`]/g)) {
      queue.push(join(dirname(file), m[1]!));
    }
  }
  return [...seen].sort();
}

export function entrypointSizes(dist: string, browser: 'chrome' | 'firefox'): Figure[] {
  if (!existsSync(join(dist, 'manifest.json'))) return [];
  const entries = [
    ...readdirSync(dist).filter((f) => f.endsWith('.html')),
    // The worker's script, and its lazy features (imported at install, loaded on first use).
    ...['background.js', 'background-features.js'].filter((f) => existsSync(join(dist, f))),
  ];
  return entries.map((entry) => {
    const files = scriptClosure(dist, entry);
    let raw = 0;
    let gzip = 0;
    for (const file of files) {
      const bytes = readFileSync(join(dist, file));
      raw += bytes.length;
      gzip += gzipSync(bytes).length;
    }
    const name = entry.replace(/\.(html|js)$/, '');
    return sizeFigure(`size.js.${browser}.${name}`, `${browser} ${entry}: JavaScript (${files.length} file${files.length === 1 ? '' : 's'})`, raw, gzip);
  });
}

export function zipSizes(outputDir: string): Figure[] {
  if (!existsSync(outputDir)) return [];
  return readdirSync(outputDir)
    .filter((f) => /-(chrome|firefox)\.zip$/.test(f))
    .map((f) => {
      const browser = /-(chrome|firefox)\.zip$/.exec(f)![1]!;
      return sizeFigure(`size.zip.${browser}`, `${browser} zip (${f})`, statSync(join(outputDir, f)).size);
    });
}
