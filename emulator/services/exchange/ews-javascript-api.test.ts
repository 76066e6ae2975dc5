/**
 * ews-javascript-api (npm, the TypeScript port of the EWS Managed API) against the emulator, unchanged: its own
 * XHR (@ewsjs/xhr) over http on loopback, Basic (WebCredentials) and a bearer token of the emulator's identity
 * service (OAuthCredentials). It binds the well-known folders, binds them again by the ids it got, reads
 * ServerVersionInfo, and reports operation errors, SOAP faults and 401s its own way.
 *
 * The library has no GetSharingMetadata (its src/js/operations/Sharing/Sharing.ts lists the sharing operations
 * as "not available"); exchangelib-check.py covers that operation with a real client (exchangelib.test.ts).
 */
import {
  BasePropertySet,
  ExchangeService,
  ExchangeVersion,
  Folder,
  FolderId,
  FolderSchema,
  Mailbox,
  OAuthCredentials,
  PropertySet,
  ServiceError,
  Uri,
  WebCredentials,
  WellKnownFolderName,
} from 'ews-javascript-api';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { RunningEmulator } from '../../server';
import { folderIdOf } from './folders';
import { type ExchangeEmulators, MEGAN, startExchangeEmulators } from './real-clients';

// Each test makes a few round trips through the library; leave room for a busy machine.
vi.setConfig({ testTimeout: 20_000 });

let emulator: RunningEmulator;
/** the same demo dataset, but the server is Exchange 2010 RTM */
let exchange2010: RunningEmulator;
let ewsToken: string;
let graphToken: string;

let servers: ExchangeEmulators | undefined;

beforeAll(async () => {
  servers = await startExchangeEmulators();
  ({ emulator, exchange2010, ewsToken, graphToken } = servers);
});
afterAll(() => servers?.close());

function service(
  base: string,
  version: ExchangeVersion,
  credentials: WebCredentials | OAuthCredentials = new WebCredentials(MEGAN, 'megan-pass'),
): ExchangeService {
  const ews = new ExchangeService(version);
  ews.Url = new Uri(`${base}/EWS/Exchange.asmx`);
  ews.Credentials = credentials;
  return ews;
}

/** What the library threw: its class and the fields a caller reads. */
async function failure(promise: Promise<unknown>): Promise<Record<string, unknown>> {
  try {
    await promise;
  } catch (error) {
    const e = error as Record<string, unknown> & { constructor: { name: string } };
    return {
      type: e.constructor.name,
      message: e.message,
      errorCode: e.ErrorCode,
      responseCode: e.ResponseCode,
      httpStatus: e.HttpStatusCode,
      backOff: (e.ErrorDetails as { get?: (key: string) => unknown } | undefined)?.get?.(
        'BackOffMilliseconds',
      ),
    };
  }
  throw new Error('expected the call to fail');
}

const VERSIONS = ['Exchange2010_SP2', 'Exchange2013', 'Exchange2016'] as const;

describe.each(VERSIONS)('Folder.Bind with ExchangeVersion.%s and Basic', (version) => {
  const ews = () => service(emulator.url, ExchangeVersion[version]);

  it('binds the calendar as a CalendarFolder and reads ServerVersionInfo', async () => {
    const client = ews();
    const calendar = await Folder.Bind(client, WellKnownFolderName.Calendar);
    expect(calendar.constructor.name).toBe('CalendarFolder');
    expect(calendar.DisplayName).toBe('Calendar');
    expect(calendar.FolderClass).toBe('IPF.Appointment');
    expect(calendar.Id.UniqueId).toBe(folderIdOf(MEGAN, 'calendar'));
    expect(calendar.ParentFolderId.UniqueId).toBe(folderIdOf(MEGAN, 'msgfolderroot'));
    expect(calendar.TotalCount).toBe(0);
    expect(client.ServerInfo).toMatchObject({
      MajorVersion: 15,
      MinorVersion: 1,
      MajorBuildNumber: 2507,
      MinorBuildNumber: 6,
      VersionString: 'Exchange2016',
    });
  });

  it('binds contacts as a ContactsFolder, inbox and root as Folders', async () => {
    const client = ews();
    const contacts = await Folder.Bind(client, WellKnownFolderName.Contacts);
    expect(contacts.constructor.name).toBe('ContactsFolder');
    expect([contacts.DisplayName, contacts.FolderClass]).toEqual(['Contacts', 'IPF.Contact']);
    const inbox = await Folder.Bind(client, WellKnownFolderName.Inbox);
    expect(inbox.constructor.name).toBe('Folder');
    expect([inbox.DisplayName, inbox.FolderClass, inbox.UnreadCount]).toEqual(['Inbox', 'IPF.Note', 0]);
    const root = await Folder.Bind(client, WellKnownFolderName.Root);
    expect(root.constructor.name).toBe('Folder');
    expect(root.Id.UniqueId).toBe(folderIdOf(MEGAN, 'root'));
    expect(root.ChildFolderCount).toBe(1);
    // The root folder has an empty display name, which the library reads as null.
    expect(root.DisplayName ?? '').toBe('');
  });

  it('binds a folder again by the id (and change key) it got', async () => {
    const client = ews();
    const first = await Folder.Bind(client, WellKnownFolderName.Contacts);
    const again = await Folder.Bind(client, first.Id);
    expect(again.constructor.name).toBe('ContactsFolder');
    expect(again.Id.UniqueId).toBe(first.Id.UniqueId);
    expect(again.Id.ChangeKey).toBe(first.Id.ChangeKey);
    expect(again.DisplayName).toBe('Contacts');
  });
});

describe('other ways in', () => {
  it('takes a bearer token of the identity service with the EWS scope', async () => {
    const client = service(emulator.url, ExchangeVersion.Exchange2013, new OAuthCredentials(ewsToken));
    const calendar = await Folder.Bind(client, WellKnownFolderName.Calendar);
    expect([calendar.constructor.name, calendar.DisplayName]).toEqual(['CalendarFolder', 'Calendar']);
  });

  it("binds a well-known folder in the caller's own mailbox (DistinguishedFolderId with t:Mailbox)", async () => {
    const client = service(emulator.url, ExchangeVersion.Exchange2013);
    const calendar = await Folder.Bind(
      client,
      new FolderId(WellKnownFolderName.Calendar, new Mailbox(MEGAN)),
    );
    expect(calendar.Id.UniqueId).toBe(folderIdOf(MEGAN, 'calendar'));
  });

  it('binds with IdOnly plus chosen properties, one of them not emulated (EffectiveRights)', async () => {
    const client = service(emulator.url, ExchangeVersion.Exchange2013);
    const shape = new PropertySet(BasePropertySet.IdOnly, [
      FolderSchema.DisplayName,
      FolderSchema.EffectiveRights,
    ]);
    const calendar = await Folder.Bind(client, WellKnownFolderName.Calendar, shape);
    expect(calendar.constructor.name).toBe('CalendarFolder');
    expect(calendar.DisplayName).toBe('Calendar');
    // Not asked for, so not loaded: the library refuses to read it.
    expect(() => calendar.FolderClass).toThrow();
  });

  it('binds with ExchangeVersion.Exchange2007_SP1: GetFolder exists since Exchange 2007', async () => {
    const client = service(exchange2010.url, ExchangeVersion.Exchange2007_SP1);
    const contacts = await Folder.Bind(client, WellKnownFolderName.Contacts);
    expect(contacts.constructor.name).toBe('ContactsFolder');
    expect(client.ServerInfo).toMatchObject({
      MajorVersion: 14,
      MinorVersion: 0,
      MajorBuildNumber: 639,
      MinorBuildNumber: 11,
      VersionString: 'Exchange2010',
    });
  });
});

describe('errors as the library reports them', () => {
  it("another user's mailbox: ServiceResponseException ErrorAccessDenied", async () => {
    const client = service(emulator.url, ExchangeVersion.Exchange2013);
    const error = await failure(
      Folder.Bind(client, new FolderId(WellKnownFolderName.Calendar, new Mailbox('adele@contoso.com'))),
    );
    expect(error).toMatchObject({
      type: 'ServiceResponseException',
      errorCode: ServiceError.ErrorAccessDenied,
    });
  });

  it("another mailbox's folder id: ErrorFolderNotFound; a malformed id: ErrorInvalidIdMalformed", async () => {
    const client = service(emulator.url, ExchangeVersion.Exchange2013);
    const notFound = await failure(
      Folder.Bind(client, new FolderId(folderIdOf('adele@contoso.com', 'calendar'))),
    );
    expect(notFound).toMatchObject({
      type: 'ServiceResponseException',
      errorCode: ServiceError.ErrorFolderNotFound,
      message: 'The specified folder could not be found in the store.',
    });
    const malformed = await failure(Folder.Bind(client, new FolderId('not-an-id')));
    expect(malformed).toMatchObject({
      type: 'ServiceResponseException',
      errorCode: ServiceError.ErrorInvalidIdMalformed,
    });
  });

  it('a version newer than the server: the ErrorInvalidServerVersion SOAP fault', async () => {
    const client = service(exchange2010.url, ExchangeVersion.Exchange2013);
    const error = await failure(Folder.Bind(client, WellKnownFolderName.Calendar));
    expect(error).toMatchObject({
      type: 'SoapFaultDetails',
      httpStatus: 500,
      responseCode: ServiceError.ErrorInvalidServerVersion,
      message: 'The specified server version is invalid.',
    });
    // The fault's header still carries ServerVersionInfo, so the client learns what to ask for.
    expect(client.ServerInfo?.VersionString).toBe('Exchange2010');
  });

  it('an injected 503 (busy): the ErrorServerBusy fault, with its back-off', async () => {
    const inject = await fetch(`${emulator.url}/_emulator/faults`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ match: { path: '/EWS/Exchange.asmx' }, count: 1, status: 503 }),
    });
    expect(inject.status).toBe(201);
    const client = service(emulator.url, ExchangeVersion.Exchange2013);
    const error = await failure(Folder.Bind(client, WellKnownFolderName.Calendar));
    expect(error).toMatchObject({
      type: 'SoapFaultDetails',
      httpStatus: 500,
      responseCode: ServiceError.ErrorServerBusy,
      backOff: '30000',
    });
  });

  it('a wrong password, a token for Graph: HTTP 401', async () => {
    const wrong = service(emulator.url, ExchangeVersion.Exchange2013, new WebCredentials(MEGAN, 'nope'));
    expect(await failure(Folder.Bind(wrong, WellKnownFolderName.Calendar))).toMatchObject({
      httpStatus: 401,
    });
    const graph = service(emulator.url, ExchangeVersion.Exchange2013, new OAuthCredentials(graphToken));
    expect(await failure(Folder.Bind(graph, WellKnownFolderName.Calendar))).toMatchObject({
      httpStatus: 401,
    });
  });
});

describe('GetSharingMetadata', () => {
  it('is not in ews-javascript-api 0.15 (when it appears, test it here)', () => {
    expect('GetSharingMetadata' in ExchangeService.prototype).toBe(false);
  });
});
