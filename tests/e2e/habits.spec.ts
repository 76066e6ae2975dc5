import type { Page, Worker } from '@playwright/test';
import {
  cardFrame,
  cardIsOpen,
  clearPreviewCache,
  configure,
  expect,
  expectCardClosed,
  hoverOpens,
  itemOf,
  link,
  tabIdOf,
  test,
} from './fixtures';
import { linksPage } from './page-server';

/**
 * Habits people expect from hover previews: a keyboard shortcut that switches previews off and on for the
 * current site, cards only while a chosen key is held, and a card pinned until it is closed.
 */
test.describe('hover habits', () => {
  test.beforeEach(async ({ signedIn, emulator, serviceWorker }) => {
    void signedIn;
    await configure(serviceWorker, emulator.url);
    await emulator.reset();
    await clearPreviewCache(serviceWorker);
  });
  test.afterEach(async ({ serviceWorker, emulator }) => {
    await configure(serviceWorker, emulator.url);
  });

  const wiki = linksPage('Team wiki', [
    { href: link('file'), text: 'Budget' },
    { href: link('folder'), text: 'Reports' },
  ]);

  /** The shortcut, as the browser fires it: `commands.onCommand` with the active tab. */
  async function pressShortcut(serviceWorker: Worker, page: Page) {
    const tabId = await tabIdOf(serviceWorker, page);
    await serviceWorker.evaluate(async (tabId) => {
      const tab = await chrome.tabs.get(tabId);
      (chrome.commands.onCommand as unknown as { dispatch(command: string, tab: unknown): void }).dispatch(
        'toggle-site-previews',
        tab,
      );
    }, tabId);
  }

  const disabledSites = (serviceWorker: Worker) =>
    serviceWorker.evaluate(
      async () =>
        ((await chrome.storage.local.get('settings')).settings as { disabledSites: string[] }).disabledSites,
    );

  test('the extension declares the shortcut, and the browser gives it Alt+Shift+O', async ({
    serviceWorker,
  }) => {
    // The manifest as the browser read it: the description comes from the catalogue (`__MSG_…__`).
    const declared = await serviceWorker.evaluate(() => chrome.runtime.getManifest().commands);
    expect(declared).toEqual({
      'toggle-site-previews': {
        suggested_key: { default: 'Alt+Shift+O' },
        description: 'Switch hover previews off or on for this site',
      },
    });
    // No browser shortcut took it: the browser assigned the suggested key, with its description in words.
    const commands = await serviceWorker.evaluate(() => chrome.commands.getAll());
    expect(commands).toContainEqual(
      expect.objectContaining({
        name: 'toggle-site-previews',
        shortcut: 'Alt+Shift+O',
        description: 'Switch hover previews off or on for this site',
      }),
    );
  });

  test('the shortcut switches previews off for the open page at once, and on again', async ({
    page,
    pages,
    serviceWorker,
    emulator,
  }) => {
    const url = pages.add('/shortcut', wiki);
    const { host } = new URL(url);
    await page.goto(url);
    expect(await hoverOpens(page, 'Budget', 3_000)).toBe(true);

    await pressShortcut(serviceWorker, page);
    await expect.poll(() => disabledSites(serviceWorker)).toEqual([host]);
    await emulator.reset();
    // The same page, not reloaded: no card, nothing asked of Graph.
    expect(await hoverOpens(page, 'Reports', 1_500)).toBe(false);
    expect(await emulator.graphRequests()).toEqual([]);

    await pressShortcut(serviceWorker, page);
    await expect.poll(() => disabledSites(serviceWorker)).toEqual([]);
    expect(await hoverOpens(page, 'Reports', 3_000)).toBe(true);
  });

  test('with a hover key chosen, a card opens only while it is held', async ({
    page,
    pages,
    emulator,
    extContext,
    extensionId,
  }) => {
    // Chosen in the options page, as a person would.
    const options = await extContext.newPage();
    await options.goto(`chrome-extension://${extensionId}/options.html`);
    await options.getByLabel('Open cards only while this key is held').selectOption({ label: 'Ctrl' });
    await options.getByRole('button', { name: 'Save' }).click();
    await expect(options.getByText('Settings saved.')).toBeVisible();
    await options.close();

    await page.goto(pages.add('/modifier', wiki));
    expect(await hoverOpens(page, 'Budget', 1_500)).toBe(false);
    expect(await emulator.graphRequests()).toEqual([]);

    // Pressing the key while resting on the link opens its card.
    await page.getByRole('link', { name: 'Budget' }).hover();
    await page.keyboard.down('Control');
    const card = await cardFrame(page);
    await expect(card.getByRole('heading', { name: itemOf('file').name })).toBeVisible();
    await page.keyboard.up('Control');
    await page.keyboard.press('Escape');
    await expectCardClosed(page);

    // Held as the pointer arrives: opens too.
    await page.mouse.move(0, 0);
    await page.keyboard.down('Control');
    await page.getByRole('link', { name: 'Reports' }).hover();
    await expect(card.getByRole('heading', { name: itemOf('folder').name })).toBeVisible();
    await page.keyboard.up('Control');
  });

  test('a pinned card stays when the pointer leaves and another link is hovered, until closed', async ({
    page,
    pages,
    emulator,
  }) => {
    // The second link far enough below the first that the card, opened below the first, does not cover it.
    const spaced = linksPage(
      'Team wiki',
      [{ href: link('file'), text: 'Budget' }],
      `
      <p style="margin-top: 420px">Also: <a href="${link('folder')}">Reports</a></p>`,
    );
    await page.goto(pages.add('/pin', spaced));
    await page.getByRole('link', { name: 'Budget' }).hover();
    const card = await cardFrame(page);
    const budget = card.getByRole('heading', { name: itemOf('file').name });
    await expect(budget).toBeVisible();
    const pin = card.getByRole('button', { name: 'Pin card' });
    await expect(pin).toHaveAttribute('aria-pressed', 'false');
    // Not pinned, it has no Close button: leaving closes it.
    await expect(card.getByRole('button', { name: 'Close card' })).toHaveCount(0);
    await pin.click();
    await expect(pin).toHaveAttribute('aria-pressed', 'true');

    // Away, onto another link, a click beside it: the pinned card stays, showing the first link, and the
    // other link asks nothing.
    await emulator.reset();
    await page.mouse.move(0, 0);
    await page.getByRole('link', { name: 'Reports' }).hover();
    await page.waitForTimeout(1_200);
    await page.mouse.click(5, 5);
    expect(await cardIsOpen(page)).toBe(true);
    await expect(budget).toBeVisible();
    expect(await emulator.graphRequests()).toEqual([]);

    // Its Close button closes it; the next hover opens a card that is not pinned.
    await card.getByRole('button', { name: 'Close card' }).click();
    await expectCardClosed(page);
    await page.getByRole('link', { name: 'Reports' }).hover();
    await expect(card.getByRole('heading', { name: itemOf('folder').name })).toBeVisible();
    await expect(pin).toHaveAttribute('aria-pressed', 'false');

    // Pinned again, Esc closes it as well.
    await pin.click();
    await page.mouse.move(0, 0);
    await page.waitForTimeout(600);
    expect(await cardIsOpen(page)).toBe(true);
    await page.keyboard.press('Escape');
    await expectCardClosed(page);
  });

  test('a page cannot hand the card a channel of its own, even holding its frame', async ({
    page,
    pages,
  }) => {
    await page.goto(
      pages.add('/hostile-connect', linksPage('Hostile', [{ href: link('file'), text: 'Budget' }])),
    );
    await page.getByRole('link', { name: 'Budget' }).hover();
    const card = await cardFrame(page);
    await expect(card.getByRole('heading', { name: itemOf('file').name })).toBeVisible();
    // The frame sits in a closed shadow root: the page's window.frames does not list it.
    expect(await page.evaluate(() => window.frames.length)).toBe(0);
    // Suppose it got the frame anyway: it offers the card a channel as the content script does, again and
    // again, with and without a guessed key. Whatever the card then sent (its height, "pin", "close") would
    // land in `heard`.
    const frameElement = await card.frameElement();
    await page.evaluate((iframe) => {
      const heard: unknown[] = [];
      (window as unknown as { heard: unknown[] }).heard = heard;
      setInterval(() => {
        for (const key of [undefined, '0', '']) {
          const channel = new MessageChannel();
          channel.port1.onmessage = (event) => heard.push(event.data);
          (iframe as HTMLIFrameElement).contentWindow?.postMessage({ sharelens: 'connect', key }, '*', [
            channel.port2,
          ]);
        }
      }, 50);
    }, frameElement);
    await page.waitForTimeout(300);
    const pin = card.getByRole('button', { name: 'Pin card' });
    await pin.click();
    await expect(pin).toHaveAttribute('aria-pressed', 'true');
    // The pin reached the content script: leaving does not close the card.
    await page.mouse.move(0, 0);
    await page.waitForTimeout(800);
    expect(await cardIsOpen(page)).toBe(true);
    expect(await page.evaluate(() => (window as unknown as { heard: unknown[] }).heard)).toEqual([]);
  });
});
