/**
 * The Firefox build, run for real in Firefox ESR (tests/firefox/firefox.ts): sign in against the emulator, hover a
 * file and a folder link and read the card, the popup's list, Redeem, and that the page cannot read the card.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { startEmulator } from '../../emulator/server';
import { DEFAULT_SETTINGS, type Settings } from '../../lib/settings';
import { CLIENT_ID, DATASET_PATH, itemOf, link, megan } from '../e2e/fixtures';
import { linksPage, type PageServer, startPageServer } from '../e2e/page-server';
import {
  ADDON_ID,
  cardFrame,
  cardText,
  clickButton,
  type FirefoxSession,
  launchFirefox,
  runInExtension,
  until,
} from './firefox';

let firefox: FirefoxSession;
let emulator: Awaited<ReturnType<typeof startEmulator>>;
let pages: PageServer;
/** The web page with the links. */
let page: Page;
/** The setup page, opened by the extension on install: an extension page the tests can script. */
let options: Page;

const textOf = (extensionPage: Page) => extensionPage.evaluate(() => document.body.innerText);

const wiki = (labels: string[]) =>
  linksPage(
    'Team wiki',
    labels.map((label) => ({ href: link(label), text: `Link to ${label}` })),
  );

/**
 * Points at the link until its card is up: the content script starts at document idle, so a pointer that arrives
 * before it has nothing to open yet (a person would move it again).
 */
async function hover(label: string): Promise<void> {
  // In front, as the page a person points at (the options page opened over it while signing in).
  await page.bringToFront();
  const anchor = await page.waitForSelector(`a[href="${link(label)}"]`);
  await until(
    async () => {
      await page.mouse.move(0, 0);
      await anchor?.hover();
      return page
        .waitForFunction(
          () => {
            const host = document.querySelector('sharelens-card');
            return host !== null && getComputedStyle(host).display !== 'none';
          },
          { timeout: 3_000 },
        )
        .then(() => true);
    },
    (open) => open,
    20_000,
  );
}

/** The emulator's request log. */
async function emulatorRequests(): Promise<Array<{ path: string; headers: Record<string, string> }>> {
  const response = await fetch(`${emulator.url}/_emulator/requests`);
  return ((await response.json()) as { requests: [] }).requests;
}

/** The popup for the tab showing `url`, in a tab the extension opens itself. */
async function popupFor(url: string): Promise<Page> {
  const popupUrl = await runInExtension<string>(
    options,
    // Without the "tabs" permission Firefox neither shows tab addresses nor filters by them, so each tab is
    // asked where it is (host access allows that on web pages; the others refuse).
    `let tabId;
     for (const tab of await browser.tabs.query({})) {
       const answers = await browser.scripting
         .executeScript({ target: { tabId: tab.id }, func: () => location.href })
         .catch(() => []);
       if (answers[0]?.result === ${JSON.stringify(url)}) tabId = tab.id;
     }
     const popup = browser.runtime.getURL('/popup.html?tabId=' + tabId);
     await browser.tabs.create({ url: popup, active: false });
     return popup;`,
  );
  return firefox.findPage((href) => href === popupUrl);
}

/**
 * Firefox's redirect URI for launchWebAuthFlow: the SHA-1 of the add-on id under extensions.allizom.org
 * (identity.getRedirectURL()). The emulator knows the app only with this URI, as an Entra app registration would.
 */
const REDIRECT_URI = `https://${createHash('sha1').update(ADDON_ID).digest('hex')}.extensions.allizom.org/`;

beforeAll(async () => {
  const dataset = JSON.parse(readFileSync(DATASET_PATH, 'utf8'));
  emulator = await startEmulator({
    port: 0,
    data: { ...dataset, apps: [{ clientId: CLIENT_ID, redirectUris: [REDIRECT_URI], spa: true }] },
    autoLogin: false,
  });
  pages = await startPageServer();
  firefox = await launchFirefox();
  page = await firefox.browser.newPage();
});

afterAll(async () => {
  await firefox?.close();
  await pages?.close();
  await emulator?.close();
});

describe('Firefox', () => {
  test('installing opens the setup page; until it is done the card leads there; it signs in against the emulator', async () => {
    // The tab the extension opened on install, as a new user finds it.
    options = await firefox.findPage((href) => href.endsWith('/setup.html'));
    await until(
      () => textOf(options),
      (text) => text.includes(REDIRECT_URI),
    );
    expect(await runInExtension(options, 'return browser.identity.getRedirectURL();')).toBe(REDIRECT_URI);

    // Without a Client ID the card says what to do, and its Open setup opens the setup page (through the
    // background: Firefox gives the card's frame no tabs API).
    await page.goto(pages.add('/not-set-up', wiki(['file'])));
    await hover('file');
    const card = await cardFrame(page, link('file'));
    expect(await cardText(card)).toContain('Connect ShareLens first');
    const setupTabs = () =>
      runInExtension<number>(
        options,
        `return (await browser.tabs.query({ url: browser.runtime.getURL('/setup.html') })).length;`,
      );
    const before = await setupTabs();
    // BiDi's pointer does not reach into the card's frame (another process, inside a closed shadow root), so the
    // button is pressed from within the card; what is under test is what the extension does next.
    await card.evaluate(() =>
      [...document.querySelectorAll('button')]
        .find((button) => button.textContent?.trim() === 'Open setup')
        ?.click(),
    );
    await until(setupTabs, (count) => count === before + 1);

    // Pointed at the emulator (storage is the API here: BiDi typing into extension pages is unreliable), then
    // the setup page's own Save and sign in.
    const settings: Settings = {
      ...DEFAULT_SETTINGS,
      providers: {
        ...DEFAULT_SETTINGS.providers,
        graph: {
          clientId: CLIENT_ID,
          authority: `${emulator.url}/common`,
          graphEndpoint: `${emulator.url}/v1.0`,
        },
      },
    };
    await runInExtension(
      options,
      `await browser.storage.local.set({ settings: ${JSON.stringify(settings)} });`,
    );
    // Loaded again from within: BiDi does not follow navigations of extension pages, so page.reload() never ends.
    await options.evaluate(() => location.reload()).catch(() => undefined);
    await until(
      () =>
        options.evaluate(
          () => (document.getElementById('providers.graph.clientId') as HTMLInputElement | null)?.value ?? '',
        ),
      (value) => value === CLIENT_ID,
    );
    const authWindow = firefox.browser.waitForTarget((target) =>
      target.url().includes('/oauth2/v2.0/authorize'),
    );
    await clickButton(options, 'Save and sign in');
    const login = await (await authWindow).page();
    if (!login) throw new Error('The sign-in window has no page');
    await login.waitForSelector('#email');
    await login.type('#email', megan.email);
    await login.type('#password', megan.password);
    await login.click('button[type=submit]');
    await until(
      () => textOf(options),
      (text) => text.includes('ShareLens is connected'),
    );
  });

  describe('signed in', () => {
    beforeEach(async () => {
      if (!options) throw new Error('Setting up failed (the first test)');
      await fetch(`${emulator.url}/_emulator/reset`, { method: 'POST' });
    });

    test('hovering a file link shows what is behind it', async () => {
      const item = itemOf('file');
      await page.goto(pages.add('/file', wiki(['file'])));
      await hover('file');
      const text = await cardText(await cardFrame(page, link('file')));
      expect(text).toContain(item.name);
      expect(text).toContain('Excel workbook');
      expect(text).toContain(item.ownerName);
      expect(text).toContain('People in your organization with the link can view');
    });

    test('hovering a folder link shows its size and first children', async () => {
      const folder = itemOf('folder');
      const children = folder.children ?? [];
      await page.goto(pages.add('/folder', wiki(['folder'])));
      await hover('folder');
      const text = await cardText(await cardFrame(page, link('folder')));
      expect(text).toContain(folder.name);
      expect(text).toContain(`${children.length} items`);
      expect(text).toContain(children[0]?.name ?? '');
      expect(text).toContain(`and ${children.length - 5} more`);
    });

    test("the card's Share… opens the share panel for that item in a window of its own", async () => {
      const name = itemOf('bulk-4').name;
      await page.goto(pages.add('/card-share', wiki(['bulk-4'])));
      await hover('bulk-4');
      const card = await cardFrame(page, link('bulk-4'));
      expect(await cardText(card)).toContain(name);
      // Pressed from within the card, as Sign in above.
      await card.evaluate(() =>
        [...document.querySelectorAll('button')]
          .find((button) => button.textContent?.trim() === 'Share…')
          ?.click(),
      );
      const panel = await firefox.findPage((href) => href.includes('/popup.html?share='));
      await until(
        () => textOf(panel),
        (text) => text.includes(`Share “${name}”`),
      );
      await panel.close();
    });

    test('the page cannot read the card', async () => {
      const item = itemOf('file');
      await page.goto(pages.add('/spy', wiki(['file'])));
      await hover('file');
      expect(await cardText(await cardFrame(page, link('file')))).toContain(item.name);
      const seen = await page.evaluate(() => {
        const found: string[] = [document.documentElement.textContent ?? ''];
        const host = document.querySelector('sharelens-card');
        found.push(`host:${host !== null}`);
        found.push(`shadow:${host?.shadowRoot === null ? 'closed' : 'open'}`);
        found.push(`iframes:${document.querySelectorAll('iframe').length}`);
        for (let i = 0; i < window.frames.length; i++) {
          try {
            found.push(String(window.frames[i]?.document.body.textContent));
          } catch {
            found.push('(blocked)');
          }
        }
        return found.join('\n');
      });
      expect(seen).not.toContain(item.name);
      expect(seen).not.toContain(item.ownerName);
      expect(seen).toContain('host:true');
      expect(seen).toContain('shadow:closed');
      expect(seen).toContain('iframes:0');
      // Any frame the page can count (Firefox counts none inside a shadow root) is another origin's.
      expect(seen).not.toMatch(/Excel workbook|Modified/);
    });

    test("the popup lists the page's share links", async () => {
      const labels = ['file', 'folder', 'must-redeem'];
      const url = pages.add('/list', wiki(labels));
      await page.goto(url);
      const popup = await popupFor(url);
      const text = await until(
        () => textOf(popup),
        (seen) => seen.includes('3 share links') && !seen.includes('Loading…'),
      );
      for (const label of labels) expect(text).toContain(itemOf(label).name);
      expect(await popup.$$eval('ul li', (rows) => rows.length)).toBe(3);
      await popup.close();
    });

    test('Redeem in the popup gives lasting access and says so', async () => {
      const url = pages.add('/redeem', wiki(['must-redeem']));
      await page.goto(url);
      const popup = await popupFor(url);
      const name = itemOf('must-redeem').name;
      await clickButton(popup, `Redeem ${name}`);
      await until(
        () => textOf(popup),
        (text) => text.includes(`Added '${name}' to your shared items`),
      );
      const redeemed = (await emulatorRequests()).filter(
        (each) => each.headers.prefer === 'redeemSharingLink',
      );
      expect(redeemed).toHaveLength(1);
      await popup.close();
    });

    test('signed out, the card offers Sign in, which opens the options page', async () => {
      await runInExtension(
        options,
        `await browser.runtime.sendMessage({ type: 'auth/sign-out', provider: 'graph' });`,
      );
      await page.goto(pages.add('/signed-out', wiki(['file'])));
      await hover('file');
      const card = await cardFrame(page, link('file'));
      expect(await cardText(card)).toContain('Sign in to preview this link');
      // Pressed from within the card, as above; the background opens the options page (Firefox gives the card's
      // frame no runtime.openOptionsPage).
      await card.evaluate(() =>
        [...document.querySelectorAll('button')]
          .find((button) => button.textContent?.trim() === 'Sign in')
          ?.click(),
      );
      const optionsPage = await firefox.findPage((href) => href.endsWith('/options.html'));
      await until(
        () => textOf(optionsPage),
        (text) => text.includes('Sign in'),
      );
    });
  });
});
