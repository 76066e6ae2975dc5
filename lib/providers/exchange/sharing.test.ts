/**
 * Sharing a calendar or contacts folder against the local emulator: EWS (GetFolder + GetSharingMetadata) with
 * the Microsoft sign-in's EWS token or Basic credentials, and Microsoft 365's calendarPermissions. Each
 * recipient's result, each refusal and fault in plain words; permissions asked for only when sharing.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_DATASET_PATH, loadDataset } from '../../../emulator/dataset';
import { type RunningEmulator, startEmulator } from '../../../emulator/server';
import { createTransport } from '../../http/transport';
import { t } from '../../i18n';
import { emulatorAccount, memoryArea } from '../graph/test-support';
import { exchangeProvider } from './index';
import type { ExchangeSettings } from './settings';
import { createEwsSharing, EWS_SCOPE } from './sharing';
import type { ExchangeShareOutcome } from './sharing-forms';

let emulator: RunningEmulator;

beforeAll(async () => {
  emulator = await startEmulator({ data: loadDataset(DEMO_DATASET_PATH) });
});
afterAll(() => emulator.close());
afterEach(async () => {
  await fetch(`${emulator.url}/_emulator/reset`, { method: 'POST' });
  await fetch(`${emulator.url}/_emulator/faults`, { method: 'DELETE' });
});

const transport = () => createTransport({ timeoutMs: 5_000 });

/** The Exchange provider with these settings, on the Microsoft account signed in to the emulator. */
function setup(section: Partial<ExchangeSettings>) {
  const settings: ExchangeSettings = {
    mode: 'exchangeServer',
    ewsUrl: `${emulator.url}/EWS/Exchange.asmx`,
    serverVersion: 'Exchange2010',
    auth: 'oauth',
    username: '',
    ...section,
  };
  const microsoft = emulatorAccount(emulator);
  const linked = (id: string) =>
    id === 'graph'
      ? {
          account: microsoft.account,
          settings: async () => ({ graphEndpoint: `${emulator.url}/v1.0` }),
        }
      : undefined;
  const account = exchangeProvider.createAccount({
    settings: async () => settings,
    local: memoryArea(),
    session: memoryArea(),
    transport: transport(),
    webAuth: { redirectUrl: () => '', launch: async () => undefined },
    now: Date.now,
    linked,
  });
  const sharing = exchangeProvider.sharing.create({ settings, transport: transport(), account, linked });
  const run = async (request: unknown) => {
    const parsed = exchangeProvider.sharing.requestSchema.parse(request);
    return (await sharing.run(parsed)) as ExchangeShareOutcome;
  };
  const allow = () => {
    const resource = exchangeProvider.sharing.consentResource(settings);
    return account.signIn(resource ? { resource } : {});
  };
  return { settings, account, microsoft, run, allow };
}

async function requests(ending: string) {
  const body = (await (await fetch(`${emulator.url}/_emulator/requests`)).json()) as {
    requests: Array<{ method: string; path: string; headers: Record<string, string> }>;
  };
  return body.requests.filter((each) => each.method !== 'OPTIONS' && each.path.endsWith(ending));
}

const share = (folder: string, recipients: string[], role?: string) => ({
  action: 'share',
  form: { folder, recipients, ...(role ? { role } : {}) },
});

describe('Exchange Server (EWS) with the Microsoft sign-in', () => {
  it('asks for EWS.AccessAsUser.All only when sharing, then shows every recipient’s result', async () => {
    const { microsoft, run, allow } = setup({});
    await microsoft.account.signIn();
    expect(await run(share('calendar', ['alex@fabrikam.com']))).toMatchObject({
      ok: false,
      needsConsent: true,
    });
    expect(await requests('/EWS/Exchange.asmx')).toHaveLength(0);

    await allow();
    expect(microsoft.authorizations.at(-1)?.searchParams.get('scope')?.split(' ')).toContain(EWS_SCOPE);
    const outcome = await run(
      share('calendar', [
        'alex@fabrikam.com',
        'someone@fabrikam.com',
        'kim@northwind.example',
        'pat@not-federated.example',
        'lee@blocked.example',
        'sam@sts-down.example',
        'jo@other-issuer.example',
        'adele@contoso.com',
      ]),
    );
    expect(outcome).toEqual({
      ok: true,
      via: 'ews',
      tokens: 2,
      recipients: [
        { address: 'alex@fabrikam.com', ok: true, organisation: 'fabrikam.com' },
        { address: 'someone@fabrikam.com', ok: true, organisation: 'fabrikam.com' },
        { address: 'kim@northwind.example', ok: true, organisation: 'northwind.example' },
        {
          address: 'pat@not-federated.example',
          ok: false,
          code: 'RecipientOrganizationNotFederated',
          reason: t('ewsRecipientNotFederated'),
        },
        {
          address: 'lee@blocked.example',
          ok: false,
          code: 'SystemPolicyBlocksSharingWithThisRecipient',
          reason: t('ewsRecipientBlocked'),
        },
        {
          address: 'sam@sts-down.example',
          ok: false,
          code: 'CannotObtainTokenFromSTS',
          reason: t('ewsRecipientNoToken'),
        },
        {
          address: 'jo@other-issuer.example',
          ok: false,
          code: 'RecipientOrganizationFederatedWithUnknownTokenIssuer',
          reason: t('ewsRecipientUnknownIssuer'),
        },
        { address: 'adele@contoso.com', ok: false, code: 'OtherError', reason: t('ewsRecipientOtherError') },
      ],
    });
    const sent = await requests('/EWS/Exchange.asmx');
    expect(sent).toHaveLength(2);
    for (const each of sent) expect(each.headers.authorization).toMatch(/^Bearer /);
  });

  it('shares a contacts folder', async () => {
    const { microsoft, run, allow } = setup({ serverVersion: 'Exchange2013' });
    await microsoft.account.signIn();
    await allow();
    expect(await run(share('contacts', ['alex@fabrikam.com']))).toMatchObject({
      ok: true,
      tokens: 1,
      recipients: [{ address: 'alex@fabrikam.com', ok: true, organisation: 'fabrikam.com' }],
    });
  });

  it('turns the server’s operation error into a sentence (an address it refuses)', async () => {
    const { microsoft, account, allow, settings } = setup({});
    await microsoft.account.signIn();
    await allow();
    // The panel and the background refuse such an address; sent anyway, the server says why.
    const sharing = createEwsSharing({
      ewsUrl: settings.ewsUrl,
      version: settings.serverVersion,
      transport: transport(),
      signedIn: async () => true,
      sender: async () => 'megan@contoso.com',
      credential: ({ forceRefresh }) => account.credential({ forceRefresh, resource: EWS_SCOPE }),
    });
    expect(await sharing.share({ folder: 'calendar', recipients: ['not an address'], role: 'read' })).toEqual(
      {
        ok: false,
        message: t('ewsErrorInvalidSmtpAddress'),
      },
    );
  });

  it('turns SOAP faults into sentences: an injected server error, a schema fault with its place', async () => {
    const { microsoft, run, allow } = setup({});
    await microsoft.account.signIn();
    await allow();
    await fetch(`${emulator.url}/_emulator/faults`, {
      method: 'POST',
      body: JSON.stringify({ match: { path: '/EWS/Exchange.asmx' }, status: 500 }),
    });
    expect(await run(share('calendar', ['alex@fabrikam.com']))).toEqual({
      ok: false,
      message: t('ewsErrorInternal'),
    });

    const fault = `<?xml version="1.0" encoding="utf-8"?><s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><s:Fault><faultcode xmlns:a="http://schemas.microsoft.com/exchange/services/2006/types">a:ErrorSchemaValidation</faultcode><faultstring xml:lang="en-US">The request failed schema validation.</faultstring><detail><e:ResponseCode xmlns:e="http://schemas.microsoft.com/exchange/services/2006/errors">ErrorSchemaValidation</e:ResponseCode><t:MessageXml xmlns:t="http://schemas.microsoft.com/exchange/services/2006/types"><t:LineNumber>3</t:LineNumber><t:LinePosition>17</t:LinePosition></t:MessageXml></detail></s:Fault></s:Body></s:Envelope>`;
    await fetch(`${emulator.url}/_emulator/faults`, {
      method: 'POST',
      body: JSON.stringify({
        match: { path: '/EWS/Exchange.asmx' },
        status: 500,
        body: fault,
        headers: { 'Content-Type': 'text/xml; charset=utf-8' },
      }),
    });
    expect(await run(share('calendar', ['alex@fabrikam.com']))).toEqual({
      ok: false,
      message: t('ewsErrorSchemaAt', 3, 17),
    });
  });

  it('without anyone signed in, says to sign in and sends nothing', async () => {
    const { run } = setup({});
    expect(await run(share('calendar', ['alex@fabrikam.com']))).toMatchObject({ ok: false, signedOut: true });
    expect(await requests('/EWS/Exchange.asmx')).toHaveLength(0);
  });
});

describe('Exchange Server (EWS) with Basic', () => {
  it('keeps the password in the account’s store, not the settings, and shares with it', async () => {
    const { account, run, settings } = setup({ auth: 'basic', username: 'megan@contoso.com' });
    expect(await run(share('calendar', ['alex@fabrikam.com']))).toMatchObject({ ok: false, signedOut: true });
    await expect(account.signIn()).rejects.toThrow(t('exchangePasswordNeeded'));
    expect(await account.signIn({ password: 'megan-pass' })).toMatchObject({
      signedIn: true,
      account: { username: 'megan@contoso.com' },
    });
    expect(JSON.stringify(settings)).not.toContain('megan-pass');
    expect(await run(share('calendar', ['alex@fabrikam.com', 'pat@nowhere.example']))).toMatchObject({
      ok: true,
      recipients: [{ ok: true }, { ok: false, code: 'RecipientOrganizationNotFederated' }],
    });
    const [sent] = await requests('/EWS/Exchange.asmx');
    expect(sent?.headers.authorization).toBe(`Basic ${btoa('megan@contoso.com:megan-pass')}`);
  });

  it('says the password was refused, and sends it only once', async () => {
    const { account, run } = setup({ auth: 'basic', username: 'megan@contoso.com' });
    await account.signIn({ password: 'wrong' });
    expect(await run(share('calendar', ['alex@fabrikam.com']))).toEqual({
      ok: false,
      signedOut: true,
      message: t('exchangeBasicRefused'),
    });
    expect(await requests('/EWS/Exchange.asmx')).toHaveLength(1);
    await account.signOut();
    expect(await account.status()).toMatchObject({ signedIn: false });
  });
});

describe('Microsoft 365 (Graph calendarPermissions)', () => {
  async function signedIn() {
    const setUp = setup({ mode: 'microsoft365', ewsUrl: '' });
    await setUp.microsoft.account.signIn();
    return setUp;
  }

  it('asks for Calendars.ReadWrite only when sharing, lists, adds and removes', async () => {
    const { run, allow, microsoft } = await signedIn();
    expect(await run({ action: 'list' })).toMatchObject({ ok: false, needsConsent: true });
    await allow();
    expect(microsoft.authorizations.at(-1)?.searchParams.get('scope')?.split(' ')).toContain(
      `${emulator.url}/Calendars.ReadWrite`,
    );
    const listed = await run({ action: 'list' });
    expect(listed).toMatchObject({
      ok: true,
      via: 'graph',
      permissions: [{ name: 'My Organization', role: 'freeBusyRead', removable: false, inside: true }],
    });

    const added = await run(share('calendar', ['alex@fabrikam.com', 'adele@contoso.com'], 'limitedRead'));
    expect(added).toMatchObject({
      ok: true,
      recipients: [
        { address: 'alex@fabrikam.com', ok: true, role: 'limitedRead' },
        { address: 'adele@contoso.com', ok: true, role: 'limitedRead' },
      ],
    });
    const permissions = added.ok ? (added.permissions ?? []) : [];
    const alex = permissions.find((each) => each.address === 'alex@fabrikam.com');
    expect(alex).toMatchObject({ role: 'limitedRead', removable: true, inside: false });

    // Someone outside may only view; asking for more is refused for them alone, in plain words.
    expect(await run(share('calendar', ['kim@northwind.example'], 'write'))).toMatchObject({
      ok: true,
      recipients: [{ address: 'kim@northwind.example', ok: false, reason: t('calendarRecipientRefused') }],
    });

    const removed = await run({ action: 'remove', permissionId: alex?.id ?? '' });
    expect(removed.ok && removed.permissions?.map((each) => each.address)).not.toContain('alex@fabrikam.com');
    const organisation = permissions.find((each) => !each.removable);
    expect(await run({ action: 'remove', permissionId: organisation?.id ?? '' })).toEqual({
      ok: false,
      message: t('calendarCannotRemove'),
    });
  });

  it('says plainly that Graph cannot share a contacts folder, and sends nothing', async () => {
    const { run, allow } = await signedIn();
    await allow();
    expect(await run(share('contacts', ['alex@fabrikam.com']))).toEqual({
      ok: false,
      unsupported: true,
      message: t('calendarContactsUnsupported'),
    });
    expect(await requests('/calendarPermissions')).toHaveLength(0);
  });
});

describe('the request schema', () => {
  it('refuses an invalid address, no recipient, another folder or an unknown role, per field', () => {
    const schema = exchangeProvider.sharing.requestSchema;
    const paths = (request: unknown) =>
      schema.safeParse(request).error?.issues.map((issue) => issue.path.join('.')) ?? [];
    expect(paths(share('calendar', ['alex@fabrikam.com', 'not-an-address']))).toEqual(['form.recipients.1']);
    expect(paths(share('calendar', []))).toEqual(['form.recipients']);
    expect(paths(share('inbox', ['alex@fabrikam.com']))).toEqual(['form.folder']);
    expect(paths(share('calendar', ['alex@fabrikam.com'], 'owner'))).toEqual(['form.role']);
    expect(paths({ action: 'remove', permissionId: '' })).toEqual(['permissionId']);
  });
});
