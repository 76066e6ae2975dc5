/**
 * Firefox ESR with the built extension, driven by puppeteer-core over WebDriver BiDi. BiDi refuses to navigate a
 * tab to a moz-extension:// page and does not see the background page, but it scripts the extension's pages that
 * the extension opens itself, and the card's frame: so the tests reach the options page as a person does (the
 * card's Sign in), and from there have the extension open its other pages.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import puppeteer, { type Browser, type Frame, type Page } from 'puppeteer-core';
import { ensureFirefox } from '../../scripts/firefox';

/** The Firefox build; SHARELENS_FIREFOX_EXTENSION_DIR points elsewhere (a build of one's own). */
export const FIREFOX_EXTENSION_DIR = resolve(
  process.env.SHARELENS_FIREFOX_EXTENSION_DIR ?? '.output/firefox-mv2',
);

/** Polls `read` until `check` accepts its value; fails with the last value seen. */
export async function until<T>(
  read: () => Promise<T>,
  check: (value: T) => boolean,
  timeoutMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  for (;;) {
    last = await read().catch(() => last);
    if (last !== undefined && check(last)) return last;
    if (Date.now() > deadline) throw new Error(`Timed out; last seen: ${JSON.stringify(last)}`);
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
}

/** Where a page or frame really is: BiDi's `url()` can still say about:blank for extension documents. */
export const hrefOf = (target: Page | Frame): Promise<string> => target.evaluate(() => location.href);

/** The Firefox build's add-on id (wxt.config.ts, browser_specific_settings.gecko.id). */
export const ADDON_ID = 'sharelens@sharelens.dev';

export interface FirefoxSession {
  browser: Browser;
  addonId: string;
  /** The open tab whose address `match` accepts (robust to tabs the extension opens on its own, e.g. on install). */
  findPage(match: (href: string) => boolean, timeoutMs?: number): Promise<Page>;
  close(): Promise<void>;
}

export async function launchFirefox(): Promise<FirefoxSession> {
  const profile = mkdtempSync(join(tmpdir(), 'sharelens-firefox-'));
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: ensureFirefox(),
    headless: true,
    userDataDir: profile,
  });
  const close = async () => {
    await browser.close();
    rmSync(profile, { recursive: true, force: true });
  };
  try {
    const addonId = await browser.installExtension(FIREFOX_EXTENSION_DIR);
    if (addonId !== ADDON_ID) throw new Error(`Installed ${addonId}, expected ${ADDON_ID}`);
    return {
      browser,
      addonId,
      async findPage(match, timeoutMs = 10_000) {
        return until(
          async () => {
            for (const page of await browser.pages()) {
              if (match(await hrefOf(page).catch(() => ''))) return page;
            }
            return undefined;
          },
          (page) => page !== undefined,
          timeoutMs,
        ) as Promise<Page>;
      },
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}

/** The card's frame in `page` while it shows `url` (BiDi sees into it; the page's own scripts cannot). */
export async function cardFrame(page: Page, url: string): Promise<Frame> {
  const frame = await until(
    async () => {
      for (const frame of page.frames()) {
        const href = await hrefOf(frame).catch(() => '');
        if (href.includes('/card.html#') && decodeURIComponent(href).endsWith(url)) return frame;
      }
      return undefined;
    },
    (found) => found !== undefined,
  );
  return frame as Frame;
}

/** What the card says once it has its answer (not while it is still loading). */
export function cardText(frame: Frame): Promise<string> {
  return until(
    () =>
      frame.evaluate(() => {
        const main = document.querySelector('main');
        return main && main.getAttribute('aria-busy') !== 'true' ? main.innerText : '';
      }),
    (text) => text !== '',
  );
}

/** Clicks the button a person would, found by its accessible name (aria-label, else its text). */
export async function clickButton(target: Page | Frame, name: string): Promise<void> {
  const button = await until(
    async () => {
      for (const each of await target.$$('button')) {
        const label = await each.evaluate((b) => b.getAttribute('aria-label') ?? b.textContent?.trim() ?? '');
        if (label === name) return each;
      }
      return undefined;
    },
    (found) => found !== undefined,
  );
  await button?.click();
}

/** Runs `source` (an async function body, `browser` in scope) in an extension page and returns its result. */
export async function runInExtension<T>(extensionPage: Page, source: string): Promise<T> {
  // A page the extension just opened can still be between documents: wait for the extension's API.
  await until(
    () => extensionPage.evaluate('typeof browser'),
    (type) => type === 'object',
  );
  return extensionPage.evaluate(`(async () => { ${source} })()`) as Promise<T>;
}
