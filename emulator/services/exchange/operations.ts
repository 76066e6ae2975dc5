/**
 * The EWS operations the emulator answers: GetFolder, GetSharingMetadata (reference §2.2, §3.2), and a minimal
 * ConvertId (exchangelib sends one first to learn the server's version). Each returns the Body's child; schema
 * problems are thrown as {@link SchemaProblem}.
 */
import { randomBytes } from 'node:crypto';
import type { Element } from '@xmldom/xmldom';
import type { Exchange } from './dataset';
import {
  changeKeyOf,
  FOLDERS,
  type FolderKind,
  folderIdOf,
  isShareable,
  isWellFormedId,
  type MailboxEntry,
  type Mailboxes,
} from './folders';
import { child, childElements, emptyValue, incomplete, is, missingAttribute, textOf } from './request';
import { el, MT, NO_ERROR, NS, type ResponseStatus, responseClass, statusChildren, textEl } from './soap';

export interface OperationContext {
  mailboxes: Mailboxes;
  exchange: Exchange | undefined;
  /** the authenticated caller's mailbox */
  caller: MailboxEntry;
}

// ResponseCodes and their texts (MSD responsecode; texts as Exchange words them, reference §2.2/§3.2).
const INVALID_SMTP: ResponseStatus = {
  code: 'ErrorInvalidSmtpAddress',
  text: 'The SMTP address format is invalid.',
};
const MALFORMED_ID: ResponseStatus = { code: 'ErrorInvalidIdMalformed', text: 'Id is malformed.' };
const FOLDER_NOT_FOUND: ResponseStatus = {
  code: 'ErrorFolderNotFound',
  text: 'The specified folder could not be found in the store.',
};
const ACCESS_DENIED: ResponseStatus = {
  code: 'ErrorAccessDenied',
  text: 'Access is denied. Check credentials and try again.',
};
const NO_MAILBOX: ResponseStatus = {
  code: 'ErrorNonExistentMailbox',
  text: 'The SMTP address has no mailbox associated with it.',
};
// [heur] Exchange's text is its resource string GetSharingMetadataNotSupported; this says what it means.
const NOT_SHAREABLE: ResponseStatus = {
  code: 'ErrorInvalidFolderTypeForOperation',
  text: 'The folder type is not supported for this operation. Only calendar and contacts folders can be shared.',
};

/** [heur] SMTP address syntax: a local part without spaces or specials, `@`, a dotted domain. */
const SMTP = /^[^\s@<>()[\]\\,;:"]+@[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+$/i;

export function isSmtpAddress(value: string): boolean {
  return SMTP.test(value) && !value.startsWith('.') && !value.includes('..');
}

function domainOf(address: string): string {
  return address.slice(address.lastIndexOf('@') + 1).toLowerCase();
}

// ---------------------------------------------------------------------------------------------------------------
// GetFolder

/** FieldURI → element, for IdOnly + AdditionalProperties. */
const FIELD_ELEMENTS: Record<string, string> = {
  'folder:ParentFolderId': 'ParentFolderId',
  'folder:FolderClass': 'FolderClass',
  'folder:DisplayName': 'DisplayName',
  'folder:TotalCount': 'TotalCount',
  'folder:ChildFolderCount': 'ChildFolderCount',
  'folder:UnreadCount': 'UnreadCount',
};

/** A folder in the order of the schema's BaseFolderType / FolderType sequence. */
export function folderXml(owner: MailboxEntry, kind: FolderKind, only?: Set<string>): string {
  const model = FOLDERS[kind];
  const want = (name: string) => only === undefined || only.has(name);
  const parts = [
    el('t:FolderId', { Id: folderIdOf(owner.smtp, kind), ChangeKey: changeKeyOf(owner.smtp, kind) }),
  ];
  if (model.parent && want('ParentFolderId')) {
    parts.push(
      el('t:ParentFolderId', {
        Id: folderIdOf(owner.smtp, model.parent),
        ChangeKey: changeKeyOf(owner.smtp, model.parent),
      }),
    );
  }
  if (model.folderClass && want('FolderClass')) parts.push(textEl('t:FolderClass', model.folderClass));
  if (want('DisplayName')) parts.push(textEl('t:DisplayName', model.displayName));
  if (want('TotalCount')) parts.push(textEl('t:TotalCount', 0));
  if (want('ChildFolderCount')) parts.push(textEl('t:ChildFolderCount', model.childFolderCount));
  // UnreadCount belongs to FolderType only, not to CalendarFolderType or ContactsFolderType.
  if (model.element === 't:Folder' && want('UnreadCount')) parts.push(textEl('t:UnreadCount', 0));
  return el(model.element, {}, parts);
}

type FolderLookup = { ref: { owner: MailboxEntry; kind: FolderKind } } | { status: ResponseStatus };

/** A `t:FolderId` or `t:DistinguishedFolderId` → the folder, or the ResponseCode why not. */
function lookupFolder(ctx: OperationContext, node: Element): FolderLookup {
  if (is(node, 't', 'FolderId')) {
    const id = node.getAttribute('Id') ?? '';
    if (!isWellFormedId(id)) return { status: MALFORMED_ID };
    const ref = ctx.mailboxes.folder(id);
    // [heur] Another mailbox's folder is as missing as an unknown one: the caller has no delegate access.
    if (!ref || ref.owner !== ctx.caller) return { status: FOLDER_NOT_FOUND };
    return { ref };
  }
  const name = (node.getAttribute('Id') ?? '').toLowerCase();
  let owner = ctx.caller;
  const mailbox = child(node, 't', 'Mailbox');
  const address = mailbox && child(mailbox, 't', 'EmailAddress');
  if (address && textOf(address) !== '') {
    const named = ctx.mailboxes.bySmtpAddress(textOf(address));
    if (!named) return { status: NO_MAILBOX };
    // [heur] Delegate access is not emulated: only the caller's own mailbox opens.
    if (named !== ctx.caller) return { status: ACCESS_DENIED };
    owner = named;
  }
  if (!(name in FOLDERS)) return { status: FOLDER_NOT_FOUND };
  return { ref: { owner, kind: name as FolderKind } };
}

export function getFolder(ctx: OperationContext, operation: Element): string {
  const shape = child(operation, 'm', 'FolderShape');
  if (!shape) throw incomplete(operation, 'FolderShape', 'm');
  const baseShape = child(shape, 't', 'BaseShape');
  if (!baseShape) throw incomplete(shape, 'BaseShape', 't');
  const folderIds = child(operation, 'm', 'FolderIds');
  if (!folderIds) throw incomplete(operation, 'FolderIds', 'm');
  const ids = childElements(folderIds).filter(
    (node) => is(node, 't', 'FolderId') || is(node, 't', 'DistinguishedFolderId'),
  );
  if (ids.length === 0) throw incomplete(folderIds, 'FolderId, DistinguishedFolderId', 't');
  for (const node of ids) if (!node.hasAttribute('Id')) throw missingAttribute(node, 'Id');

  // IdOnly: the id and whatever AdditionalProperties asks for; Default and AllProperties: everything emulated.
  let only: Set<string> | undefined;
  if (textOf(baseShape) === 'IdOnly') {
    only = new Set();
    const additional = child(shape, 't', 'AdditionalProperties');
    for (const field of additional ? childElements(additional) : []) {
      const element = FIELD_ELEMENTS[field.getAttribute('FieldURI') ?? ''];
      if (element) only.add(element);
    }
  }
  const messages = ids.map((node) => {
    const found = lookupFolder(ctx, node);
    const status = 'status' in found ? found.status : NO_ERROR;
    const folders = 'ref' in found ? folderXml(found.ref.owner, found.ref.kind, only) : '';
    return el('m:GetFolderResponseMessage', { ResponseClass: responseClass(status) }, [
      statusChildren(status),
      el('m:Folders', {}, folders),
    ]);
  });
  return el('m:GetFolderResponse', MT, el('m:ResponseMessages', {}, messages));
}

// ---------------------------------------------------------------------------------------------------------------
// GetSharingMetadata

/** The exact InvalidRecipientResponseCodeType values (reference §2.2) with their texts. */
const RECIPIENT_CODES = {
  RecipientOrganizationNotFederated:
    'The organization of these recipients is not federated for external sharing.',
  SystemPolicyBlocksSharingWithThisRecipient: 'A sharing policy prevents sharing with these recipients.',
  CannotObtainTokenFromSTS: 'A delegation token for these recipients could not be obtained from the STS.',
  RecipientOrganizationFederatedWithUnknownTokenIssuer:
    "The organization of these recipients is federated with a token issuer the sender's organization does not trust.",
  OtherError: 'Sharing with these recipients failed.',
} as const;
type RecipientCode = keyof typeof RECIPIENT_CODES;

interface InvalidRecipient {
  address: string;
  code: RecipientCode;
  text: string;
}

function listHas(list: readonly string[] | undefined, domain: string): boolean {
  return (list ?? []).some((entry) => entry.toLowerCase() === domain);
}

/**
 * What a (well-formed) recipient address gets: a token for its domain, or an InvalidRecipient code.
 * Own-organisation recipients are OtherError [heur]: federated sharing gives tokens to other organisations; inside
 * the organisation a folder is shared by permission, not by a federation token.
 */
function classify(ctx: OperationContext, address: string): { token: string } | InvalidRecipient {
  const domain = domainOf(address);
  const exchange = ctx.exchange;
  const invalid = (code: RecipientCode, text: string = RECIPIENT_CODES[code]) => ({ address, code, text });
  if (domain === ctx.caller.domain) {
    if (!ctx.mailboxes.bySmtpAddress(address)) {
      return invalid('OtherError', "The recipient has no mailbox in the sender's organization.");
    }
    return invalid(
      'OtherError',
      "The recipient is in the sender's own organization; federated sharing is for other organizations.",
    );
  }
  if (listHas(exchange?.blockedDomains, domain)) return invalid('SystemPolicyBlocksSharingWithThisRecipient');
  if (listHas(exchange?.tokenFailureDomains, domain)) return invalid('CannotObtainTokenFromSTS');
  if (listHas(exchange?.unknownIssuerDomains, domain))
    return invalid('RecipientOrganizationFederatedWithUnknownTokenIssuer');
  if (listHas(exchange?.federatedDomains, domain)) return { token: domain };
  return invalid('RecipientOrganizationNotFederated');
}

function cipher(bytes: number): string {
  return randomBytes(bytes).toString('base64');
}

/**
 * One EncryptedSharedFolderData (types.xsd: Token, Data, each holding one `xenc:EncryptedData`), laid out as the
 * docs sample (seed 000) but well-formed; the cipher values are random bytes, opaque as the real ones are to the
 * sender.
 */
function encryptedSharedFolderData(): string {
  const token = el(
    'EncryptedData',
    { Id: 'Assertion0', Type: 'http://www.w3.org/2001/04/xmlenc#Element', xmlns: NS.xenc },
    [
      el('EncryptionMethod', { Algorithm: 'http://www.w3.org/2001/04/xmlenc#tripledes-cbc' }),
      el('ds:KeyInfo', { 'xmlns:ds': NS.ds }, [
        el('EncryptedKey', {}, [
          el('EncryptionMethod', { Algorithm: 'http://www.w3.org/2001/04/xmlenc#rsa-oaep-mgf1p' }),
          el('ds:KeyInfo', { Id: 'keyinfo' }, [
            el('wsse:SecurityTokenReference', { 'xmlns:wsse': NS.wsse }, [
              textEl('wsse:KeyIdentifier', cipher(20), {
                EncodingType:
                  'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-soap-message-security-1.0#Base64Binary',
                ValueType:
                  'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-x509-token-profile-1.0#X509SubjectKeyIdentifier',
              }),
            ]),
          ]),
          el('CipherData', {}, textEl('CipherValue', cipher(256))),
        ]),
      ]),
      el('CipherData', {}, textEl('CipherValue', cipher(1024))),
    ],
  );
  const data = el('EncryptedData', { Type: 'http://www.w3.org/2001/04/xmlenc#Element', xmlns: NS.xenc }, [
    el('EncryptionMethod', { Algorithm: 'http://www.w3.org/2001/04/xmlenc#aes256-cbc' }),
    el('KeyInfo', { xmlns: NS.ds }, [
      el('EncryptedKey', { xmlns: NS.xenc }, [
        el('EncryptionMethod', { Algorithm: 'http://www.w3.org/2001/04/xmlenc#kw-tripledes' }),
        el('KeyInfo', { xmlns: NS.ds }, textEl('KeyName', 'key')),
        el('CipherData', {}, textEl('CipherValue', cipher(40))),
      ]),
    ]),
    el('CipherData', {}, textEl('CipherValue', cipher(512))),
  ]);
  return el('t:EncryptedSharedFolderData', {}, [el('t:Token', {}, token), el('t:Data', {}, data)]);
}

function sharingResponse(status: ResponseStatus, content: string[] = []): string {
  return el('m:GetSharingMetadataResponse', { ResponseClass: responseClass(status), ...MT }, [
    statusChildren(status),
    ...content,
  ]);
}

export function getSharingMetadata(ctx: OperationContext, operation: Element): string {
  // Schema first: all three elements are required (messages.xsd), in this order.
  const folder = child(operation, 'm', 'IdOfFolderToShare');
  if (!folder) throw incomplete(operation, 'IdOfFolderToShare', 'm');
  if (!folder.hasAttribute('Id')) throw missingAttribute(folder, 'Id');
  const sender = child(operation, 'm', 'SenderSmtpAddress');
  if (!sender) throw incomplete(operation, 'SenderSmtpAddress', 'm');
  if (textOf(sender) === '') throw emptyValue(sender, 'NonEmptyStringType');
  const recipientsNode = child(operation, 'm', 'Recipients');
  if (!recipientsNode) throw incomplete(operation, 'Recipients', 'm');
  const recipientNodes = childElements(recipientsNode).filter((node) => is(node, 't', 'SmtpAddress'));
  if (recipientNodes.length === 0) throw incomplete(recipientsNode, 'SmtpAddress', 't');
  const empty = recipientNodes.find((node) => textOf(node) === '');
  if (empty) throw emptyValue(empty, 'NonEmptyStringType');

  // Then the server's order (reference §2.2): addresses, folder id, folder kind, then each recipient.
  const senderAddress = textOf(sender);
  const recipients = recipientNodes.map(textOf);
  if (!isSmtpAddress(senderAddress) || recipients.some((address) => !isSmtpAddress(address))) {
    return sharingResponse(INVALID_SMTP);
  }
  // [heur] Only the caller's own mailbox shares: another sender is access denied.
  if (senderAddress.toLowerCase() !== ctx.caller.smtp) return sharingResponse(ACCESS_DENIED);
  const id = folder.getAttribute('Id') ?? '';
  if (!isWellFormedId(id)) return sharingResponse(MALFORMED_ID);
  const ref = ctx.mailboxes.folder(id);
  if (!ref || ref.owner !== ctx.caller) return sharingResponse(FOLDER_NOT_FOUND);
  if (!isShareable(ref.kind)) return sharingResponse(NOT_SHAREABLE);

  const domains: string[] = [];
  const invalid: InvalidRecipient[] = [];
  for (const address of recipients) {
    const result = classify(ctx, address);
    if ('token' in result) {
      if (!domains.includes(result.token)) domains.push(result.token);
    } else invalid.push(result);
  }
  return sharingResponse(NO_ERROR, [
    el('m:EncryptedSharedFolderDataCollection', {}, domains.map(encryptedSharedFolderData)),
    el(
      'm:InvalidRecipients',
      {},
      invalid.map((recipient) =>
        el('t:InvalidRecipient', {}, [
          textEl('t:SmtpAddress', recipient.address),
          textEl('t:ResponseCode', recipient.code),
          textEl('t:MessageText', recipient.text),
        ]),
      ),
    ),
  ]);
}

// ---------------------------------------------------------------------------------------------------------------
// ConvertId

/**
 * [heur] ConvertId answers every id with ErrorInvalidIdMalformed: exchangelib's version guess sends one ConvertId
 * for a dummy id and only reads the ServerVersionInfo header of the answer.
 */
export function convertId(operation: Element): string {
  const sourceIds = child(operation, 'm', 'SourceIds');
  if (!sourceIds) throw incomplete(operation, 'SourceIds', 'm');
  const ids = childElements(sourceIds);
  if (ids.length === 0) throw incomplete(sourceIds, 'AlternateId', 't');
  const messages = ids.map(() =>
    el('m:ConvertIdResponseMessage', { ResponseClass: 'Error' }, statusChildren(MALFORMED_ID)),
  );
  return el('m:ConvertIdResponse', MT, el('m:ResponseMessages', {}, messages));
}
