/**
 * The page side of the content-script benchmark. bench/content-script.ts bundles it with esbuild and injects
 * it into every benchmark page, the bare loop's and LinkIndex's alike, so both sides carry the same harness.
 * It has no side effects of its own: the Node side calls its exports through `window.benchHarness`.
 */
import type { LinkIndex } from '../entrypoints/links.content/link-index';
import { median } from './stats';

export interface SideResult {
  /** From the first statement of the side's own code to every link classified (LinkIndex) or parsed (loop). */
  wallMs: number;
  /** Main-thread time of that first pass: the synchronous call plus every task and observer callback. */
  busyMs: number;
  /** The longest single main-thread task, over the first pass and the mutations. */
  longestTaskMs: number;
  /** Median over 100 batches of 10 added links: the observer callback plus every task it schedules. */
  mutationBatchMs: number;
  /** Share links found (LinkIndex) or hrefs parsed (loop) after the first pass, then after the mutations. */
  found: number;
  foundAfterMutations: number;
}

const BATCHES = 100;
const LINKS_PER_BATCH = 10;

/** Durations of every main-thread task the measured code runs; filled by the wrappers below. */
const tasks: number[] = [];
const realSetTimeout = window.setTimeout.bind(window);

function timed<Args extends unknown[]>(callback: (...args: Args) => unknown) {
  return (...args: Args) => {
    const start = performance.now();
    try {
      return callback(...args);
    } finally {
      tasks.push(performance.now() - start);
    }
  };
}

interface PostTaskScheduler {
  postTask(callback: () => unknown, options?: object): unknown;
}

/** Times every setTimeout and scheduler.postTask task and every MutationObserver callback from now on. */
function timeTasks(): void {
  window.setTimeout = ((handler: TimerHandler, ms?: number, ...rest: unknown[]) =>
    realSetTimeout(
      typeof handler === 'function' ? timed(handler as (...args: unknown[]) => unknown) : handler,
      ms,
      ...rest,
    )) as typeof window.setTimeout;
  const scheduler = (window as { scheduler?: PostTaskScheduler }).scheduler;
  if (scheduler) {
    const realPostTask = scheduler.postTask.bind(scheduler);
    scheduler.postTask = (callback, options) => realPostTask(timed(callback), options);
  }
  const RealObserver = window.MutationObserver;
  window.MutationObserver = class extends RealObserver {
    constructor(callback: MutationCallback) {
      super(timed(callback));
    }
  };
}

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
const nextTask = () => new Promise((resolve) => realSetTimeout(resolve, 0));

/** Adds 1,000 links in 100 DOM mutations (one in ten a share link); returns the task time of each batch. */
async function addLinksInBatches(settle: () => Promise<void>): Promise<number[]> {
  const more = document.getElementById('more');
  if (!more) throw new Error('the benchmark page has no #more element');
  const perBatch: number[] = [];
  for (let batch = 0; batch < BATCHES; batch++) {
    const from = tasks.length;
    const fragment = document.createDocumentFragment();
    for (let i = 0; i < LINKS_PER_BATCH; i++) {
      const n = batch * LINKS_PER_BATCH + i;
      const a = document.createElement('a');
      a.href =
        n % 10 === 0
          ? `https://contoso.sharepoint.com/:x:/s/Added/Eb${n}?e=x${n}`
          : `https://example.com/added/${n}`;
      a.textContent = `Added ${n}`;
      fragment.append(a);
    }
    more.append(fragment);
    await nextTask();
    await settle();
    perBatch.push(sum(tasks.slice(from)));
  }
  return perBatch;
}

/** The baseline: every href parsed with `new URL()`, then the same for each added anchor. */
export async function runBareLoop(): Promise<SideResult> {
  timeTasks();
  let parsed = 0;
  const parse = (anchor: HTMLAnchorElement) => {
    try {
      new URL(anchor.href);
      parsed++;
    } catch {}
  };
  const start = performance.now();
  for (const anchor of document.querySelectorAll<HTMLAnchorElement>('a[href]')) {
    try {
      new URL(anchor.href);
      parsed++;
    } catch {}
  }
  const wallMs = performance.now() - start;
  tasks.push(wallMs);
  const found = parsed;

  const observer = new MutationObserver((records) => {
    for (const record of records) {
      for (const node of record.addedNodes) {
        if (node instanceof HTMLAnchorElement && node.hasAttribute('href')) parse(node);
        else if (node instanceof Element || node instanceof DocumentFragment)
          for (const anchor of node.querySelectorAll<HTMLAnchorElement>('a[href]')) parse(anchor);
      }
    }
  });
  observer.observe(document.documentElement, { childList: true, subtree: true });
  const perBatch = await addLinksInBatches(async () => {});
  observer.disconnect();
  return {
    wallMs,
    busyMs: wallMs,
    longestTaskMs: Math.max(...tasks),
    mutationBatchMs: median(perBatch),
    found,
    foundAfterMutations: parsed,
  };
}

/** The content script's LinkIndex (injected beforehand as `window.LinkIndex`), started as the script does. */
export async function runLinkIndex(): Promise<SideResult> {
  const Index = (window as unknown as { LinkIndex?: typeof LinkIndex }).LinkIndex;
  if (!Index) throw new Error('LinkIndex was not injected');
  timeTasks();
  const start = performance.now();
  const index = new Index();
  index.start();
  tasks.push(performance.now() - start);
  await index.whenIdle();
  const wallMs = performance.now() - start;
  const busyMs = sum(tasks);
  const found = index.links.size;

  const perBatch = await addLinksInBatches(() => index.whenIdle());
  const foundAfterMutations = index.links.size;
  index.stop();
  return {
    wallMs,
    busyMs,
    longestTaskMs: Math.max(...tasks),
    mutationBatchMs: median(perBatch),
    found,
    foundAfterMutations,
  };
}
