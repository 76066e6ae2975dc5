/**
 * ShareLens in a German browser: the options page, the hover card and the popup read German, with dates,
 * sizes and counts written as a German reader expects. Debian's Chromium takes its interface language from
 * LANGUAGE (with the chromium-l10n package installed); the extension's catalogue follows it.
 */
import type { BrowserContext, Page, Worker } from '@playwright/test';
import {
  test as base,
  cardFrame,
  clearPreviewCache,
  configure,
  expect,
  expectCardClosed,
  hoverUntilCard,
  itemOf,
  launchExtension,
  link,
  megan,
} from './fixtures';
import { linksPage } from './page-server';

const test = base.extend({
  extContext: [
    // biome-ignore lint/correctness/noEmptyPattern: Playwright fixtures take their dependencies as a pattern.
    async ({}, use) => {
      const launched = await launchExtension({ uiLanguage: 'de' });
      await use(launched.context);
      await launched.close();
    },
    { scope: 'worker' },
  ],
});

/** The id of the tab a page is in: the active one right after it opened. */
async function tabIdOf(worker: Worker, page: Page): Promise<number> {
  await page.bringToFront();
  const id = await worker.evaluate(
    async () => (await chrome.tabs.query({ active: true, lastFocusedWindow: true }))[0]?.id,
  );
  if (id === undefined) throw new Error(`no tab for ${page.url()}`);
  return id;
}

/**
 * Signs in from the options page. The emulator's login form (its own page, in English) appears the first
 * time; after that the identity platform's session signs the person in without it.
 */
async function signInFromOptions(context: BrowserContext, options: Page): Promise<void> {
  const signedIn = options.getByText(`Angemeldet als ${megan.displayName}`);
  const authPage = context
    .waitForEvent('page', {
      predicate: (page) => page.url().includes('/oauth2/v2.0/authorize'),
      timeout: 10_000,
    })
    .catch(() => undefined);
  await options.getByRole('button', { name: 'Mit Microsoft anmelden' }).click();
  const login = await Promise.race([authPage, signedIn.waitFor({ timeout: 10_000 }).then(() => undefined)]);
  if (login) {
    await login.getByLabel('Email').fill(megan.email);
    await login.getByLabel('Password').fill(megan.password);
    await login.getByRole('button', { name: 'Sign in' }).click();
  }
  await expect(signedIn).toBeVisible();
}

test.describe.configure({ mode: 'serial' });

test.describe('in German', () => {
  test('the browser and the extension run in German', async ({ serviceWorker }) => {
    const language = await serviceWorker.evaluate(() => ({
      ui: chrome.i18n.getUILanguage(),
      name: chrome.i18n.getMessage('extName'),
      signIn: chrome.i18n.getMessage('signIn'),
    }));
    expect(
      language.ui,
      'Chromium did not start in German: is chromium-l10n installed (apt-get install -y chromium-l10n)?',
    ).toMatch(/^de\b/);
    expect(language).toMatchObject({ name: 'ShareLens', signIn: 'Mit Microsoft anmelden' });
  });

  test('the options page, signing in and out', async ({
    extContext,
    extensionId,
    serviceWorker,
    emulator,
  }) => {
    await emulator.reset();
    await configure(serviceWorker, emulator.url);
    const options = await extContext.newPage();
    await options.goto(`chrome-extension://${extensionId}/options.html`);
    await expect(options.getByRole('heading', { name: 'Microsoft-Konto' })).toBeVisible();
    await expect(options).toHaveTitle('ShareLens-Einstellungen');
    await expect(options.locator('html')).toHaveAttribute('lang', /^de/);
    await expect(options.getByLabel('Client-ID')).toBeVisible();
    await expect(options.getByLabel('Anmeldeautorität')).toHaveValue(`${emulator.url}/common`);
    await expect(options.getByLabel('Microsoft Graph-Endpunkt')).toHaveValue(`${emulator.url}/v1.0`);
    await expect(options.getByLabel('Verzögerung beim Zeigen (Millisekunden)')).toHaveValue('400');
    await expect(options.getByRole('button', { name: 'Cache leeren' })).toBeVisible();

    // A plain-http endpoint is refused, in German, beside the field.
    await options.getByLabel('Microsoft Graph-Endpunkt').fill('http://graph.example.com/v1.0');
    await options.getByRole('button', { name: 'Speichern' }).click();
    await expect(options.getByText(/^Verwenden Sie https:\/\//)).toBeVisible();
    // The message names the field, and focus is on it.
    await expect(options.getByText('1 Feld muss korrigiert werden: Microsoft Graph-Endpunkt.')).toBeVisible();
    await expect(options.getByLabel('Microsoft Graph-Endpunkt')).toBeFocused();
    await options.getByLabel('Microsoft Graph-Endpunkt').fill(`${emulator.url}/v1.0`);
    await options.getByRole('button', { name: 'Speichern' }).click();
    await expect(options.getByText('Einstellungen gespeichert.')).toBeVisible();
    await options.getByRole('button', { name: 'Cache leeren' }).click();
    await expect(options.getByText(/^\d+ zwischengespeicherte Vorschau(en)? gelöscht\.$/)).toBeVisible();

    await signInFromOptions(extContext, options);
    await options.getByRole('button', { name: 'Abmelden' }).click();
    await expect(options.getByRole('button', { name: 'Mit Microsoft anmelden' })).toBeVisible();
    await expect(options.getByText('Signed in', { exact: false })).toHaveCount(0);
    await options.close();
  });

  test.describe('signed in', () => {
    test.beforeAll(async ({ extContext, extensionId, serviceWorker, emulator }) => {
      await configure(serviceWorker, emulator.url);
      const options = await extContext.newPage();
      await options.goto(`chrome-extension://${extensionId}/options.html`);
      await signInFromOptions(extContext, options);
      await options.close();
    });

    test.beforeEach(async ({ emulator, serviceWorker }) => {
      await emulator.reset();
      await clearPreviewCache(serviceWorker);
    });

    const wiki = (labels: string[]) =>
      linksPage(
        'Team-Wiki',
        labels.map((label) => ({ href: link(label), text: `Link zu ${label}` })),
      );

    test('the card shows a file in German', async ({ page, pages }) => {
      const item = itemOf('file');
      await page.goto(pages.add('/de-file', wiki(['file'])));
      const card = await hoverUntilCard(page, page.getByRole('link', { name: 'Link zu file' }));
      await expect(card.getByRole('heading', { name: item.name })).toBeVisible();
      await expect(card.locator('html')).toHaveAttribute('lang', /^de/);
      await expect(card.getByText('Excel-Arbeitsmappe', { exact: true })).toBeVisible();
      await expect(card.getByText('Besitzer', { exact: true })).toBeVisible();
      await expect(card.getByText('Geändert', { exact: true })).toBeVisible();
      await expect(card.locator('time')).toHaveText(
        /^(vor \d+ \p{L}+|gestern|vorgestern|letzte\p{L}* \p{L}+)$/u,
      );
      if (item.ownerName !== megan.displayName) {
        // Changed by someone other than the owner: "vor 5 Monaten von Megan Bowen".
        await expect(card.locator('dd', { has: card.locator('time') })).toContainText(
          ` von ${megan.displayName}`,
        );
      }
      await expect(card.getByRole('img', { name: `Vorschau von ${item.name}` })).toBeVisible();
      if (item.size !== undefined && item.size >= 1024) {
        await expect(card.getByText(/^\d+(,\d)? (kB|MB|GB)$/)).toBeVisible();
      }
      await expect(card.locator('.item-name')).toHaveAttribute('dir', 'auto');
    });

    test('the card shows a folder and a refused link in German', async ({ page, pages }) => {
      const folder = itemOf('folder');
      const children = folder.children ?? [];
      await page.goto(pages.add('/de-folder', wiki(['folder', 'no-access'])));
      await page.getByRole('link', { name: 'Link zu folder' }).hover();
      let card = await cardFrame(page);
      await expect(card.getByRole('heading', { name: folder.name })).toBeVisible();
      await expect(card.getByText(`${children.length} Elemente`)).toBeVisible();
      const list = card.getByRole('list', { name: 'In diesem Ordner' });
      await expect(list.getByText(children[0]?.name ?? '', { exact: true })).toBeVisible();
      if (children.length > 5) await expect(list.getByText(/^und \d+ weitere?s?$/)).toBeVisible();

      await page.mouse.move(700, 500);
      await expectCardClosed(page);
      await page.getByRole('link', { name: 'Link zu no-access' }).hover();
      card = await cardFrame(page);
      await expect(card.getByText('Zugriff verweigert')).toBeVisible();
      await expect(card.getByText(/^Sie haben keinen Zugriff auf dieses Element/)).toBeVisible();
      await expect(card.getByRole('link', { name: 'Im Browser öffnen' })).toBeVisible();
    });

    test('the popup lists share links in German', async ({
      page,
      pages,
      extContext,
      extensionId,
      serviceWorker,
    }) => {
      await page.goto(pages.add('/de-popup', wiki(['file', 'folder'])));
      const tabId = await tabIdOf(serviceWorker, page);
      const popup = await extContext.newPage();
      await popup.goto(`chrome-extension://${extensionId}/popup.html?tabId=${tabId}`);
      await expect(popup.getByRole('status').getByText('2 Freigabelinks')).toBeVisible({ timeout: 15_000 });
      const list = popup.getByRole('list', { name: 'Freigabelinks auf dieser Seite' });
      await expect(list.getByRole('listitem')).toHaveCount(2);
      const folder = itemOf('folder');
      const row = list.getByRole('listitem').filter({ has: popup.getByText(folder.name, { exact: true }) });
      await expect(row).toContainText('Ordner');
      await expect(row).toContainText(`${folder.children?.length ?? 0} Elemente`);
      await expect(row).toContainText(/geändert (vor |letzte|gestern)/);
      await expect(popup.getByRole('link', { name: `${folder.name} öffnen` })).toBeVisible();
      await expect(popup.getByRole('button', { name: `Link zu ${folder.name} kopieren` })).toBeVisible();
      await expect(popup.getByRole('button', { name: `${folder.name} einlösen` })).toBeVisible();
      await expect(popup.getByPlaceholder('Nach Name, Besitzer oder Adresse filtern')).toBeVisible();
      await expect(popup.getByRole('checkbox', { name: /^Vorschau beim Zeigen auf / })).toBeVisible();

      await popup.getByRole('searchbox', { name: 'Links filtern' }).fill('gibt es nicht');
      await expect(popup.getByText('Kein Link passt zu „gibt es nicht“.')).toBeVisible();
      await popup.close();
    });
  });
});
