/**
 * What the person waits for, in the built extension in Chromium, signed in to the emulator:
 * - from the end of the hover delay to the card painted with the item, over 20 hovers on links not seen
 *   before (the first hover of the page, which also loads the previews and the card page, is reported apart),
 *   beside one loopback round trip to the emulator (the same Graph request: the item and the link's permission
 *   in one `$batch`, from the extension's worker);
 * - the background worker's JavaScript heap when idle after sign-in, and after resolving 500 links (the popup
 *   on a page of 500 share links), each after a full garbage collection.
 */

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type BrowserContext, chromium, type Frame, type Page } from '@playwright/test';
import { startEmulator } from '../emulator/server';
import { driveItemPath, linkPermissionPath } from '../lib/providers/graph/client';
import { chromiumArgs, configureForEmulator, ensureChromium, serviceWorkerOf } from '../scripts/chromium';
import { benchDataset } from './graph-requests';
import { median, round } from './stats';

export interface HoverFigures {
  hovers: number;
  /** End of the hover delay → card painted with the item (ms). */
  medianMs: number;
  p95Ms: number;
  /** The page's first hover, which also loads the previews and the card page. */
  firstHoverMs: number;
  /** One Graph request to the emulator from the extension's worker (ms). */
  roundTripMedianMs: number;
  roundTripP95Ms: number;
  /** The background worker's JS heap (bytes). */
  heapIdleBytes: number;
  heapAfterBytes: number;
  resolvedLinks: number;
}

const HOVERS = 20;
const LIST_LINKS = 500;
const DELAY_MS = 400;
const CLIENT_ID = 'sharelens-bench';

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number;
}

function linksPage(links: Array<{ url: string }>, count: number): string {
  const items = links
    .slice(0, count)
    .map((link, i) => `<p><a href="${link.url}">Report ${i + 1}</a></p>`)
    .join('');
  // The page notes when the pointer reaches each link, on the same clock the card frame uses.
  return `<!doctype html><html><head><meta charset="utf-8"><title>bench</title></head><body>
<script>window.overAt = {}; document.addEventListener('mouseover', (e) => {
  const a = e.target.closest && e.target.closest('a'); if (a && e.isTrusted) overAt[a.textContent] = performance.timeOrigin + e.timeStamp;
}, true);</script>${items}<div style="height: 2000px"></div></body></html>`;
}

function serve(pages: Record<string, string>): Promise<Server> {
  const server = createServer((request, response) => {
    const html = pages[new URL(request.url ?? '/', 'http://localhost').pathname];
    if (html === undefined) response.writeHead(404).end();
    else response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html);
  });
  return new Promise((done) => server.listen(0, '127.0.0.1', () => done(server)));
}

async function signIn(context: BrowserContext, extensionId: string, email: string, password: string) {
  const options = await context.newPage();
  await options.goto(`chrome-extension://${extensionId}/options.html`);
  const authPage = context.waitForEvent('page', (page) => page.url().includes('/oauth2/v2.0/authorize'));
  await options.getByRole('button', { name: 'Sign in' }).click();
  const login = await authPage;
  await login.getByLabel('Email').fill(email);
  await login.getByLabel('Password').fill(password);
  await login.getByRole('button', { name: 'Sign in' }).click();
  await options.getByText(/^Signed in as /).waitFor();
  await options.close();
}

/**
 * The extension worker's JS heap after a full collection, through the DevTools protocol (workers have no
 * `performance.memory`): Chromium is started with a debugging port, and a second connection attaches to it.
 */
async function workerHeap(profile: string, extensionId: string): Promise<number> {
  const port = readFileSync(join(profile, 'DevToolsActivePort'), 'utf8').split('\n')[0];
  const browser = await chromium.connectOverCDP(`http://127.0.0.1:${port}`);
  try {
    const cdp = await browser.newBrowserCDPSession();
    const { targetInfos } = await cdp.send('Target.getTargets');
    const target = targetInfos.find(
      (each) => each.type === 'service_worker' && each.url.startsWith(`chrome-extension://${extensionId}/`),
    );
    if (!target) throw new Error("the extension's worker is not running");
    const { sessionId } = await cdp.send('Target.attachToTarget', {
      targetId: target.targetId,
      flatten: false,
    });
    let nextId = 0;
    const call = (method: string) =>
      new Promise<Record<string, unknown>>((done, fail) => {
        const id = ++nextId;
        const onMessage = (event: { sessionId?: string; message: string }) => {
          const reply = JSON.parse(event.message) as {
            id?: number;
            result?: Record<string, unknown>;
            error?: unknown;
          };
          if (event.sessionId !== sessionId || reply.id !== id) return;
          cdp.off('Target.receivedMessageFromTarget', onMessage);
          if (reply.error) fail(new Error(JSON.stringify(reply.error)));
          else done(reply.result ?? {});
        };
        cdp.on('Target.receivedMessageFromTarget', onMessage);
        void cdp.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id, method }) });
      });
    await call('HeapProfiler.enable');
    await call('HeapProfiler.collectGarbage');
    await call('HeapProfiler.collectGarbage');
    const { usedSize } = await call('Runtime.getHeapUsage');
    await cdp.send('Target.detachFromTarget', { sessionId });
    if (typeof usedSize !== 'number') throw new Error('the worker reports no heap size');
    return usedSize;
  } finally {
    await browser.close();
  }
}

async function cardFrame(page: Page): Promise<Frame> {
  for (let i = 0; i < 200; i++) {
    const frame = page.frames().find((each) => each.url().includes('/card.html'));
    if (frame) return frame;
    await page.waitForTimeout(25);
  }
  throw new Error('no card frame');
}

/**
 * Script for the card frame: resolves with the time the card showed `item` and painted it (the frame after
 * the one that showed it has started). A string, so the bundler's helpers stay out of the page.
 */
const paintedWhen = (item: string) => `new Promise((done) => {
  const expected = ${JSON.stringify(item)};
  const check = function () {
    const heading = document.querySelector('h1.item-name');
    if (!heading || heading.textContent !== expected) return false;
    requestAnimationFrame(function () { setTimeout(function () { done(performance.timeOrigin + performance.now()); }, 0); });
    return true;
  };
  if (check()) return;
  const observer = new MutationObserver(function () { if (check()) observer.disconnect(); });
  observer.observe(document, { subtree: true, childList: true, characterData: true });
})`;

/** Hovers `name`'s link and returns from the end of the delay to the card painted with `item`. */
async function hoverOnce(page: Page, name: string, item: string, card: Frame | undefined): Promise<number> {
  await page.mouse.move(5, 5);
  await page.waitForFunction(() => {
    const host = document.querySelector('sharelens-card');
    return !host || getComputedStyle(host).display === 'none';
  });
  await page.getByRole('link', { name, exact: true }).hover();
  const frame = card ?? (await cardFrame(page));
  const paintedAt = (await frame.evaluate(paintedWhen(item))) as number;
  const overAt = await page.evaluate(
    (text) => (window as unknown as { overAt: Record<string, number> }).overAt[text],
    name,
  );
  if (overAt === undefined) throw new Error(`the page saw no hover on ${name}`);
  return paintedAt - (overAt + DELAY_MS);
}

export async function measureHoverLatency(extensionDir = '.output/chrome-mv3'): Promise<HoverFigures> {
  const data = benchDataset(LIST_LINKS);
  const user = data.users[0] as { email: string; password: string };
  const emulator = await startEmulator({ port: 0, data: data as never, autoLogin: false });
  const server = await serve({
    '/hover': linksPage(data.links, HOVERS + 1),
    '/list': linksPage(data.links, LIST_LINKS),
  });
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const profile = mkdtempSync(join(tmpdir(), 'sharelens-bench-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: ensureChromium(),
    headless: true,
    args: [...chromiumArgs(resolve(extensionDir)), '--remote-debugging-port=0'],
  });
  try {
    const worker = await serviceWorkerOf(context);
    const extensionId = new URL(worker.url()).host;
    await configureForEmulator(worker, emulator.url, CLIENT_ID, { hoverDelayMs: DELAY_MS });
    await signIn(context, extensionId, user.email, user.password);
    const heapIdleBytes = await workerHeap(profile, extensionId);

    const page = await context.newPage();
    await page.goto(`${origin}/hover`);
    const name = (i: number) => `Report ${i + 1}`;
    const item = (i: number) => data.drives[0]?.items[i]?.name as string;
    const firstHoverMs = await hoverOnce(page, name(0), item(0), undefined);
    const card = await cardFrame(page);
    const latencies: number[] = [];
    for (let i = 1; i <= HOVERS; i++) latencies.push(await hoverOnce(page, name(i), item(i), card));

    // The same Graph request the card's preview makes (the item and the link's permission in one `$batch`), for
    // links not hovered, from the extension's worker.
    const bodies = data.links.slice(100, 100 + HOVERS).map((link) =>
      JSON.stringify({
        requests: [
          {
            id: '1',
            method: 'GET',
            url: driveItemPath(link.url),
            headers: { Prefer: 'redeemSharingLinkIfNecessary' },
          },
          {
            id: '1p',
            method: 'GET',
            url: linkPermissionPath(link.url),
            headers: { Prefer: 'redeemSharingLinkIfNecessary' },
          },
        ],
      }),
    );
    const roundTrips = await worker.evaluate(
      async ({ batchUrl, bodies }) => {
        const session = (await chrome.storage.session.get('auth.session'))['auth.session'] as {
          accessToken: string;
        };
        const times: number[] = [];
        for (const body of bodies) {
          const start = performance.now();
          const response = await fetch(batchUrl, {
            method: 'POST',
            headers: { authorization: `Bearer ${session.accessToken}`, 'content-type': 'application/json' },
            body,
          });
          await response.json();
          times.push(performance.now() - start);
        }
        return times;
      },
      { batchUrl: `${emulator.url}/v1.0/$batch`, bodies },
    );

    const listPage = await context.newPage();
    await listPage.goto(`${origin}/list`);
    await listPage.bringToFront();
    const tabId = await worker.evaluate(
      async () => (await chrome.tabs.query({ active: true, lastFocusedWindow: true }))[0]?.id,
    );
    const popup = await context.newPage();
    await popup.goto(`chrome-extension://${extensionId}/popup.html?tabId=${tabId}`);
    await popup.getByRole('status').getByText(`${LIST_LINKS} share links`).waitFor({ timeout: 60_000 });
    await popup.getByText('Loading…').first().waitFor({ state: 'detached', timeout: 60_000 });
    await popup.close();
    const heapAfterBytes = await workerHeap(profile, extensionId);

    return {
      hovers: HOVERS,
      medianMs: round(median(latencies)),
      p95Ms: round(percentile(latencies, 95)),
      firstHoverMs: round(firstHoverMs),
      roundTripMedianMs: round(median(roundTrips)),
      roundTripP95Ms: round(percentile(roundTrips, 95)),
      heapIdleBytes,
      heapAfterBytes,
      resolvedLinks: LIST_LINKS,
    };
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
    server.close();
    await emulator.close();
  }
}
