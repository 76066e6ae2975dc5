/**
 * Cost of the content script's link classification in Chromium, on generated pages with 10% share links,
 * beside a bare `querySelectorAll('a[href]')` + `new URL()` loop on the same page.
 */

import { chromium } from '@playwright/test';
import { build } from 'esbuild';
import { ensureChromium } from '../scripts/chromium';

export interface ContentScriptFigures {
  links: number;
  classifyMs: number;
  busyMs: number;
  bareLoopMs: number;
  ratio: number;
  longestTaskMs: number;
  mutationBatchMs?: number;
}

/** The LinkIndex the content script uses, bundled for a plain page, as `window.LinkIndex`. */
async function bundleLinkIndex(): Promise<string> {
  const result = await build({
    stdin: {
      contents:
        "import { LinkIndex } from './entrypoints/links.content/link-index'; window.LinkIndex = LinkIndex;",
      resolveDir: process.cwd(),
      loader: 'ts',
    },
    bundle: true,
    format: 'iife',
    minify: true,
    write: false,
    tsconfig: 'tsconfig.json',
  });
  return result.outputFiles[0]?.text ?? '';
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

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
};

/** The part of LinkIndex the page-side measurement uses. */
interface BenchIndex {
  start(): void;
  stop(): void;
  whenIdle(): Promise<void>;
  links: Map<unknown, unknown>;
}

interface RunResult {
  classifyMs: number;
  busyMs: number;
  bareLoopMs: number;
  longestTaskMs: number;
  mutationBatchMs: number;
  found: number;
}

export async function measureContentScript(sizes: number[], runs: number): Promise<ContentScriptFigures[]> {
  const bundle = await bundleLinkIndex();
  const browser = await chromium.launch({
    executablePath: ensureChromium(),
    headless: true,
    args: ['--no-first-run'],
  });
  try {
    const figures: ContentScriptFigures[] = [];
    for (const size of sizes) {
      const html = benchPage(size);
      const results: RunResult[] = [];
      for (let run = 0; run < runs; run++) {
        const page = await browser.newPage();
        await page.route('http://bench.test/**', (route) =>
          route.fulfill({ contentType: 'text/html', body: html }),
        );
        await page.goto('http://bench.test/page');
        await page.addScriptTag({ content: bundle });
        const result = await page.evaluate(
          async (withMutations) => {
            // Time every task the index schedules (setTimeout or scheduler.postTask) and its MutationObserver callbacks.
            const tasks: number[] = [];
            const realSetTimeout = window.setTimeout.bind(window);
            (window as unknown as { setTimeout: unknown }).setTimeout = (fn: () => void, ms?: number) =>
              realSetTimeout(() => {
                const start = performance.now();
                fn();
                tasks.push(performance.now() - start);
              }, ms);
            const scheduler = (
              window as unknown as { scheduler?: { postTask: (fn: () => void, o?: object) => unknown } }
            ).scheduler;
            if (scheduler) {
              const realPostTask = scheduler.postTask.bind(scheduler);
              scheduler.postTask = (fn: () => void, options?: object) =>
                realPostTask(() => {
                  const start = performance.now();
                  fn();
                  tasks.push(performance.now() - start);
                }, options);
            }
            const RealObserver = window.MutationObserver;
            window.MutationObserver = class extends RealObserver {
              constructor(callback: MutationCallback) {
                super((records, observer) => {
                  const start = performance.now();
                  callback(records, observer);
                  tasks.push(performance.now() - start);
                });
              }
            };

            const bareStart = performance.now();
            for (const anchor of document.querySelectorAll('a[href]')) {
              try {
                new URL((anchor as HTMLAnchorElement).href);
              } catch {}
            }
            const bareLoopMs = performance.now() - bareStart;

            const LinkIndex = (window as unknown as { LinkIndex: new () => BenchIndex }).LinkIndex;
            const start = performance.now();
            const index = new LinkIndex();
            index.start();
            tasks.push(performance.now() - start);
            await index.whenIdle();
            const classifyMs = performance.now() - start;
            const busyMs = tasks.reduce((a, b) => a + b, 0);
            const longestTaskMs = Math.max(...tasks);
            const found = index.links.size;

            // 1,000 links added in 100 mutations of 10: the work each mutation causes, callback plus slices.
            const perBatch: number[] = [];
            if (withMutations) {
              const more = document.getElementById('more') as HTMLElement;
              for (let batch = 0; batch < 100; batch++) {
                tasks.length = 0;
                const fragment = document.createDocumentFragment();
                for (let i = 0; i < 10; i++) {
                  const a = document.createElement('a');
                  const n = batch * 10 + i;
                  a.href =
                    n % 10 === 0
                      ? `https://contoso.sharepoint.com/:x:/s/Added/Eb${n}?e=x${n}`
                      : `https://example.com/added/${n}`;
                  a.textContent = `Added ${n}`;
                  fragment.append(a);
                }
                more.append(fragment);
                await new Promise((resolve) => realSetTimeout(resolve, 0));
                await index.whenIdle();
                perBatch.push(tasks.reduce((a, b) => a + b, 0));
              }
            }
            perBatch.sort((a, b) => a - b);
            index.stop();
            return {
              classifyMs,
              busyMs,
              bareLoopMs,
              longestTaskMs,
              mutationBatchMs: perBatch[Math.floor(perBatch.length / 2)] ?? 0,
              found,
            };
          },
          size === Math.max(...sizes),
        );
        if (result.found !== size / 10)
          throw new Error(`found ${result.found} share links, expected ${size / 10}`);
        results.push(result);
        await page.close();
      }
      const classifyMs = median(results.map((r) => r.classifyMs));
      const bareLoopMs = median(results.map((r) => r.bareLoopMs));
      figures.push({
        links: size,
        classifyMs: round(classifyMs),
        busyMs: round(median(results.map((r) => r.busyMs))),
        bareLoopMs: round(bareLoopMs),
        ratio: round(classifyMs / bareLoopMs, 2),
        longestTaskMs: round(median(results.map((r) => r.longestTaskMs))),
        mutationBatchMs:
          size === Math.max(...sizes) ? round(median(results.map((r) => r.mutationBatchMs)), 3) : undefined,
      });
    }
    return figures;
  } finally {
    await browser.close();
  }
}

function round(value: number, digits = 1): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}
