/**
 * `npm run bench`: measures, asserts nothing. Every figure stands beside its baseline from the same run;
 * each is the median of several runs. Writes bench/results.json, bench/results.md and the README's table.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { type ContentScriptFigures, measureContentScript } from './content-script';
import { measureGraphRequests, type RequestFigures } from './graph-requests';
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

/** The issue's targets, each judged on this run's figures. */
const TARGET = { coldPerBatch: 20, ratio: 0.25, taskMs: 16, mutationMs: 1, contentScriptGzip: 15 * KB };

interface TargetResult {
  target: string;
  figure: string;
  met: boolean;
}

const coldTarget = (links: number) => Math.ceil(links / TARGET.coldPerBatch);
const requestsMet = (r: RequestFigures) => r.coldRequests <= coldTarget(r.links) && r.warmRequests === 0;

function judge(
  requests: RequestFigures[],
  content: ContentScriptFigures[],
  sizes: EntryPointSize[],
): TargetResult[] {
  const largest = content.reduce((a, b) => (b.links > a.links ? b : a));
  const contentScript = sizes.find((size) => size.kind === 'content script');
  if (!contentScript) throw new Error('no content script size');
  const worstTask = Math.max(...content.map((c) => c.worstTaskMs));
  const slowestMutation = Math.max(...content.map((c) => c.mutationBatchMs));
  return [
    {
      target: `Graph requests: ⌈N/20⌉ cold and 0 warm (N = ${requests.map((r) => r.links).join(', ')})`,
      figure: `cold ${requests.map((r) => r.coldRequests).join(', ')}; warm ${requests.map((r) => r.warmRequests).join(', ')}`,
      met: requests.every(requestsMet),
    },
    {
      target: `Content script on ${largest.links.toLocaleString('en')} links: at most ¼ of the bare loop's time`,
      figure: `${ms(largest.classifyMs)} vs ${ms(largest.bareLoopMs)} (${largest.ratio})`,
      met: largest.ratio <= TARGET.ratio,
    },
    {
      target: `No main-thread task of the content script over ${TARGET.taskMs} ms`,
      figure: `longest ${ms(worstTask)} (worst run, every page size)`,
      met: worstTask <= TARGET.taskMs,
    },
    {
      target: `Mutations: under ${TARGET.mutationMs} ms per batch (median)`,
      figure: `${ms(slowestMutation)} (the slower page size)`,
      met: slowestMutation < TARGET.mutationMs,
    },
    {
      target: `Content script under ${TARGET.contentScriptGzip / KB} KB gzip`,
      figure: `${kb(contentScript.gzipBytes)}`,
      met: contentScript.gzipBytes < TARGET.contentScriptGzip,
    },
  ];
}

function markdown(
  requests: RequestFigures[],
  content: ContentScriptFigures[],
  sizes: EntryPointSize[],
  targets: TargetResult[],
  on: string,
): string {
  const largest = Math.max(...content.map((c) => c.links));
  const sizeRow = (s: EntryPointSize) =>
    `| ${s.entry} | ${s.files.map((file) => `\`${file}\``).join(', ')} | ${kb(s.bytes)} | ${kb(s.gzipBytes)} |`;
  const contentScript = sizes.filter((s) => s.kind === 'content script');
  const lines = [
    `Measured ${new Date().toISOString().slice(0, 10)} on ${on} (1-minute load average ${LOAD_AT_START.toFixed(1)} at the start); medians of ${RUNS} runs.`,
    '',
    '**Targets** (judged on this run)',
    '',
    '| target | this run | |',
    '|---|---|---|',
    ...targets.map((t) => `| ${t.target} | ${t.figure} | ${verdict(t.met)} |`),
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
    "**Content script in Chromium**: the content script's LinkIndex, bundled alone (the built",
    "`content-scripts/links.js` needs extension APIs), beside a bare `querySelectorAll('a[href]')` +",
    '`new URL()` loop. Each side runs on its own fresh page (a new browser context) with the same generated',
    'HTML, 10% share links; which side goes first alternates between runs. Time: from `new LinkIndex()` (or',
    "the loop's first statement) to every link classified. Tasks: setTimeout and scheduler.postTask tasks,",
    'MutationObserver callbacks and the synchronous `start()`. Mutations: 1,000 links added in 100 DOM',
    'mutations, the work each batch causes (median).',
    '',
    `| links | LinkIndex | bare loop | ratio (target ≤ ${TARGET.ratio} at ${largest.toLocaleString('en')}) | busy | longest task, median / worst run (target ≤ ${TARGET.taskMs} ms) | per mutation batch (target < ${TARGET.mutationMs} ms) | bare loop per mutation batch |`,
    '|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...content.map(
      (c) =>
        `| ${c.links} | ${ms(c.classifyMs)} | ${ms(c.bareLoopMs)} | ${c.ratio}${c.links === largest ? ` ${verdict(c.ratio <= TARGET.ratio)}` : ''} | ${ms(c.busyMs)} | ${ms(c.longestTaskMs)} / ${ms(c.worstTaskMs)} ${verdict(c.worstTaskMs <= TARGET.taskMs)} | ${ms(c.mutationBatchMs)} ${verdict(c.mutationBatchMs < TARGET.mutationMs)} | ${ms(c.bareMutationBatchMs)} |`,
    ),
    '',
    `**Content script size** (Chrome MV3, gzip -9; 1 KB = ${KB} bytes; target under ${TARGET.contentScriptGzip / KB} KB gzip)`,
    '',
    '| entry point | files | size | gzip | |',
    '|---|---|---:|---:|---|',
    ...contentScript.map((s) => `${sizeRow(s)} ${verdict(s.gzipBytes < TARGET.contentScriptGzip)} |`),
    '',
    '**Other entry points** (Chrome MV3, gzip -9, each file gzipped on its own; a page counts every file it loads,',
    'following its script and link tags and static imports, so a shared chunk counts toward each page that loads it)',
    '',
    '| entry point | files | size | gzip |',
    '|---|---|---:|---:|',
    ...sizes.filter((s) => s.kind !== 'content script').map(sizeRow),
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
  console.log('Timing the content script in Chromium…');
  const content = await measureContentScript([1_000, 10_000], RUNS);
  const targets = judge(requests, content, sizes);
  const on = machine();

  writeFileSync(
    'bench/results.json',
    `${JSON.stringify({ date: new Date().toISOString(), machine: on, runs: RUNS, targets, requests, content, sizes }, null, 2)}\n`,
  );
  const table = markdown(requests, content, sizes, targets, on);
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
