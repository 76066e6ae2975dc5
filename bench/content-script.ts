/**
 * Cost of the content script's link classification in Chromium, on generated pages with 10% share links,
 * beside a bare `querySelectorAll('a[href]')` + `new URL()` loop on the same generated page. Each side runs on
 * its own fresh page in a new browser context (a renderer of its own, so neither warms the DOM wrappers or the
 * JIT for the other), and the side that goes first alternates from run to run.
 *
 * What runs is the content script's LinkIndex bundled alone: the built `content-scripts/links.js` calls
 * extension APIs and cannot run in a plain page.
 */

import { type Browser, chromium } from '@playwright/test';
import { build } from 'esbuild';
import { ensureChromium } from '../scripts/chromium';
import type { SideResult } from './page-harness';
import { median, round } from './stats';

export interface ContentScriptFigures {
  links: number;
  /** LinkIndex: from `new LinkIndex()` to every link classified (median wall time). */
  classifyMs: number;
  /** LinkIndex: main-thread time of that first pass (median). */
  busyMs: number;
  /** The bare loop over the same page (median). */
  bareLoopMs: number;
  /** classifyMs / bareLoopMs. */
  ratio: number;
  /** LinkIndex's longest main-thread task in a run: the median over runs, and the worst run. */
  longestTaskMs: number;
  worstTaskMs: number;
  /** Per batch of 10 added links (1,000 in 100 mutations): LinkIndex, and the bare loop's observer. */
  mutationBatchMs: number;
  bareMutationBatchMs: number;
  /** Wall times of every run, in run order, for the record. */
  classifyRunsMs: number[];
  bareLoopRunsMs: number[];
}

/** Bundles `contents` (TypeScript, resolved from the repository root) into a script for a plain page. */
async function bundleForPage(contents: string, minify: boolean): Promise<string> {
  const result = await build({
    stdin: { contents, resolveDir: process.cwd(), loader: 'ts' },
    bundle: true,
    format: 'iife',
    minify,
    write: false,
    tsconfig: 'tsconfig.json',
  });
  const text = result.outputFiles[0]?.text;
  if (!text) throw new Error('esbuild produced no output');
  return text;
}

const SHARE_FORMS = [
  (i: number) => `https://contoso.sharepoint.com/:x:/s/Finance/EbC7${i}aBcDeFgHiJkLmN?e=4fQ2${i}`,
  (i: number) => `https://contoso-my.sharepoint.com/:w:/g/personal/adele_contoso_com/EaBc${i}XyZ?e=Wq${i}`,
  (i: number) => `https://1drv.ms/w/c/3f8a2c1d9e7b4a60/EYLw${i}EFG1ALFLb2BWXRW0w?e=m2${i}`,
  (i: number) => `https://contoso.sharepoint.com/sites/Team/Shared%20Documents/Plan%20${i}.docx`,
];
const OTHER_FORMS = [
  (i: number) => `https://example.com/articles/${i}?ref=home`,
  (i: number) => `/wiki/page-${i}`,
  (i: number) => `https://news.example.org/${i}/story.html#comments`,
  (i: number) => `mailto:person${i}@example.com`,
  (i: number) => `#section-${i}`,
];

export function benchPage(count: number): string {
  const anchors: string[] = [];
  for (let i = 0; i < count; i++) {
    const href =
      i % 10 === 0
        ? SHARE_FORMS[(i / 10) % SHARE_FORMS.length]?.(i)
        : OTHER_FORMS[i % OTHER_FORMS.length]?.(i);
    anchors.push(`<li><a href="${href}">Link ${i}</a></li>`);
  }
  return `<!doctype html><html><head><meta charset="utf-8"><title>bench</title></head><body><ul id="list">${anchors.join('')}</ul><div id="more"></div></body></html>`;
}

const PAGE_URL = 'http://localhost/bench/';

type Side = 'bareLoop' | 'linkIndex';

interface Scripts {
  harness: string;
  linkIndex: string;
}

/** One side measured on a fresh page of its own. */
async function measureSide(
  browser: Browser,
  html: string,
  side: Side,
  scripts: Scripts,
): Promise<SideResult> {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    // Served by Playwright (no server) from localhost with COOP + COEP: a cross-origin isolated page gets a
    // 5 µs performance.now() instead of 100 µs, which the per-mutation figures need.
    await page.route(`${PAGE_URL}**`, (route) =>
      route.fulfill({
        contentType: 'text/html',
        headers: {
          'Cross-Origin-Opener-Policy': 'same-origin',
          'Cross-Origin-Embedder-Policy': 'require-corp',
        },
        body: html,
      }),
    );
    await page.goto(PAGE_URL);
    if (!(await page.evaluate(() => crossOriginIsolated)))
      throw new Error('the page is not cross-origin isolated');
    await page.addScriptTag({ content: scripts.harness });
    type Harness = { runBareLoop(): Promise<SideResult>; runLinkIndex(): Promise<SideResult> };
    if (side === 'bareLoop') {
      return await page.evaluate(() =>
        (window as unknown as { benchHarness: Harness }).benchHarness.runBareLoop(),
      );
    }
    await page.addScriptTag({ content: scripts.linkIndex });
    return await page.evaluate(() =>
      (window as unknown as { benchHarness: Harness }).benchHarness.runLinkIndex(),
    );
  } finally {
    await context.close();
  }
}

export async function measureContentScript(sizes: number[], runs: number): Promise<ContentScriptFigures[]> {
  const scripts: Scripts = {
    harness: await bundleForPage(
      "import { runBareLoop, runLinkIndex } from './bench/page-harness'; window.benchHarness = { runBareLoop, runLinkIndex };",
      false,
    ),
    // Minified, as in the built content script.
    linkIndex: await bundleForPage(
      "import { LinkIndex } from './entrypoints/links.content/link-index'; window.LinkIndex = LinkIndex;",
      true,
    ),
  };
  const browser = await chromium.launch({
    executablePath: ensureChromium(),
    headless: true,
    args: ['--no-first-run'],
  });
  try {
    const figures: ContentScriptFigures[] = [];
    for (const size of sizes) {
      const html = benchPage(size);
      const index: SideResult[] = [];
      const bare: SideResult[] = [];
      for (let run = 0; run < runs; run++) {
        const order: Side[] = run % 2 === 0 ? ['bareLoop', 'linkIndex'] : ['linkIndex', 'bareLoop'];
        for (const side of order) {
          const result = await measureSide(browser, html, side, scripts);
          (side === 'linkIndex' ? index : bare).push(result);
        }
      }
      for (const result of index) {
        // 10% of the page's links are share links, and 100 of the 1,000 added ones.
        if (result.found !== size / 10 || result.foundAfterMutations !== size / 10 + 100)
          throw new Error(`LinkIndex found ${result.found}, then ${result.foundAfterMutations} share links`);
      }
      for (const result of bare) {
        if (result.found !== size || result.foundAfterMutations !== size + 1_000)
          throw new Error(`the bare loop parsed ${result.found}, then ${result.foundAfterMutations} hrefs`);
      }
      const classifyMs = median(index.map((r) => r.wallMs));
      const bareLoopMs = median(bare.map((r) => r.wallMs));
      figures.push({
        links: size,
        classifyMs: round(classifyMs),
        busyMs: round(median(index.map((r) => r.busyMs))),
        bareLoopMs: round(bareLoopMs),
        ratio: round(classifyMs / bareLoopMs, 2),
        longestTaskMs: round(median(index.map((r) => r.longestTaskMs))),
        worstTaskMs: round(Math.max(...index.map((r) => r.longestTaskMs))),
        mutationBatchMs: round(median(index.map((r) => r.mutationBatchMs)), 3),
        bareMutationBatchMs: round(median(bare.map((r) => r.mutationBatchMs)), 3),
        classifyRunsMs: index.map((r) => round(r.wallMs, 2)),
        bareLoopRunsMs: bare.map((r) => round(r.wallMs, 2)),
      });
    }
    return figures;
  } finally {
    await browser.close();
  }
}
