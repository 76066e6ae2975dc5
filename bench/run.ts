/**
 * `npm run bench`: measures, asserts nothing. Every figure stands beside its baseline from the same run;
 * each is the median of several runs. Writes bench/results.json, bench/results.md and the README's table.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { type ContentScriptFigures, measureContentScript } from './content-script';
import { measureGraphRequests, type RequestFigures } from './graph-requests';
import { measureSizes, type SizeFigure } from './sizes';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);

function machine(): string {
  const cpu = cpus()[0]?.model.trim() ?? 'unknown CPU';
  const chromium = spawnSync(process.env.CHROMIUM_PATH ?? 'chromium', ['--version'], {
    encoding: 'utf8',
  }).stdout?.trim();
  return `${cpus().length} × ${cpu}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${chromium || 'Chromium'}`;
}

function markdown(
  requests: RequestFigures[],
  content: ContentScriptFigures[],
  sizes: SizeFigure[],
  on: string,
): string {
  const lines = [
    `Measured ${new Date().toISOString().slice(0, 10)} on ${on}; medians of ${RUNS} runs.`,
    '',
    '**Graph requests to resolve N distinct links** (counted in the emulator log)',
    '',
    '| links | ShareLens cold | ShareLens warm | one request per link | cold time | one-per-link time |',
    '|---:|---:|---:|---:|---:|---:|',
    ...requests.map(
      (r) =>
        `| ${r.links} | ${r.coldRequests} | ${r.warmRequests} | ${r.baselineRequests} | ${r.coldMs} ms | ${r.baselineMs} ms |`,
    ),
    '',
    '**Content script in Chromium** (pages with 10% share links)',
    '',
    '| links | classify all (wall) | busy | bare `querySelectorAll` + `new URL()` loop | ratio | longest task | per mutation of 10 links |',
    '|---:|---:|---:|---:|---:|---:|---:|',
    ...content.map(
      (c) =>
        `| ${c.links} | ${c.classifyMs} ms | ${c.busyMs} ms | ${c.bareLoopMs} ms | ${c.ratio} | ${c.longestTaskMs} ms | ${c.mutationBatchMs === undefined ? '' : `${c.mutationBatchMs} ms`} |`,
    ),
    '',
    '**Built files** (Chrome MV3, gzip -9)',
    '',
    '| file | size | gzip |',
    '|---|---:|---:|',
    ...sizes.map(
      (s) => `| ${s.file} | ${(s.bytes / 1024).toFixed(1)} KB | ${(s.gzipBytes / 1024).toFixed(1)} KB |`,
    ),
  ];
  return `${lines.join('\n')}\n`;
}

async function main() {
  console.log('Building the extension…');
  if (spawnSync('npx', ['wxt', 'build'], { stdio: 'ignore' }).status !== 0) throw new Error('build failed');
  console.log('Counting Graph requests…');
  const requests = await measureGraphRequests([1, 20, 100, 500], RUNS);
  console.log('Timing the content script in Chromium…');
  const content = await measureContentScript([1_000, 10_000], RUNS);
  const sizes = measureSizes();
  const on = machine();

  writeFileSync(
    'bench/results.json',
    `${JSON.stringify({ date: new Date().toISOString(), machine: on, runs: RUNS, requests, content, sizes }, null, 2)}\n`,
  );
  const table = markdown(requests, content, sizes, on);
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
