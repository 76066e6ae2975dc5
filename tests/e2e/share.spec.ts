import type { BrowserContext, Page } from '@playwright/test';
import {
  allowIfAsked,
  cardFrame,
  clearPreviewCache,
  expect,
  itemOf,
  link,
  megan,
  tabIdOf,
  test,
} from './fixtures';
import { linksPage } from './page-server';

/**
 * Sharing onward from the popup (reference/graph-shares.md §2) against the emulator: the first share asks for
 * the write permission, each action says what happened in plain words, a form with a mistake sends nothing,
 * and a link made by a request that timed out is found rather than made twice.
 */

/** Opens the popup on `label`'s link on a page of its own, and its share panel, allowing sharing when asked. */
async function openSharePanel(
  context: BrowserContext,
  extensionId: string,
  page: Page,
  pages: { add(path: string, html: string): string },
  worker: Parameters<typeof tabIdOf>[0],
  label: string,
): Promise<Page> {
  await page.goto(
    pages.add(`/share-${label}`, linksPage('Shared', [{ href: link(label), text: `Link to ${label}` }])),
  );
  const tabId = await tabIdOf(worker, page);
  const popup = await context.newPage();
  await popup.goto(`chrome-extension://${extensionId}/popup.html?tabId=${tabId}`);
  const name = itemOf(label).name;
  await popup.getByRole('button', { name: `Share ${name}` }).click();
  await expect(popup.getByRole('heading', { name: `Share “${name}”` })).toBeVisible();
  await allowIfAsked(
    context,
    popup.getByRole('button', { name: 'Allow sharing' }),
    popup.getByRole('list', { name: 'Who has access' }),
  );
  return popup;
}

const posts = async (
  emulator: { requests(): Promise<Array<{ method: string; path: string }>> },
  ending: string,
) => (await emulator.requests()).filter((each) => each.method === 'POST' && each.path.endsWith(ending));

test.describe('sharing onward', () => {
  test.beforeEach(async ({ signedIn, emulator, serviceWorker }) => {
    void signedIn;
    await emulator.reset();
    await clearPreviewCache(serviceWorker);
  });

  test('copies a new link, invites someone, changes their role and removes them', async ({
    page,
    pages,
    extContext,
    extensionId,
    serviceWorker,
    emulator,
  }) => {
    const popup = await openSharePanel(extContext, extensionId, page, pages, serviceWorker, 'bulk-1');
    const access = popup.getByRole('list', { name: 'Who has access' });
    await expect(access.getByText(`${megan.displayName} (${megan.email})`)).toBeVisible();

    // Copy a link: people in the organization can edit.
    await popup.getByLabel('People with the link').selectOption('edit');
    await popup.getByRole('radio', { name: 'People in your organization' }).check();
    await popup.getByRole('button', { name: 'Create and copy link' }).click();
    await expect(popup.getByRole('status').getByText('Link made. It is copied.')).toBeVisible();
    await expect(popup.getByRole('textbox', { name: 'The link' })).toHaveValue(
      /^https:\/\/contoso\.sharepoint\.com\/:/,
    );
    await expect(access.getByText('People in your organization with the link — can edit')).toBeVisible();
    // The same kind again is the same link (Graph answers 200), not a second one.
    await popup.getByRole('button', { name: 'Create and copy link' }).click();
    await expect(
      popup
        .getByRole('status')
        .getByText('You already had a link of this kind; here it is.', { exact: false }),
    ).toBeVisible();

    // Invite people.
    const invite = popup.getByRole('form', { name: 'Invite people' });
    await invite.getByLabel('E-mail addresses (separate them with commas)').fill('guest@example.org');
    await invite.getByLabel('Message (optional)').fill('Here is the report.');
    await invite.getByRole('button', { name: 'Invite' }).click();
    await expect(popup.getByRole('status').getByText('Invited 1 person.')).toBeVisible();
    await expect(access.getByText('guest@example.org — can view')).toBeVisible();

    // Change what they can do, then remove them.
    await access.getByLabel('What guest@example.org can do').selectOption('write');
    await expect(access.getByText('guest@example.org — can edit')).toBeVisible();
    await access.getByRole('button', { name: 'Remove access for guest@example.org' }).click();
    await expect(access.getByText('guest@example.org')).toHaveCount(0);
    await expect(popup.getByRole('status').getByText('Access removed: guest@example.org.')).toBeVisible();
    expect(await posts(emulator, '/createLink')).toHaveLength(2);
    expect(await posts(emulator, '/invite')).toHaveLength(1);
  });

  test('an option the organisation does not allow is refused in plain words', async ({
    page,
    pages,
    extContext,
    extensionId,
    serviceWorker,
  }) => {
    const popup = await openSharePanel(extContext, extensionId, page, pages, serviceWorker, 'no-anyone');
    await popup.getByRole('radio', { name: 'Anyone with the link' }).check();
    await popup.getByRole('button', { name: 'Create and copy link' }).click();
    await expect(
      popup.getByText('Your organization does not allow links for anyone.', { exact: false }).first(),
    ).toBeVisible();
    await expect(popup.getByRole('textbox', { name: 'The link' })).toHaveCount(0);
  });

  test('an invalid e-mail address is pointed out and nothing is sent', async ({
    page,
    pages,
    extContext,
    extensionId,
    serviceWorker,
    emulator,
  }) => {
    const popup = await openSharePanel(extContext, extensionId, page, pages, serviceWorker, 'bulk-2');
    const invite = popup.getByRole('form', { name: 'Invite people' });
    const recipients = invite.getByLabel('E-mail addresses (separate them with commas)');
    await recipients.fill('adele@contoso.com, not-an-address');
    await invite.getByRole('button', { name: 'Invite' }).click();
    await expect(invite.getByText('Enter e-mail addresses like name@example.com.')).toBeVisible();
    await expect(recipients).toHaveAttribute('aria-invalid', 'true');
    await expect(recipients).toBeFocused();
    expect(await posts(emulator, '/invite')).toHaveLength(0);
  });

  test('a link whose request timed out but was made is found, and not made twice', async ({
    page,
    pages,
    extContext,
    extensionId,
    serviceWorker,
    emulator,
  }) => {
    test.slow(); // the request's deadline (30 s) has to pass
    const popup = await openSharePanel(extContext, extensionId, page, pages, serviceWorker, 'bulk-3');
    // Graph makes the link, but its answer comes after the extension stopped waiting.
    await emulator.fault({ match: { method: 'POST', path: '/createLink' }, delayAfterMs: 45_000 });
    await popup.getByRole('radio', { name: 'Specific people' }).check();
    await popup.getByLabel('E-mail addresses (separate them with commas)').first().fill('adele@contoso.com');
    await popup.getByRole('button', { name: 'Create and copy link' }).click();
    await expect(
      popup
        .getByRole('status')
        .getByText('Microsoft Graph answered late, but the link was made.', { exact: false }),
    ).toBeVisible({
      timeout: 45_000,
    });
    await expect(popup.getByRole('textbox', { name: 'The link' })).toHaveValue(/^https:\/\//);
    expect(await posts(emulator, '/createLink')).toHaveLength(1);
    const access = popup.getByRole('list', { name: 'Who has access' });
    await expect(access.getByText('Specific people with the link — can view')).toHaveCount(1);
  });

  test("the card's Share… opens the share panel for that item", async ({ page, pages }) => {
    await page.goto(pages.add('/card-share', linksPage('Wiki', [{ href: link('bulk-4'), text: 'Report' }])));
    await page.getByRole('link', { name: 'Report' }).hover();
    const card = await cardFrame(page);
    const name = itemOf('bulk-4').name;
    await expect(card.getByRole('heading', { name })).toBeVisible();
    const opened = page.context().waitForEvent('page');
    await card.getByRole('button', { name: 'Share…' }).click();
    const panel = await opened;
    await expect(panel).toHaveURL(/popup\.html\?share=/);
    await expect(panel.getByRole('heading', { name: `Share “${name}”` })).toBeVisible();
  });
});
