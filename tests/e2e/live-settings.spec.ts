import {
  cardFrame,
  clearPreviewCache,
  configure,
  expect,
  hoverOpens,
  itemOf,
  link,
  tabIdOf,
  test,
} from './fixtures';
import { linksPage } from './page-server';

/**
 * Settings apply at once: a page that stays open follows a new hover delay and a site switched off and on,
 * whether the change was made in the options page or in the popup, without a reload.
 */
test.describe('settings apply to open pages at once', () => {
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

  test('a new hover delay set in the options page applies to the open page', async ({
    page,
    pages,
    extContext,
    extensionId,
    emulator,
  }) => {
    await page.goto(pages.add('/delay', wiki));
    const options = await extContext.newPage();
    await options.goto(`chrome-extension://${extensionId}/options.html`);
    await options.getByLabel('Hover delay (milliseconds)').fill('2500');
    await options.getByRole('button', { name: 'Save' }).click();
    await expect(options.getByText('Settings saved.')).toBeVisible();

    // Resting 1.2 s on a link was enough before; now it is not, and nothing was asked of Graph.
    expect(await hoverOpens(page, 'Budget', 1_200)).toBe(false);
    expect(await emulator.graphRequests()).toEqual([]);
    // Resting longer opens the card.
    await page.getByRole('link', { name: 'Budget' }).hover();
    const card = await cardFrame(page);
    await expect(card.getByRole('heading', { name: itemOf('file').name })).toBeVisible();
    await page.keyboard.press('Escape');

    await options.getByLabel('Hover delay (milliseconds)').fill('100');
    await options.getByRole('button', { name: 'Save' }).click();
    await expect(options.getByText('Settings saved.')).toBeVisible();
    expect(await hoverOpens(page, 'Reports', 900)).toBe(true);
    await options.close();
  });

  test('a site switched off and on in the options page and in the popup follows at once', async ({
    page,
    pages,
    extContext,
    extensionId,
    serviceWorker,
    emulator,
  }) => {
    const url = pages.add('/switch', wiki);
    const { host } = new URL(url);
    await page.goto(url);
    expect(await hoverOpens(page, 'Budget', 3_000)).toBe(true);

    // Off in the options page: the open page stops previewing and sends nothing.
    const options = await extContext.newPage();
    await options.goto(`chrome-extension://${extensionId}/options.html`);
    const sites = options.getByLabel('Sites where previews are off');
    await sites.fill(host);
    await options.getByRole('button', { name: 'Save' }).click();
    await expect(options.getByText('Settings saved.')).toBeVisible();
    await emulator.reset();
    expect(await hoverOpens(page, 'Reports', 1_500)).toBe(false);
    expect(await emulator.graphRequests()).toEqual([]);

    // On in the popup: the page previews again, and the options page shows the change too.
    const popup = await extContext.newPage();
    await popup.goto(
      `chrome-extension://${extensionId}/popup.html?tabId=${await tabIdOf(serviceWorker, page)}`,
    );
    const toggle = popup.getByRole('checkbox', { name: `Hover previews on ${host}` });
    await expect(toggle).not.toBeChecked();
    await toggle.check();
    await expect(popup.getByText(`Previews are on for ${host}.`)).toBeVisible();
    await expect(sites).toHaveValue('');
    expect(await hoverOpens(page, 'Reports', 3_000)).toBe(true);

    // Off again in the options page: the popup, still open, follows as well.
    await sites.fill(host);
    await options.getByRole('button', { name: 'Save' }).click();
    await expect(toggle).not.toBeChecked();

    // Someone editing another field in the options page does not undo a switch made in the popup meanwhile.
    const delay = options.getByLabel('Hover delay (milliseconds)');
    await delay.fill('450');
    await toggle.check();
    await expect(sites).toHaveValue('');
    await expect(delay).toHaveValue('450');
    await options.getByRole('button', { name: 'Save' }).click();
    await expect(options.getByText('Settings saved.')).toBeVisible();
    await expect(toggle).toBeChecked();
    expect(await hoverOpens(page, 'Budget', 3_000)).toBe(true);
    await toggle.uncheck();
    await expect(popup.getByText(`Previews are off for ${host}.`)).toBeVisible();
    await emulator.reset();
    expect(await hoverOpens(page, 'Budget', 1_500)).toBe(false);
    expect(await emulator.graphRequests()).toEqual([]);
    await popup.close();
    await options.close();
  });

  test('settings stored by version 1 are read, shown and saved as version 2', async ({
    page,
    pages,
    extContext,
    extensionId,
    serviceWorker,
    emulator,
  }) => {
    const url = pages.add('/v1', wiki);
    const { host } = new URL(url);
    await serviceWorker.evaluate(
      async ({ emulatorUrl, host }) => {
        await chrome.storage.local.set({
          settings: {
            version: 1,
            clientId: 'sharelens-e2e',
            authority: `${emulatorUrl}/common`,
            graphEndpoint: `${emulatorUrl}/v1.0`,
            hoverDelayMs: 650,
            disabledSites: [host],
            cacheTtlMinutes: 30,
          },
        });
      },
      { emulatorUrl: emulator.url, host },
    );
    // The page follows the stored value: previews are off for its site.
    await page.goto(url);
    expect(await hoverOpens(page, 'Budget', 1_500)).toBe(false);

    const options = await extContext.newPage();
    await options.goto(`chrome-extension://${extensionId}/options.html`);
    await expect(options.getByLabel('Client ID')).toHaveValue('sharelens-e2e');
    await expect(options.getByLabel('Microsoft Graph endpoint')).toHaveValue(`${emulator.url}/v1.0`);
    await expect(options.getByLabel('Hover delay (milliseconds)')).toHaveValue('650');
    await expect(options.getByLabel('Keep previews for (minutes)')).toHaveValue('30');
    await options.getByRole('button', { name: 'Save' }).click();
    await expect(options.getByText('Settings saved.')).toBeVisible();
    const stored = await serviceWorker.evaluate(
      async () => (await chrome.storage.local.get('settings')).settings,
    );
    expect(stored).toMatchObject({
      version: 2,
      hoverDelayMs: 650,
      disabledSites: [host],
      providers: { graph: { clientId: 'sharelens-e2e', graphEndpoint: `${emulator.url}/v1.0` } },
    });
    expect(stored).not.toHaveProperty('clientId');
    await options.close();
  });
});
