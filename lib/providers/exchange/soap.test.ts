/**
 * The EWS SOAP requests (built with xmldom, every value escaped) and the answers in every documented variation
 * (reference/contentstore-ews.md §2.2, §2.4; seed 000), each code in plain words.
 */
import { DOMParser } from '@xmldom/xmldom';
import { describe, expect, it } from 'vitest';
import { type MessageKey, t } from '../../i18n';
import { ewsErrorSentence, recipientReason } from './errors';
import {
  getFolderRequest,
  getSharingMetadataRequest,
  INVALID_RECIPIENT_CODES,
  NS,
  parseGetFolder,
  parseSharingMetadata,
} from './soap';

const parse = (xml: string) => new DOMParser().parseFromString(xml, 'text/xml');
const byName = (xml: string, ns: string, name: string) =>
  Array.from(parse(xml).getElementsByTagNameNS(ns, name));

describe('requests', () => {
  it('GetFolder names the distinguished folder, IdOnly, with the RequestServerVersion header', () => {
    const xml = getFolderRequest('contacts', 'Exchange2013');
    expect(xml.startsWith('<?xml version="1.0" encoding="utf-8"?>')).toBe(true);
    const [version] = byName(xml, NS.t, 'RequestServerVersion');
    expect(version?.getAttribute('Version')).toBe('Exchange2013');
    expect(version?.parentNode?.localName).toBe('Header');
    expect(byName(xml, NS.t, 'DistinguishedFolderId')[0]?.getAttribute('Id')).toBe('contacts');
    expect(byName(xml, NS.t, 'BaseShape')[0]?.textContent).toBe('IdOnly');
    expect(byName(xml, NS.m, 'GetFolder')[0]?.parentNode?.namespaceURI).toBe(NS.soap);
  });

  it('GetSharingMetadata keeps the schema order and escapes every hostile value', () => {
    const hostile = {
      folder: { id: 'AAMk"<&>\'id', changeKey: 'CK&"<' },
      sender: 'me&"you"@contoso.com',
      recipients: ['a<b>@fabrikam.com', "o'brien&co@northwind.example", ']]><x/>@evil.example'],
    };
    const xml = getSharingMetadataRequest(hostile, 'Exchange2010');
    expect(xml).not.toContain('<x/>');
    expect(xml).not.toContain('<b>');
    const [operation] = byName(xml, NS.m, 'GetSharingMetadata');
    const names = Array.from(operation?.childNodes ?? [])
      .filter((node) => node.nodeType === 1)
      .map((node) => node.localName);
    expect(names).toEqual(['IdOfFolderToShare', 'SenderSmtpAddress', 'Recipients']);
    const [folder] = byName(xml, NS.m, 'IdOfFolderToShare');
    expect(folder?.getAttribute('Id')).toBe(hostile.folder.id);
    expect(folder?.getAttribute('ChangeKey')).toBe(hostile.folder.changeKey);
    expect(byName(xml, NS.m, 'SenderSmtpAddress')[0]?.textContent).toBe(hostile.sender);
    expect(byName(xml, NS.t, 'SmtpAddress').map((each) => each.textContent)).toEqual(hostile.recipients);
    expect(byName(xml, NS.t, 'RequestServerVersion')[0]?.getAttribute('Version')).toBe('Exchange2010');
  });

  it('leaves out a ChangeKey it does not have', () => {
    const xml = getSharingMetadataRequest(
      { folder: { id: 'X' }, sender: 'a@b.c', recipients: ['d@e.f'] },
      'Exchange2010',
    );
    expect(byName(xml, NS.m, 'IdOfFolderToShare')[0]?.hasAttribute('ChangeKey')).toBe(false);
  });
});

const envelope = (body: string, m = NS.m, t = NS.t) =>
  `<?xml version="1.0" encoding="utf-8"?><s:Envelope xmlns:s="${NS.soap}"><s:Header><h:ServerVersionInfo xmlns:h="${t}" MajorVersion="14" Version="Exchange2010"/></s:Header><s:Body xmlns:m="${m}" xmlns:t="${t}">${body}</s:Body></s:Envelope>`;

const token = `<t:EncryptedSharedFolderData><t:Token><EncryptedData xmlns="http://www.w3.org/2001/04/xmlenc#"><CipherData><CipherValue>AAA=</CipherValue></CipherData></EncryptedData></t:Token><t:Data><EncryptedData xmlns="http://www.w3.org/2001/04/xmlenc#"/></t:Data></t:EncryptedSharedFolderData>`;
const invalid = (address: string, code: string, textNs = 't') =>
  `<t:InvalidRecipient><t:SmtpAddress>${address}</t:SmtpAddress><t:ResponseCode>${code}</t:ResponseCode><${textNs}:MessageText>Server text.</${textNs}:MessageText></t:InvalidRecipient>`;
const success = (inner: string) =>
  `<m:ResponseCode>NoError</m:ResponseCode><m:EncryptedSharedFolderDataCollection>${token}</m:EncryptedSharedFolderDataCollection><m:InvalidRecipients>${inner}</m:InvalidRecipients>`;

describe('GetSharingMetadata answers', () => {
  const expected = {
    ok: true,
    value: {
      tokens: 1,
      invalid: [
        { address: 'x@other.example', code: 'RecipientOrganizationNotFederated', text: 'Server text.' },
      ],
    },
  };

  it('reads the messages.xsd root (GetSharingMetadataResponse)', () => {
    const xml = envelope(
      `<m:GetSharingMetadataResponse ResponseClass="Success">${success(invalid('x@other.example', 'RecipientOrganizationNotFederated'))}</m:GetSharingMetadataResponse>`,
    );
    expect(parseSharingMetadata(xml)).toEqual(expected);
  });

  it('reads the docs sample’s bare GetSharingMetadataResponseMessage root, with MessageText in m:', () => {
    const xml = envelope(
      `<m:GetSharingMetadataResponseMessage ResponseClass="Success">${success(invalid('x@other.example', 'RecipientOrganizationNotFederated', 'm'))}</m:GetSharingMetadataResponseMessage>`,
    );
    expect(parseSharingMetadata(xml)).toEqual(expected);
  });

  it('reads it inside ResponseMessages, with other prefixes, default namespaces and https:// namespaces', () => {
    const https = (ns: string) => ns.replace('http:', 'https:');
    const xml = `<Envelope xmlns="${NS.soap}"><Body><GetSharingMetadataResponse xmlns="${https(NS.m)}"><ResponseMessages><GetSharingMetadataResponseMessage ResponseClass="Success"><ResponseCode>NoError</ResponseCode><EncryptedSharedFolderDataCollection><x:EncryptedSharedFolderData xmlns:x="${https(NS.t)}"/><x:EncryptedSharedFolderData xmlns:x="${https(NS.t)}"/></EncryptedSharedFolderDataCollection></GetSharingMetadataResponseMessage></ResponseMessages></GetSharingMetadataResponse></Body></Envelope>`;
    expect(parseSharingMetadata(xml)).toEqual({ ok: true, value: { tokens: 2, invalid: [] } });
  });

  it('reads an answer with no token and only invalid recipients', () => {
    const xml = envelope(
      `<m:GetSharingMetadataResponse ResponseClass="Success"><m:ResponseCode>NoError</m:ResponseCode><m:EncryptedSharedFolderDataCollection/><m:InvalidRecipients>${invalid('a@blocked.example', 'SystemPolicyBlocksSharingWithThisRecipient')}${invalid('b@contoso.com', 'OtherError')}</m:InvalidRecipients></m:GetSharingMetadataResponse>`,
    );
    const parsed = parseSharingMetadata(xml);
    expect(parsed).toMatchObject({ ok: true, value: { tokens: 0 } });
    expect(parsed.ok && parsed.value.invalid.map((each) => each.code)).toEqual([
      'SystemPolicyBlocksSharingWithThisRecipient',
      'OtherError',
    ]);
  });

  it.each([
    ['ErrorInvalidSmtpAddress', 'm'],
    ['ErrorFolderNotFound', 't'],
    ['ErrorInvalidFolderTypeForOperation', 'm'],
    ['ErrorInvalidIdMalformed', 't'],
    ['ErrorAccessDenied', 'm'],
  ])('reads the operation error %s (MessageText in %s:)', (code, textNs) => {
    const xml = envelope(
      `<m:GetSharingMetadataResponse ResponseClass="Error"><${textNs}:MessageText>Text.</${textNs}:MessageText><m:ResponseCode>${code}</m:ResponseCode><m:DescriptiveLinkKey>0</m:DescriptiveLinkKey></m:GetSharingMetadataResponse>`,
    );
    expect(parseSharingMetadata(xml)).toEqual({
      ok: false,
      error: { kind: 'operation', code, text: 'Text.' },
    });
  });

  it('reads a schema-validation fault with its line and position', () => {
    const xml = envelope(
      `<s:Fault><faultcode xmlns:a="${NS.t}">a:ErrorSchemaValidation</faultcode><faultstring xml:lang="en-US">The request failed schema validation: x</faultstring><detail><e:ResponseCode xmlns:e="${NS.e}">ErrorSchemaValidation</e:ResponseCode><e:Message xmlns:e="${NS.e}">The request failed schema validation.</e:Message><t:MessageXml xmlns:t="${NS.t}"><t:LineNumber>7</t:LineNumber><t:LinePosition>43</t:LinePosition><t:Violation>The element 'Recipients' has incomplete content.</t:Violation></t:MessageXml></detail></s:Fault>`,
    );
    expect(parseSharingMetadata(xml)).toEqual({
      ok: false,
      error: {
        kind: 'fault',
        code: 'ErrorSchemaValidation',
        text: 'The request failed schema validation.',
        line: 7,
        position: 43,
        violation: "The element 'Recipients' has incomplete content.",
      },
    });
  });

  it('reads a fault without detail by its faultcode', () => {
    const xml = envelope(
      `<s:Fault><faultcode>a:ErrorInvalidServerVersion</faultcode><faultstring>Bad.</faultstring></s:Fault>`,
    );
    expect(parseSharingMetadata(xml)).toEqual({
      ok: false,
      error: { kind: 'fault', code: 'ErrorInvalidServerVersion', text: 'Bad.' },
    });
  });

  it.each([
    ['not XML', '<<<'],
    [
      'the docs sample’s mismatched tags',
      envelope(
        '<m:GetSharingMetadataResponse><m:ResponseCode>NoError</ResponseCode></m:GetSharingMetadataResponse>',
      ),
    ],
    ['another envelope', '<Envelope><Body/></Envelope>'],
    ['an answer to another operation', envelope('<m:FindItemResponse/>')],
    ['empty', ''],
  ])('calls %s unreadable', (_, xml) => {
    expect(parseSharingMetadata(xml)).toEqual({ ok: false, unreadable: true });
  });
});

describe('GetFolder answers', () => {
  it('reads the folder’s Id and ChangeKey from any folder element', () => {
    const xml = envelope(
      `<m:GetFolderResponse><m:ResponseMessages><m:GetFolderResponseMessage ResponseClass="Success"><m:ResponseCode>NoError</m:ResponseCode><m:Folders><t:CalendarFolder><t:FolderId Id="AAMk1" ChangeKey="AQAA"/></t:CalendarFolder></m:Folders></m:GetFolderResponseMessage></m:ResponseMessages></m:GetFolderResponse>`,
    );
    expect(parseGetFolder(xml)).toEqual({ ok: true, value: { id: 'AAMk1', changeKey: 'AQAA' } });
  });

  it('reads its error', () => {
    const xml = envelope(
      `<m:GetFolderResponse><m:ResponseMessages><m:GetFolderResponseMessage ResponseClass="Error"><m:MessageText>No.</m:MessageText><m:ResponseCode>ErrorFolderNotFound</m:ResponseCode><m:Folders/></m:GetFolderResponseMessage></m:ResponseMessages></m:GetFolderResponse>`,
    );
    expect(parseGetFolder(xml)).toEqual({
      ok: false,
      error: { kind: 'operation', code: 'ErrorFolderNotFound', text: 'No.' },
    });
  });
});

describe('plain words', () => {
  it('has its own sentence for each of the five InvalidRecipientResponseCodeType values', () => {
    const sentences = INVALID_RECIPIENT_CODES.map(recipientReason);
    expect(new Set(sentences).size).toBe(5);
    for (const sentence of sentences) expect(sentence).not.toMatch(/SomethingNew|\(\w+\)/);
    expect(recipientReason('SomethingNew')).toBe(t('ewsRecipientUnknownCode', 'SomethingNew'));
    expect(recipientReason('RecipientOrganizationNotFederated')).toContain('not federated');
  });

  it.each([
    ['ErrorInvalidSmtpAddress', 'ewsErrorInvalidSmtpAddress'],
    ['ErrorFolderNotFound', 'ewsErrorFolderNotFound'],
    ['ErrorInvalidFolderTypeForOperation', 'ewsErrorInvalidFolderType'],
    ['ErrorInvalidIdMalformed', 'ewsErrorIdMalformed'],
    ['ErrorAccessDenied', 'ewsErrorAccessDenied'],
    ['ErrorNonExistentMailbox', 'ewsErrorNoMailbox'],
    ['ErrorInvalidServerVersion', 'ewsErrorServerVersion'],
    ['ErrorServerBusy', 'ewsErrorServerBusy'],
    ['ErrorInternalServerError', 'ewsErrorInternal'],
    ['ErrorSomethingElse', 'ewsErrorOther'],
  ])('says %s as a sentence (%s)', (code, key) => {
    expect(ewsErrorSentence({ kind: 'operation', code })).toBe(t(key as MessageKey, code));
  });

  it('says where a schema fault was, when it knows', () => {
    expect(ewsErrorSentence({ kind: 'fault', code: 'ErrorSchemaValidation', line: 7, position: 43 })).toBe(
      'Exchange could not read the request (line 7, position 43). Nothing was shared.',
    );
    expect(ewsErrorSentence({ kind: 'fault', code: 'ErrorSchemaValidation' })).toBe(t('ewsErrorSchema'));
  });
});
