/**
 * Reading an EWS request: a namespace-aware parse of the SOAP envelope (any prefixes), its headers
 * (RequestServerVersion; TimeZoneContext, ExchangeImpersonation and the like are read past), and the Body's first
 * element, which names the operation. Problems become schema-validation faults with the line and position of the
 * offending markup, as Exchange reports them (reference §2.4, §3.2).
 */
import { DOMParser, type Element } from '@xmldom/xmldom';
import { NS } from './soap';

/**
 * [heur] The EWS namespaces as clients send them (`http://…`), and the `https://…` spelling the documentation's
 * samples use since a docs-wide rewrite (seed 000's request): Exchange would refuse the latter, the emulator takes
 * both so the documented samples run.
 */
const MESSAGES = [NS.m, NS.m.replace('http:', 'https:')];
const TYPES = [NS.t, NS.t.replace('http:', 'https:')];

export type Ns = 'm' | 't';

export function inNs(node: Element, ns: Ns): boolean {
  return (ns === 'm' ? MESSAGES : TYPES).includes(node.namespaceURI ?? '');
}

export function is(node: Element, ns: Ns, localName: string): boolean {
  return node.localName === localName && inNs(node, ns);
}

/** Element children, in order. */
export function childElements(node: Element): Element[] {
  const result: Element[] = [];
  for (let child = node.firstChild; child; child = child.nextSibling) {
    if (child.nodeType === 1) result.push(child as Element);
  }
  return result;
}

export function child(node: Element, ns: Ns, localName: string): Element | undefined {
  return childElements(node).find((candidate) => is(candidate, ns, localName));
}

export function textOf(node: Element): string {
  return (node.textContent ?? '').trim();
}

/** Where an element starts: 1-based line and position, as the fault's LineNumber and LinePosition. */
export function where(node: Element): { line: number; position: number } {
  const located = node as unknown as { lineNumber?: number; columnNumber?: number };
  return { line: located.lineNumber ?? 1, position: located.columnNumber ?? 1 };
}

/** A schema violation: the fault's Violation text and where. */
export class SchemaProblem extends Error {
  constructor(
    readonly violation: string,
    readonly line: number,
    readonly position: number,
  ) {
    super(violation);
  }
}

/** .NET's message for a required child that is missing (what Exchange's validator reports). */
export function incomplete(parent: Element, expected: string, ns: Ns): SchemaProblem {
  const at = where(parent);
  return new SchemaProblem(
    `The element '${parent.localName}' in namespace '${parent.namespaceURI}' has incomplete content. ` +
      `List of possible elements expected: '${expected}' in namespace '${ns === 'm' ? NS.m : NS.t}'.`,
    at.line,
    at.position,
  );
}

/** .NET's message for a required attribute that is missing. */
export function missingAttribute(node: Element, attribute: string): SchemaProblem {
  const at = where(node);
  return new SchemaProblem(`The required attribute '${attribute}' is missing.`, at.line, at.position);
}

export function emptyValue(node: Element, what: string): SchemaProblem {
  const at = where(node);
  return new SchemaProblem(
    `The '${node.namespaceURI}:${node.localName}' element is invalid - The value '' is invalid according to its datatype '${what}' - The actual length is less than the MinLength value.`,
    at.line,
    at.position,
  );
}

export interface SoapRequest {
  /** the RequestServerVersion Version attribute; undefined without the header */
  requestVersion: string | undefined;
  /** where RequestServerVersion stands (for faults) */
  header: Element | undefined;
  /** the Body's first element: the operation */
  operation: Element;
  body: Element;
}

/** Parses the request body, or throws {@link SchemaProblem}. */
export function parseSoap(text: string): SoapRequest {
  let problem: { message: string; line: number; position: number } | undefined;
  const parser = new DOMParser({
    onError(_level, message, context) {
      // Every report, warnings included (an unquoted attribute value), means the XML is not well-formed.
      const locator = (context as { locator?: { lineNumber?: number; columnNumber?: number } } | undefined)
        ?.locator;
      problem ??= {
        message: String(message),
        line: locator?.lineNumber || 1,
        position: locator?.columnNumber || 1,
      };
      throw new Error(String(message));
    },
  });
  let root: Element | null;
  try {
    root = parser.parseFromString(text.replace(/^\uFEFF/, ''), 'text/xml').documentElement;
  } catch (error) {
    const reported = problem ?? { message: (error as Error).message, line: 1, position: 1 };
    // [heur] xmldom's wording, with the position where it noticed; Exchange words it as .NET's XmlReader does.
    throw new SchemaProblem(
      `The XML is not well-formed: ${reported.message.replace(/^\[xmldom \w+\]\s*/, '')}`,
      reported.line,
      reported.position,
    );
  }
  if (root?.localName !== 'Envelope' || root.namespaceURI !== NS.soap) {
    const at = root ? where(root) : { line: 1, position: 1 };
    throw new SchemaProblem(
      `The root element must be 'Envelope' in namespace '${NS.soap}' (SOAP 1.1).`,
      at.line,
      at.position,
    );
  }
  const parts = childElements(root).filter((node) => node.namespaceURI === NS.soap);
  const header = parts.find((node) => node.localName === 'Header');
  const body = parts.find((node) => node.localName === 'Body');
  if (!body) {
    const at = where(root);
    throw new SchemaProblem(
      `The element 'Envelope' in namespace '${NS.soap}' has incomplete content. List of possible elements expected: 'Body' in namespace '${NS.soap}'.`,
      at.line,
      at.position,
    );
  }
  const operation = childElements(body)[0];
  if (!operation) {
    const at = where(body);
    throw new SchemaProblem(
      `The element 'Body' in namespace '${NS.soap}' has incomplete content. An EWS operation element is expected.`,
      at.line,
      at.position,
    );
  }
  const versionElement = header && child(header, 't', 'RequestServerVersion');
  let requestVersion: string | undefined;
  if (versionElement) {
    if (!versionElement.hasAttribute('Version')) throw missingAttribute(versionElement, 'Version');
    requestVersion = versionElement.getAttribute('Version') ?? undefined;
  }
  return { requestVersion, header: versionElement, operation, body };
}
