import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type BrowserContext, test as base, chromium, type Worker } from '@playwright/test';
import { chromiumArgs, ensureChromium } from '../../scripts/chromium';

export const EXTENSION_DIR = resolve('.output/chrome-mv3');

interface WorkerFixtures {
  extContext: BrowserContext;
  serviceWorker: Worker;
  extensionId: string;
}

export const test = base.extend<object, WorkerFixtures>({
  extContext: [
    // biome-ignore lint/correctness/noEmptyPattern: Playwright fixtures take their dependencies as a pattern.
    async ({}, use) => {
      const profile = mkdtempSync(join(tmpdir(), 'sharelens-profile-'));
      const context = await chromium.launchPersistentContext(profile, {
        executablePath: ensureChromium(),
        headless: true,
        args: chromiumArgs(EXTENSION_DIR),
      });
      await use(context);
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
    { scope: 'worker' },
  ],
  serviceWorker: [
    async ({ extContext }, use) => {
      const worker = extContext.serviceWorkers()[0] ?? (await extContext.waitForEvent('serviceworker'));
      await use(worker);
    },
    { scope: 'worker' },
  ],
  extensionId: [
    async ({ serviceWorker }, use) => {
      await use(new URL(serviceWorker.url()).host);
    },
    { scope: 'worker' },
  ],
});

export const expect = test.expect;
