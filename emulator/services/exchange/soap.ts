/**
 * SOAP plumbing of the EWS emulator (reference §2.1, §2.4): namespaces, a small XML writer, ServerVersionInfo,
 * response envelopes and SOAP faults. Everything it writes is well-formed XML with fixed prefixes (`s`, `m`, `t`,
 * `e`); clients must match by namespace and local name anyway.
 */
import type { Reply } from '../../core/http';
import { SERVER_VERSIONS, type ServerVersion } from './dataset';

export const NS = {
  soap: 'http://schemas.xmlsoap.org/soap/envelope/',
  m: 'http://schemas.microsoft.com/exchange/services/2006/messages',
  t: 'http://schemas.microsoft.com/exchange/services/2006/types',
  e: 'http://schemas.microsoft.com/exchange/services/2006/errors',
  xenc: 'http://www.w3.org/2001/04/xmlenc#',
  ds: 'http://www.w3.org/2000/09/xmldsig#',
  wsse: 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd',
} as const;

export const SOAP_XML = 'text/xml; charset=utf-8';

/** Escapes text and attribute values. */
export function esc(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

/** An element: `el('t:DisplayName', {}, 'Calendar')`; `children` is raw XML (already built) or escaped text. */
export function el(
  name: string,
  attrs: Record<string, string | number | undefined> = {},
  children: string | string[] = '',
  text = false,
): string {
  const attributes = Object.entries(attrs)
    .filter((entry): entry is [string, string | number] => entry[1] !== undefined)
    .map(([key, value]) => ` ${key}="${esc(String(value))}"`)
    .join('');
  const content = Array.isArray(children) ? children.join('') : text ? esc(children) : children;
  return content === '' ? `<${name}${attributes}/>` : `<${name}${attributes}>${content}</${name}>`;
}

/** An element with text content. */
export function textEl(name: string, value: string | number, attrs: Record<string, string> = {}): string {
  return el(name, attrs, String(value), true);
}

/**
 * ServerVersionInfo per reported version [heur: build numbers of released builds, e.g. the docs' Exchange2010
 * sample 14.0.639.11; 15.1.2507.6 is Exchange 2016 CU23]. Clients read all four numbers (exchangelib raises
 * without them) and trust `Version`.
 */
const BUILDS: Record<ServerVersion, [number, number, number, number]> = {
  Exchange2010: [14, 0, 639, 11],
  Exchange2010_SP1: [14, 1, 218, 15],
  Exchange2010_SP2: [14, 2, 247, 5],
  Exchange2013: [15, 0, 516, 32],
  Exchange2013_SP1: [15, 0, 847, 32],
  Exchange2016: [15, 1, 2507, 6],
};

export function serverVersionInfo(version: ServerVersion): string {
  const [major, minor, build, revision] = BUILDS[version];
  return el('t:ServerVersionInfo', {
    MajorVersion: major,
    MinorVersion: minor,
    MajorBuildNumber: build,
    MinorBuildNumber: revision,
    Version: version,
    'xmlns:t': NS.t,
  });
}

/**
 * RequestServerVersion values the XSD knows, oldest first. A request may name the server's version or an older one;
 * a newer or unknown one gets the ErrorInvalidServerVersion fault (reference §3.2 [inf]).
 */
export const REQUEST_VERSIONS = ['Exchange2007', 'Exchange2007_SP1', ...SERVER_VERSIONS] as const;

export function versionRank(version: string): number {
  return (REQUEST_VERSIONS as readonly string[]).indexOf(version);
}

function envelope(version: ServerVersion, body: string): string {
  return (
    '<?xml version="1.0" encoding="utf-8"?>' +
    `<s:Envelope xmlns:s="${NS.soap}">` +
    `<s:Header>${serverVersionInfo(version)}</s:Header>` +
    `<s:Body xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema">${body}</s:Body>` +
    '</s:Envelope>'
  );
}

/** HTTP 200 with an operation's response element (which declares `m` and `t`). */
export function soapReply(version: ServerVersion, body: string): Reply {
  return { status: 200, headers: { 'Content-Type': SOAP_XML }, body: envelope(version, body) };
}

/** Namespace declarations for a response element. */
export const MT = { 'xmlns:m': NS.m, 'xmlns:t': NS.t };

/** The common part of a response message: ResponseClass, MessageText, ResponseCode, DescriptiveLinkKey. */
export interface ResponseStatus {
  code: string;
  /** absent for NoError */
  text?: string;
}

export const NO_ERROR: ResponseStatus = { code: 'NoError' };

/** The children every ResponseMessageType starts with (messages.xsd): MessageText, ResponseCode, DescriptiveLinkKey. */
export function statusChildren(status: ResponseStatus): string {
  if (status.code === 'NoError') return textEl('m:ResponseCode', 'NoError');
  return (
    textEl('m:MessageText', status.text ?? status.code) +
    textEl('m:ResponseCode', status.code) +
    textEl('m:DescriptiveLinkKey', 0)
  );
}

export function responseClass(status: ResponseStatus): string {
  return status.code === 'NoError' ? 'Success' : 'Error';
}

export interface FaultInfo {
  /** ResponseCode, e.g. ErrorSchemaValidation */
  code: string;
  /** faultstring */
  faultString: string;
  /** detail/e:Message */
  message: string;
  /** detail/t:MessageXml: LineNumber, LinePosition, Violation */
  line?: number;
  position?: number;
  violation?: string;
  /** extra t:Value elements in MessageXml, e.g. BackOffMilliseconds */
  values?: Record<string, string>;
}

/** A SOAP fault (HTTP 500), shaped as Exchange's (reference §2.4): `faultcode` in the types namespace. */
export function soapFault(version: ServerVersion, fault: FaultInfo, status = 500): Reply {
  const messageXml: string[] = [];
  if (fault.line !== undefined) messageXml.push(textEl('t:LineNumber', fault.line));
  if (fault.position !== undefined) messageXml.push(textEl('t:LinePosition', fault.position));
  if (fault.violation !== undefined) messageXml.push(textEl('t:Violation', fault.violation));
  for (const [name, value] of Object.entries(fault.values ?? {}))
    messageXml.push(textEl('t:Value', value, { Name: name }));
  const body = el('s:Fault', {}, [
    textEl('faultcode', `a:${fault.code}`, { 'xmlns:a': NS.t }),
    textEl('faultstring', fault.faultString, { 'xml:lang': 'en-US' }),
    el('detail', {}, [
      textEl('e:ResponseCode', fault.code, { 'xmlns:e': NS.e }),
      textEl('e:Message', fault.message, { 'xmlns:e': NS.e }),
      messageXml.length > 0 ? el('t:MessageXml', { 'xmlns:t': NS.t }, messageXml) : '',
    ]),
  ]);
  return { status, headers: { 'Content-Type': SOAP_XML }, body: envelope(version, body) };
}

/** ErrorSchemaValidation with where it happened (reference §2.4, §3.2). */
export function schemaFault(
  version: ServerVersion,
  violation: string,
  where: { line: number; position: number },
): Reply {
  return soapFault(version, {
    code: 'ErrorSchemaValidation',
    faultString: `The request failed schema validation: ${violation}`,
    message: 'The request failed schema validation.',
    line: where.line,
    position: where.position,
    violation,
  });
}

export function invalidVersionFault(version: ServerVersion): Reply {
  return soapFault(version, {
    code: 'ErrorInvalidServerVersion',
    faultString: 'The specified server version is invalid.',
    message: 'The specified server version is invalid.',
  });
}
