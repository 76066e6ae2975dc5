import { encodeSharingUrl } from '../../lib';
import {
  cardFrame,
  clearPreviewCache,
  configure,
  expect,
  expectCardClosed,
  itemOf,
  link,
  megan,
  test,
} from './fixtures';
import { linksPage } from './page-server';

test.describe('hover card', () => {
  test.beforeEach(async ({ signedIn, emulator, serviceWorker }) => {
    void signedIn;
    await emulator.reset();
    await clearPreviewCache(serviceWorker);
  });

  const wiki = (labels: string[], extraHtml = '') =>
    linksPage(
      'Team wiki',
      labels.map((label) => ({ href: link(label), text: `Link to ${label}` })),
      extraHtml,
    );

  test('hovering a file link shows what is behind it', async ({ page, pages, emulator }) => {
    await page.goto(pages.add('/file', wiki(['file'])));
    const item = itemOf('file');
    await page.getByRole('link', { name: 'Link to file' }).hover();
    const card = await cardFrame(page);
    await expect(card.getByRole('heading', { name: item.name })).toBeVisible();
    await expect(card.getByText('Excel workbook', { exact: true })).toBeVisible();
    await expect(card.getByText(item.ownerName)).toBeVisible();
    await expect(card.getByText('Modified')).toBeVisible();
    await expect(card.getByRole('img', { name: `Preview of ${item.name}` })).toBeVisible();

    // How the link itself shares the item, asked in the same batch as the item (one request).
    await expect(card.getByText('People in your organization with the link can view')).toBeVisible();
    expect((await emulator.graphRequests()).map((request) => request.path)).toEqual(['/v1.0/$batch']);
    // The preview peeks; it never redeems (PRODUCT.md).
    const parts = (await emulator.requests()).filter((request) => request.batch !== undefined);
    expect(parts.map((part) => part.path.split('?')[0]?.split('/').pop())).toEqual([
      'driveItem',
      'permission',
    ]);
    for (const part of parts) expect(part.headers.prefer).toBe('redeemSharingLinkIfNecessary');
  });

  test('hovering a folder link shows its size and first children', async ({ page, pages }) => {
    await page.goto(pages.add('/folder', wiki(['folder'])));
    const folder = itemOf('folder');
    const children = folder.children ?? [];
    await page.getByRole('link', { name: 'Link to folder' }).hover();
    const card = await cardFrame(page);
    await expect(card.getByRole('heading', { name: folder.name })).toBeVisible();
    await expect(card.getByText(`${children.length} items`)).toBeVisible();
    const list = card.getByRole('list', { name: 'In this folder' });
    await expect(list.getByText(children[0]?.name ?? '', { exact: true })).toBeVisible();
    await expect(list.getByText(`and ${children.length - 5} more`)).toBeVisible();
  });

  for (const label of ['no-access', 'revoked']) {
    test(`a ${label} link says there is no access and offers the browser`, async ({ page, pages }) => {
      await page.goto(pages.add(`/${label}`, wiki([label])));
      await page.getByRole('link', { name: `Link to ${label}` }).hover();
      const card = await cardFrame(page);
      // Graph answers 403 for revoked and unshared alike, so the card cannot tell them apart.
      await expect(card.getByText('No access')).toBeVisible();
      await expect(card.getByText(/no longer exists/)).toBeVisible();
      await expect(card.getByRole('link', { name: 'Open in browser' })).toHaveAttribute('href', link(label));
    });
  }

  test('a link Graph cannot read says so', async ({ page, pages, emulator }) => {
    const url = link('file');
    const withoutQuery = url.split('?')[0] as string;
    for (const each of [url, withoutQuery]) {
      await emulator.fault({
        match: { path: `/v1.0/shares/${encodeSharingUrl(each)}/` },
        status: 400,
        body: { error: { code: 'invalidRequest', message: 'Invalid shares key.' } },
      });
    }
    await page.goto(pages.add('/malformed', wiki(['file'])));
    await page.getByRole('link', { name: 'Link to file' }).hover();
    const card = await cardFrame(page);
    await expect(card.getByText("Can't preview this link")).toBeVisible();
  });

  test('a throttled link shows when it retries, then the item', async ({ page, pages, emulator }) => {
    const item = itemOf('file');
    await emulator.fault({
      match: { path: `/v1.0/shares/${encodeSharingUrl(link('file'))}/` },
      status: 429,
      retryAfter: 2,
    });
    await page.goto(pages.add('/throttled', wiki(['file'])));
    await page.getByRole('link', { name: 'Link to file' }).hover();
    const card = await cardFrame(page);
    await expect(card.getByText('Microsoft 365 is busy')).toBeVisible();
    await expect(card.getByText(/Trying again in \d s/)).toBeVisible();
    await expect(card.getByRole('heading', { name: item.name })).toBeVisible({ timeout: 8_000 });
    expect((await emulator.graphRequests()).length).toBe(2);
  });

  test('events dispatched by a page script open nothing and send nothing', async ({
    page,
    pages,
    emulator,
  }) => {
    await page.goto(pages.add('/synthetic', wiki(['file', 'folder'])));
    await page.evaluate(() => {
      for (const anchor of document.querySelectorAll('a')) {
        anchor.dispatchEvent(new MouseEvent('mouseover', { bubbles: true }));
        anchor.dispatchEvent(new FocusEvent('focusin', { bubbles: true }));
      }
    });
    await page.waitForTimeout(1_200);
    expect(await emulator.graphRequests()).toEqual([]);
    await expect(page.locator('sharelens-card')).toHaveCount(0);
  });

  test('a brief pass over a link sends nothing', async ({ page, pages, emulator }) => {
    await page.goto(pages.add('/brief', wiki(['file'])));
    await page.getByRole('link', { name: 'Link to file' }).hover();
    await page.waitForTimeout(150);
    await page.mouse.move(600, 500);
    await page.waitForTimeout(700);
    expect(await emulator.graphRequests()).toEqual([]);
  });

  test('the page cannot read the card', async ({ page, pages }) => {
    const item = itemOf('file');
    await page.goto(pages.add('/spy', wiki(['file'])));
    await page.getByRole('link', { name: 'Link to file' }).hover();
    const card = await cardFrame(page);
    await expect(card.getByRole('heading', { name: item.name })).toBeVisible();
    const seen = await page.evaluate(() => {
      const found: string[] = [document.documentElement.textContent ?? ''];
      const host = document.querySelector('sharelens-card');
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
    expect(seen).toContain('shadow:closed');
    expect(seen).toContain('iframes:0');
  });

  test('Esc closes the card and keyboard focus opens it', async ({ page, pages }) => {
    await page.goto(pages.add('/keyboard', wiki(['file', 'folder'])));
    await page.getByRole('link', { name: 'Link to file' }).hover();
    await expect((await cardFrame(page)).locator('main')).toBeVisible();
    await page.keyboard.press('Escape');
    await expectCardClosed(page);

    await page.mouse.move(700, 500);
    await page.getByRole('heading', { name: 'Team wiki' }).click();
    await page.keyboard.press('Tab'); // the file link
    await page.keyboard.press('Tab'); // the folder link
    const card = await cardFrame(page);
    const folder = itemOf('folder');
    await expect(card.getByRole('heading', { name: folder.name })).toBeVisible();

    // Tab goes on into the card, so its controls can be used; Esc comes back to the link.
    await page.keyboard.press('Tab');
    await expect(card.getByRole('link', { name: folder.name })).toBeFocused();
    await page.keyboard.press('Escape');
    await expectCardClosed(page);
    await expect(page.getByRole('link', { name: 'Link to folder' })).toBeFocused();
  });

  test('focus moved by a page script opens nothing and sends nothing', async ({ page, pages, emulator }) => {
    await page.goto(pages.add('/scripted-focus', wiki(['file', 'folder'])));
    await page.evaluate(() => {
      for (const anchor of document.querySelectorAll('a')) anchor.focus();
    });
    await page.waitForTimeout(1_000);
    expect(await emulator.graphRequests()).toEqual([]);
  });

  test('an invisible link laid over the page opens nothing and sends nothing', async ({
    page,
    pages,
    emulator,
  }) => {
    // A hostile page: a full-viewport share link at opacity 0 catches every pointer move over "blank" page.
    const trap = `<a href="${link('file')}" style="position: fixed; inset: 0; opacity: 0">trap</a>`;
    await page.goto(pages.add('/invisible', wiki(['folder'], trap)));
    await page.mouse.move(300, 300);
    await page.mouse.move(310, 310);
    await page.waitForTimeout(1_200);
    expect(await emulator.graphRequests()).toEqual([]);
    expect(await page.evaluate(() => document.querySelector('sharelens-card'))).toBeNull();
  });

  test('focus a page script moves just after a key press opens nothing', async ({
    page,
    pages,
    emulator,
  }) => {
    await page.goto(pages.add('/scripted-after-key', wiki(['file', 'folder'])));
    await page.getByRole('heading', { name: 'Team wiki' }).click();
    // The page moves focus to a share link 20 ms after the person's ArrowDown, as a hostile page would.
    await page.evaluate(() => {
      document.addEventListener('keydown', () => {
        setTimeout(() => document.querySelector('a')?.focus(), 20);
      });
    });
    await page.keyboard.press('ArrowDown');
    await page.waitForTimeout(1_000);
    expect(await emulator.graphRequests()).toEqual([]);
    // And a page that cancels the key and moves focus in the same moment does not count either.
    await page.goto(pages.add('/cancelled-key', wiki(['file', 'folder'])));
    await page.getByRole('heading', { name: 'Team wiki' }).click();
    await page.evaluate(() => {
      document.addEventListener('keydown', (event) => {
        event.preventDefault();
        (document.querySelectorAll('a')[1] as HTMLElement | undefined)?.focus();
      });
    });
    await page.keyboard.press('Tab');
    await page.waitForTimeout(2_000);
    expect(await emulator.graphRequests()).toEqual([]);
  });

  test('the page cannot tell answers apart by measuring the card', async ({ page, pages }) => {
    /** What a page can learn: the box its own hit-testing finds at the card's place, probing pixel rows. */
    const probe = () =>
      page.evaluate(() => {
        const host = document.querySelector('sharelens-card') as HTMLElement;
        const hits = (x: number, y: number) => document.elementFromPoint(x, y) === host;
        const left = Number.parseFloat(getComputedStyle(host).left) + 20;
        let top = -1;
        let bottom = -1;
        for (let y = 0; y < window.innerHeight; y++) {
          if (!hits(left, y)) continue;
          if (top < 0) top = y;
          bottom = y;
        }
        return { top, height: bottom - top + 1 };
      });
    const boxes: Array<{ top: number; height: number }> = [];
    for (const label of ['no-access', 'file', 'folder']) {
      await page.goto(pages.add(`/measure-${label}`, wiki([label])));
      await page.getByRole('link', { name: `Link to ${label}` }).hover();
      const card = await cardFrame(page);
      await expect(card.locator('main[aria-busy="false"]')).toBeVisible();
      boxes.push(await probe());
    }
    expect(boxes[0]?.height).toBeGreaterThan(100);
    expect(boxes[1]).toEqual(boxes[0]);
    expect(boxes[2]).toEqual(boxes[0]);
  });

  test('page styles cannot hide the card', async ({ page, pages }) => {
    const hiding =
      '<style>sharelens-card { opacity: 0 !important; display: none !important; visibility: hidden !important; }</style>';
    await page.goto(pages.add('/hiding', wiki(['file'], hiding)));
    await page.getByRole('link', { name: 'Link to file' }).hover();
    const card = await cardFrame(page);
    await expect(card.getByRole('heading', { name: itemOf('file').name })).toBeVisible();
    const shown = await page.evaluate(() => {
      const style = getComputedStyle(document.querySelector('sharelens-card') as Element);
      return { display: style.display, opacity: style.opacity, visibility: style.visibility };
    });
    expect(shown).toEqual({ display: 'block', opacity: '1', visibility: 'visible' });
  });

  test('a Graph answer that never comes ends in an error, and Try again starts afresh', async ({
    page,
    pages,
    emulator,
  }) => {
    test.slow(); // the request's deadline (30 s) has to pass
    await emulator.fault({
      match: { path: `/v1.0/shares/${encodeSharingUrl(link('file'))}/` },
      delayMs: 120_000,
    });
    await page.goto(pages.add('/stalled', wiki(['file'])));
    await page.getByRole('link', { name: 'Link to file' }).hover();
    const card = await cardFrame(page);
    await expect(card.getByText('Microsoft Graph did not answer in time.', { exact: false })).toBeVisible({
      timeout: 45_000,
    });
    await card.getByRole('button', { name: 'Try again' }).click();
    await expect(card.getByRole('heading', { name: itemOf('file').name })).toBeVisible();
  });

  test('signing out during a slow fetch: its answer lands nowhere', async ({
    page,
    pages,
    emulator,
    serviceWorker,
    extContext,
    extensionId,
  }) => {
    test.slow(); // signs out and in again
    await emulator.fault({
      match: { path: `/v1.0/shares/${encodeSharingUrl(link('file'))}/` },
      delayMs: 8_000,
    });
    await page.goto(pages.add('/slow-sign-out', wiki(['file'])));
    await page.getByRole('link', { name: 'Link to file' }).hover();
    const card = await cardFrame(page);
    await expect(card.getByText('Loading preview…')).toBeVisible();
    await expect.poll(async () => (await emulator.graphRequests()).length).toBeGreaterThan(0);
    const answerAt = Date.now() + 8_000;

    const options = await extContext.newPage();
    await options.goto(`chrome-extension://${extensionId}/options.html`);
    await options.getByRole('button', { name: 'Sign out' }).click();
    await expect(options.getByRole('button', { name: 'Sign in' })).toBeVisible();
    expect(Date.now()).toBeLessThan(answerAt); // signed out while the request was still under way
    await page.waitForTimeout(answerAt - Date.now() + 1_000); // the slow answer has come back by now

    // The card asks to sign in instead of showing the item, and nothing fetched with the account was kept.
    await expect(card.getByText('Sign in to preview this link')).toBeVisible();
    await expect(card.getByRole('heading', { name: itemOf('file').name })).toHaveCount(0);
    const kept = await serviceWorker.evaluate(async () =>
      Object.keys(await chrome.storage.session.get(null)).filter((key) => key.startsWith('preview')),
    );
    expect(kept).toEqual([]);

    // Signed in again for the tests that follow (the identity platform may remember the person and not ask).
    const loginPage = extContext
      .waitForEvent('page', {
        predicate: (each) => each.url().includes('/oauth2/v2.0/authorize'),
        timeout: 5_000,
      })
      .catch(() => undefined);
    await options.getByRole('button', { name: 'Sign in' }).click();
    const login = await loginPage;
    if (login && !login.isClosed()) {
      await login.getByLabel('Email').fill(megan.email);
      await login.getByLabel('Password').fill(megan.password);
      await login.getByRole('button', { name: 'Sign in' }).click();
    }
    await expect(options.getByText(`Signed in as ${megan.displayName}`)).toBeVisible();
    await options.close();
  });

  test('the access token goes to the Graph endpoint and nowhere else', async ({ page, pages, emulator }) => {
    await page.goto(pages.add('/tokens', wiki(['file', 'folder'])));
    await page.getByRole('link', { name: 'Link to file' }).hover();
    await expect((await cardFrame(page)).getByRole('img', { name: /^Preview of/ })).toBeVisible();
    // Leave the card, so it closes and uncovers the next link.
    await page.mouse.move(700, 500);
    await expectCardClosed(page);
    await page.getByRole('link', { name: 'Link to folder' }).hover();
    await expect((await cardFrame(page)).getByText('items', { exact: false }).first()).toBeVisible();

    const requests = await emulator.requests();
    const withToken = requests.filter((each) => 'authorization' in each.headers);
    expect(withToken.length).toBeGreaterThan(0);
    for (const request of withToken) expect(request.path.startsWith('/v1.0/')).toBe(true);
    // Thumbnails (fetched without a token; the browser may serve them from its HTTP cache) and identity
    // requests carry none; neither does anything sent to the page's own host.
    for (const request of pages.requests) expect(request.headers.authorization).toBeUndefined();
  });

  test('previews can be switched off for a site', async ({ page, pages, emulator, serviceWorker }) => {
    const { host } = new URL(pages.origin);
    await configure(serviceWorker, emulator.url, { disabledSites: [host] });
    try {
      await page.goto(pages.add('/off', wiki(['file'])));
      await page.getByRole('link', { name: 'Link to file' }).hover();
      await page.waitForTimeout(1_000);
      await expect(page.locator('sharelens-card')).toHaveCount(0);
      expect(await emulator.graphRequests()).toEqual([]);
    } finally {
      await configure(serviceWorker, emulator.url);
    }
  });
});
