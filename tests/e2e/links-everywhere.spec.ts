import type { BrowserContext, Page } from '@playwright/test';
import { encodeSharingUrl } from '../../lib';
import { cardFrame, clearPreviewCache, expect, itemOf, link, tabIdOf, test } from './fixtures';
import { linksPage } from './page-server';

/**
 * Links where people meet them: added after the page loaded, written with capitals, inside frames the page
 * writes itself (web mail and chat show message bodies in about:blank and srcdoc frames) and inside open
 * shadow roots. Each gets its card on hover and is listed by the popup.
 */

/** `https://contoso.sharepoint.com/…` written as `https://Contoso.SharePoint.com/…`. */
function withCapitalHost(url: string): string {
  const parsed = new URL(url);
  const host = parsed.host.replace(
    /(^|\.)([a-z])/g,
    (_, dot: string, letter: string) => dot + letter.toUpperCase(),
  );
  return url.replace(parsed.host, host);
}

/** Adds, after load, an about:blank frame whose body the page writes, as web mail does. */
const ADD_MAIL_FRAME = (href: string) => `<script>
setTimeout(() => {
  const frame = document.createElement('iframe');
  frame.id = 'mail';
  frame.style.cssText = 'width: 500px; height: 70px; border: 4px solid #888; margin: 30px 0 0 40px';
  document.body.append(frame);
  const body = frame.contentDocument.body;
  const a = frame.contentDocument.createElement('a');
  a.href = ${JSON.stringify(href)};
  a.textContent = 'Link in mail';
  const p = frame.contentDocument.createElement('p');
  p.append('Hi, here is the plan: ', a);
  body.append(p);
}, 50);
</script>`;

/** A custom element that renders its link into an open shadow root. */
const SHADOW_LINK = (href: string) => `<chat-message id="chat"></chat-message><script>
customElements.define('chat-message', class extends HTMLElement {
  connectedCallback() {
    const root = this.attachShadow({ mode: 'open' });
    const a = document.createElement('a');
    a.href = ${JSON.stringify(href)};
    a.textContent = 'Link in chat';
    root.append('Shared: ', a);
  }
});
</script>`;

async function openPopup(context: BrowserContext, extensionId: string, tabId: number): Promise<Page> {
  const popup = await context.newPage();
  await popup.goto(`chrome-extension://${extensionId}/popup.html?tabId=${tabId}`);
  return popup;
}

test.describe('links where people meet them', () => {
  test.beforeEach(async ({ signedIn, emulator, serviceWorker }) => {
    void signedIn;
    await emulator.reset();
    await clearPreviewCache(serviceWorker);
  });

  test('a link added after the page loaded gets its card', async ({ page, pages }) => {
    await page.goto(pages.add('/late', linksPage('Chat', [{ href: 'https://example.com/', text: 'Home' }])));
    await page.getByRole('link', { name: 'Home' }).hover(); // the previews are loaded by now
    await page.evaluate((href) => {
      const a = document.createElement('a');
      a.href = href;
      a.textContent = 'Late link';
      document.body.append(a);
    }, link('folder'));
    await page.getByRole('link', { name: 'Late link' }).hover();
    const card = await cardFrame(page);
    await expect(card.getByRole('heading', { name: itemOf('folder').name })).toBeVisible();
  });

  test('a link written with capitals in its host gets its card', async ({ page, pages }) => {
    const href = withCapitalHost(link('file'));
    expect(href).not.toBe(link('file'));
    await page.goto(pages.add('/capitals', linksPage('Wiki', [{ href, text: 'Shouting link' }])));
    await page.getByRole('link', { name: 'Shouting link' }).hover();
    const card = await cardFrame(page);
    await expect(card.getByRole('heading', { name: itemOf('file').name })).toBeVisible();
  });

  test('a link in a frame the page wrote gets its card, placed over the top page', async ({
    page,
    pages,
  }) => {
    await page.goto(pages.add('/mail', linksPage('Inbox', [], ADD_MAIL_FRAME(link('file')))));
    const mail = page.frameLocator('#mail');
    const inMail = mail.getByRole('link', { name: 'Link in mail' });
    await inMail.hover();
    const card = await cardFrame(page);
    await expect(card.getByRole('heading', { name: itemOf('file').name })).toBeVisible();

    // The card is drawn in the top document, just below the link as the person sees it there, and the mail
    // frame's edges do not clip it.
    const cardBox = await (await card.frameElement()).boundingBox();
    const linkBox = await inMail.boundingBox(); // in the top page's coordinates
    const mailBox = await page.locator('#mail').boundingBox();
    if (!cardBox || !linkBox || !mailBox) throw new Error('no box for the card, the link or the mail frame');
    expect(Math.abs(cardBox.y - (linkBox.y + linkBox.height + 6))).toBeLessThanOrEqual(1);
    expect(Math.abs(cardBox.x - linkBox.x)).toBeLessThanOrEqual(1);
    expect(cardBox.y + cardBox.height).toBeGreaterThan(mailBox.y + mailBox.height);
    expect(await page.evaluate(() => document.querySelector('sharelens-card') !== null)).toBe(true);
  });

  test("a library page that names an item by path gets the item's card", async ({
    page,
    pages,
    emulator,
    serviceWorker,
  }) => {
    // The item's own address, as Graph reports it, named in the query of the library's onedrive.aspx page.
    const token = await serviceWorker.evaluate(async () => {
      const session = (await chrome.storage.session.get('auth.session'))['auth.session'] as {
        accessToken: string;
      };
      return session.accessToken;
    });
    const response = await fetch(`${emulator.url}/v1.0/shares/${encodeSharingUrl(link('file'))}/driveItem`, {
      headers: { authorization: `Bearer ${token}` },
    });
    const webUrl = new URL(((await response.json()) as { webUrl: string }).webUrl);
    const site = webUrl.pathname.split('/').slice(0, 3).join('/'); // /sites/Finance
    const path = decodeURIComponent(webUrl.pathname);
    const href = `${webUrl.origin}${site}/_layouts/15/onedrive.aspx?id=${encodeURIComponent(path)}&parent=${encodeURIComponent(path.slice(0, path.lastIndexOf('/')))}`;
    await emulator.reset();
    await page.goto(pages.add('/by-path', linksPage('Wiki', [{ href, text: 'Budget in its library' }])));
    await page.getByRole('link', { name: 'Budget in its library' }).hover();
    const card = await cardFrame(page);
    await expect(card.getByRole('heading', { name: itemOf('file').name })).toBeVisible();
  });

  test('a link inside an open shadow root gets its card', async ({ page, pages }) => {
    await page.goto(pages.add('/shadow', linksPage('Team chat', [], SHADOW_LINK(link('folder')))));
    await page.getByRole('link', { name: 'Link in chat' }).hover();
    const card = await cardFrame(page);
    await expect(card.getByRole('heading', { name: itemOf('folder').name })).toBeVisible();
  });

  test('the popup lists links added later, in capitals, in written frames and in open shadow roots', async ({
    page,
    pages,
    extContext,
    extensionId,
    serviceWorker,
  }) => {
    const srcdoc = `<p><a href="${link('bulk-4')}">Link in srcdoc</a></p>`.replace(/"/g, '&quot;');
    const html = linksPage(
      'Everywhere',
      [{ href: withCapitalHost(link('bulk-1')), text: 'Capitals' }],
      `${ADD_MAIL_FRAME(link('bulk-2'))}${SHADOW_LINK(link('bulk-3'))}<iframe srcdoc="${srcdoc}"></iframe>`,
    );
    await page.goto(pages.add('/everywhere', html));
    await expect(page.frameLocator('#mail').getByRole('link', { name: 'Link in mail' })).toBeVisible();
    await page.evaluate((href) => {
      const a = document.createElement('a');
      a.href = href;
      a.textContent = 'Added later';
      document.body.append(a);
    }, link('bulk-5'));

    const popup = await openPopup(extContext, extensionId, await tabIdOf(serviceWorker, page));
    const list = popup.getByRole('list', { name: 'Share links on this page' });
    await expect(popup.getByRole('status').getByText('5 share links')).toBeVisible({ timeout: 15_000 });
    for (const label of ['bulk-1', 'bulk-2', 'bulk-3', 'bulk-4', 'bulk-5']) {
      await expect(
        list.getByRole('listitem').filter({ has: popup.getByText(itemOf(label).name, { exact: true }) }),
      ).toBeVisible();
    }
  });
});
