import type { BrowserContext, Page, Worker } from '@playwright/test';
import { encodeSharingUrl } from '../../lib';
import { clearPreviewCache, dataset, expect, itemOf, link, tabIdOf, test } from './fixtures';
import { linksPage } from './page-server';

const bulk = (count: number) =>
  dataset.links
    .filter((each) => each.label?.startsWith('bulk-'))
    .slice(0, count)
    .map((each, i) => ({ href: each.url, text: `Report ${i + 1}`, label: each.label as string }));

async function openPopup(context: BrowserContext, extensionId: string, tabId: number): Promise<Page> {
  const popup = await context.newPage();
  await popup.goto(`chrome-extension://${extensionId}/popup.html?tabId=${tabId}`);
  return popup;
}

const batches = (requests: Array<{ method: string; path: string }>) =>
  requests.filter((each) => each.method === 'POST' && each.path === '/v1.0/$batch');

async function accessToken(worker: Worker): Promise<string> {
  return worker.evaluate(async () => {
    const session = (await chrome.storage.session.get('auth.session'))['auth.session'] as {
      accessToken: string;
    };
    return session.accessToken;
  });
}

/** A Graph request with no Prefer header: it only works once the link was redeemed for good. */
async function plainRequest(emulatorUrl: string, token: string, url: string): Promise<number> {
  const response = await fetch(`${emulatorUrl}/v1.0/shares/${encodeSharingUrl(url)}/driveItem`, {
    headers: { authorization: `Bearer ${token}` },
  });
  return response.status;
}

test.describe('popup', () => {
  test.beforeEach(async ({ signedIn, emulator, serviceWorker }) => {
    void signedIn;
    await emulator.reset();
    await clearPreviewCache(serviceWorker);
  });

  test('lists all 45 links of a page after 3 batch requests, and none when reopened', async ({
    page,
    pages,
    emulator,
    extContext,
    extensionId,
    serviceWorker,
  }) => {
    const links = bulk(45);
    const url = pages.add('/bulk45', linksPage('Reports', [...links, ...links.slice(0, 5)]));
    await page.goto(url);
    const tabId = await tabIdOf(serviceWorker, page);

    const popup = await openPopup(extContext, extensionId, tabId);
    const list = popup.getByRole('list', { name: 'Share links on this page' });
    await expect(popup.getByRole('status').getByText('45 share links')).toBeVisible({ timeout: 15_000 });
    await expect(list.getByRole('listitem')).toHaveCount(45);
    await expect(list.getByText('Loading…')).toHaveCount(0);
    const first = itemOf(links[0]?.label as string);
    await expect(
      list.getByRole('listitem').filter({ has: popup.getByText(first.name, { exact: true }) }),
    ).toBeVisible();
    const graph = await emulator.graphRequests();
    expect(batches(graph)).toHaveLength(3);
    expect(graph).toHaveLength(3);
    await popup.close();

    const again = await openPopup(extContext, extensionId, tabId);
    await expect(again.getByRole('status').getByText('45 share links')).toBeVisible();
    await expect(
      again.getByRole('list', { name: 'Share links on this page' }).getByRole('listitem'),
    ).toHaveCount(45);
    expect(await emulator.graphRequests()).toHaveLength(3);
  });

  test('a part throttled inside a batch still resolves', async ({
    page,
    pages,
    emulator,
    extContext,
    extensionId,
    serviceWorker,
  }) => {
    const links = bulk(5);
    const throttled = links[2];
    await emulator.fault({
      match: { path: `/v1.0/shares/${encodeSharingUrl(throttled?.href ?? '')}/` },
      status: 429,
      retryAfter: 1,
    });
    const url = pages.add('/throttled-part', linksPage('Reports', links));
    await page.goto(url);
    const popup = await openPopup(extContext, extensionId, await tabIdOf(serviceWorker, page));
    await expect(popup.getByRole('status').getByText('5 share links')).toBeVisible({ timeout: 15_000 });
    const name = itemOf(throttled?.label as string).name;
    const row = popup.getByRole('listitem').filter({ has: popup.getByText(name, { exact: true }) });
    await expect(row).toBeVisible();
    await expect(row).not.toContainText('busy');
    expect(batches(await emulator.graphRequests())).toHaveLength(2);
  });

  test('filter, copy and keyboard use', async ({ page, pages, extContext, extensionId, serviceWorker }) => {
    const links = bulk(6);
    const url = pages.add(
      '/filter',
      linksPage('Reports', [...links, { href: link('folder'), text: 'Assets' }]),
    );
    await page.goto(url);
    const popup = await openPopup(extContext, extensionId, await tabIdOf(serviceWorker, page));
    await expect(popup.getByRole('status').getByText('7 share links')).toBeVisible({ timeout: 15_000 });

    // The filter box has focus first, and typing narrows the list.
    await popup.keyboard.type(itemOf('folder').name.slice(0, 6));
    const list = popup.getByRole('list', { name: 'Share links on this page' });
    await expect(list.getByRole('listitem')).toHaveCount(1);
    await popup.keyboard.press('Tab');
    await expect(popup.getByRole('link', { name: `Open ${itemOf('folder').name}` })).toBeFocused();

    await extContext.grantPermissions(['clipboard-read', 'clipboard-write']);
    await popup.getByRole('button', { name: `Copy sharing token of ${itemOf('folder').name}` }).click();
    await expect(popup.getByText('Sharing token copied.')).toBeVisible();
    expect(await popup.evaluate(() => navigator.clipboard.readText())).toBe(encodeSharingUrl(link('folder')));
  });

  test('lists the tab itself when it is a SharePoint item', async ({
    page,
    extContext,
    extensionId,
    serviceWorker,
  }) => {
    const itemUrl = link('file');
    // SharePoint is not reachable here: serve a stand-in page at the item's address.
    await page.route(`${new URL(itemUrl).origin}/**`, (route) =>
      route.fulfill({
        contentType: 'text/html',
        body: '<!doctype html><title>Budget</title><p>Excel for the web</p>',
      }),
    );
    await page.goto(itemUrl);
    const popup = await openPopup(extContext, extensionId, await tabIdOf(serviceWorker, page));
    const list = popup.getByRole('list', { name: 'Share links on this page' });
    await expect(list.getByRole('listitem')).toHaveCount(1);
    await expect(list.getByRole('listitem').filter({ hasText: itemOf('file').name })).toBeVisible();
  });

  test('switches hover previews off and on for the site', async ({
    page,
    pages,
    emulator,
    extContext,
    extensionId,
    serviceWorker,
  }) => {
    const url = pages.add('/site-switch', linksPage('Wiki', [{ href: link('file'), text: 'Budget' }]));
    await page.goto(url);
    const popup = await openPopup(extContext, extensionId, await tabIdOf(serviceWorker, page));
    const host = new URL(url).host;
    const toggle = popup.getByRole('checkbox', { name: `Hover previews on ${host}` });
    await expect(toggle).toBeChecked();
    await toggle.uncheck();
    await expect(popup.getByText(`Previews are off for ${host}.`)).toBeVisible();
    await emulator.reset();

    await page.bringToFront();
    await page.getByRole('link', { name: 'Budget' }).hover();
    await page.waitForTimeout(1_000);
    expect(await emulator.graphRequests()).toEqual([]);

    await toggle.check();
    await expect(popup.getByText(`Previews are on for ${host}.`)).toBeVisible();
    const settings = await serviceWorker.evaluate(
      async () => (await chrome.storage.local.get('settings')).settings,
    );
    expect((settings as { disabledSites: string[] }).disabledSites).toEqual([]);
  });

  test('a page without share links says what ShareLens looks for', async ({
    page,
    pages,
    extContext,
    extensionId,
    serviceWorker,
  }) => {
    const url = pages.add(
      '/none',
      linksPage('Nothing here', [{ href: 'https://example.com/', text: 'Example' }]),
    );
    await page.goto(url);
    const popup = await openPopup(extContext, extensionId, await tabIdOf(serviceWorker, page));
    await expect(popup.getByText('No share links on this page')).toBeVisible();
    await expect(popup.getByText(/1drv\.ms/)).toBeVisible();
  });

  test('redeem from the popup grants durable access and says so', async ({
    page,
    pages,
    emulator,
    extContext,
    extensionId,
    serviceWorker,
  }) => {
    const target = link('must-redeem');
    const token = await accessToken(serviceWorker);
    expect(await plainRequest(emulator.url, token, target)).toBe(403);

    const url = pages.add('/redeem', linksPage('Review', [{ href: target, text: 'Review deck' }]));
    await page.goto(url);
    const popup = await openPopup(extContext, extensionId, await tabIdOf(serviceWorker, page));
    const name = itemOf('must-redeem').name;
    await popup.getByRole('button', { name: `Redeem ${name}` }).click();
    await expect(popup.getByText(`Added '${name}' to your shared items`)).toBeVisible();

    const redeemCalls = (await emulator.graphRequests()).filter(
      (each) => each.headers.prefer === 'redeemSharingLink',
    );
    expect(redeemCalls).toHaveLength(1);
    expect(await plainRequest(emulator.url, token, target)).toBe(200);
    const notifications = await serviceWorker.evaluate(async () =>
      Object.keys(await chrome.notifications.getAll()),
    );
    expect(notifications.length).toBeGreaterThan(0);
  });

  test('the Redeem link menu item redeems the link it was used on', async ({
    page,
    pages,
    emulator,
    serviceWorker,
  }) => {
    const target = link('must-redeem');
    const token = await accessToken(serviceWorker);
    expect(await plainRequest(emulator.url, token, target)).toBe(403);
    const url = pages.add('/menu', linksPage('Review', [{ href: target, text: 'Review deck' }]));
    await page.goto(url);
    const tabId = await tabIdOf(serviceWorker, page);

    await serviceWorker.evaluate(async () => {
      for (const id of Object.keys(await chrome.notifications.getAll())) await chrome.notifications.clear(id);
    });
    await serviceWorker.evaluate(
      async ({ target, url, tabId }) => {
        const tab = await chrome.tabs.get(tabId);
        // The menu is native UI; dispatching its event runs our real listener (extension-practice.md §3).
        (chrome.contextMenus.onClicked as unknown as { dispatch(...args: unknown[]): void }).dispatch(
          { menuItemId: 'sharelens-redeem', linkUrl: target, pageUrl: url, editable: false },
          tab,
        );
      },
      { target, url, tabId },
    );
    await expect
      .poll(
        async () =>
          (await emulator.graphRequests()).filter((each) => each.headers.prefer === 'redeemSharingLink')
            .length,
      )
      .toBe(1);
    await expect.poll(() => plainRequest(emulator.url, token, target)).toBe(200);
    await expect
      .poll(async () =>
        serviceWorker.evaluate(async () => Object.keys(await chrome.notifications.getAll()).length),
      )
      .toBeGreaterThan(0);
  });
});
