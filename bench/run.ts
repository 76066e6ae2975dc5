/**
 * `npm run bench`: measures, asserts nothing. Every figure stands beside its baseline from the same run;
 * each is the median of several runs. Writes bench/results.json, bench/results.md and the README's table.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { measureGraphRequests, type RequestFigures } from './graph-requests';
import { type HoverFigures, measureHoverLatency } from './hover-latency';
import { measurePageCost, type PageCostFigures, type ScriptCost } from './page-cost';
import { type EntryPointSize, measureSizes } from './sizes';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
/** Other work on the machine skews timings; the table says how busy it was when the run began. */
const LOAD_AT_START = loadavg()[0] ?? 0;

function machine(): string {
  const cpu = cpus()[0]?.model.trim() ?? 'unknown CPU';
  const chromium = spawnSync(process.env.CHROMIUM_PATH ?? 'chromium', ['--version'], {
    encoding: 'utf8',
  }).stdout?.trim();
  return `${cpus().length} × ${cpu}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${chromium || 'Chromium'}`;
}

const KB = 1024;
const kb = (bytes: number) => `${(bytes / KB).toFixed(1)} KB`;
const ms = (value: number) => `${value} ms`;
const verdict = (met: boolean) => (met ? 'met' : '**not met**');

/** The targets, each judged on this run's figures. */
const TARGET = {
  coldPerBatch: 20,
  /** At load: at most this many times the one-listener floor, plus the allowance. */
  loadFactor: 2,
  loadAllowanceMs: 0.5,
  taskMs: 8,
  scanRatio: 0.25,
  everyPageGzip: 4 * KB,
  /** p95 from the end of the hover delay to the card painted: one loopback round trip plus this. */
  hoverOverRoundTripMs: 50,
};

interface TargetResult {
  target: string;
  figure: string;
  met: boolean;
}

const coldTarget = (links: number) => Math.ceil(links / TARGET.coldPerBatch);
const requestsMet = (r: RequestFigures) => r.coldRequests <= coldTarget(r.links) && r.warmRequests === 0;
const loadLimit = (floor: ScriptCost) => floor.busyMs * TARGET.loadFactor + TARGET.loadAllowanceMs;

function judge(
  requests: RequestFigures[],
  page: PageCostFigures,
  hover: HoverFigures,
  sizes: EntryPointSize[],
): TargetResult[] {
  const contentScript = sizes.find((size) => size.kind === 'content script');
  if (!contentScript) throw new Error('no content script size');
  const worstTask = Math.max(
    ...page.loads.map((l) => l.worstTaskMs),
    page.mutations.worstTaskMs,
    page.scan.worstTaskMs,
  );
  const hoverLimit = hover.roundTripP95Ms + TARGET.hoverOverRoundTripMs;
  return [
    ...page.loads.map((load) => ({
      target: `At load, ${load.page}: at most ${TARGET.loadFactor}× the one-listener floor + ${TARGET.loadAllowanceMs} ms`,
      figure: `${ms(load.shareLens.busyMs)} vs floor ${ms(load.floor.busyMs)} (limit ${ms(Math.round(loadLimit(load.floor) * 100) / 100)})`,
      met: load.shareLens.busyMs <= loadLimit(load.floor),
    })),
    {
      target: 'DOM mutations (1,000 links in 100 batches) cost nothing until the popup asks',
      figure: `${ms(page.mutations.shareLens.busyMs)} (floor ${ms(page.mutations.floor.busyMs)})`,
      met: page.mutations.shareLens.busyMs === 0,
    },
    {
      target: `No task of the content script over ${TARGET.taskMs} ms (at load, mutations, the popup's scan)`,
      figure: `longest ${ms(worstTask)} (worst run)`,
      met: worstTask <= TARGET.taskMs,
    },
    {
      target: `Popup's scan of ${page.scan.links.toLocaleString('en')} links: the page pays at most ${TARGET.scanRatio}× the bare loop (main-thread time)`,
      figure: `${ms(page.scan.scanBusyMs)} vs ${ms(page.scan.bareLoopMs)} (${page.scan.ratio}); the popup waits ${ms(page.scan.scanMs)}`,
      met: page.scan.ratio <= TARGET.scanRatio,
    },
    {
      target: `What loads on every page: at most ${TARGET.everyPageGzip / KB} KB gzip`,
      figure: kb(contentScript.gzipBytes),
      met: contentScript.gzipBytes <= TARGET.everyPageGzip,
    },
    {
      target: `Hover → card painted, p95 within one round trip + ${TARGET.hoverOverRoundTripMs} ms`,
      figure: `p95 ${ms(hover.p95Ms)} vs limit ${ms(Math.round(hoverLimit * 10) / 10)} (median ${ms(hover.medianMs)})`,
      met: hover.p95Ms <= hoverLimit,
    },
    {
      target: `Graph requests: ⌈N/20⌉ cold and 0 warm (N = ${requests.map((r) => r.links).join(', ')})`,
      figure: `cold ${requests.map((r) => r.coldRequests).join(', ')}; warm ${requests.map((r) => r.warmRequests).join(', ')}`,
      met: requests.every(requestsMet),
    },
  ];
}

function markdown(
  requests: RequestFigures[],
  page: PageCostFigures,
  hover: HoverFigures,
  sizes: EntryPointSize[],
  targets: TargetResult[],
  on: string,
): string {
  const sizeRow = (s: EntryPointSize) =>
    `| ${s.entry} | ${s.files.map((file) => `\`${file}\``).join(', ')} | ${kb(s.bytes)} | ${kb(s.gzipBytes)} |`;
  const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(2)} MiB`;
  const lines = [
    `Measured ${new Date().toISOString().slice(0, 10)} on ${on} (1-minute load average ${LOAD_AT_START.toFixed(1)} at the start); medians of ${RUNS} runs unless said otherwise.`,
    '',
    '**Targets** (judged on this run)',
    '',
    '| target | this run | |',
    '|---|---|---|',
    ...targets.map((t) => `| ${t.target} | ${t.figure} | ${verdict(t.met)} |`),
    '',
    '**What a page pays for the content script** (the built extension in Chromium, main-thread time of its scripts',
    'from a trace, beside a floor extension whose content script only registers one `pointerover` listener; each',
    'runs alone in its own browser, taking turns on the same pages in the same run)',
    '',
    '| page | ShareLens | floor | longest task, median / worst run | runs (ShareLens) | runs (floor) |',
    '|---|---:|---:|---:|---|---|',
    ...page.loads.map(
      (l) =>
        `| ${l.page}, at load | ${ms(l.shareLens.busyMs)} | ${ms(l.floor.busyMs)} | ${ms(l.shareLens.longestMs)} / ${ms(l.worstTaskMs)} | ${l.runsMs.join(', ')} | ${l.floorRunsMs.join(', ')} |`,
    ),
    `| 100 ordinary links, then 1,000 links added in 100 mutations | ${ms(page.mutations.shareLens.busyMs)} | ${ms(page.mutations.floor.busyMs)} | ${ms(page.mutations.shareLens.longestMs)} / ${ms(page.mutations.worstTaskMs)} | | |`,
    '',
    `**The popup's scan** of the ${page.scan.links.toLocaleString('en')}-link page (1,000 share links): from the request to the`,
    "answer, as the extension's worker sees it (the same function the popup sends with `scripting.executeScript`), and ShareLens's",
    'main-thread time meanwhile (its scripts and its isolated world, garbage collection inside them included),',
    "beside a bare `querySelectorAll('a[href]')` + `new URL()` loop over the same page. The ratio is main-thread time",
    "against the bare loop's, like for like: what the page pays. The wait is longer than the work, as the scan yields",
    "every few milliseconds (PAGE_SCAN_OPTIONS.sliceMs) so no task of it is long, and the page's own tasks run in between.",
    '',
    '| popup waits | main-thread busy | longest task, median / worst run | bare loop | busy ÷ bare loop |',
    '|---:|---:|---:|---:|---:|',
    `| ${ms(page.scan.scanMs)} | ${ms(page.scan.scanBusyMs)} | ${ms(page.scan.longestTaskMs)} / ${ms(page.scan.worstTaskMs)} | ${ms(page.scan.bareLoopMs)} | ${page.scan.ratio} |`,
    '',
    `**Hover → card** (signed in to the emulator; ${hover.hovers} hovers on links not seen before, after the page's`,
    'first): from the end of the hover delay to the card painted with the item, beside one loopback round trip',
    "of the same Graph request (the item and the link's permission in one `$batch`) from the extension's worker.",
    '',
    '| median | p95 | first hover of a page | round trip, median | round trip, p95 |',
    '|---:|---:|---:|---:|---:|',
    `| ${ms(hover.medianMs)} | ${ms(hover.p95Ms)} | ${ms(hover.firstHoverMs)} | ${ms(hover.roundTripMedianMs)} | ${ms(hover.roundTripP95Ms)} |`,
    '',
    `**Background worker heap** (JS heap after a full collection): idle after sign-in ${mib(hover.heapIdleBytes)}; after resolving ${hover.resolvedLinks} links in the popup ${mib(hover.heapAfterBytes)}.`,
    '',
    '**Graph requests to resolve N distinct links** (counted in the emulator log; target ⌈N/20⌉ cold, 0 warm)',
    '',
    '| links | ShareLens cold | target | ShareLens warm | target | one request per link | cold time | one-per-link time | |',
    '|---:|---:|---:|---:|---:|---:|---:|---:|---|',
    ...requests.map(
      (r) =>
        `| ${r.links} | ${r.coldRequests} | ${coldTarget(r.links)} | ${r.warmRequests} | 0 | ${r.baselineRequests} | ${ms(r.coldMs)} | ${ms(r.baselineMs)} | ${verdict(requestsMet(r))} |`,
    ),
    '',
    '**Sizes** (Chrome MV3, gzip -9, each file gzipped on its own; a page counts every file it loads, following its',
    'script and link tags and static imports, so a shared chunk counts toward each page that loads it; the content',
    'script is what loads on every page, "on demand" what it loads when first needed)',
    '',
    '| entry point | files | size | gzip |',
    '|---|---|---:|---:|',
    ...sizes.map(sizeRow),
  ];
  return `${lines.join('\n')}\n`;
}

async function main() {
  console.log('Building the extension…');
  if (spawnSync('npx', ['wxt', 'build'], { stdio: 'ignore' }).status !== 0) throw new Error('build failed');
  // Sizes first: they take no time, and a surprise in the build shows before the long measurements.
  const sizes = measureSizes();
  console.log('Counting Graph requests…');
  const requests = await measureGraphRequests([1, 20, 100, 500], RUNS);
  console.log('Tracing what pages pay for the content script…');
  const page = await measurePageCost(RUNS);
  console.log('Timing hovers and the worker heap…');
  const hover = await measureHoverLatency();
  const targets = judge(requests, page, hover, sizes);
  const on = machine();

  writeFileSync(
    'bench/results.json',
    `${JSON.stringify({ date: new Date().toISOString(), machine: on, runs: RUNS, targets, page, hover, requests, sizes }, null, 2)}\n`,
  );
  const table = markdown(requests, page, hover, sizes, targets, on);
  writeFileSync('bench/results.md', table);
  const readme = readFileSync('README.md', 'utf8');
  const start = '<!-- bench:start -->';
  const end = '<!-- bench:end -->';
  if (readme.includes(start) && readme.includes(end)) {
    const before = readme.slice(0, readme.indexOf(start) + start.length);
    const after = readme.slice(readme.indexOf(end));
    writeFileSync('README.md', `${before}\n${table}${after}`);
  }
  console.log(`\n${table}`);
  console.log('Wrote bench/results.json, bench/results.md and the table in README.md.');
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.stack : error);
  process.exit(1);
});
