import { readFileSync } from 'node:fs';
import type { BrowserContext, Page } from '@playwright/test';
import { startEmulator } from '../../emulator/server';
import {
  CLIENT_ID,
  DATASET_PATH,
  expect,
  hoverUntilCard,
  launchExtension,
  link,
  megan,
  serviceWorkerOf,
  tabIdOf,
  test,
} from './fixtures';
import { linksPage, startPageServer } from './page-server';

/** The tab the extension opened on install: it is there without anyone asking for it. */
async function setupTabOnInstall(context: BrowserContext): Promise<Page> {
  let found: Page | undefined;
  await expect
    .poll(() => {
      found = context.pages().find((page) => page.url().endsWith('/setup.html'));
      return found !== undefined;
    })
    .toBe(true);
  return found as Page;
}

test('a fresh install opens the setup page, which shows this browser’s redirect URI and connects Microsoft 365', async () => {
  const { context, close } = await launchExtension();
  const worker = await serviceWorkerOf(context);
  const redirectUri = await worker.evaluate(() => chrome.identity.getRedirectURL());
  // An emulator that knows the app only as registered by the setup page's steps: a single-page application
  // with exactly the redirect URI shown (anything else is refused, as Microsoft Entra ID does).
  const dataset = JSON.parse(readFileSync(DATASET_PATH, 'utf8'));
  const emulator = await startEmulator({
    port: 0,
    data: { ...dataset, apps: [{ clientId: CLIENT_ID, redirectUris: [redirectUri], spa: true }] },
    autoLogin: false,
  });
  try {
    const setup = await setupTabOnInstall(context);
    await expect(setup.getByRole('heading', { name: 'Set up ShareLens', level: 1 })).toBeVisible();
    await expect(setup.locator('#redirect-uri')).toHaveText(redirectUri);
    await expect(setup.getByText('Single-page application (SPA)')).toBeVisible();
    // The permissions are the ones sign-in and sharing ask for.
    const permissions = setup.getByRole('table');
    for (const name of ['Files.Read.All', 'offline_access', 'Files.ReadWrite.All'])
      await expect(permissions.getByRole('cell', { name, exact: true })).toBeVisible();

    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    await setup.getByRole('button', { name: 'Copy' }).click();
    await expect(setup.getByText('Copied.')).toBeVisible();
    expect(await setup.evaluate(() => navigator.clipboard.readText())).toBe(redirectUri);

    // Without a Client ID nothing is saved, and the field that needs it gets the focus.
    const clientId = setup.getByLabel('Client ID');
    await setup.getByRole('button', { name: 'Save and sign in' }).click();
    await expect(
      setup.getByText('Enter the Application (client) ID from your app registration.'),
    ).toBeVisible();
    await expect(clientId).toBeFocused();
    await expect(clientId).toHaveAttribute('aria-invalid', 'true');

    // The background validates as it does for the options page: a bad authority is refused, field by field.
    await clientId.fill(CLIENT_ID);
    await setup.getByLabel('Sign-in authority').fill('not an address');
    await setup.getByRole('button', { name: 'Save and sign in' }).click();
    await expect(setup.getByText('Some settings need a fix (see below).')).toBeVisible();
    await expect(setup.getByLabel('Sign-in authority')).toBeFocused();
    expect(await worker.evaluate(async () => (await chrome.storage.local.get('settings')).settings)).toBe(
      undefined,
    );

    await setup.getByLabel('Sign-in authority').fill(`${emulator.url}/common`);
    await setup.getByLabel('Microsoft Graph endpoint').fill(`${emulator.url}/v1.0`);
    const authPage = context.waitForEvent('page', (page) => page.url().includes('/oauth2/v2.0/authorize'));
    await setup.getByRole('button', { name: 'Save and sign in' }).click();
    const login = await authPage;
    await login.getByLabel('Email').fill(megan.email);
    await login.getByLabel('Password').fill(megan.password);
    await login.getByRole('button', { name: 'Sign in' }).click();
    await expect(setup.getByRole('heading', { name: 'Done: ShareLens is connected' })).toBeVisible();
    await expect(setup.getByText(`Signed in as ${megan.displayName}`)).toBeVisible();
  } finally {
    await close();
    await emulator.close();
  }
});

test('without a Client ID, the card and the popup say what to do and open the setup page', async () => {
  const { context, close } = await launchExtension();
  const pages = await startPageServer();
  try {
    const worker = await serviceWorkerOf(context);
    await (await setupTabOnInstall(context)).close();
    const page = await context.newPage();
    await page.goto(pages.add('/wiki', linksPage('Wiki', [{ href: link('file'), text: 'Budget' }])));
    const card = await hoverUntilCard(page, page.getByRole('link', { name: 'Budget' }));
    await expect(card.getByText('Connect ShareLens first')).toBeVisible();
    await expect(
      card.getByText(/needs to be connected to your Microsoft 365 organisation first/),
    ).toBeVisible();
    await expect(card.getByRole('button', { name: 'Sign in' })).toHaveCount(0);
    const fromCard = context.waitForEvent('page', (each) => each.url().endsWith('/setup.html'));
    await card.getByRole('button', { name: 'Open setup' }).click();
    const opened = await fromCard;
    await expect(opened.getByRole('heading', { name: 'Set up ShareLens', level: 1 })).toBeVisible();
    await opened.close();

    const tabId = await tabIdOf(worker, page);
    const popup = await context.newPage();
    await popup.goto(`chrome-extension://${new URL(worker.url()).host}/popup.html?tabId=${tabId}`);
    await expect(
      popup.getByText(/needs to be connected to your Microsoft 365 organisation first/),
    ).toBeVisible();
    await expect(popup.getByRole('button', { name: 'Sign in' })).toHaveCount(0);
    // The link's own row says the same, not "sign in".
    await expect(popup.getByRole('listitem').getByText('Connect ShareLens first')).toBeVisible();
    const fromPopup = context.waitForEvent('page', (each) => each.url().endsWith('/setup.html'));
    await popup.getByRole('button', { name: 'Open setup' }).click();
    await expect((await fromPopup).getByLabel('Client ID')).toBeVisible();
  } finally {
    await close();
    await pages.close();
  }
});

test('the options page links to the setup guide', async () => {
  const { context, close } = await launchExtension();
  try {
    const worker = await serviceWorkerOf(context);
    await (await setupTabOnInstall(context)).close();
    const options = await context.newPage();
    await options.goto(`chrome-extension://${new URL(worker.url()).host}/options.html`);
    const opened = context.waitForEvent('page', (each) => each.url().endsWith('/setup.html'));
    await options.getByRole('link', { name: 'Setup guide' }).click();
    await expect((await opened).getByRole('heading', { name: 'Set up ShareLens', level: 1 })).toBeVisible();
  } finally {
    await close();
  }
});
