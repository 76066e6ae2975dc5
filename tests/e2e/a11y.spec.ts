import type { Page } from '@playwright/test';
import { encodeSharingUrl } from '../../lib';
import { expectAccessible } from './accessibility';
import {
  allowIfAsked,
  cardFrame,
  clearPreviewCache,
  configure,
  expect,
  expectCardClosed,
  hoverUntilCard,
  itemOf,
  link,
  tabIdOf,
  test,
} from './fixtures';
import { linksPage } from './page-server';

/**
 * Accessibility of every surface (issue 13): each card state, the popup's list, filter, empty page and share
 * panel, and the options page, in light and dark (tests/e2e/accessibility.ts); and what a person with a keyboard
 * or a screen reader meets that axe does not see.
 */

const wiki = (labels: string[]) =>
  linksPage(
    'Team wiki',
    labels.map((label) => ({ href: link(label), text: `Link to ${label}` })),
  );

/** The Graph request for `label`'s link (alone or as a part of a `$batch`). */
const sharesPath = (label: string) => `/v1.0/shares/${encodeSharingUrl(link(label))}/`;

/** Hovers `label`'s link on a page of its own and returns the card once `shows` is visible in it. */
async function hoverCard(page: Page, pages: { add(path: string, html: string): string }, label: string) {
  await page.goto(pages.add(`/a11y-${label}-${Date.now()}`, wiki([label])));
  return hoverUntilCard(page, page.getByRole('link', { name: `Link to ${label}` }));
}

test.describe('accessibility', () => {
  // First, before any test of this worker signs in.
  test('the signed-out card', async ({ page, pages, emulator, serviceWorker }) => {
    await configure(serviceWorker, emulator.url);
    const card = await hoverCard(page, pages, 'file');
    await expect(card.getByText('Sign in to preview this link')).toBeVisible();
    await expectAccessible(card, 'signed-out card');
  });

  test.describe('signed in', () => {
    test.beforeEach(async ({ signedIn, emulator, serviceWorker }) => {
      void signedIn;
      await emulator.reset();
      await clearPreviewCache(serviceWorker);
    });

    test('the card while it loads, for a file and for a folder', async ({ page, pages, emulator }) => {
      test.slow(); // three states, each checked in light and dark
      // Another link than the next one: the slow request stays in flight, and a new hover would join it.
      await emulator.fault({ match: { path: sharesPath('odb-file') }, delayMs: 15_000 });
      let card = await hoverCard(page, pages, 'odb-file');
      await expect(card.getByText('Loading preview…')).toBeVisible();
      await expectAccessible(card, 'loading card');

      await page.mouse.move(700, 500);
      await expectCardClosed(page);
      card = await hoverCard(page, pages, 'file');
      await expect(card.getByRole('heading', { name: itemOf('file').name })).toBeVisible();
      await expect(card.getByRole('img', { name: /^Preview of/ })).toBeVisible();
      await expectAccessible(card, 'file card');

      card = await hoverCard(page, pages, 'folder');
      await expect(card.getByRole('list', { name: 'In this folder' })).toBeVisible();
      await expectAccessible(card, 'folder card');
    });

    test('the card when there is no access, nothing there, or an unreadable link', async ({
      page,
      pages,
      emulator,
      serviceWorker,
    }) => {
      test.slow(); // three states, each checked in light and dark
      let card = await hoverCard(page, pages, 'no-access');
      await expect(card.getByText('No access')).toBeVisible();
      await expectAccessible(card, 'no-access card');

      await emulator.fault({
        match: { path: sharesPath('file') },
        status: 404,
        body: { error: { code: 'itemNotFound', message: 'The resource could not be found.' } },
      });
      card = await hoverCard(page, pages, 'file');
      await expect(card.getByText('Not found', { exact: true })).toBeVisible();
      await expectAccessible(card, 'not-found card');

      await clearPreviewCache(serviceWorker);
      for (const url of [link('folder'), link('folder').split('?')[0] as string]) {
        await emulator.fault({
          match: { path: `/v1.0/shares/${encodeSharingUrl(url)}/` },
          status: 400,
          body: { error: { code: 'invalidRequest', message: 'Invalid shares key.' } },
        });
      }
      card = await hoverCard(page, pages, 'folder');
      await expect(card.getByText("Can't preview this link")).toBeVisible();
      await expectAccessible(card, 'unreadable-link card');
    });

    test('the card when Graph fails, with Try again', async ({ page, pages, emulator }) => {
      await emulator.fault({
        match: { path: sharesPath('file') },
        status: 500,
        count: 20,
        body: { error: { code: 'generalException', message: 'Something broke.' } },
      });
      const card = await hoverCard(page, pages, 'file');
      await expect(card.getByRole('button', { name: 'Try again' })).toBeVisible({ timeout: 20_000 });
      await expectAccessible(card, 'error card');
    });

    test('a busy card is announced once, not at every tick of its countdown', async ({
      page,
      pages,
      emulator,
    }) => {
      await emulator.fault({ match: { path: sharesPath('file') }, status: 429, retryAfter: 8 });
      const card = await hoverCard(page, pages, 'file');
      const status = card.getByRole('status');
      await expect(status).toContainText('Microsoft 365 is busy');
      // The screen reader's view of the live region: one sentence with the wait, as it was when it appeared.
      await expect(status).toContainText(/Next attempt in \d seconds/);
      const heard = await status.ariaSnapshot();
      const countdown = card.getByText(/Trying again in \d s/);
      const shown = await countdown.textContent();
      await expect(countdown).not.toHaveText(shown ?? '', { timeout: 3_000 });
      // The visible countdown ticks; what the live region says has not changed, so nothing is announced again.
      expect(await status.ariaSnapshot()).toBe(heard);
      await expectAccessible(card, 'busy card');
    });

    test('Tab from the last control or Shift+Tab from the first goes back to the link and closes the card', async ({
      page,
      pages,
    }) => {
      await page.goto(pages.add('/a11y-tab-out', wiki(['file', 'folder'])));
      await page.getByRole('heading', { name: 'Team wiki' }).click();
      await page.keyboard.press('Tab'); // the file link
      const fileLink = page.getByRole('link', { name: 'Link to file' });
      await expect(fileLink).toBeFocused();
      const card = await cardFrame(page);
      const name = itemOf('file').name;
      await expect(card.getByRole('button', { name: 'Share…' })).toBeVisible();

      // Into the card: the item's name (a link), its Share button, then Pin card, the last control; Tab leaves.
      await page.keyboard.press('Tab');
      await expect(card.getByRole('link', { name })).toBeFocused();
      await page.keyboard.press('Tab');
      await expect(card.getByRole('button', { name: 'Share…' })).toBeFocused();
      await page.keyboard.press('Tab');
      await expect(card.getByRole('button', { name: 'Pin card' })).toBeFocused();
      await page.keyboard.press('Tab');
      await expectCardClosed(page);
      await expect(fileLink).toBeFocused();

      // Again, and out backwards from the first control.
      await page.keyboard.press('Shift+Tab');
      await page.keyboard.press('Tab');
      await expect(fileLink).toBeFocused();
      await expect(card.getByRole('heading', { name })).toBeVisible();
      await expect
        .poll(() => page.locator('sharelens-card').evaluate((host) => getComputedStyle(host).display))
        .toBe('block');
      await page.keyboard.press('Tab');
      await expect(card.getByRole('link', { name })).toBeFocused();
      await page.keyboard.press('Shift+Tab');
      await expectCardClosed(page);
      await expect(fileLink).toBeFocused();
    });

    test('a page can neither reach the card to hear it nor close it in its name', async ({ page, pages }) => {
      await page.goto(pages.add('/a11y-hostile', wiki(['file', 'folder'])));
      await page.getByRole('link', { name: 'Link to folder' }).hover();
      const card = await cardFrame(page);
      await expect(card.getByRole('heading', { name: itemOf('folder').name })).toBeVisible();
      // A hostile page looks for the card's window, to offer it a channel of its own as the content script does,
      // and posts what a card would say when it closes.
      const reached = await page.evaluate(() => {
        window.postMessage({ type: 'close' }, '*');
        window.postMessage({ sharelens: 'connect' }, '*', [new MessageChannel().port2]);
        return window.frames.length;
      });
      expect(reached).toBe(0);
      await page.waitForTimeout(500);
      // The card closes when the card says so over its private channel only: it is still open.
      await expect(card.getByRole('heading', { name: itemOf('folder').name })).toBeVisible();
      expect(await page.locator('sharelens-card').evaluate((host) => getComputedStyle(host).display)).toBe(
        'block',
      );
    });

    test('the popup: its list, a filter, a filter that matches nothing, a page without links', async ({
      page,
      pages,
      extContext,
      extensionId,
      serviceWorker,
    }) => {
      test.slow(); // four surfaces, each checked in light and dark
      await page.goto(pages.add('/a11y-popup', wiki(['file', 'folder', 'no-access'])));
      const tabId = await tabIdOf(serviceWorker, page);
      const popup = await extContext.newPage();
      await popup.goto(`chrome-extension://${extensionId}/popup.html?tabId=${tabId}`);
      await expect(popup.getByRole('status').getByText('3 share links')).toBeVisible({ timeout: 15_000 });
      const list = popup.getByRole('list', { name: 'Share links on this page' });
      await expect(list.getByText('Loading…')).toHaveCount(0);
      await expectAccessible(popup, 'popup list');

      // A row is read with its details: no aria-label stands in for them.
      const file = itemOf('file');
      const row = list.getByRole('listitem').filter({ hasText: file.name });
      await expect(row).not.toHaveAttribute('aria-label');
      const read = await row.ariaSnapshot();
      expect(read).toContain(file.name);
      expect(read).toContain('Excel workbook');
      expect(read).toContain(file.ownerName);
      await expect(row.getByRole('button', { name: `Copy link to ${file.name}` })).toBeVisible();

      const filter = popup.getByRole('searchbox', { name: 'Filter links' });
      await filter.fill(file.name.slice(0, 6));
      await expect(list.getByRole('listitem')).toHaveCount(1);
      await expectAccessible(popup, 'filtered popup');
      await filter.fill('nothing-is-called-this');
      await expect(list).toHaveCount(0);
      await expectAccessible(popup, 'popup, filter without a match');
      await popup.close();

      await page.goto(pages.add('/a11y-no-links', linksPage('Nothing here', [])));
      const emptyTab = await tabIdOf(serviceWorker, page);
      const empty = await extContext.newPage();
      await empty.goto(`chrome-extension://${extensionId}/popup.html?tabId=${emptyTab}`);
      await expect(empty.getByText('No share links on this page')).toBeVisible();
      await expectAccessible(empty, 'popup on a page without links');
      await empty.close();
    });

    test("the popup's share panel", async ({ page, pages, extContext, extensionId, serviceWorker }) => {
      await page.goto(pages.add('/a11y-share', wiki(['file'])));
      const tabId = await tabIdOf(serviceWorker, page);
      const popup = await extContext.newPage();
      await popup.goto(`chrome-extension://${extensionId}/popup.html?tabId=${tabId}`);
      const name = itemOf('file').name;
      await popup.getByRole('button', { name: `Share ${name}` }).click();
      await expect(popup.getByRole('heading', { name: `Share “${name}”` })).toBeVisible();
      await allowIfAsked(
        extContext,
        popup.getByRole('button', { name: 'Allow sharing' }),
        popup.getByRole('list', { name: 'Who has access' }),
      );
      await expectAccessible(popup, 'share panel');
      await popup.close();
    });

    test("Exchange's share panel, and the options page with Exchange and a ContentStore server being added", async ({
      extContext,
      extensionId,
      serviceWorker,
    }) => {
      test.slow(); // two surfaces, each checked in light and dark
      const exchange = (mode: string) =>
        serviceWorker.evaluate(async (mode) => {
          const { settings } = (await chrome.storage.local.get('settings')) as {
            settings: { providers: Record<string, unknown> };
          };
          settings.providers.exchange = {
            mode,
            ewsUrl: '',
            serverVersion: 'Exchange2010',
            auth: 'oauth',
            username: '',
          };
          await chrome.storage.local.set({ settings });
        }, mode);
      await exchange('microsoft365');
      try {
        const popup = await extContext.newPage();
        await popup.goto(`chrome-extension://${extensionId}/popup.html`);
        await popup.getByRole('button', { name: 'Share calendar or contacts' }).click();
        await expect(popup.getByRole('heading', { name: 'Share calendar or contacts' })).toBeVisible();
        await expectAccessible(popup, 'Exchange share panel');
        await popup.close();

        const options = await extContext.newPage();
        await options.goto(`chrome-extension://${extensionId}/options.html`);
        await options.getByRole('button', { name: 'Add server' }).click();
        await expect(options.getByRole('group', { name: 'Add server' })).toBeVisible();
        await expectAccessible(options, 'options page, Exchange on and a server being added');
        await options.close();
      } finally {
        await exchange('off');
      }
    });

    test('the options page, and a failed save takes focus to the first field to fix', async ({
      extContext,
      extensionId,
    }) => {
      const options = await extContext.newPage();
      await options.goto(`chrome-extension://${extensionId}/options.html`);
      await expect(options.getByRole('button', { name: 'Sign out' })).toBeVisible();
      await expectAccessible(options, 'options page');

      const authority = options.getByLabel('Sign-in authority');
      await authority.fill('not an address');
      await options.getByLabel('Hover delay (milliseconds)').fill('5');
      await options.getByRole('button', { name: 'Save' }).click();
      await expect(options.getByRole('status').filter({ hasText: 'need fixing' })).toHaveText(
        '2 fields need fixing: Sign-in authority, Hover delay (milliseconds).',
      );
      await expect(authority).toBeFocused();
      await expect(authority).toHaveAttribute('aria-invalid', 'true');
      await expectAccessible(options, 'options page with errors');
      await options.close();
    });

    test('the first-run setup page, and the same with a field to fix', async ({
      extContext,
      extensionId,
    }) => {
      const setup = await extContext.newPage();
      await setup.goto(`chrome-extension://${extensionId}/setup.html`);
      await expect(setup.getByRole('heading', { name: 'Set up ShareLens', level: 1 })).toBeVisible();
      await expectAccessible(setup, 'setup page');
      await setup.getByLabel('Client ID').fill('');
      await setup.getByRole('button', { name: 'Save and sign in' }).click();
      await expect(setup.getByLabel('Client ID')).toBeFocused();
      await expectAccessible(setup, 'setup page with errors');
      await setup.close();
    });
  });
});
