import { startEmulator } from '../../emulator/server';
import { CLIENT_ID, DATASET_PATH, expect, launchExtension, megan, serviceWorkerOf, test } from './fixtures';

test('signing in through the identity platform form, then signing out', async () => {
  const emulator = await startEmulator({ port: 0, data: DATASET_PATH });
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

    await options.reload();
    await expect(options.getByText(`Signed in as ${megan.displayName}`)).toBeVisible();
    await options.getByRole('button', { name: 'Sign out' }).click();
    await expect(options.getByRole('button', { name: 'Sign in' })).toBeVisible();
    const afterSignOut = await worker.evaluate(async () =>
      JSON.stringify(await chrome.storage.session.get(null)),
    );
    expect(afterSignOut).not.toContain('accessToken');
  } finally {
    await close();
    await emulator.close();
  }
});
