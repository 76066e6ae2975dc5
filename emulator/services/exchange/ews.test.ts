/**
 * EWS at /EWS/Exchange.asmx (reference §2, §3.2; seed 000): authentication, GetFolder, GetSharingMetadata with
 * every InvalidRecipient code and operation error, schema faults with line and position, RequestServerVersion,
 * ServerVersionInfo, CORS. Answers are read namespace-aware with xmldom, as a client would.
 */
import { DOMParser, type Element } from '@xmldom/xmldom';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DatasetError, DEMO_DATASET_PATH, loadDataset } from '../../dataset';
import { type RunningEmulator, startEmulator } from '../../server';
import { DEMO_PASSWORDS, signIn } from '../../testing';
import { folderIdOf } from './folders';

const SOAP = 'http://schemas.xmlsoap.org/soap/envelope/';
const M = 'http://schemas.microsoft.com/exchange/services/2006/messages';
const T = 'http://schemas.microsoft.com/exchange/services/2006/types';
const E = 'http://schemas.microsoft.com/exchange/services/2006/errors';
const XENC = 'http://www.w3.org/2001/04/xmlenc#';
const EWS_SCOPE = 'openid profile offline_access https://outlook.office365.com/EWS.AccessAsUser.All';

let emulator: RunningEmulator;
let ews: string;
const tokens: Record<string, string> = {};

beforeAll(async () => {
  emulator = await startEmulator({ autoLogin: true });
  ews = `${emulator.url}/EWS/Exchange.asmx`;
  const sign = async (email: string, scope: string, clientId?: string) =>
    (
      await signIn(emulator.url, {
        email,
        password: DEMO_PASSWORDS[email] ?? '',
        scope,
        ...(clientId ? { clientId } : {}),
      })
    ).access_token;
  tokens.megan = await sign('megan@contoso.com', EWS_SCOPE);
  tokens.adele = await sign('adele@contoso.com', EWS_SCOPE);
  tokens.dan = await sign('dan.jump@outlook.com', EWS_SCOPE);
  tokens.graph = await sign('megan@contoso.com', 'openid https://graph.microsoft.com/Files.Read.All');
  // Exchange as the audience, but nothing consented for it: no EWS.AccessAsUser.All.
  tokens.noScope = await sign('megan@contoso.com', 'https://outlook.office365.com/.default', 'other-app');
});
afterAll(() => emulator.close());

function envelope(body: string, header = '<t:RequestServerVersion Version="Exchange2010"/>'): string {
  return `<?xml version="1.0" encoding="utf-8"?>
<soap:Envelope xmlns:soap="${SOAP}" xmlns:m="${M}" xmlns:t="${T}">
  <soap:Header>${header}</soap:Header>
  <soap:Body>
${body}
  </soap:Body>
</soap:Envelope>`;
}

function getFolderXml(ids: string, shape = 'AllProperties', extra = ''): string {
  return `    <m:GetFolder>
      <m:FolderShape><t:BaseShape>${shape}</t:BaseShape>${extra}</m:FolderShape>
      <m:FolderIds>${ids}</m:FolderIds>
    </m:GetFolder>`;
}

function sharingXml(folderId: string | undefined, sender: string, recipients: string[]): string {
  const folder = folderId === undefined ? '' : `<m:IdOfFolderToShare Id="${folderId}"/>`;
  return `    <m:GetSharingMetadata>
      ${folder}
      <m:SenderSmtpAddress>${sender}</m:SenderSmtpAddress>
      <m:Recipients>
${recipients.map((address) => `        <t:SmtpAddress>${address}</t:SmtpAddress>`).join('\n')}
      </m:Recipients>
    </m:GetSharingMetadata>`;
}

interface Answer {
  status: number;
  text: string;
  doc: Document;
  headers: Headers;
}

async function post(
  body: string,
  auth: string | null = `Bearer ${tokens.megan}`,
  headers: Record<string, string> = {},
): Promise<Answer> {
  const response = await fetch(ews, {
    method: 'POST',
    headers: {
      'Content-Type': 'text/xml; charset=utf-8',
      ...(auth === null ? {} : { Authorization: auth }),
      ...headers,
    },
    body,
  });
  const text = await response.text();
  const doc = (text ? new DOMParser().parseFromString(text, 'text/xml') : undefined) as unknown as Document;
  return { status: response.status, text, doc, headers: response.headers };
}

/** Descendants by namespace and local name; `ns` '' means no namespace (`faultcode`, `detail`). */
function all(node: Document | Element, ns: string, name: string): Element[] {
  if (ns !== '') return Array.from((node as Element).getElementsByTagNameNS(ns, name));
  return Array.from((node as Element).getElementsByTagName(name)).filter((found) => !found.namespaceURI);
}

function one(node: Document | Element, ns: string, name: string): Element {
  const found = all(node, ns, name);
  expect(found, `${name} in the answer`).toHaveLength(1);
  return found[0]!;
}

function text(node: Document | Element, ns: string, name: string): string {
  return one(node, ns, name).textContent ?? '';
}

/** The Body's only child element. */
function bodyChild(doc: Document): Element {
  const body = one(doc, SOAP, 'Body');
  const children = Array.from(body.childNodes).filter((node) => node.nodeType === 1) as Element[];
  expect(children).toHaveLength(1);
  return children[0]!;
}

function expectVersionInfo(doc: Document, version = 'Exchange2016') {
  const info = one(one(doc, SOAP, 'Header'), T, 'ServerVersionInfo');
  expect(info.getAttribute('MajorVersion')).toBe('15');
  expect(info.getAttribute('MinorVersion')).toBe('1');
  expect(info.getAttribute('MajorBuildNumber')).toBe('2507');
  expect(info.getAttribute('MinorBuildNumber')).toBe('6');
  expect(info.getAttribute('Version')).toBe(version);
}

function expectFault(answer: Answer, code: string): Element {
  expect(answer.status).toBe(500);
  expect(answer.headers.get('content-type')).toBe('text/xml; charset=utf-8');
  expectVersionInfo(answer.doc);
  const fault = one(answer.doc, SOAP, 'Fault');
  const faultcode = one(fault, '', 'faultcode');
  expect(faultcode.textContent).toBe(`a:${code}`);
  expect(faultcode.lookupNamespaceURI('a')).toBe(T);
  const detail = one(fault, '', 'detail');
  expect(text(detail, E, 'ResponseCode')).toBe(code);
  expect(text(detail, E, 'Message')).not.toBe('');
  return detail;
}

async function folderId(kind: 'calendar' | 'contacts' | 'inbox' | 'root', token = tokens.megan!) {
  const answer = await post(
    envelope(getFolderXml(`<t:DistinguishedFolderId Id="${kind}"/>`)),
    `Bearer ${token}`,
  );
  return one(answer.doc, T, 'FolderId').getAttribute('Id')!;
}

describe('authentication', () => {
  it('answers 401 with an empty body and the challenges without credentials', async () => {
    const answer = await post(envelope(getFolderXml('<t:DistinguishedFolderId Id="root"/>')), null);
    expect(answer.status).toBe(401);
    expect(answer.text).toBe('');
    const challenge = answer.headers.get('www-authenticate')!;
    expect(challenge).toMatch(/^Bearer client_id="00000002-0000-0ff1-ce00-000000000000"/);
    expect(challenge).toContain('Basic realm=');
  });

  it('takes a bearer token for Exchange with EWS.AccessAsUser.All', async () => {
    const answer = await post(envelope(getFolderXml('<t:DistinguishedFolderId Id="root"/>')));
    expect(answer.status).toBe(200);
    expectVersionInfo(answer.doc);
  });

  it('refuses a token without the EWS scope, a Graph token and an unknown token', async () => {
    const request = envelope(getFolderXml('<t:DistinguishedFolderId Id="root"/>'));
    const noScope = await post(request, `Bearer ${tokens.noScope}`);
    expect(noScope.status).toBe(401);
    expect(noScope.headers.get('x-ms-diagnostics')).toContain('EWS.AccessAsUser.All');
    const graph = await post(request, `Bearer ${tokens.graph}`);
    expect(graph.status).toBe(401);
    expect(graph.headers.get('x-ms-diagnostics')).toContain('audience');
    expect((await post(request, 'Bearer not-a-token')).status).toBe(401);
  });

  it('takes Basic with a dataset user and password, and refuses a wrong password', async () => {
    const request = envelope(getFolderXml('<t:DistinguishedFolderId Id="calendar"/>'));
    const basic = (user: string, password: string) =>
      `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
    const ok = await post(request, basic('adele@contoso.com', 'adele-pass'));
    expect(ok.status).toBe(200);
    expect(one(ok.doc, T, 'FolderId').getAttribute('Id')).toBe(folderIdOf('adele@contoso.com', 'calendar'));
    expect((await post(request, basic('adele@contoso.com', 'wrong'))).status).toBe(401);
    expect((await post(request, basic('nobody@contoso.com', 'x'))).status).toBe(401);
  });

  it('refuses a user without a mailbox', async () => {
    const answer = await post(
      envelope(getFolderXml('<t:DistinguishedFolderId Id="root"/>')),
      `Bearer ${tokens.dan}`,
    );
    expect(answer.status).toBe(401);
    expect(answer.headers.get('x-ms-diagnostics')).toContain('no mailbox');
  });
});

describe('GetFolder', () => {
  it('answers root, calendar, contacts and inbox with their schema types', async () => {
    const answer = await post(
      envelope(
        getFolderXml(
          ['root', 'calendar', 'contacts', 'inbox']
            .map((id) => `<t:DistinguishedFolderId Id="${id}"/>`)
            .join(''),
        ),
      ),
    );
    expect(answer.status).toBe(200);
    expectVersionInfo(answer.doc);
    const response = bodyChild(answer.doc);
    expect(response.namespaceURI).toBe(M);
    expect(response.localName).toBe('GetFolderResponse');
    const messages = all(response, M, 'GetFolderResponseMessage');
    expect(messages.map((message) => message.getAttribute('ResponseClass'))).toEqual([
      'Success',
      'Success',
      'Success',
      'Success',
    ]);
    expect(messages.map((message) => text(message, M, 'ResponseCode'))).toEqual(Array(4).fill('NoError'));
    const folders = messages.map((message) => {
      const holder = one(message, M, 'Folders');
      return Array.from(holder.childNodes).find((node) => node.nodeType === 1) as Element;
    });
    expect(folders.map((folder) => `${folder.namespaceURI}|${folder.localName}`)).toEqual([
      `${T}|Folder`,
      `${T}|CalendarFolder`,
      `${T}|ContactsFolder`,
      `${T}|Folder`,
    ]);
    expect(folders.map((folder) => all(folder, T, 'DisplayName')[0]?.textContent)).toEqual([
      '',
      'Calendar',
      'Contacts',
      'Inbox',
    ]);
    expect(text(folders[1]!, T, 'FolderClass')).toBe('IPF.Appointment');
    expect(text(folders[2]!, T, 'FolderClass')).toBe('IPF.Contact');
    expect(text(folders[3]!, T, 'FolderClass')).toBe('IPF.Note');
    expect(all(folders[1]!, T, 'UnreadCount')).toHaveLength(0);
    expect(text(folders[3]!, T, 'UnreadCount')).toBe('0');
    // Ids and change keys: opaque base64, stable per mailbox, different per folder.
    const ids = folders.map((folder) => one(folder, T, 'FolderId'));
    for (const id of ids) {
      expect(id.getAttribute('Id')).toMatch(/^AAMk[A-Za-z0-9+/]+=*$/);
      expect(id.getAttribute('ChangeKey')).toMatch(/^AQAAABYAAA[A-Za-z0-9+/]+=*$/);
    }
    expect(new Set(ids.map((id) => id.getAttribute('Id'))).size).toBe(4);
    expect(ids[1]!.getAttribute('Id')).toBe(folderIdOf('megan@contoso.com', 'calendar'));
    expect(ids[1]!.getAttribute('Id')).not.toBe(folderIdOf('adele@contoso.com', 'calendar'));
  });

  it('gives the same ids on every call', async () => {
    expect(await folderId('calendar')).toBe(await folderId('calendar'));
    expect(await folderId('contacts', tokens.adele)).toBe(folderIdOf('adele@contoso.com', 'contacts'));
  });

  it("accepts a Mailbox in DistinguishedFolderId, TimeZoneContext and exchangelib's headers", async () => {
    const header =
      '<t:RequestServerVersion Version="Exchange2016"/>' +
      '<t:TimeZoneContext><t:TimeZoneDefinition Id="W. Europe Standard Time"/></t:TimeZoneContext>';
    const ids =
      '<t:DistinguishedFolderId Id="calendar"><t:Mailbox><t:EmailAddress>Megan@Contoso.com</t:EmailAddress></t:Mailbox></t:DistinguishedFolderId>';
    const extra =
      '<t:AdditionalProperties><t:FieldURI FieldURI="folder:DisplayName"/><t:FieldURI FieldURI="folder:FolderClass"/>' +
      '<t:FieldURI FieldURI="folder:EffectiveRights"/></t:AdditionalProperties>';
    const answer = await post(envelope(getFolderXml(ids, 'IdOnly', extra), header));
    expect(answer.status).toBe(200);
    const folder = one(answer.doc, T, 'CalendarFolder');
    expect(one(folder, T, 'FolderId').getAttribute('Id')).toBe(folderIdOf('megan@contoso.com', 'calendar'));
    expect(text(folder, T, 'DisplayName')).toBe('Calendar');
    expect(text(folder, T, 'FolderClass')).toBe('IPF.Appointment');
    // IdOnly: only what was asked for.
    expect(all(folder, T, 'TotalCount')).toHaveLength(0);
  });

  it("refuses another user's mailbox and an unknown one", async () => {
    const mailbox = (address: string) =>
      `<t:DistinguishedFolderId Id="calendar"><t:Mailbox><t:EmailAddress>${address}</t:EmailAddress></t:Mailbox></t:DistinguishedFolderId>`;
    const answer = await post(
      envelope(getFolderXml(mailbox('adele@contoso.com') + mailbox('ghost@contoso.com'))),
    );
    const messages = all(answer.doc, M, 'GetFolderResponseMessage');
    expect(messages.map((message) => message.getAttribute('ResponseClass'))).toEqual(['Error', 'Error']);
    expect(messages.map((message) => text(message, M, 'ResponseCode'))).toEqual([
      'ErrorAccessDenied',
      'ErrorNonExistentMailbox',
    ]);
  });

  it('looks folders up by FolderId: found, malformed, unknown', async () => {
    const calendar = folderIdOf('megan@contoso.com', 'calendar');
    const unknown = folderIdOf('nobody@contoso.com', 'calendar'); // well-formed, no such mailbox
    const answer = await post(
      envelope(
        getFolderXml(
          `<t:FolderId Id="${calendar}"/><t:FolderId Id="AAMkAD="/><t:FolderId Id="${unknown}"/><t:DistinguishedFolderId Id="drafts"/>`,
        ),
      ),
    );
    const messages = all(answer.doc, M, 'GetFolderResponseMessage');
    expect(messages.map((message) => text(message, M, 'ResponseCode'))).toEqual([
      'NoError',
      'ErrorInvalidIdMalformed',
      'ErrorFolderNotFound',
      'ErrorFolderNotFound',
    ]);
    expect(text(messages[2]!, M, 'MessageText')).toBe(
      'The specified folder could not be found in the store.',
    );
    expect(text(messages[2]!, M, 'DescriptiveLinkKey')).toBe('0');
  });
});

describe('RequestServerVersion', () => {
  const request = (header: string) => envelope(getFolderXml('<t:DistinguishedFolderId Id="root"/>'), header);

  it('accepts the version the server reports and older ones', async () => {
    for (const version of ['Exchange2016', 'Exchange2013_SP1', 'Exchange2010_SP2', 'Exchange2007_SP1']) {
      const answer = await post(request(`<t:RequestServerVersion Version="${version}"/>`));
      expect(answer.status, version).toBe(200);
      expectVersionInfo(answer.doc);
    }
  });

  it('faults ErrorInvalidServerVersion for an unknown or newer version', async () => {
    for (const version of ['Exchange2019', 'Exchange3000', 'V2018_01_08']) {
      expectFault(
        await post(request(`<t:RequestServerVersion Version="${version}"/>`)),
        'ErrorInvalidServerVersion',
      );
    }
  });

  it('treats a request without the header as Exchange2007: GetFolder works, GetSharingMetadata does not', async () => {
    expect((await post(request(''))).status).toBe(200);
    const sharing = envelope(
      sharingXml(folderIdOf('megan@contoso.com', 'calendar'), 'megan@contoso.com', ['a@fabrikam.com']),
      '',
    );
    expectFault(await post(sharing), 'ErrorInvalidServerVersion');
  });

  it('answers ConvertId (exchangelib asks it first) with ServerVersionInfo', async () => {
    const answer = await post(
      envelope(
        '<m:ConvertId DestinationFormat="EntryId"><m:SourceIds><t:AlternateId Format="EwsId" Id="DUMMY" Mailbox="DUMMY"/></m:SourceIds></m:ConvertId>',
        '<t:RequestServerVersion Version="Exchange2016"/>',
      ),
    );
    expect(answer.status).toBe(200);
    expectVersionInfo(answer.doc);
    expect(bodyChild(answer.doc).localName).toBe('ConvertIdResponse');
    expect(text(answer.doc, M, 'ResponseCode')).toBe('ErrorInvalidIdMalformed');
  });
});

describe('GetSharingMetadata', () => {
  it('answers mixed recipients: one EncryptedSharedFolderData per federated domain, the rest invalid', async () => {
    const calendar = await folderId('calendar');
    const answer = await post(
      envelope(
        sharingXml(calendar, 'megan@contoso.com', [
          'alex@fabrikam.com',
          'ben@fabrikam.com',
          'carol@northwind.example',
          'user2@test.com',
          'eve@blocked.example',
          'sam@sts-down.example',
          'ivan@other-issuer.example',
          'adele@contoso.com',
          'ghost@contoso.com',
        ]),
      ),
    );
    expect(answer.status).toBe(200);
    expectVersionInfo(answer.doc);
    const response = bodyChild(answer.doc);
    expect(`${response.namespaceURI}|${response.localName}`).toBe(`${M}|GetSharingMetadataResponse`);
    expect(response.getAttribute('ResponseClass')).toBe('Success');
    expect(text(response, M, 'ResponseCode')).toBe('NoError');
    const data = all(one(response, M, 'EncryptedSharedFolderDataCollection'), T, 'EncryptedSharedFolderData');
    expect(data).toHaveLength(2); // fabrikam.com (twice) and northwind.example
    for (const entry of data) {
      for (const part of ['Token', 'Data']) {
        const holder = one(entry, T, part);
        const encrypted = Array.from(holder.childNodes).filter((node) => node.nodeType === 1) as Element[];
        expect(encrypted).toHaveLength(1);
        expect(`${encrypted[0]!.namespaceURI}|${encrypted[0]!.localName}`).toBe(`${XENC}|EncryptedData`);
        const values = all(encrypted[0]!, XENC, 'CipherValue');
        expect(values.length).toBeGreaterThan(0);
        for (const value of values) expect(value.textContent).toMatch(/^[A-Za-z0-9+/]+=*$/);
      }
    }
    const invalid = all(one(response, M, 'InvalidRecipients'), T, 'InvalidRecipient').map((recipient) => ({
      address: text(recipient, T, 'SmtpAddress'),
      code: text(recipient, T, 'ResponseCode'),
      text: text(recipient, T, 'MessageText'),
    }));
    expect(invalid.map(({ address, code }) => [address, code])).toEqual([
      ['user2@test.com', 'RecipientOrganizationNotFederated'],
      ['eve@blocked.example', 'SystemPolicyBlocksSharingWithThisRecipient'],
      ['sam@sts-down.example', 'CannotObtainTokenFromSTS'],
      ['ivan@other-issuer.example', 'RecipientOrganizationFederatedWithUnknownTokenIssuer'],
      ['adele@contoso.com', 'OtherError'],
      ['ghost@contoso.com', 'OtherError'],
    ]);
    expect(invalid[0]!.text).toBe(
      'The organization of these recipients is not federated for external sharing.',
    );
    expect(invalid[5]!.text).toContain('no mailbox');
  });

  it('shares contacts too, and answers an empty collection when every recipient is invalid', async () => {
    const contacts = await folderId('contacts');
    const answer = await post(envelope(sharingXml(contacts, 'megan@contoso.com', ['user2@test.com'])));
    const response = bodyChild(answer.doc);
    expect(response.getAttribute('ResponseClass')).toBe('Success');
    expect(all(answer.doc, T, 'EncryptedSharedFolderData')).toHaveLength(0);
    expect(one(answer.doc, M, 'EncryptedSharedFolderDataCollection').childNodes).toHaveLength(0);
    expect(all(answer.doc, T, 'InvalidRecipient')).toHaveLength(1);
  });

  it('runs the seed request (https namespaces, its folder id) to a well-formed ErrorInvalidIdMalformed', async () => {
    const seed = `<?xml version="1.0" encoding="utf-8"?>
<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"
               xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
               xmlns:xsd="http://www.w3.org/2001/XMLSchema"
               xmlns:m="https://schemas.microsoft.com/exchange/services/2006/messages"
               xmlns:t="https://schemas.microsoft.com/exchange/services/2006/types">
  <soap:Header>
    <t:RequestServerVersion Version="Exchange2010"/>
  </soap:Header>
  <soap:Body>
    <m:GetSharingMetadata>
      <m:IdOfFolderToShare Id="AAMkAD=" ChangeKey="AwAAA=" />
      <m:SenderSmtpAddress>megan@contoso.com</m:SenderSmtpAddress>
      <m:Recipients>
        <t:SmtpAddress>user1@fabrikam.com</t:SmtpAddress>
        <t:SmtpAddress>user2@test.com</t:SmtpAddress>
      </m:Recipients>
    </m:GetSharingMetadata>
  </soap:Body>
</soap:Envelope>`;
    const answer = await post(seed);
    expect(answer.status).toBe(200);
    const response = bodyChild(answer.doc);
    expect(response.namespaceURI).toBe(M); // answers use the real (http) namespace
    expect(response.getAttribute('ResponseClass')).toBe('Error');
    expect(text(response, M, 'ResponseCode')).toBe('ErrorInvalidIdMalformed');
  });

  it('answers the operation errors as ResponseClass="Error" messages', async () => {
    const calendar = await folderId('calendar');
    const inbox = await folderId('inbox');
    const cases: [string, string, string[], string, string][] = [
      [
        calendar,
        'not-an-address',
        ['alex@fabrikam.com'],
        'ErrorInvalidSmtpAddress',
        'The SMTP address format is invalid.',
      ],
      [
        calendar,
        'megan@contoso.com',
        ['alex@fabrikam.com', 'bad address@x'],
        'ErrorInvalidSmtpAddress',
        'The SMTP address format is invalid.',
      ],
      ['AAMkAD=', 'megan@contoso.com', ['alex@fabrikam.com'], 'ErrorInvalidIdMalformed', 'Id is malformed.'],
      [
        folderIdOf('adele@contoso.com', 'calendar'),
        'megan@contoso.com',
        ['alex@fabrikam.com'],
        'ErrorFolderNotFound',
        'The specified folder could not be found in the store.',
      ],
      [
        inbox,
        'megan@contoso.com',
        ['alex@fabrikam.com'],
        'ErrorInvalidFolderTypeForOperation',
        'The folder type is not supported for this operation. Only calendar and contacts folders can be shared.',
      ],
      [
        calendar,
        'adele@contoso.com',
        ['alex@fabrikam.com'],
        'ErrorAccessDenied',
        'Access is denied. Check credentials and try again.',
      ],
    ];
    for (const [id, sender, recipients, code, message] of cases) {
      const answer = await post(envelope(sharingXml(id, sender, recipients)));
      expect(answer.status, code).toBe(200);
      expectVersionInfo(answer.doc);
      const response = bodyChild(answer.doc);
      expect(response.localName).toBe('GetSharingMetadataResponse');
      expect(response.getAttribute('ResponseClass')).toBe('Error');
      expect(text(response, M, 'ResponseCode')).toBe(code);
      expect(text(response, M, 'MessageText')).toBe(message);
      expect(text(response, M, 'DescriptiveLinkKey')).toBe('0');
      expect(all(response, M, 'EncryptedSharedFolderDataCollection')).toHaveLength(0);
    }
  });
});

describe('schema faults', () => {
  it('faults ErrorSchemaValidation with line and position for XML that is not well-formed', async () => {
    const broken = envelope(
      sharingXml(folderIdOf('megan@contoso.com', 'calendar'), 'megan@contoso.com', ['a@fabrikam.com']),
    ).replace('</m:SenderSmtpAddress>', '</SenderSmtpAddress>');
    const answer = await post(broken);
    const detail = expectFault(answer, 'ErrorSchemaValidation');
    const messageXml = one(detail, T, 'MessageXml');
    // The broken end tag is on line 7 of the request.
    expect(broken.split('\n')[6]).toContain('</SenderSmtpAddress>');
    expect(text(messageXml, T, 'LineNumber')).toBe('7');
    expect(Number(text(messageXml, T, 'LinePosition'))).toBeGreaterThan(0);
    expect(text(messageXml, T, 'Violation')).toContain('SenderSmtpAddress');
    const fault = one(answer.doc, SOAP, 'Fault');
    expect(one(fault, '', 'faultstring').getAttribute('xml:lang')).toBe('en-US');
    expect(text(fault, '', 'faultstring')).toMatch(/^The request failed schema validation: /);
  });

  it('faults for a missing IdOfFolderToShare at the GetSharingMetadata element', async () => {
    const request = envelope(sharingXml(undefined, 'megan@contoso.com', ['a@fabrikam.com']));
    const detail = expectFault(await post(request), 'ErrorSchemaValidation');
    expect(text(detail, T, 'LineNumber')).toBe('5');
    expect(text(detail, T, 'LinePosition')).toBe('5');
    expect(text(detail, T, 'Violation')).toContain("'IdOfFolderToShare'");
  });

  it('faults for a missing Id attribute, missing Recipients, and an empty SmtpAddress', async () => {
    const calendar = folderIdOf('megan@contoso.com', 'calendar');
    const noId = envelope(
      sharingXml(calendar, 'megan@contoso.com', ['a@fabrikam.com']).replace(/ Id="[^"]+"/, ''),
    );
    expect(text(expectFault(await post(noId), 'ErrorSchemaValidation'), T, 'Violation')).toContain("'Id'");
    const noRecipients = envelope(
      `<m:GetSharingMetadata><m:IdOfFolderToShare Id="${calendar}"/><m:SenderSmtpAddress>megan@contoso.com</m:SenderSmtpAddress></m:GetSharingMetadata>`,
    );
    expect(text(expectFault(await post(noRecipients), 'ErrorSchemaValidation'), T, 'Violation')).toContain(
      "'Recipients'",
    );
    const emptyRecipient = envelope(sharingXml(calendar, 'megan@contoso.com', ['']));
    expectFault(await post(emptyRecipient), 'ErrorSchemaValidation');
  });

  it('faults for a body that is not a SOAP envelope, and for an unknown operation', async () => {
    expectFault(await post('<hello/>'), 'ErrorSchemaValidation');
    expectFault(await post(''), 'ErrorSchemaValidation');
    expectFault(await post(envelope('<m:FindItem/>')), 'ErrorInvalidOperation');
    expectFault(await post(envelope('<x:Foo xmlns:x="urn:x"/>')), 'ErrorSchemaValidation');
  });
});

describe('CORS', () => {
  it('answers the preflight and the POST for a chrome-extension origin', async () => {
    const origin = 'chrome-extension://abcdefghijklmnopabcdefghijklmnop';
    const preflight = await fetch(ews, {
      method: 'OPTIONS',
      headers: {
        Origin: origin,
        'Access-Control-Request-Method': 'POST',
        'Access-Control-Request-Headers': 'authorization, content-type, x-anchormailbox',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe(origin);
    expect(preflight.headers.get('access-control-allow-methods')).toContain('POST');
    expect(preflight.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('x-anchormailbox');
    const answer = await post(
      envelope(getFolderXml('<t:DistinguishedFolderId Id="root"/>')),
      `Bearer ${tokens.megan}`,
      {
        Origin: origin,
      },
    );
    expect(answer.headers.get('access-control-allow-origin')).toBe(origin);
    expect(answer.headers.get('access-control-expose-headers')).toContain('WWW-Authenticate');
  });
});

describe('injected faults', () => {
  it('shapes a 503 as an HTTP 500 ErrorServerBusy fault with BackOffMilliseconds, a 500 as ErrorInternalServerError', async () => {
    const inject = (status: number) =>
      fetch(`${emulator.url}/_emulator/faults`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ match: { path: '/EWS/Exchange.asmx' }, status }),
      });
    const request = envelope(getFolderXml('<t:DistinguishedFolderId Id="root"/>'));
    expect((await inject(503)).status).toBe(201);
    const busy = await post(request);
    // A SOAP fault is always HTTP 500 (SOAP 1.1 §6.2): clients read faults only from a 500.
    expect(busy.status).toBe(500);
    const detail = one(busy.doc, '', 'detail');
    expect(text(detail, E, 'ResponseCode')).toBe('ErrorServerBusy');
    expect(one(detail, T, 'Value').getAttribute('Name')).toBe('BackOffMilliseconds');
    expectVersionInfo(busy.doc);
    await inject(500);
    expectFault(await post(request), 'ErrorInternalServerError');
    // Another status comes from in front of EWS: no SOAP.
    await inject(502);
    const gateway = await fetch(ews, {
      method: 'POST',
      headers: { Authorization: `Bearer ${tokens.megan}`, 'Content-Type': 'text/xml; charset=utf-8' },
      body: request,
    });
    expect(gateway.status).toBe(502);
    expect(gateway.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(await gateway.text()).toBe('Bad Gateway');
    expect((await post(request)).status).toBe(200);
  });
});

describe('another server version', () => {
  it('reports Exchange2010 and refuses newer request versions', async () => {
    const data = loadDataset(DEMO_DATASET_PATH);
    data.exchange = { ...data.exchange!, serverVersion: 'Exchange2010' };
    const other = await startEmulator({ data, autoLogin: true });
    try {
      const auth = `Basic ${Buffer.from('megan@contoso.com:megan-pass').toString('base64')}`;
      const send = (version: string) =>
        fetch(`${other.url}/EWS/Exchange.asmx`, {
          method: 'POST',
          headers: { Authorization: auth, 'Content-Type': 'text/xml; charset=utf-8' },
          body: envelope(
            getFolderXml('<t:DistinguishedFolderId Id="calendar"/>'),
            `<t:RequestServerVersion Version="${version}"/>`,
          ),
        });
      const ok = await send('Exchange2010');
      expect(ok.status).toBe(200);
      const info = one(
        new DOMParser().parseFromString(await ok.text(), 'text/xml') as unknown as Document,
        T,
        'ServerVersionInfo',
      );
      expect([
        ...['MajorVersion', 'MinorVersion', 'MajorBuildNumber', 'MinorBuildNumber', 'Version'].map((name) =>
          info.getAttribute(name),
        ),
      ]).toEqual(['14', '0', '639', '11', 'Exchange2010']);
      expect((await send('Exchange2013')).status).toBe(500);
    } finally {
      await other.close();
    }
  });
});

describe('dataset section', () => {
  it('is optional, and names a wrong user, a repeated address and a domain in two lists', () => {
    const data = loadDataset(DEMO_DATASET_PATH);
    const { exchange: _section, ...without } = data;
    expect(loadDataset(without).exchange).toBeUndefined();
    const broken = {
      ...data,
      exchange: {
        mailboxes: [
          { user: 'nobody', smtp: 'a@contoso.com' },
          { user: 'megan', smtp: 'A@contoso.com' },
        ],
        federatedDomains: ['fabrikam.com'],
        blockedDomains: ['Fabrikam.com'],
      },
    };
    let message = '';
    try {
      loadDataset(broken);
    } catch (error) {
      message = (error as DatasetError).message;
    }
    expect(message).toContain('exchange.mailboxes[0].user: no user with id "nobody"');
    expect(message).toContain('exchange.mailboxes[1].smtp: same address as exchange.mailboxes[0]');
    expect(message).toContain('exchange.blockedDomains[0]: "Fabrikam.com" is already in federatedDomains');
    expect(() =>
      loadDataset({ ...data, exchange: { ...data.exchange, serverVersion: 'Exchange2003' } }),
    ).toThrow(/exchange\.serverVersion/);
  });
});
