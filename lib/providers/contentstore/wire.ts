/**
 * ContentStore's two wire forms (reference §3.1) as the client reads and writes them. Answers are read as XML or
 * JSON alike through one {@link WireNode} view (elements by local name; JSON mirrors XML without the root name,
 * attributes as properties, repeated children as arrays). Bodies are built with `@xmldom/xmldom` (a DOM, then
 * serialised): every value is escaped by the library, and it runs in the service worker, which has no DOMParser.
 */
import { DOMImplementation, DOMParser, type Element as DomElement, XMLSerializer } from '@xmldom/xmldom';

/** An answer element, XML or JSON alike. */
export interface WireNode {
  /** The XML root's local name; `''` for JSON. */
  readonly name: string;
  attr(name: string): string | undefined;
  children(name: string): WireNode[];
  child(name: string): WireNode | undefined;
}

function xmlNode(element: DomElement): WireNode {
  const elements = (name: string) =>
    Array.from(element.childNodes).filter(
      (node): node is DomElement => node.nodeType === 1 && (node as DomElement).localName === name,
    );
  return {
    name: element.localName ?? element.nodeName,
    attr: (name) => (element.hasAttribute(name) ? (element.getAttribute(name) ?? undefined) : undefined),
    children: (name) => elements(name).map(xmlNode),
    child: (name) => {
      const [first] = elements(name);
      return first && xmlNode(first);
    },
  };
}

function jsonNode(value: Record<string, unknown>): WireNode {
  const objects = (name: string) => {
    const property = value[name];
    const entries = Array.isArray(property) ? property : property === undefined ? [] : [property];
    return entries.filter(
      (entry): entry is Record<string, unknown> =>
        typeof entry === 'object' && entry !== null && !Array.isArray(entry),
    );
  };
  return {
    name: '',
    attr: (name) => {
      const property = value[name];
      return typeof property === 'string' || typeof property === 'number' || typeof property === 'boolean'
        ? String(property)
        : undefined;
    },
    children: (name) => objects(name).map(jsonNode),
    child: (name) => {
      const [first] = objects(name);
      return first && jsonNode(first);
    },
  };
}

/** Parses an XML document; undefined when it is not well-formed. */
export function parseXml(text: string): WireNode | undefined {
  let problem = false;
  const parser = new DOMParser({
    onError: (level) => {
      if (level !== 'warning') problem = true;
    },
  });
  try {
    const doc = parser.parseFromString(text, 'application/xml');
    const root = doc.documentElement;
    return problem || !root ? undefined : xmlNode(root);
  } catch {
    return undefined;
  }
}

/** Parses a JSON object (unwrapping `{"<root>": {…}}` when `root` is its only key); undefined otherwise. */
export function parseJson(text: string, root?: string): WireNode | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const record = value as Record<string, unknown>;
  const inner = root !== undefined && Object.keys(record).length === 1 ? record[root] : undefined;
  return jsonNode(
    typeof inner === 'object' && inner !== null && !Array.isArray(inner)
      ? (inner as Record<string, unknown>)
      : record,
  );
}

/** An answer body by its `Content-Type`, else by its first character; undefined when it is neither. */
export function parseAnswer(text: string, contentType: string | null): WireNode | undefined {
  const type = (contentType ?? '').toLowerCase();
  const trimmed = text.trimStart();
  if (type.includes('json') || (!type.includes('xml') && trimmed.startsWith('{'))) return parseJson(text);
  if (type.includes('xml') || trimmed.startsWith('<')) return parseXml(text);
  return undefined;
}

/** An element to serialise: attributes (undefined ones left out) and children. */
export interface XmlElement {
  name: string;
  attrs?: Readonly<Record<string, string | number | undefined>>;
  children?: readonly XmlElement[];
}

// Characters XML 1.0 cannot carry at all, even escaped: dropped rather than sent broken.
const NOT_XML = /[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/gu;

/** Serialises `root` with a DOM: names are fixed by the caller, values escaped by the library. */
export function toXml(root: XmlElement): string {
  const doc = new DOMImplementation().createDocument(null, root.name, null);
  const fill = (into: DomElement, element: XmlElement) => {
    for (const [name, value] of Object.entries(element.attrs ?? {}))
      if (value !== undefined) into.setAttribute(name, String(value).replace(NOT_XML, ''));
    for (const child of element.children ?? []) {
      const node = doc.createElement(child.name);
      fill(node, child);
      into.appendChild(node);
    }
  };
  fill(doc.documentElement as DomElement, root);
  return new XMLSerializer().serializeToString(doc);
}

/** Base64 of a string's UTF-8 bytes (Login's password, a public link's password). */
export function base64Utf8(text: string): string {
  let binary = '';
  for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte);
  return btoa(binary);
}
