/**
 * Size of each entry point of the Chrome build: every file it loads, raw and gzipped. The background and the
 * content scripts come from the manifest; each HTML page loads its <script src> and <link href> files and,
 * through them, every chunk reached by a static `import`. A chunk shared by several entry points counts toward
 * each of them, as each one loads it. Each file is gzipped on its own (level 9), as it would be sent.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import { gzipSync } from 'node:zlib';

export interface EntryPointSize {
  /** `background`, `content script`, `on demand` (what the content script loads when first needed), or the HTML page's name (`popup`, `card`, `options`). */
  entry: string;
  kind: 'background' | 'content script' | 'on demand' | 'page';
  /** Every file the entry point loads, relative to the build folder. */
  files: string[];
  bytes: number;
  gzipBytes: number;
}

interface Manifest {
  background?: { service_worker?: string; scripts?: string[] };
  content_scripts?: Array<{ js?: string[]; css?: string[] }>;
  web_accessible_resources?: Array<string | { resources: string[] }>;
}

const SCRIPT_SRC = /<script\b[^>]*\bsrc="([^"]+)"/g;
const LINK_HREF = /<link\b[^>]*\bhref="([^"]+)"/g;
/** `import{a}from"./x.js"`, `export*from"./x.js"` and `import"./x.js"`; not `import("./x.js")`, loaded later. */
const STATIC_IMPORT = /(?:\bfrom|\bimport)\s*["']([^"']+)["']/g;

/** A reference from `fromFile` (relative to the build folder) as a path relative to the build folder. */
function resolveReference(fromFile: string, reference: string): string {
  const path = reference.split(/[?#]/)[0] ?? '';
  return path.startsWith('/') ? path.slice(1) : posix.normalize(posix.join(posix.dirname(fromFile), path));
}

/** `start` and every file it loads, found by following HTML references and static imports. */
function filesLoadedBy(dir: string, start: string): string[] {
  const found = new Set<string>();
  const visit = (file: string) => {
    if (found.has(file)) return;
    const full = join(dir, file);
    if (!existsSync(full)) throw new Error(`${file} is referenced in the build but is not in ${dir}`);
    found.add(file);
    const text = readFileSync(full, 'utf8');
    const patterns = file.endsWith('.html')
      ? [SCRIPT_SRC, LINK_HREF]
      : file.endsWith('.js')
        ? [STATIC_IMPORT]
        : [];
    for (const pattern of patterns) {
      for (const [, reference = ''] of text.matchAll(pattern)) {
        // Only the page's own code and styles; icons and external addresses are not part of the entry point.
        if (/^[a-z]+:/i.test(reference) || !/\.(js|css)$/.test(reference.split(/[?#]/)[0] ?? '')) continue;
        visit(resolveReference(file, reference));
      }
    }
  };
  visit(start);
  return [...found];
}

function measure(dir: string, entry: string, kind: EntryPointSize['kind'], starts: string[]): EntryPointSize {
  const files = [...new Set(starts.flatMap((start) => filesLoadedBy(dir, start)))];
  let bytes = 0;
  let gzipBytes = 0;
  for (const file of files) {
    const content = readFileSync(join(dir, file));
    bytes += content.length;
    gzipBytes += gzipSync(content, { level: 9 }).length;
  }
  return { entry, kind, files, bytes, gzipBytes };
}

export function measureSizes(dir = '.output/chrome-mv3'): EntryPointSize[] {
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as Manifest;
  const entries: EntryPointSize[] = [];
  const background = [
    ...(manifest.background?.service_worker ? [manifest.background.service_worker] : []),
    ...(manifest.background?.scripts ?? []),
  ];
  if (background.length > 0) entries.push(measure(dir, 'background', 'background', background));
  const contentFiles = (manifest.content_scripts ?? []).flatMap((script) => [
    ...(script.js ?? []),
    ...(script.css ?? []),
  ]);
  if (contentFiles.length > 0) entries.push(measure(dir, 'content script', 'content script', contentFiles));
  // Scripts web pages may load (web-accessible), other than the card page: the content script's on-demand part.
  const onDemand = (manifest.web_accessible_resources ?? [])
    .flatMap((entry) => (typeof entry === 'string' ? [entry] : entry.resources))
    .filter((file) => file.endsWith('.js'));
  if (onDemand.length > 0) entries.push(measure(dir, 'content script, on demand', 'on demand', onDemand));
  const pages = readdirSync(dir)
    .filter((name) => name.endsWith('.html'))
    .sort();
  for (const page of pages) entries.push(measure(dir, page.replace(/\.html$/, ''), 'page', [page]));
  if (!entries.some((entry) => entry.kind === 'content script'))
    throw new Error('no content script in the build');
  return entries;
}
