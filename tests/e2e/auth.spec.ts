import { readFileSync } from 'node:fs';
import { startEmulator } from '../../emulator/server';
import {
  CLIENT_ID,
  cardFrame,
  configure,
  DATASET_PATH,
  expect,
  expectCardClosed,
  hoverUntilCard,
  itemOf,
  launchExtension,
  link,
  megan,
  serviceWorkerOf,
  signInWithForm,
  storedCredential,
  test,
} from './fixtures';
import { linksPage, startPageServer } from './page-server';

test('signing in through the identity platform form, then signing out', async () => {
  const emulator = await startEmulator({ port: 0, data: DATASET_PATH, autoLogin: false });
  const { context, close } = await launchExtension();
  try {
    const worker = await serviceWorkerOf(context);
    const extensionId = new URL(worker.url()).host;
    const options = await context.newPage();
    await options.goto(`chrome-extension://${extensionId}/options.html`);

    await expect(options.getByLabel('Sign-in authority')).toHaveValue(
      'https://login.microsoftonline.com/common',
    );
    await expect(options.getByLabel('Microsoft Graph endpoint')).toHaveValue(
      'https://graph.microsoft.com/v1.0',
    );

    // Bad input gets a clear answer before anything is sent.
    await options.getByLabel('Microsoft Graph endpoint').fill('http://graph.example.com/v1.0');
    await options.getByRole('button', { name: 'Save' }).click();
    await expect(options.getByText(/Use https:\/\//)).toBeVisible();

    await options.getByLabel('Client ID').fill(CLIENT_ID);
    await options.getByLabel('Sign-in authority').fill(`${emulator.url}/common`);
    await options.getByLabel('Microsoft Graph endpoint').fill(`${emulator.url}/v1.0`);

    const authPage = context.waitForEvent('page', (page) => page.url().includes('/oauth2/v2.0/authorize'));
    await options.getByRole('button', { name: 'Sign in' }).click();
    const login = await authPage;
    await login.getByLabel('Email').fill(megan.email);
    await login.getByLabel('Password').fill('not the password');
    await login.getByRole('button', { name: 'Sign in' }).click();
    await expect(login.getByText('Your account or password is incorrect.')).toBeVisible();
    await login.getByLabel('Password').fill(megan.password);
    await login.getByRole('button', { name: 'Sign in' }).click();

    await expect(options.getByText(`Signed in as ${megan.displayName}`)).toBeVisible();
    // Tokens stay where pages cannot reach them: the access token in session storage only.
    const stored = await worker.evaluate(async () => ({
      local: JSON.stringify(await chrome.storage.local.get(null)),
      session: JSON.stringify(await chrome.storage.session.get(null)),
    }));
    expect(stored.session).toContain('accessToken');
    expect(stored.local).not.toContain('accessToken');
    // The account and its refresh token are in the extension origin's IndexedDB, and in no storage area a
    // content script can read (storage.local and storage.sync are open to them in Firefox and Chrome < 140).
    const { refreshToken } = (await storedCredential(worker, 'auth.account')) as { refreshToken: string };
    expect(refreshToken).toBeTruthy();
    const readable = await worker.evaluate(async () => ({
      local: await chrome.storage.local.get(null),
      sync: await chrome.storage.sync.get(null),
    }));
    expect(Object.keys(readable.local).filter((key) => key.startsWith('auth.'))).toEqual([]);
    expect(JSON.stringify(readable)).not.toContain(refreshToken);

    await options.reload();
    await expect(options.getByText(`Signed in as ${megan.displayName}`)).toBeVisible();
    await options.getByRole('button', { name: 'Sign out' }).click();
    await expect(options.getByRole('button', { name: 'Sign in' })).toBeVisible();
    const afterSignOut = await worker.evaluate(async () =>
      JSON.stringify(await chrome.storage.session.get(null)),
    );
    expect(afterSignOut).not.toContain('accessToken');
    expect(await storedCredential(worker, 'auth.account')).toBeUndefined();
  } finally {
    await close();
    await emulator.close();
  }
});

test('an account an earlier version kept in storage.local moves to IndexedDB, where no content script reaches it', async () => {
  const pages = await startPageServer();
  const { context, close } = await launchExtension();
  try {
    const worker = await serviceWorkerOf(context);
    // Nothing here reaches the network: status is read from storage.
    const endpoint = 'http://127.0.0.1:9';
    await configure(worker, endpoint);
    const refreshToken = 'refresh-token-from-version-0.1';
    await worker.evaluate((account) => chrome.storage.local.set({ 'auth.account': account }), {
      id: megan.id,
      displayName: megan.displayName,
      username: megan.email,
      authority: `${endpoint}/common`,
      clientId: CLIENT_ID,
      graphEndpoint: `${endpoint}/v1.0`,
      refreshToken,
    });

    // The update signs nobody out; the account has moved.
    const options = await context.newPage();
    await options.goto(`chrome-extension://${new URL(worker.url()).host}/options.html`);
    await expect(options.getByText(`Signed in as ${megan.displayName}`)).toBeVisible();
    expect(await storedCredential(worker, 'auth.account')).toMatchObject({ refreshToken });
    expect(await worker.evaluate(async () => Object.keys(await chrome.storage.local.get(null)))).toEqual([
      'settings',
    ]);

    // In a page's content-script world (ShareLens's isolated world), nothing holds the token: storage.local
    // (closed, or without it), storage.session (closed to content scripts) and the page origin's IndexedDB.
    const page = await context.newPage();
    await page.goto(pages.add('/tokens', linksPage('Wiki', [{ href: link('file'), text: 'Budget' }])));
    const cdp = await context.newCDPSession(page);
    const worlds: { id: number; name: string; auxData?: { type?: string } }[] = [];
    cdp.on('Runtime.executionContextCreated', ({ context }) => worlds.push(context));
    await cdp.send('Runtime.enable');
    await expect
      .poll(() => worlds.filter((world) => world.auxData?.type === 'isolated').length)
      .toBeGreaterThan(0);
    const isolated = worlds.find((world) => world.auxData?.type === 'isolated');
    const { result, exceptionDetails } = await cdp.send('Runtime.evaluate', {
      contextId: isolated?.id,
      awaitPromise: true,
      returnByValue: true,
      expression: `(async () => {
        const attempt = (read) => read().then((value) => JSON.stringify(value), (error) => 'refused: ' + error.message);
        return {
          hasApi: typeof chrome?.runtime?.id === 'string',
          local: await attempt(() => chrome.storage.local.get(null)),
          session: await attempt(() => chrome.storage.session.get(null)),
          databases: await attempt(() => indexedDB.databases()),
        };
      })()`,
    });
    expect(exceptionDetails).toBeUndefined();
    const seen = result.value as { hasApi: boolean; local: string; session: string; databases: string };
    expect(seen.hasApi).toBe(true);
    expect(seen.local).not.toContain(refreshToken);
    expect(seen.local).not.toContain('auth.');
    expect(seen.session).toMatch(/^refused/);
    expect(seen.databases).not.toContain('sharelens-credentials');
  } finally {
    await close();
    await pages.close();
  }
});

test('a signed-out card asks to sign in, and shows the item once signed in', async () => {
  const emulator = await startEmulator({ port: 0, data: DATASET_PATH, autoLogin: false });
  const pages = await startPageServer();
  const { context, close } = await launchExtension();
  try {
    const worker = await serviceWorkerOf(context);
    await configure(worker, emulator.url);
    const page = await context.newPage();
    await page.goto(pages.add('/signed-out', linksPage('Wiki', [{ href: link('file'), text: 'Budget' }])));
    await page.bringToFront(); // over the setup page the install opened
    const card = await hoverUntilCard(page, page.getByRole('link', { name: 'Budget' }));
    await expect(card.getByText('Sign in to preview this link')).toBeVisible();
    // Nothing reached Graph without a token.
    const before = (await (await fetch(`${emulator.url}/_emulator/requests`)).json()) as {
      requests: { path: string }[];
    };
    expect(before.requests.filter((each) => each.path.startsWith('/v1.0/'))).toEqual([]);

    // The card does not sign in inside the page (it could be clickjacked there): it opens the options page.
    const optionsOpened = context.waitForEvent('page', (each) => each.url().endsWith('/options.html'));
    await card.getByRole('button', { name: 'Sign in' }).click();
    const optionsPage = await optionsOpened;
    const authPage = context.waitForEvent('page', (each) => each.url().includes('/oauth2/v2.0/authorize'));
    await optionsPage.getByRole('button', { name: 'Sign in' }).click();
    const login = await authPage;
    await login.getByLabel('Email').fill(megan.email);
    await login.getByLabel('Password').fill(megan.password);
    await login.getByRole('button', { name: 'Sign in' }).click();
    await expect(optionsPage.getByText(`Signed in as ${megan.displayName}`)).toBeVisible();
    await optionsPage.close();
    // Back on the page, the link shows its item now.
    await page.bringToFront();
    await page.mouse.move(600, 500);
    await expectCardClosed(page);
    await page.getByRole('link', { name: 'Budget' }).hover();
    await expect((await cardFrame(page)).getByRole('heading', { name: itemOf('file').name })).toBeVisible();

    // Signing out forgets the previews fetched with the account and the links hovered before, at once.
    const remembered = () =>
      worker.evaluate(async () =>
        Object.keys(await chrome.storage.session.get(null)).filter(
          (key) => key.startsWith('preview:') || key.startsWith('intent:'),
        ),
      );
    expect((await remembered()).length).toBeGreaterThan(0);
    const options = await context.newPage();
    await options.goto(`chrome-extension://${new URL(worker.url()).host}/options.html`);
    await options.getByRole('button', { name: 'Sign out' }).click();
    await expect(options.getByRole('button', { name: 'Sign in' })).toBeVisible();
    expect(await remembered()).toEqual([]);
  } finally {
    await close();
    await pages.close();
    await emulator.close();
  }
});

test('signing in with the client id registered as a single-page app with the extension’s redirect URI', async () => {
  const { context, close } = await launchExtension();
  const pages = await startPageServer();
  // The redirect URI is the extension's own (identity.getRedirectURL()), known once it is loaded.
  const worker = await serviceWorkerOf(context);
  const redirectUri = `https://${new URL(worker.url()).host}.chromiumapp.org/`;
  const dataset = JSON.parse(readFileSync(DATASET_PATH, 'utf8'));
  const emulator = await startEmulator({
    port: 0,
    data: { ...dataset, apps: [{ clientId: CLIENT_ID, redirectUris: [redirectUri], spa: true }] },
    autoLogin: false,
  });
  try {
    await configure(worker, emulator.url);
    const options = await signInWithForm(context, new URL(worker.url()).host);
    await expect(options.getByText(`Signed in as ${megan.displayName}`)).toBeVisible();
    const page = await context.newPage();
    await page.goto(pages.add('/registered', linksPage('Wiki', [{ href: link('file'), text: 'Budget' }])));
    await page.getByRole('link', { name: 'Budget' }).hover();
    const card = await cardFrame(page);
    await expect(card.getByRole('heading', { name: itemOf('file').name })).toBeVisible();
  } finally {
    await close();
    await pages.close();
    await emulator.close();
  }
});

for (const expired of ['access token', 'refresh token too'] as const) {
  test(`an expired ${expired} is renewed without asking the person`, async () => {
    const emulator = await startEmulator({
      port: 0,
      data: DATASET_PATH,
      autoLogin: false,
      accessTokenLifetimeSec: 1,
      refreshTokenLifetimeSec: expired === 'access token' ? 3600 : 1,
    });
    const pages = await startPageServer();
    const { context, close } = await launchExtension();
    try {
      const worker = await serviceWorkerOf(context);
      await configure(worker, emulator.url);
      const options = await signInWithForm(context, new URL(worker.url()).host);
      await expect(options.getByText(`Signed in as ${megan.displayName}`)).toBeVisible();
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      await fetch(`${emulator.url}/_emulator/reset`, { method: 'POST' });

      const page = await context.newPage();
      await page.goto(pages.add('/renew', linksPage('Wiki', [{ href: link('file'), text: 'Budget' }])));
      await page.getByRole('link', { name: 'Budget' }).hover();
      const card = await cardFrame(page);
      await expect(card.getByRole('heading', { name: itemOf('file').name })).toBeVisible();

      const log = (await (await fetch(`${emulator.url}/_emulator/requests`)).json()) as {
        requests: { method: string; path: string }[];
      };
      const tokenPosts = log.requests.filter(
        (each) => each.method === 'POST' && each.path.endsWith('/oauth2/v2.0/token'),
      );
      const silent = log.requests.filter(
        (each) => each.path.includes('/authorize') && each.path.includes('prompt=none'),
      );
      if (expired === 'access token') {
        expect(tokenPosts).toHaveLength(1); // the refresh grant
        expect(silent).toHaveLength(0);
      } else {
        expect(silent).toHaveLength(1); // refresh refused, so a prompt=none sign-in on the existing session
        expect(tokenPosts).toHaveLength(2); // the refused refresh, then the code redemption
      }
    } finally {
      await close();
      await pages.close();
      await emulator.close();
    }
  });
}
