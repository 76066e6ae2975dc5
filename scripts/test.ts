/**
 * `npm test`: types, lint, unit tests, the extension build and the browser tests, then one line
 * `N passed, N failed` totalled over every test runner.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { ensureChromium } from './chromium';
import { ensureFirefox } from './firefox';

const REPORTS = '.test-reports'; // outside test-results/, which Playwright empties
rmSync(REPORTS, { recursive: true, force: true });
mkdirSync(REPORTS, { recursive: true });

function run(title: string, command: string, args: string[], env: NodeJS.ProcessEnv = {}): boolean {
  console.log(`\n── ${title} ──`);
  const result = spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  return result.status === 0;
}

const npx = 'npx';
let ok = true;
ok = run('types', npx, ['tsc', '--noEmit']) && ok;
ok = run('lint', npx, ['biome', 'check', '.']) && ok;
ok =
  run('unit tests', npx, [
    'vitest',
    'run',
    '--reporter=default',
    '--reporter=json',
    `--outputFile.json=${REPORTS}/vitest.json`,
  ]) && ok;

ok = run('Firefox build and lint', 'npm', ['run', '--silent', 'lint:firefox']) && ok;

let chromium: string | undefined;
try {
  chromium = ensureChromium();
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  ok = false;
}
const built = chromium !== undefined && run('build (Chrome MV3)', npx, ['wxt', 'build']);
ok = built && ok;
if (built) {
  ok =
    run('browser tests', npx, ['playwright', 'test'], {
      CHROMIUM_PATH: chromium,
      PLAYWRIGHT_JSON_OUTPUT_NAME: `${REPORTS}/playwright.json`,
    }) && ok;
}

// The Firefox suite (tests/firefox) runs the Firefox build in Firefox ESR; it is built again here, so the suite
// never depends on what the lint step leaves behind.
let firefox: string | undefined;
try {
  firefox = ensureFirefox();
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  ok = false;
}
const firefoxBuilt =
  firefox !== undefined && run('build (Firefox MV2)', npx, ['wxt', 'build', '-b', 'firefox']);
ok = (firefox === undefined || firefoxBuilt) && ok;
if (firefoxBuilt) {
  ok =
    run(
      'Firefox browser tests',
      npx,
      [
        'vitest',
        'run',
        '--config',
        'vitest.firefox.config.ts',
        '--reporter=default',
        '--reporter=json',
        `--outputFile.json=${REPORTS}/firefox.json`,
      ],
      { FIREFOX_PATH: firefox },
    ) && ok;
}

interface Totals {
  passed: number;
  failed: number;
}

function vitestTotals(file: string): Totals {
  if (!existsSync(file)) return { passed: 0, failed: 1 };
  const report = JSON.parse(readFileSync(file, 'utf8'));
  return {
    passed: report.numPassedTests,
    failed: report.numFailedTests + (report.numRuntimeErrorTestSuites ?? 0),
  };
}

function playwrightTotals(): Totals {
  const file = `${REPORTS}/playwright.json`;
  // No report: the browser or the build was missing or broken, which counts as a failure.
  if (!existsSync(file)) return { passed: 0, failed: 1 };
  const report = JSON.parse(readFileSync(file, 'utf8'));
  const stats = report.stats ?? {};
  return {
    passed: stats.expected ?? 0,
    failed: (stats.unexpected ?? 0) + (stats.flaky ?? 0) + (report.errors?.length ?? 0),
  };
}

const totals = [
  vitestTotals(`${REPORTS}/vitest.json`),
  playwrightTotals(),
  vitestTotals(`${REPORTS}/firefox.json`),
].reduce((a, b) => ({
  passed: a.passed + b.passed,
  failed: a.failed + b.failed,
}));
if (!ok && totals.failed === 0) totals.failed = 1; // a failed type check, lint or build counts too
console.log(`\n${totals.passed} passed, ${totals.failed} failed`);
process.exit(ok ? 0 : 1);
