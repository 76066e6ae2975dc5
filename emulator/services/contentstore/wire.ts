/**
 * ContentStore's two wire forms (reference §3.1): `Accept` picks XML or JSON for the answer, `Content-Type`
 * picks the parser for the body. One answer model ({@link Answer}) turns into either: XML built with a DOM and
 * serialised (so every value is escaped), or JSON that mirrors it without the root element, attributes as
 * properties and repeated children as arrays. Request bodies of either form are read through one
 * {@link Element} view, so each route reads its fields once.
 */
import { DOMImplementation, DOMParser, type Element as DomElement, XMLSerializer } from '@xmldom/xmldom';
import type { ApiRequest, Reply } from '../../core/http';

export const XML_TYPE = 'application/xml; charset=utf-8';
export const JSON_TYPE = 'application/json; charset=utf-8';

type Scalar = string | number | boolean;

/** An element of an answer. */
export interface Answer {
  name: string;
  attrs?: Readonly<Record<string, Scalar | undefined>>;
  children?: readonly Answer[];
  /** in JSON always an array, even with one element (lists of items, recipients) */
  list?: boolean;
}

/** Whether the client asked for JSON: `Accept` names JSON before (or without) XML. XML is the default. */
export function wantsJson(req: ApiRequest): boolean {
  const accept = (req.headers.accept ?? '').toLowerCase();
  const json = accept.indexOf('json');
  const xml = accept.indexOf('xml');
  return json !== -1 && (xml === -1 || json < xml);
}

// Characters XML 1.0 cannot carry at all, even escaped.
const NOT_XML = /[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/gu;

function toDom(answer: Answer, doc: ReturnType<DOMImplementation['createDocument']>, into: DomElement) {
  for (const [name, value] of Object.entries(answer.attrs ?? {})) {
    if (value === undefined) continue;
    into.setAttribute(name, String(value).replace(NOT_XML, ''));
  }
  for (const child of answer.children ?? []) {
    const element = doc.createElement(child.name);
    toDom(child, doc, element);
    into.appendChild(element);
  }
}

export function toXml(answer: Answer): string {
  const doc = new DOMImplementation().createDocument(null, answer.name, null);
  toDom(answer, doc, doc.documentElement!);
  return `<?xml version="1.0" encoding="UTF-8" standalone="no" ?>${new XMLSerializer().serializeToString(doc)}`;
}

/** The JSON form: the root's attributes and children, without the root's name. */
export function toJson(answer: Answer): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(answer.attrs ?? {}))
    if (value !== undefined) result[name] = value;
  const byName = new Map<string, Answer[]>();
  for (const child of answer.children ?? [])
    byName.set(child.name, [...(byName.get(child.name) ?? []), child]);
  for (const [name, children] of byName) {
    result[name] = children.length > 1 || children[0]!.list ? children.map(toJson) : toJson(children[0]!);
  }
  return result;
}

/** An answer in the form the request asks for. */
export function answer(
  req: ApiRequest,
  status: number,
  body: Answer,
  headers: Record<string, string> = {},
): Reply {
  return wantsJson(req)
    ? { status, headers: { 'Content-Type': JSON_TYPE, ...headers }, body: JSON.stringify(toJson(body)) }
    : { status, headers: { 'Content-Type': XML_TYPE, ...headers }, body: toXml(body) };
}

/** A plain-text answer (Logout's). */
export function text(status: number, body: string): Reply {
  return { status, headers: { 'Content-Type': 'text/plain; charset=utf-8' }, body };
}

/** A request body element, XML or JSON alike. */
export interface Element {
  /** the XML root's local name; `''` for JSON, which has no root name */
  readonly name: string;
  /** an attribute (XML) or a scalar property (JSON), as text */
  attr(name: string): string | undefined;
  /** child elements (XML) or object properties, one per array entry (JSON) */
  children(name: string): Element[];
  child(name: string): Element | undefined;
  /**
   * Whether `name` is there but not made of elements: in JSON a scalar, `null`, or a list with a scalar in it
   * (which {@link children} leaves out); never in XML, where a child element is always an element.
   */
  malformed(name: string): boolean;
}

function xmlElement(element: DomElement): Element {
  const childElements = (name: string) =>
    Array.from(element.childNodes).filter(
      (node): node is DomElement => node.nodeType === 1 && (node as DomElement).localName === name,
    );
  return {
    name: element.localName ?? element.nodeName,
    attr: (name) => (element.hasAttribute(name) ? element.getAttribute(name)! : undefined),
    children: (name) => childElements(name).map(xmlElement),
    child: (name) => {
      const [first] = childElements(name);
      return first && xmlElement(first);
    },
    malformed: () => false,
  };
}

function jsonElement(value: Record<string, unknown>): Element {
  const isObject = (entry: unknown): entry is Record<string, unknown> =>
    typeof entry === 'object' && entry !== null && !Array.isArray(entry);
  const entriesOf = (name: string): unknown[] => {
    const property = value[name];
    return Array.isArray(property) ? property : property === undefined ? [] : [property];
  };
  const objects = (name: string) => entriesOf(name).filter(isObject);
  return {
    name: '',
    attr: (name) => {
      const property = value[name];
      return typeof property === 'string' || typeof property === 'number' || typeof property === 'boolean'
        ? String(property)
        : undefined;
    },
    children: (name) => objects(name).map(jsonElement),
    child: (name) => {
      const [first] = objects(name);
      return first && jsonElement(first);
    },
    malformed: (name) => !entriesOf(name).every(isObject),
  };
}

export type Parsed = { ok: true; body: Element } | { ok: false; message: string };

/** Whether the body is to be read as JSON: by `Content-Type`, else by its first character. */
function isJsonBody(req: ApiRequest): boolean {
  const type = (req.headers['content-type'] ?? '').toLowerCase();
  if (type.includes('json')) return true;
  if (type.includes('xml')) return false;
  return req.body.trimStart().startsWith('{');
}

/**
 * Parses a request body. XML goes through a namespace-aware DOM parser; anything not well-formed (warnings
 * aside) fails. A JSON body that wraps its object in the expected root name (`{"App_ShareInfo":{…}}`) is
 * unwrapped [heur].
 */
export function parseBody(req: ApiRequest, root?: string): Parsed {
  if (isJsonBody(req)) {
    let value: unknown;
    try {
      value = JSON.parse(req.body);
    } catch {
      return { ok: false, message: 'The request body is not valid JSON.' };
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value))
      return { ok: false, message: 'The request body must be a JSON object.' };
    const record = value as Record<string, unknown>;
    const wrapped = root !== undefined ? record[root] : undefined;
    const inner =
      Object.keys(record).length === 1 &&
      typeof wrapped === 'object' &&
      wrapped !== null &&
      !Array.isArray(wrapped)
        ? (wrapped as Record<string, unknown>)
        : record;
    return { ok: true, body: jsonElement(inner) };
  }
  let problem: string | undefined;
  const parser = new DOMParser({
    onError: (level, message) => {
      if (level !== 'warning') problem ??= message;
    },
  });
  let doc: ReturnType<DOMParser['parseFromString']> | undefined;
  try {
    doc = parser.parseFromString(req.body, 'application/xml');
  } catch (error) {
    problem ??= (error as Error).message;
  }
  const element = doc?.documentElement;
  if (problem !== undefined || !element)
    return { ok: false, message: `The request body is not well-formed XML: ${problem ?? 'no root element'}` };
  if (root !== undefined && element.localName !== root)
    return {
      ok: false,
      message: `The request body's root element must be ${root}, not ${element.localName}.`,
    };
  return { ok: true, body: xmlElement(element) };
}
