/**
 * EWS SOAP for sharing a folder (reference/contentstore-ews.md §2): the GetFolder and GetSharingMetadata
 * requests, built with an XML library (every value escaped by the serializer, never by string concatenation),
 * and their answers, read by namespace and local name so that any prefixes, default namespaces and the
 * documented variations are accepted:
 *
 * - the Body's child is `m:GetSharingMetadataResponse` (messages.xsd) or the docs sample's bare
 *   `m:GetSharingMetadataResponseMessage`, possibly inside `m:ResponseMessages`;
 * - `MessageText` (of the answer or of an InvalidRecipient) is in `m:` (docs sample) or `t:` (types.xsd);
 * - the EWS namespaces spelled `https://schemas.microsoft.com/…` as the docs' newer samples do;
 * - errors as HTTP 200 `ResponseClass="Error"` or as a SOAP fault (ErrorSchemaValidation with line and position).
 *
 * Runs in the service worker, which has no DOMParser: @xmldom/xmldom does both directions.
 */
import { DOMImplementation, DOMParser, type Element, XMLSerializer } from '@xmldom/xmldom';
import type { EwsVersion } from './settings';

export const NS = {
  soap: 'http://schemas.xmlsoap.org/soap/envelope/',
  m: 'http://schemas.microsoft.com/exchange/services/2006/messages',
  t: 'http://schemas.microsoft.com/exchange/services/2006/types',
  e: 'http://schemas.microsoft.com/exchange/services/2006/errors',
} as const;

const XMLNS = 'http://www.w3.org/2000/xmlns/';
export const SOAP_CONTENT_TYPE = 'text/xml; charset=utf-8';

/** The folders a person can share: EWS's distinguished folder ids. */
export type SharedFolder = 'calendar' | 'contacts';

// ── requests ────────────────────────────────────────────────────────────────────────────────────────────────

/** An envelope with the RequestServerVersion header; `body` adds the operation element to the Body. */
function envelope(version: EwsVersion, body: (doc: Document, parent: Element) => void): string {
  const doc = new DOMImplementation().createDocument(NS.soap, 'soap:Envelope', null);
  const root = doc.documentElement as unknown as Element;
  root.setAttributeNS(XMLNS, 'xmlns:m', NS.m);
  root.setAttributeNS(XMLNS, 'xmlns:t', NS.t);
  const header = doc.createElementNS(NS.soap, 'soap:Header');
  const requested = doc.createElementNS(NS.t, 't:RequestServerVersion');
  requested.setAttribute('Version', version);
  header.appendChild(requested);
  root.appendChild(header);
  const bodyElement = doc.createElementNS(NS.soap, 'soap:Body');
  root.appendChild(bodyElement);
  body(doc as unknown as Document, bodyElement);
  return `<?xml version="1.0" encoding="utf-8"?>${new XMLSerializer().serializeToString(doc)}`;
}

type Document = ReturnType<DOMImplementation['createDocument']>;

function add(doc: Document, parent: Element, ns: 'm' | 't', name: string, text?: string): Element {
  const element = doc.createElementNS(NS[ns], `${ns}:${name}`);
  if (text !== undefined) element.appendChild(doc.createTextNode(text));
  parent.appendChild(element);
  return element;
}

/** GetFolder for a distinguished folder (calendar, contacts), IdOnly: its FolderId and ChangeKey. */
export function getFolderRequest(folder: SharedFolder, version: EwsVersion): string {
  return envelope(version, (doc, body) => {
    const operation = add(doc, body, 'm', 'GetFolder');
    const shape = add(doc, operation, 'm', 'FolderShape');
    add(doc, shape, 't', 'BaseShape', 'IdOnly');
    const ids = add(doc, operation, 'm', 'FolderIds');
    add(doc, ids, 't', 'DistinguishedFolderId').setAttribute('Id', folder);
  });
}

export interface FolderRef {
  id: string;
  changeKey?: string;
}

/** GetSharingMetadata (messages.xsd order): IdOfFolderToShare, SenderSmtpAddress, Recipients. */
export function getSharingMetadataRequest(
  input: { folder: FolderRef; sender: string; recipients: readonly string[] },
  version: EwsVersion,
): string {
  return envelope(version, (doc, body) => {
    const operation = add(doc, body, 'm', 'GetSharingMetadata');
    const folder = add(doc, operation, 'm', 'IdOfFolderToShare');
    folder.setAttribute('Id', input.folder.id);
    if (input.folder.changeKey) folder.setAttribute('ChangeKey', input.folder.changeKey);
    add(doc, operation, 'm', 'SenderSmtpAddress', input.sender);
    const recipients = add(doc, operation, 'm', 'Recipients');
    for (const address of input.recipients) add(doc, recipients, 't', 'SmtpAddress', address);
  });
}

// ── answers ─────────────────────────────────────────────────────────────────────────────────────────────────

/** What went wrong, as EWS said it: an operation's ResponseCode, or a SOAP fault. */
export type EwsError =
  | { kind: 'operation'; code: string; text?: string }
  | {
      kind: 'fault';
      code: string;
      text?: string;
      line?: number;
      position?: number;
      violation?: string;
    };

/** The five InvalidRecipientResponseCodeType values (types.xsd), and anything newer as itself. */
export const INVALID_RECIPIENT_CODES = [
  'OtherError',
  'RecipientOrganizationNotFederated',
  'CannotObtainTokenFromSTS',
  'SystemPolicyBlocksSharingWithThisRecipient',
  'RecipientOrganizationFederatedWithUnknownTokenIssuer',
] as const;

export interface InvalidRecipient {
  address: string;
  code: string;
  text?: string;
}

export interface SharingMetadata {
  /** How many EncryptedSharedFolderData came back: one per recipient organisation that got a token. */
  tokens: number;
  invalid: InvalidRecipient[];
}

export type Parsed<T> =
  | { ok: true; value: T }
  | { ok: false; error: EwsError }
  | { ok: false; unreadable: true };

/** Both spellings of the EWS namespaces (`http://`, and the docs' `https://`). */
const inNs = (node: Element, ns: keyof typeof NS) =>
  node.namespaceURI === NS[ns] || node.namespaceURI === NS[ns].replace('http:', 'https:');
const is = (node: Element, ns: keyof typeof NS, name: string) => node.localName === name && inNs(node, ns);

function children(node: Element): Element[] {
  const result: Element[] = [];
  for (let each = node.firstChild; each; each = each.nextSibling)
    if (each.nodeType === 1) result.push(each as Element);
  return result;
}

/** The first child element with this local name in one of `spaces` (`''`: no namespace). */
function child(node: Element | undefined, spaces: readonly (keyof typeof NS | '')[], name: string) {
  return node
    ? children(node).find(
        (each) =>
          each.localName === name && spaces.some((ns) => (ns === '' ? !each.namespaceURI : inNs(each, ns))),
      )
    : undefined;
}

const textOf = (node: Element | undefined) => (node?.textContent ?? '').trim() || undefined;

/** The SOAP Body, or undefined when the text is not a SOAP 1.1 envelope. */
function soapBody(xml: string): Element | undefined {
  let root: Element | null | undefined;
  try {
    const doc = new DOMParser({
      onError: (level, message) => {
        if (level !== 'warning') throw new Error(message);
      },
    }).parseFromString(xml, 'text/xml');
    root = doc.documentElement as Element | null;
  } catch {
    return undefined;
  }
  if (!root || !is(root, 'soap', 'Envelope')) return undefined;
  return children(root).find((each) => is(each, 'soap', 'Body'));
}

/** A SOAP fault in the Body (faultcode, faultstring and detail are unprefixed; §2.4). */
function faultOf(body: Element): EwsError | undefined {
  const fault = children(body).find((each) => is(each, 'soap', 'Fault'));
  if (!fault) return undefined;
  const detail = child(fault, ['', 'soap'], 'detail');
  const faultcode = textOf(child(fault, ['', 'soap'], 'faultcode'));
  const code =
    textOf(child(detail, ['e', 't', 'm'], 'ResponseCode')) ?? faultcode?.split(':').pop() ?? 'Fault';
  const xml = child(detail, ['t', 'e', 'm'], 'MessageXml');
  const number = (name: string) => {
    const value = Number(textOf(child(xml, ['t', 'e', 'm'], name)));
    return Number.isInteger(value) && value > 0 ? value : undefined;
  };
  const error: EwsError = { kind: 'fault', code };
  const text =
    textOf(child(detail, ['e', 't', 'm'], 'Message')) ?? textOf(child(fault, ['', 'soap'], 'faultstring'));
  if (text) error.text = text;
  const line = number('LineNumber');
  const position = number('LinePosition');
  const violation = textOf(child(xml, ['t', 'e', 'm'], 'Violation'));
  if (line) error.line = line;
  if (position) error.position = position;
  if (violation) error.violation = violation;
  return error;
}

/**
 * The operation's response message: `<Op>Response` itself (GetSharingMetadata, messages.xsd), the bare
 * `<Op>ResponseMessage`, or one inside `<Op>Response/ResponseMessages` (GetFolder, and the docs' variation).
 */
function responseMessage(body: Element, operation: string): Element | undefined {
  for (const each of children(body)) {
    if (is(each, 'm', `${operation}ResponseMessage`)) return each;
    if (!is(each, 'm', `${operation}Response`)) continue;
    const list = child(each, ['m'], 'ResponseMessages');
    return (list && child(list, ['m'], `${operation}ResponseMessage`)) ?? each;
  }
  return undefined;
}

/** Reads the envelope; a fault, an Error response class, or the response message to read on. */
function readAnswer(xml: string, operation: string): Parsed<Element> {
  const body = soapBody(xml);
  if (!body) return { ok: false, unreadable: true };
  const fault = faultOf(body);
  if (fault) return { ok: false, error: fault };
  const message = responseMessage(body, operation);
  if (!message) return { ok: false, unreadable: true };
  const responseClass = message.getAttribute('ResponseClass');
  const code = textOf(child(message, ['m', 't'], 'ResponseCode'));
  if (responseClass === 'Error' || (code && code !== 'NoError')) {
    const error: EwsError = { kind: 'operation', code: code ?? 'ErrorInternalServerError' };
    const text = textOf(child(message, ['m', 't'], 'MessageText'));
    if (text) error.text = text;
    return { ok: false, error };
  }
  return { ok: true, value: message };
}

/** GetFolder's answer: the first folder's FolderId (any folder element: Folder, CalendarFolder, …). */
export function parseGetFolder(xml: string): Parsed<FolderRef> {
  const answer = readAnswer(xml, 'GetFolder');
  if (!answer.ok) return answer;
  const folder = children(child(answer.value, ['m'], 'Folders') ?? answer.value).find((each) =>
    inNs(each, 't'),
  );
  const id = folder && child(folder, ['t'], 'FolderId');
  const value = id?.getAttribute('Id');
  if (!id || !value) return { ok: false, unreadable: true };
  const changeKey = id.getAttribute('ChangeKey');
  return { ok: true, value: changeKey ? { id: value, changeKey } : { id: value } };
}

/** GetSharingMetadata's answer: how many tokens, and every invalid recipient with its code. */
export function parseSharingMetadata(xml: string): Parsed<SharingMetadata> {
  const answer = readAnswer(xml, 'GetSharingMetadata');
  if (!answer.ok) return answer;
  const collection = child(answer.value, ['m', 't'], 'EncryptedSharedFolderDataCollection');
  const tokens = collection
    ? children(collection).filter((each) => each.localName === 'EncryptedSharedFolderData').length
    : 0;
  const list = child(answer.value, ['m', 't'], 'InvalidRecipients');
  const invalid = (list ? children(list) : [])
    .filter((each) => each.localName === 'InvalidRecipient')
    .flatMap((each): InvalidRecipient[] => {
      const address = textOf(child(each, ['t', 'm'], 'SmtpAddress'));
      if (!address) return [];
      const recipient: InvalidRecipient = {
        address,
        code: textOf(child(each, ['t', 'm'], 'ResponseCode')) ?? 'OtherError',
      };
      const text = textOf(child(each, ['t', 'm'], 'MessageText'));
      if (text) recipient.text = text;
      return [recipient];
    });
  return { ok: true, value: { tokens, invalid } };
}
