import type { BrowserContext, Page, Worker } from '@playwright/test';
import { cardFrame, clearPreviewCache, expect, tabIdOf, test } from './fixtures';
import { linksPage } from './page-server';

/**
 * Commvault ContentStore against the emulator (emulator/services/contentstore/): a person adds the server in the
 * options page and signs in, hovers its links, and shares from the popup: privately with a user and an e-mail,
 * by public link with a password, "already shared" → update, stop sharing; an idle-expired token renews unseen.
 */

const PROJECTS = '62df0e9f1899425eb98173a8adb802c6';
const NOTES = 'c0ffee00c0ffee00c0ffee00c0ffee59';
const FINANCE = 'f0e1d2c3b4a5469788796a5b4c3d2e56';

interface ShareInfo {
  id: number;
  guid: string;
  public: boolean;
  passwordProtected: boolean;
  recipients: Array<{ userType: number; permission: number; name: string }>;
}

const sharesOf = async (emulatorUrl: string): Promise<ShareInfo[]> =>
  ((await (await fetch(`${emulatorUrl}/_emulator/contentstore/links`)).json()) as { shares: ShareInfo[] })
    .shares;

async function openShare(
  context: BrowserContext,
  extensionId: string,
  page: Page,
  pages: { add(path: string, html: string): string },
  worker: Worker,
  href: string,
  name: string,
): Promise<Page> {
  await page.goto(
    pages.add(`/cs-share-${name.replace(/\W/g, '')}`, linksPage('Files', [{ href, text: `Open ${name}` }])),
  );
  const tabId = await tabIdOf(worker, page);
  const popup = await context.newPage();
  await popup.goto(`chrome-extension://${extensionId}/popup.html?tabId=${tabId}`);
  await popup.getByRole('button', { name: `Share ${name}` }).click();
  await expect(popup.getByRole('heading', { name: `Share “${name}”` })).toBeVisible();
  return popup;
}

test.describe
  .serial('Commvault ContentStore', () => {
    test.beforeAll(async ({ emulator }) => {
      await emulator.reset();
    });

    test('adds the emulator as a server, signs in and hovers its links', async ({
      extContext,
      extensionId,
      emulator,
      serviceWorker,
      page,
      pages,
    }) => {
      const options = await extContext.newPage();
      await options.goto(`chrome-extension://${extensionId}/options.html`);
      const section = options.getByRole('region', { name: 'ContentStore servers' });
      await section.getByRole('button', { name: 'Add server' }).click();
      // A mistake is explained beside its field, and nothing is saved.
      await section.getByLabel('Web address').fill('http://cs.example.com');
      await section.getByLabel('User name').fill('megan');
      await section.getByRole('button', { name: 'Save server' }).click();
      await expect(section.locator('#cs-webAddress-error')).toContainText('https');
      await section.getByLabel('Web address').fill(emulator.url);
      await section.getByLabel('API base path').fill('webconsole/api');
      await section.getByRole('button', { name: 'Save server' }).click();
      await expect(section.getByText('Server saved.')).toBeVisible();
      await expect(section.getByText('Not signed in')).toBeVisible();

      // Before signing in, its links are recognised, and the card says where to sign in.
      const notesLink = `${emulator.url}/webconsole/api/contentstore/file/${NOTES}`;
      await page.goto(pages.add('/cs-signed-out', linksPage('Before', [{ href: notesLink, text: 'Notes' }])));
      await page.getByRole('link', { name: 'Notes' }).hover();
      const signedOut = await cardFrame(page);
      await expect(signedOut.getByText(/Sign in to this ContentStore server/)).toBeVisible();
      await options.bringToFront();

      await section.getByRole('button', { name: 'Sign in' }).click();
      await section.getByLabel('Password', { exact: true }).fill('wrong-pass');
      await section.getByRole('button', { name: 'Sign in' }).click();
      await expect(section.getByText('The server did not accept this user name and password.')).toBeVisible();
      await section.getByLabel('Password', { exact: true }).fill('megan-pass');
      await section.getByRole('button', { name: 'Sign in' }).click();
      await expect(section.getByText('Signed in as megan')).toBeVisible();
      // The password was not remembered, and the token is not in storage a content script can read.
      const local = JSON.stringify(await serviceWorker.evaluate(() => chrome.storage.local.get(null)));
      expect(local).not.toContain('megan-pass');
      expect(local).not.toContain('QSDK');
      await options.close();

      await clearPreviewCache(serviceWorker);
      const folderLink = `${emulator.url}/webconsole/api/drive/file/${PROJECTS}`;
      await page.goto(
        pages.add(
          '/cs-hover',
          linksPage('Wiki', [
            { href: folderLink, text: 'Projects folder' },
            { href: `${emulator.url}/webconsole/publicshare/12`, text: 'Holiday photos' },
          ]),
        ),
      );
      await page.getByRole('link', { name: 'Projects folder' }).hover();
      const card = await cardFrame(page);
      await expect(card.getByRole('heading', { name: 'Projects' })).toBeVisible();
      await expect(card.getByRole('list', { name: 'In this folder' })).toBeVisible();
      await expect(card.getByText('Designs', { exact: true })).toBeVisible();
    });

    test('shares privately with a user and an e-mail address, then stops sharing', async ({
      extContext,
      extensionId,
      emulator,
      serviceWorker,
      page,
      pages,
    }) => {
      await clearPreviewCache(serviceWorker);
      const popup = await openShare(
        extContext,
        extensionId,
        page,
        pages,
        serviceWorker,
        `${emulator.url}/webconsole/api/contentstore/file/${PROJECTS}`,
        'Projects',
      );
      await expect(popup.getByRole('heading', { name: 'Not shared yet.' })).toBeVisible();
      // Nothing is sent while a recipient is missing.
      await popup.getByRole('button', { name: 'Share', exact: true }).click();
      await expect(
        popup.getByText('Enter at least one', { exact: false }).or(popup.locator('.error')),
      ).toBeVisible();

      await popup.getByLabel('Name or address 1').fill('adele');
      await popup.getByLabel('Permission 1').selectOption('edit');
      await popup.getByRole('button', { name: 'Add recipient' }).click();
      await popup.getByLabel('Kind 2').selectOption('email');
      await popup.getByLabel('Name or address 2').fill('alex@fabrikam.com');
      await popup.getByLabel('Send an e-mail to the recipients').check();
      await popup.getByLabel('Message (optional)').fill('Have a look & tell me <soon>');
      await popup.getByLabel('Share name (optional)').fill('Projects for Adele');
      await popup.getByRole('button', { name: 'Share', exact: true }).click();
      await expect(popup.getByRole('status')).toContainText(/Shared \(share \d+\)\./);
      const shared = popup.getByRole('list', { name: 'Shared with' });
      await expect(shared.getByText('adele')).toBeVisible();
      await expect(shared.getByText('alex@fabrikam.com')).toBeVisible();

      const made = (await sharesOf(emulator.url)).find((share) => share.guid === PROJECTS);
      expect(made?.public).toBe(false);
      expect(made?.recipients).toEqual(
        expect.arrayContaining([
          { userType: 1, permission: 2, name: 'adele' },
          { userType: 2, permission: 1, name: 'alex@fabrikam.com' },
        ]),
      );

      await popup.getByRole('button', { name: 'Stop sharing' }).click();
      await expect(popup.getByRole('status')).toHaveText('Sharing stopped.');
      expect((await sharesOf(emulator.url)).some((share) => share.guid === PROJECTS)).toBe(false);
      await popup.close();
    });

    test('makes a public link with a password', async ({
      extContext,
      extensionId,
      emulator,
      serviceWorker,
      page,
      pages,
    }) => {
      await clearPreviewCache(serviceWorker);
      const popup = await openShare(
        extContext,
        extensionId,
        page,
        pages,
        serviceWorker,
        `${emulator.url}/webconsole/api/contentstore/file/${NOTES}`,
        'Notes & <Ideas> "v2".txt',
      );
      await popup.getByLabel('Public link', { exact: true }).check();
      await popup.getByLabel('Password (optional)').fill('s3cret & <sure>');
      await popup.getByRole('button', { name: 'Share', exact: true }).click();
      await expect(popup.getByRole('status')).toContainText(/Shared \(share \d+\)\./);
      const url = popup.getByRole('textbox', { name: 'Public link' });
      await expect(url).toHaveValue(new RegExp(`^${emulator.url}/webconsole/publicshare/\\d+$`));
      await expect(popup.getByText('Protected by a password.')).toBeVisible();
      const made = (await sharesOf(emulator.url)).find((share) => share.guid === NOTES);
      expect(made).toMatchObject({ public: true, passwordProtected: true });
      const api = `${emulator.url}/webconsole/api/contentstore/publicshare/${made?.id}`;
      expect((await fetch(api, { headers: { Password: btoa('s3cret & <sure>') } })).status).toBe(200);
      await popup.close();
    });

    test('offers to update a share that already exists (409), and updates it', async ({
      extContext,
      extensionId,
      emulator,
      serviceWorker,
      page,
      pages,
    }) => {
      await clearPreviewCache(serviceWorker);
      const popup = await openShare(
        extContext,
        extensionId,
        page,
        pages,
        serviceWorker,
        `${emulator.url}/webconsole/api/contentstore/file/${FINANCE}`,
        'Shared with Finance',
      );
      await expect(popup.getByRole('heading', { name: 'Shared now: share 10' })).toBeVisible();
      await popup.getByLabel('Kind 1').selectOption('group');
      await popup.getByLabel('Name or address 1').fill('Finance Team');
      await popup.getByRole('button', { name: 'Add recipient' }).click();
      await popup.getByLabel('Kind 2').selectOption('externalGroup');
      await popup.getByLabel('Name or address 2').fill('CONTOSO\\Sales');
      await popup.getByLabel('Permission 2').selectOption('edit');
      await popup.getByRole('button', { name: 'Share', exact: true }).click();
      await expect(popup.getByRole('status')).toHaveText(
        'This item is already shared (share 10). You can update that share instead.',
      );
      await popup.getByRole('button', { name: 'Update share 10' }).click();
      await expect(popup.getByRole('status')).toHaveText('Share 10 updated.');
      const share = (await sharesOf(emulator.url)).find((each) => each.id === 10);
      expect(share?.recipients).toEqual(
        expect.arrayContaining([
          { userType: 3, permission: 1, name: 'Finance Team' },
          { userType: 4, permission: 2, name: 'CONTOSO\\Sales' },
        ]),
      );
      expect(share?.recipients).toHaveLength(2);
      await popup.close();
    });

    test('renews an idle-expired token without the person noticing', async ({
      emulator,
      serviceWorker,
      page,
      pages,
    }) => {
      await clearPreviewCache(serviceWorker);
      await fetch(`${emulator.url}/_emulator/contentstore/clock`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ advanceMinutes: 45 }),
      });
      await page.goto(
        pages.add(
          '/cs-renew',
          linksPage('Later', [
            { href: `${emulator.url}/webconsole/api/contentstore/file/${NOTES}`, text: 'The notes' },
          ]),
        ),
      );
      await page.getByRole('link', { name: 'The notes' }).hover();
      const card = await cardFrame(page);
      await expect(card.getByRole('heading', { name: 'Notes & <Ideas> "v2".txt' })).toBeVisible();
      await expect(card.getByText(/Sign in/)).toHaveCount(0);
      const renewals = (await emulator.requests()).filter((each) => each.path.endsWith('/RenewLoginToken'));
      expect(renewals).toHaveLength(1);
    });
  });
