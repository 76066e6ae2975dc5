import type { BrowserContext, Page, Worker } from '@playwright/test';
import { allowIfAsked, expect, megan, test } from './fixtures';

/**
 * "Share calendar or contacts" from the popup against the emulator: Exchange Server (EWS GetFolder +
 * GetSharingMetadata) shows each recipient's result, a form with a mistake sends nothing, a SOAP fault becomes a
 * sentence, and Microsoft 365 adds and removes a calendar permission (Graph calendarPermissions).
 */

/** Sets the Exchange section as a person would in the options page (keeping the Microsoft account's). */
async function configureExchange(worker: Worker, section: Record<string, string>) {
  await worker.evaluate(async (section) => {
    const { settings } = (await chrome.storage.local.get('settings')) as {
      settings: { providers: Record<string, unknown> };
    };
    settings.providers.exchange = section;
    await chrome.storage.local.set({ settings });
  }, section);
}

const ewsServer = (emulatorUrl: string) => ({
  mode: 'exchangeServer',
  ewsUrl: `${emulatorUrl}/EWS/Exchange.asmx`,
  serverVersion: 'Exchange2010',
  auth: 'oauth',
  username: '',
});

async function openPanel(context: BrowserContext, extensionId: string): Promise<Page> {
  const popup = await context.newPage();
  await popup.goto(`chrome-extension://${extensionId}/popup.html`);
  await popup.getByRole('button', { name: 'Share calendar or contacts' }).click();
  await expect(popup.getByRole('heading', { name: 'Share calendar or contacts' })).toBeVisible();
  return popup;
}

const ewsCalls = async (emulator: { requests(): Promise<Array<{ method: string; path: string }>> }) =>
  (await emulator.requests()).filter((each) => each.method === 'POST' && each.path === '/EWS/Exchange.asmx');

test.describe('Share calendar or contacts', () => {
  test.beforeEach(async ({ signedIn, emulator }) => {
    void signedIn;
    await emulator.reset();
  });
  // Other specs in this browser expect Exchange off (no second sign-in button, no extra popup button).
  test.afterEach(async ({ serviceWorker }) => {
    await configureExchange(serviceWorker, {
      mode: 'off',
      ewsUrl: '',
      serverVersion: 'Exchange2010',
      auth: 'oauth',
      username: '',
    });
  });

  test('Exchange Server with a password: set up in the options, shared from the popup', async ({
    extContext,
    extensionId,
    emulator,
  }) => {
    const options = await extContext.newPage();
    await options.goto(`chrome-extension://${extensionId}/options.html`);
    const section = options.getByRole('region', { name: 'Exchange: share calendar and contacts' });
    await section
      .getByLabel('Share calendars and contacts through')
      .selectOption({ label: 'Exchange Server (EWS)' });
    await section.getByLabel('EWS URL').fill(`${emulator.url}/owa`);
    await section
      .getByLabel('Sign-in')
      .selectOption({ label: 'User name and password (on-premises, https only)' });
    await section.getByLabel('User name (e-mail address)').fill(megan.email);
    await options.getByRole('button', { name: 'Save' }).click();
    await expect(section.getByText('Enter the EWS address, ending in /EWS/Exchange.asmx.')).toBeVisible();
    await section.getByLabel('EWS URL').fill(`${emulator.url}/EWS/Exchange.asmx`);
    await options.getByRole('button', { name: 'Save' }).click();
    await expect(options.getByText(`Settings saved. ShareLens may now reach ${emulator.url}.`)).toBeVisible();

    await section.getByLabel('Password', { exact: true }).fill(megan.password);
    await section.getByRole('button', { name: 'Sign in to Exchange Server' }).click();
    await expect(section.getByText(`Signed in as ${megan.email}`)).toBeVisible();
    await expect(section.getByLabel('Password', { exact: true })).toHaveCount(0);
    const stored = await options.evaluate(async () => JSON.stringify(await chrome.storage.local.get(null)));
    expect(stored).not.toContain(megan.password);
    await options.close();

    const popup = await openPanel(extContext, extensionId);
    await popup.getByLabel('Recipients').fill('alex@fabrikam.com, lee@blocked.example');
    await popup.getByRole('button', { name: 'Share', exact: true }).click();
    const results = popup.getByRole('list', { name: 'Result per recipient' });
    await expect(results.getByRole('listitem').nth(0)).toContainText('Sharing token for fabrikam.com');
    await expect(results.getByRole('listitem').nth(1)).toContainText(
      'Not shared: Your organisation’s sharing policy does not allow sharing with this person.',
    );
    const calls = await ewsCalls(emulator);
    expect(
      calls.map((each) => (each as { headers?: Record<string, string> }).headers?.authorization),
    ).toEqual([
      `Basic ${Buffer.from(`${megan.email}:${megan.password}`).toString('base64')}`,
      `Basic ${Buffer.from(`${megan.email}:${megan.password}`).toString('base64')}`,
    ]);
    await popup.close();
  });

  test('Exchange Server: shares the calendar with a federated and a non-federated recipient', async ({
    extContext,
    extensionId,
    serviceWorker,
    emulator,
  }) => {
    await configureExchange(serviceWorker, ewsServer(emulator.url));
    const popup = await openPanel(extContext, extensionId);
    await popup.getByLabel('Recipients').fill('alex@fabrikam.com, pat@not-federated.example');
    await popup.getByRole('button', { name: 'Share', exact: true }).click();
    const results = popup.getByRole('list', { name: 'Result per recipient' });
    await allowIfAsked(extContext, popup.getByRole('button', { name: 'Allow' }), results);
    await expect(results.getByRole('listitem')).toHaveCount(2);
    await expect(results.getByRole('listitem').nth(0)).toContainText('alex@fabrikam.com');
    await expect(results.getByRole('listitem').nth(0)).toContainText('Sharing token for fabrikam.com');
    await expect(results.getByRole('listitem').nth(1)).toContainText(
      'Not shared: Their organisation is not set up for sharing with other organisations (not federated).',
    );
    await expect(popup.getByText('Shared with 1 of 2 recipients.').first()).toBeVisible();
    const calls = await ewsCalls(emulator);
    expect(calls).toHaveLength(2);
    await popup.close();
  });

  test('an invalid address is marked on its field and nothing is sent', async ({
    extContext,
    extensionId,
    serviceWorker,
    emulator,
  }) => {
    await configureExchange(serviceWorker, ewsServer(emulator.url));
    const popup = await openPanel(extContext, extensionId);
    const field = popup.getByLabel('Recipients');
    await field.fill('alex@fabrikam.com, not-an-address');
    await popup.getByRole('button', { name: 'Share', exact: true }).click();
    await expect(popup.getByText('Enter e-mail addresses like name@example.com.')).toBeVisible();
    await expect(field).toHaveAttribute('aria-invalid', 'true');
    await expect(field).toBeFocused();
    expect(await ewsCalls(emulator)).toHaveLength(0);
    await popup.close();
  });

  test('Exchange Server: shares a contacts folder', async ({
    extContext,
    extensionId,
    serviceWorker,
    emulator,
  }) => {
    await configureExchange(serviceWorker, { ...ewsServer(emulator.url), serverVersion: 'Exchange2013' });
    const popup = await openPanel(extContext, extensionId);
    await popup.getByRole('radio', { name: 'Contacts' }).check();
    await popup.getByLabel('Recipients').fill('kim@northwind.example');
    await popup.getByRole('button', { name: 'Share', exact: true }).click();
    const results = popup.getByRole('list', { name: 'Result per recipient' });
    await allowIfAsked(extContext, popup.getByRole('button', { name: 'Allow' }), results);
    await expect(results.getByRole('listitem')).toContainText('Sharing token for northwind.example');
    const calls = await emulator.requests();
    expect(JSON.stringify(calls)).not.toContain('Basic ');
    await popup.close();
  });

  test('a SOAP fault becomes a sentence with its line and position', async ({
    extContext,
    extensionId,
    serviceWorker,
    emulator,
  }) => {
    await configureExchange(serviceWorker, ewsServer(emulator.url));
    const fault = `<?xml version="1.0" encoding="utf-8"?><s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><s:Fault><faultcode xmlns:a="http://schemas.microsoft.com/exchange/services/2006/types">a:ErrorSchemaValidation</faultcode><faultstring xml:lang="en-US">The request failed schema validation.</faultstring><detail><e:ResponseCode xmlns:e="http://schemas.microsoft.com/exchange/services/2006/errors">ErrorSchemaValidation</e:ResponseCode><t:MessageXml xmlns:t="http://schemas.microsoft.com/exchange/services/2006/types"><t:LineNumber>3</t:LineNumber><t:LinePosition>17</t:LinePosition></t:MessageXml></detail></s:Fault></s:Body></s:Envelope>`;
    const popup = await openPanel(extContext, extensionId);
    // Consent first (if this browser has not given it yet), so that the fault meets the sharing request.
    await popup.getByLabel('Recipients').fill('alex@fabrikam.com');
    await popup.getByRole('button', { name: 'Share', exact: true }).click();
    await allowIfAsked(
      extContext,
      popup.getByRole('button', { name: 'Allow' }),
      popup.getByRole('list', { name: 'Result per recipient' }),
    );
    await emulator.fault({
      match: { path: '/EWS/Exchange.asmx' },
      status: 500,
      body: fault,
      headers: { 'Content-Type': 'text/xml; charset=utf-8' },
    });
    await popup.getByRole('button', { name: 'Share', exact: true }).click();
    await expect(
      popup
        .getByText('Exchange could not read the request (line 3, position 17). Nothing was shared.')
        .first(),
    ).toBeVisible();
    await expect(popup.getByRole('list', { name: 'Result per recipient' })).toHaveCount(0);
    await popup.close();
  });

  test('Microsoft 365: adds and removes a calendar permission; contacts cannot be shared there', async ({
    extContext,
    extensionId,
    serviceWorker,
    emulator,
  }) => {
    await configureExchange(serviceWorker, {
      mode: 'microsoft365',
      ewsUrl: '',
      serverVersion: 'Exchange2010',
      auth: 'oauth',
      username: '',
    });
    const popup = await openPanel(extContext, extensionId);
    const who = popup.getByRole('list', { name: 'Who can see your calendar' });
    await allowIfAsked(extContext, popup.getByRole('button', { name: 'Allow' }), who);
    await expect(who.getByRole('listitem')).toHaveCount(1);
    await expect(who).toContainText('My Organization');

    await popup.getByLabel('Recipients').fill('alex@fabrikam.com');
    await popup.getByLabel('What they can do').selectOption({ label: 'Can view titles and locations' });
    await popup.getByRole('button', { name: 'Share', exact: true }).click();
    const results = popup.getByRole('list', { name: 'Result per recipient' });
    await expect(results.getByRole('listitem')).toContainText('Shared: Can view titles and locations');
    await expect(who.getByRole('listitem')).toHaveCount(2);
    await expect(who).toContainText('alex@fabrikam.com');

    await popup.getByRole('button', { name: /^Remove .*alex@fabrikam\.com/ }).click();
    await expect(who.getByRole('listitem')).toHaveCount(1);
    await expect(who).not.toContainText('alex@fabrikam.com');
    const deletes = (await emulator.requests()).filter(
      (each) => each.method === 'DELETE' && each.path.includes('/calendarPermissions/'),
    );
    expect(deletes).toHaveLength(1);

    await popup.getByRole('radio', { name: 'Contacts' }).check();
    await expect(popup.getByText(/cannot share a contacts folder/)).toBeVisible();
    await expect(popup.getByRole('button', { name: 'Share', exact: true })).toBeDisabled();
    await popup.close();
  });
});
