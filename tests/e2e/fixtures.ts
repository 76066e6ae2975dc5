import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import {
  type BrowserContext,
  test as base,
  chromium,
  type Frame,
  type Locator,
  type Page,
  type Worker,
} from '@playwright/test';
import type { Dataset, Item } from '../../emulator/dataset';
import { startEmulator } from '../../emulator/server';
import { chromiumArgs, configureForEmulator, ensureChromium, serviceWorkerOf } from '../../scripts/chromium';

export { serviceWorkerOf };

import { type PageServer, startPageServer } from './page-server';

/** The built extension; SHARELENS_EXTENSION_DIR points elsewhere (a build of one's own). */
export const EXTENSION_DIR = resolve(process.env.SHARELENS_EXTENSION_DIR ?? '.output/chrome-mv3');
export const DATASET_PATH = resolve('emulator/data/demo.json');
export const CLIENT_ID = 'sharelens-e2e';

/** An item of the demo dataset; folders have `children`. */
export type DemoItem = Item;
export const dataset = JSON.parse(readFileSync(DATASET_PATH, 'utf8')) as Dataset;

/** The item a labelled link points at, and the display name of its drive's owner. */
export function itemOf(label: string): DemoItem & { ownerName: string } {
  const id = dataset.links.find((each) => each.label === label)?.item;
  const search = (items: DemoItem[]): DemoItem | undefined => {
    for (const item of items) {
      if (item.id === id) return item;
      const inside = item.children && search(item.children);
      if (inside) return inside;
    }
    return undefined;
  };
  for (const drive of dataset.drives) {
    const item = search(drive.items);
    const owner = dataset.users.find((user) => user.id === drive.owner);
    if (item) return { ...item, ownerName: owner?.displayName ?? '' };
  }
  throw new Error(`No item for link ${label}`);
}

/** The demo dataset's link with this label. */
export function link(label: string): string {
  const found = dataset.links.find((each) => each.label === label);
  if (!found) throw new Error(`The demo dataset has no link labelled ${label}`);
  return found.url;
}

export const megan = (() => {
  const user = dataset.users.find((each) => each.id === dataset.signedIn) ?? dataset.users[0];
  if (!user) throw new Error('The demo dataset has no users');
  return user;
})();

export interface Emulator {
  url: string;
  requests(): Promise<
    Array<{ method: string; path: string; headers: Record<string, string>; time: string; batch?: string }>
  >;
  /** Graph HTTP requests only: not identity, thumbnails, preflights, nor the parts inside a `$batch`. */
  graphRequests(): Promise<Array<{ method: string; path: string; headers: Record<string, string> }>>;
  reset(): Promise<void>;
  fault(fault: Record<string, unknown>): Promise<void>;
}

function emulatorClient(url: string): Emulator {
  const control = async (path: string, init?: RequestInit) => {
    const response = await fetch(`${url}/_emulator/${path}`, init);
    if (!response.ok) throw new Error(`emulator ${path}: ${response.status} ${await response.text()}`);
    return response;
  };
  const requests = async () => ((await (await control('requests')).json()) as { requests: [] }).requests;
  return {
    url,
    requests,
    async graphRequests() {
      return (await requests()).filter(
        (each: { method: string; path: string; batch?: string }) =>
          each.path.startsWith('/v1.0/') && each.method !== 'OPTIONS' && each.batch === undefined,
      );
    },
    async reset() {
      await control('reset', { method: 'POST' });
    },
    async fault(fault) {
      await control('faults', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(fault),
      });
    },
  };
}

/**
 * Starts Chromium with the extension (or the build in `extensionDir`). `uiLanguage` sets the browser's interface
 * language: Debian's Chromium takes it from LANGUAGE (`--lang` does nothing on Linux) and needs the
 * chromium-l10n package for it.
 */
export async function launchExtension(
  options: { uiLanguage?: string; extensionDir?: string } = {},
): Promise<{ context: BrowserContext; close(): Promise<void> }> {
  const profile = mkdtempSync(join(tmpdir(), 'sharelens-profile-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: ensureChromium(),
    ...(options.uiLanguage ? { env: { ...process.env, LANGUAGE: options.uiLanguage } } : {}),
    headless: true,
    args: chromiumArgs(options.extensionDir ?? EXTENSION_DIR),
  });
  return {
    context,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Points the extension at the emulator, as a person would in the options page. */
export async function configure(worker: Worker, emulatorUrl: string, extra: Record<string, unknown> = {}) {
  await configureForEmulator(worker, emulatorUrl, CLIENT_ID, extra);
}

/** What the background keeps in its credential store (lib/credential-store.ts): the extension origin's IndexedDB. */
export function storedCredential(worker: Worker, key: string): Promise<unknown> {
  return worker.evaluate(
    (key) =>
      new Promise((resolve, reject) => {
        const open = indexedDB.open('sharelens-credentials');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const request = db.transaction('credentials').objectStore('credentials').get(key);
          request.onsuccess = () => resolve(request.result);
          request.onerror = () => reject(request.error);
          db.close();
        };
      }),
    key,
  );
}

/** The id of the tab a page is in: the active one right after it opened (reading tab URLs needs "tabs"). */
export async function tabIdOf(worker: Worker, page: Page): Promise<number> {
  await page.bringToFront();
  const id = await worker.evaluate(
    async () => (await chrome.tabs.query({ active: true, lastFocusedWindow: true }))[0]?.id,
  );
  if (id === undefined) throw new Error(`no tab for ${page.url()}`);
  return id;
}

/** Signs in through the options page and the emulator's login form, like a person. */
export async function signInWithForm(
  context: BrowserContext,
  extensionId: string,
  password = megan.password,
) {
  const options = await context.newPage();
  await options.goto(`chrome-extension://${extensionId}/options.html`);
  const authPage = context.waitForEvent('page', (page) => page.url().includes('/oauth2/v2.0/authorize'));
  await options.getByRole('button', { name: 'Sign in' }).click();
  const login = await authPage;
  await login.getByLabel('Email').fill(megan.email);
  await login.getByLabel('Password').fill(password);
  await login.getByRole('button', { name: 'Sign in' }).click();
  return options;
}

/** Drops cached previews, keeping the sign-in. */
export async function clearPreviewCache(worker: Worker) {
  await worker.evaluate(async () => {
    const all = await chrome.storage.session.get(null);
    await chrome.storage.session.remove(Object.keys(all).filter((key) => key.startsWith('preview')));
  });
}

/** The hover card's frame (it sits in a closed shadow root, so it is found by URL, not by selector). */
/**
 * Points at `link` until its card is up, for a browser that has just started: the extension is installing (its
 * setup page opening) and its content script may reach the page after the pointer did. A person would move the
 * pointer again; so does this.
 */
export async function hoverUntilCard(page: Page, link: Locator): Promise<Frame> {
  await test
    .expect(async () => {
      await page.mouse.move(0, 0);
      await link.hover();
      await test.expect(page.locator('sharelens-card')).toHaveCount(1, { timeout: 3_000 });
    })
    .toPass({ timeout: 20_000 });
  return cardFrame(page);
}

export async function cardFrame(page: Page): Promise<Frame> {
  let frame: Frame | undefined;
  await test.expect
    .poll(() => {
      frame = page.frames().find((each) => each.url().includes('/card.html'));
      return frame !== undefined;
    })
    .toBe(true);
  return frame as Frame;
}

interface WorkerFixtures {
  emulator: Emulator;
  pages: PageServer;
  extContext: BrowserContext;
  serviceWorker: Worker;
  extensionId: string;
  /** Configured for the emulator and signed in as the dataset's signed-in user. */
  signedIn: undefined;
}

export const test = base.extend<{ page: Page }, WorkerFixtures>({
  emulator: [
    // biome-ignore lint/correctness/noEmptyPattern: Playwright fixtures take their dependencies as a pattern.
    async ({}, use) => {
      const server = await startEmulator({ port: 0, data: DATASET_PATH, autoLogin: false });
      await use(emulatorClient(server.url));
      await server.close();
    },
    { scope: 'worker' },
  ],
  pages: [
    // biome-ignore lint/correctness/noEmptyPattern: Playwright fixtures take their dependencies as a pattern.
    async ({}, use) => {
      const server = await startPageServer();
      await use(server);
      await server.close();
    },
    { scope: 'worker' },
  ],
  extContext: [
    // biome-ignore lint/correctness/noEmptyPattern: Playwright fixtures take their dependencies as a pattern.
    async ({}, use) => {
      const launched = await launchExtension();
      await use(launched.context);
      await launched.close();
    },
    { scope: 'worker' },
  ],
  serviceWorker: [async ({ extContext }, use) => use(await serviceWorkerOf(extContext)), { scope: 'worker' }],
  extensionId: [
    async ({ serviceWorker }, use) => use(new URL(serviceWorker.url()).host),
    { scope: 'worker' },
  ],
  signedIn: [
    async ({ extContext, serviceWorker, extensionId, emulator }, use) => {
      await configure(serviceWorker, emulator.url);
      const options = await signInWithForm(extContext, extensionId);
      await test.expect(options.getByText(`Signed in as ${megan.displayName}`)).toBeVisible();
      await options.close();
      await use(undefined);
    },
    { scope: 'worker' },
  ],
  page: async ({ extContext }, use) => {
    const page = await extContext.newPage();
    await use(page);
    await page.close();
  },
});

export const expect = test.expect;

/**
 * Waits until the card is closed as the person sees it: its host on the page is `display: none`. (The host
 * has no size of its own, and a hidden frame's document may still lay out, so neither says it alone.)
 */
export async function expectCardClosed(page: Page): Promise<void> {
  await expect
    .poll(() => page.locator('sharelens-card').evaluate((host) => getComputedStyle(host).display))
    .toBe('none');
}

/** Whether the card is open as the person sees it: its host on the page and not `display: none`. */
export function cardIsOpen(page: Page): Promise<boolean> {
  return page.evaluate(() => {
    const host = document.querySelector('sharelens-card');
    return host !== null && getComputedStyle(host).display !== 'none';
  });
}

/** Rests on the link named `name`, then says whether a card opened within `withinMs` (and closes it again). */
export async function hoverOpens(page: Page, name: string, withinMs: number): Promise<boolean> {
  await page.bringToFront();
  await page.mouse.move(0, 0);
  await page.getByRole('link', { name }).hover();
  try {
    await expect.poll(() => cardIsOpen(page), { timeout: withinMs }).toBe(true);
    return true;
  } catch {
    return false;
  } finally {
    await page.keyboard.press('Escape');
    await page.mouse.move(0, 0);
  }
}

/**
 * The first share asks for one more permission (incremental consent): presses `allow` when it shows, signs in
 * through the sign-in window if that asks, and waits for `done`. Nothing when the permission was given before.
 */
export async function allowIfAsked(context: BrowserContext, allow: Locator, done: Locator): Promise<void> {
  await test.expect(allow.or(done)).toBeVisible();
  if (!(await allow.isVisible())) return;
  const authPage = context
    .waitForEvent('page', {
      predicate: (each) => each.url().includes('/oauth2/v2.0/authorize'),
      timeout: 5_000,
    })
    .catch(() => undefined);
  await allow.click();
  const login = await authPage;
  if (
    login &&
    (await login
      .getByLabel('Email')
      .isVisible()
      .catch(() => false))
  ) {
    await login.getByLabel('Email').fill(megan.email);
    await login.getByLabel('Password').fill(megan.password);
    await login.getByRole('button', { name: 'Sign in' }).click();
  }
  await test.expect(done).toBeVisible();
}
