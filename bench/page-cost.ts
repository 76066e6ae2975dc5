/**
 * What a web page pays for ShareLens's content script, from Chromium traces of the built extension, beside a
 * floor: an extension whose content script only registers one `pointerover` listener, with the same matches,
 * frames and timing. Each runs alone in a browser of its own (the first extension to run in a page also pays
 * for setting up extension scripts in it), both started by the same run, on the same pages, taking turns.
 * Time is attributed to an extension by the script URL Chromium records on each main-thread event
 * (evaluation, compilation, listener and callback calls).
 */

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type BrowserContext, type CDPSession, chromium, type Page, type Worker } from '@playwright/test';
import { PAGE_SCAN_OPTIONS, scanPageLinks } from '../content/page-scan';
import { chromiumArgs, ensureChromium, serviceWorkerOf } from '../scripts/chromium';
import { median, round } from './stats';

/** Main-thread time of one extension in one trace. */
export interface ScriptCost {
  /** All of it, added up (nested events counted once). */
  busyMs: number;
  /** The longest stretch of it without a break: its longest task. */
  longestMs: number;
}

export interface LoadFigures {
  page: string;
  shareLens: ScriptCost;
  floor: ScriptCost;
  /** The worst run's longest task, ShareLens. */
  worstTaskMs: number;
  runsMs: number[];
  floorRunsMs: number[];
}

export interface ScanFigures {
  links: number;
  /** From the popup's request to the answer, as the background sees it (median). */
  scanMs: number;
  /** ShareLens main-thread time during the scan (median); its longest task (median of the runs, and worst run). */
  scanBusyMs: number;
  longestTaskMs: number;
  worstTaskMs: number;
  /** `querySelectorAll('a[href]')` + `new URL()` over the same page, in the page (median). */
  bareLoopMs: number;
  ratio: number;
  found: number;
}

export interface PageCostFigures {
  loads: LoadFigures[];
  mutations: { shareLens: ScriptCost; floor: ScriptCost; worstTaskMs: number };
  scan: ScanFigures;
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

/** `count` links, one in ten a share link when `shareLinks` is set. */
export function benchPage(count: number, shareLinks: boolean): string {
  const anchors: string[] = [];
  for (let i = 0; i < count; i++) {
    const href =
      shareLinks && i % 10 === 0
        ? SHARE_FORMS[(i / 10) % SHARE_FORMS.length]?.(i)
        : OTHER_FORMS[i % OTHER_FORMS.length]?.(i);
    anchors.push(`<li><a href="${href}">Link ${i}</a></li>`);
  }
  return `<!doctype html><html><head><meta charset="utf-8"><title>bench</title></head><body><ul id="list">${anchors.join('')}</ul><div id="more"></div></body></html>`;
}

const FLOOR_NAME = 'One-listener floor';
/** The isolated worlds' names: each extension's own (each browser runs one of them). */
const EXTENSION_WORLDS = new Set(['ShareLens', FLOOR_NAME]);

/** The floor: a content script that registers one `pointerover` listener, declared as ShareLens's is. */
function writeFloorExtension(dir: string): void {
  mkdirSync(dir, { recursive: true });
  const manifest = {
    manifest_version: 3,
    name: FLOOR_NAME,
    version: '1.0',
    content_scripts: [
      {
        matches: ['http://*/*', 'https://*/*'],
        js: ['floor.js'],
        run_at: 'document_idle',
        all_frames: true,
        match_about_blank: true,
        match_origin_as_fallback: true,
      },
    ],
  };
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest));
  writeFileSync(
    join(dir, 'floor.js'),
    "document.addEventListener('pointerover', () => {}, { capture: true, passive: true });\n",
  );
}

const NONE: ScriptCost = { busyMs: 0, longestMs: 0 };

interface TraceEvent {
  name: string;
  ph: string;
  ts: number;
  dur?: number;
  pid: number;
  tid: number;
  args?: {
    name?: string;
    fileName?: string;
    /** The isolated world a script ran in: an extension's content scripts run in one named after it. */
    worldName?: string;
    data?: { url?: string; scriptName?: string; stackTrace?: Array<{ url?: string }> };
  };
}

const CATEGORIES = [
  'devtools.timeline',
  'v8',
  'v8.execute',
  'disabled-by-default-devtools.timeline',
  'disabled-by-default-devtools.timeline.stack',
];

async function startTrace(cdp: CDPSession): Promise<() => Promise<TraceEvent[]>> {
  const events: TraceEvent[] = [];
  const collect = (data: { value: object[] }) => events.push(...(data.value as TraceEvent[]));
  cdp.on('Tracing.dataCollected', collect);
  await cdp.send('Tracing.start', {
    transferMode: 'ReportEvents',
    traceConfig: { includedCategories: CATEGORIES, excludedCategories: ['*'] },
  });
  return async () => {
    const done = new Promise<void>((resolve) => cdp.once('Tracing.tracingComplete', () => resolve()));
    await cdp.send('Tracing.end');
    await done;
    cdp.off('Tracing.dataCollected', collect);
    return events;
  };
}

const scriptUrl = (event: TraceEvent) =>
  event.args?.data?.url ??
  event.args?.data?.scriptName ??
  event.args?.fileName ??
  event.args?.data?.stackTrace?.[0]?.url;

function rendererMainThreads(events: TraceEvent[]): Set<string> {
  return new Set(
    events
      .filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain')
      .map((e) => `${e.pid}:${e.tid}`),
  );
}

/** The union of intervals (µs), added up, and its longest stretch, in ms. */
function unionCost(intervals: Array<[number, number]>): ScriptCost {
  if (intervals.length === 0) return NONE;
  const list = [...intervals].sort((a, b) => a[0] - b[0]);
  let busy = 0;
  let longest = 0;
  let [start, end] = list[0] as [number, number];
  const close = () => {
    busy += end - start;
    longest = Math.max(longest, end - start);
  };
  for (const [s, e] of list.slice(1)) {
    if (s <= end) end = Math.max(end, e);
    else {
      close();
      [start, end] = [s, e];
    }
  }
  close();
  return { busyMs: busy / 1000, longestMs: longest / 1000 };
}

/**
 * Main-thread time of an extension's content scripts in a trace: events that name a `chrome-extension://`
 * script, or that run in the extension's isolated world (callbacks of a dynamically imported module carry no
 * script URL, but their world). Nested work, a garbage collection inside a callback included, counts once;
 * the page's own tasks do not count.
 */
export function extensionCost(events: TraceEvent[]): ScriptCost {
  const main = rendererMainThreads(events);
  const intervals: Array<[number, number]> = [];
  for (const event of events) {
    if (event.ph !== 'X' || event.dur === undefined || !main.has(`${event.pid}:${event.tid}`)) continue;
    const ours =
      scriptUrl(event)?.startsWith('chrome-extension://') ||
      EXTENSION_WORLDS.has(event.args?.worldName ?? '');
    if (ours) intervals.push([event.ts, event.ts + event.dur]);
  }
  return unionCost(intervals);
}

function servePages(pages: Record<string, string>): Promise<Server> {
  const server = createServer((request, response) => {
    const html = pages[new URL(request.url ?? '/', 'http://localhost').pathname];
    if (html === undefined) response.writeHead(404).end();
    else response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html);
  });
  return new Promise((done) => server.listen(0, '127.0.0.1', () => done(server)));
}

/** Adds 1,000 links in 100 DOM mutations (one in ten a share link), a task apart. */
async function addLinksInBatches(page: Page): Promise<void> {
  await page.evaluate(async () => {
    const more = document.getElementById('more') as HTMLElement;
    for (let batch = 0; batch < 100; batch++) {
      const fragment = document.createDocumentFragment();
      for (let i = 0; i < 10; i++) {
        const n = batch * 10 + i;
        const a = document.createElement('a');
        a.href =
          n % 10 === 0
            ? `https://contoso.sharepoint.com/:x:/s/Added/Eb${n}?e=x${n}`
            : `https://example.com/${n}`;
        a.textContent = `Added ${n}`;
        fragment.append(a);
      }
      more.append(fragment);
      await new Promise((done) => setTimeout(done, 5));
    }
  });
}

async function bareLoop(page: Page): Promise<number> {
  return page.evaluate(() => {
    const start = performance.now();
    let parsed = 0;
    for (const anchor of document.querySelectorAll<HTMLAnchorElement>('a[href]')) {
      try {
        new URL(anchor.href);
        parsed++;
      } catch {}
    }
    if (parsed === 0) throw new Error('the bare loop parsed nothing');
    return performance.now() - start;
  });
}

/** The tab a page is in: the active one right after it was brought to the front. */
async function tabIdOf(worker: Worker, page: Page): Promise<number> {
  await page.bringToFront();
  const id = await worker.evaluate(
    async () => (await chrome.tabs.query({ active: true, lastFocusedWindow: true }))[0]?.id,
  );
  if (id === undefined) throw new Error('no tab');
  return id;
}

/**
 * Runs the popup's scan on the page as the popup does (entrypoints/popup/tab-links.ts): `scripting.executeScript`
 * sends the same function, as source, into the content scripts' world; returns the time and the candidates found.
 */
async function popupScan(worker: Worker, tabId: number): Promise<{ ms: number; found: number }> {
  // A string, so the bench's own bundler stays out of the worker; `__name` is the helper tsx may add to the
  // function's source for the names of what it declares inside (the extension's build adds none).
  return worker.evaluate(`(async () => {
    const start = performance.now();
    const [injection] = await chrome.scripting.executeScript({
      target: { tabId: ${tabId}, frameIds: [0] },
      args: [${JSON.stringify(PAGE_SCAN_OPTIONS)}],
      func: (options) => {
        const __name = (target) => target;
        return (${scanPageLinks.toString()})(options);
      },
    });
    return { ms: performance.now() - start, found: JSON.parse(injection.result).anchors.length };
  })()`);
}

const AT_LOAD_SETTLE_MS = 1_000;

/** Loads `url` in a new tab in front, lets it settle as a traced load does, runs `measure` on it and closes it. */
async function settledPage<T>(
  context: BrowserContext,
  url: string,
  measure: (page: Page) => Promise<T>,
): Promise<T> {
  const page = await context.newPage();
  try {
    await page.bringToFront(); // see tracedLoad
    await page.goto(url, { waitUntil: 'load' });
    await page.waitForTimeout(AT_LOAD_SETTLE_MS);
    return await measure(page);
  } finally {
    await page.close();
  }
}

type Side = 'shareLens' | 'floor';

async function tracedLoad(
  context: BrowserContext,
  url: string,
): Promise<{ page: Page; cdp: CDPSession; cost: ScriptCost }> {
  const page = await context.newPage();
  // In front before it loads, as the page a person looks at: a tab brought forward later would lay out and paint
  // its 10,000 links then, in the middle of whatever is being measured.
  await page.bringToFront();
  const cdp = await context.newCDPSession(page);
  const stop = await startTrace(cdp);
  await page.goto(url, { waitUntil: 'load' });
  await page.waitForTimeout(AT_LOAD_SETTLE_MS);
  return { page, cdp, cost: extensionCost(await stop()) };
}

const medianCost = (costs: ScriptCost[]): ScriptCost => ({
  busyMs: round(median(costs.map((c) => c.busyMs)), 2),
  longestMs: round(median(costs.map((c) => c.longestMs)), 2),
});

export async function measurePageCost(
  runs: number,
  extensionDir = '.output/chrome-mv3',
): Promise<PageCostFigures> {
  const work = mkdtempSync(join(tmpdir(), 'sharelens-bench-'));
  const floorDir = join(work, 'floor');
  writeFloorExtension(floorDir);
  const server = await servePages({
    '/ordinary': benchPage(100, false),
    '/links': benchPage(10_000, true),
  });
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const contexts: Partial<Record<Side, BrowserContext>> = {};
  try {
    for (const [side, dir] of [
      ['shareLens', resolve(extensionDir)],
      ['floor', floorDir],
    ] as const) {
      contexts[side] = await chromium.launchPersistentContext(join(work, `profile-${side}`), {
        executablePath: ensureChromium(),
        headless: true,
        args: chromiumArgs(dir),
      });
    }
    const browsers = contexts as Record<Side, BrowserContext>;
    const worker = await serviceWorkerOf(browsers.shareLens);
    // One load each before measuring, so neither side's figures carry the browser's first-page costs.
    for (const side of ['shareLens', 'floor'] as const) {
      const warmUp = await browsers[side].newPage();
      await warmUp.goto(`${origin}/ordinary`, { waitUntil: 'load' });
      await warmUp.waitForTimeout(AT_LOAD_SETTLE_MS);
      await warmUp.close();
    }
    /** Which side goes first alternates from run to run. */
    const sidesFor = (run: number): Side[] =>
      run % 2 === 0 ? ['shareLens', 'floor'] : ['floor', 'shareLens'];

    const loads: LoadFigures[] = [];
    const scans: Array<{ ms: number; found: number; cost: ScriptCost; bare: number }> = [];
    for (const [name, path] of [
      ['100 ordinary links', '/ordinary'],
      ['10,000 links, 10% share links', '/links'],
    ] as const) {
      const costs: Record<Side, ScriptCost[]> = { shareLens: [], floor: [] };
      for (let run = 0; run < runs; run++) {
        for (const side of sidesFor(run)) {
          const { page, cdp, cost } = await tracedLoad(browsers[side], origin + path);
          costs[side].push(cost);
          if (side === 'shareLens' && path === '/links') {
            // The scan's tasks from a trace on this page; its time and the bare loop's, untraced, each on a
            // fresh load of its own, so neither runs in the other's garbage (or the tracer's overhead).
            const stopScan = await startTrace(cdp);
            const traced = await popupScan(worker, await tabIdOf(worker, page));
            const cost = extensionCost(await stopScan());
            const scan = await settledPage(browsers.shareLens, origin + path, (fresh) =>
              tabIdOf(worker, fresh).then((tabId) => popupScan(worker, tabId)),
            );
            const bare = await settledPage(browsers.shareLens, origin + path, bareLoop);
            if (traced.found !== scan.found) throw new Error('the traced scan found other links');
            scans.push({ ...scan, cost, bare });
          }
          await cdp.detach();
          await page.close();
        }
      }
      loads.push({
        page: name,
        shareLens: medianCost(costs.shareLens),
        floor: medianCost(costs.floor),
        worstTaskMs: round(Math.max(...costs.shareLens.map((c) => c.longestMs)), 2),
        runsMs: costs.shareLens.map((c) => round(c.busyMs, 2)),
        floorRunsMs: costs.floor.map((c) => round(c.busyMs, 2)),
      });
    }

    // DOM mutations after load: 1,000 links added in 100 batches, a task apart.
    const mutations: Record<Side, ScriptCost[]> = { shareLens: [], floor: [] };
    for (let run = 0; run < runs; run++) {
      for (const side of sidesFor(run)) {
        const page = await browsers[side].newPage();
        await page.goto(`${origin}/ordinary`, { waitUntil: 'load' });
        await page.waitForTimeout(AT_LOAD_SETTLE_MS);
        const cdp = await browsers[side].newCDPSession(page);
        const stop = await startTrace(cdp);
        await addLinksInBatches(page);
        await page.waitForTimeout(200);
        mutations[side].push(extensionCost(await stop()));
        await cdp.detach();
        await page.close();
      }
    }

    for (const scan of scans) {
      if (scan.found !== 1_000)
        throw new Error(`the popup's scan found ${scan.found} share links, not 1,000`);
    }
    const scanMs = median(scans.map((s) => s.ms));
    const scanBusyMs = median(scans.map((s) => s.cost.busyMs));
    const bareLoopMs = median(scans.map((s) => s.bare));
    return {
      loads,
      mutations: {
        shareLens: medianCost(mutations.shareLens),
        floor: medianCost(mutations.floor),
        worstTaskMs: round(Math.max(...mutations.shareLens.map((c) => c.longestMs)), 2),
      },
      scan: {
        links: 10_000,
        scanMs: round(scanMs, 1),
        scanBusyMs: round(scanBusyMs, 1),
        longestTaskMs: round(median(scans.map((s) => s.cost.longestMs)), 2),
        worstTaskMs: round(Math.max(...scans.map((s) => s.cost.longestMs)), 2),
        bareLoopMs: round(bareLoopMs, 1),
        // What the page pays, as the bare loop is: main-thread time, not the popup's wait (scanMs), which also
        // holds the worker's IPC and the page's own tasks between the scan's slices.
        ratio: round(scanBusyMs / bareLoopMs, 2),
        found: 1_000,
      },
    };
  } finally {
    for (const context of Object.values(contexts)) await context?.close();
    server.close();
    rmSync(work, { recursive: true, force: true });
  }
}
