/** HTTP plumbing every service shares: requests and replies, JSON replies, request ids, CORS, request bodies. */
import { createHash, randomUUID } from 'node:crypto';
import { type IncomingHttpHeaders, type IncomingMessage, STATUS_CODES } from 'node:http';
import type { Readable } from 'node:stream';

/** A response before it is written; batch parts and faults work on these. */
export interface Reply {
  status: number;
  headers: Record<string, string>;
  body?: string | Buffer;
  /** For large downloads: produces the body as a stream instead of `body`. */
  stream?: () => Readable;
}

/** One request as the services see it: an incoming HTTP request or a sub-request such as a `$batch` part. */
export interface ApiRequest {
  /** upper-case */
  method: string;
  /** path + query exactly as received */
  target: string;
  /** the path part of `target`, not percent-decoded */
  pathname: string;
  query: URLSearchParams;
  /** lower-cased names */
  headers: Record<string, string>;
  body: string;
  /** the `request-id` this emulator gives the response */
  requestId: string;
  /** set for `$batch` parts: the part's id */
  batchPartId?: string;
}

/** Builds a request from its method, target (path + query), lower-cased headers and body. */
export function apiRequest(
  method: string,
  target: string,
  headers: Record<string, string>,
  body = '',
  batchPartId?: string,
): ApiRequest {
  const queryStart = target.indexOf('?');
  return {
    method: method.toUpperCase(),
    target,
    pathname: queryStart === -1 ? target : target.slice(0, queryStart),
    query: new URLSearchParams(queryStart === -1 ? '' : target.slice(queryStart + 1)),
    headers,
    body,
    requestId: randomUUID(),
    ...(batchPartId === undefined ? {} : { batchPartId }),
  };
}

/** The path's segments, not decoded, without the leading empty one; one trailing slash is tolerated. */
export function pathSegments(pathname: string): string[] {
  const segments = pathname.split('/').slice(1);
  if (segments.length > 1 && segments.at(-1) === '') segments.pop();
  return segments;
}

/** `decodeURIComponent`, or the segment as it is when it is not valid percent-encoding. */
export function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

export const PLAIN_JSON = 'application/json; charset=utf-8';

export function json(
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
  type = PLAIN_JSON,
): Reply {
  return { status, headers: { 'Content-Type': type, ...headers }, body: JSON.stringify(body) };
}

export function empty(status: number, headers: Record<string, string> = {}): Reply {
  return { status, headers };
}

/**
 * The emulator's own error body, for requests no service claims: `{"error":{"code","message"}}`, the code
 * being the status text in camel case (`notFound`, `serviceUnavailable`).
 */
export function coreError(status: number, message = `Emulated fault: HTTP ${status}.`): Reply {
  const words = (STATUS_CODES[status] ?? 'Error').split(/[^A-Za-z]+/).filter(Boolean);
  const code = words
    .map((word, index) => (index === 0 ? word.toLowerCase() : word[0]!.toUpperCase() + word.slice(1)))
    .join('');
  return json(status, { error: { code, message } });
}

export function notFound(req: ApiRequest): Reply {
  return coreError(404, `Nothing is served at ${req.pathname}.`);
}

export function clientRequestId(req: ApiRequest): string {
  return req.headers['client-request-id'] ?? req.requestId;
}

/** A stable GUID-shaped string derived from `seed` (eTags, permission ids, tenant ids). */
export function guidFrom(seed: string): string {
  const hex = createHash('sha1').update(seed).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/**
 * Headers a browser page or extension may read on cross-origin responses: the ones Graph exposes. Not
 * `Retry-After` nor `RateLimit-*`: Graph leaves them out, reported to Microsoft and closed without a fix
 * (microsoftgraph/microsoft-graph-docs-contrib #2011, msgraph-sdk-design #76). A `$batch` part's headers are in
 * its JSON body, so they stay readable there.
 */
export const EXPOSED_HEADERS = [
  'ETag',
  'Location',
  'Preference-Applied',
  'Content-Range',
  'request-id',
  'client-request-id',
  'ReadWriteConsistencyToken',
  'SdkVersion',
  'WWW-Authenticate',
  'x-ms-client-gcc-tenant',
].join(', ');

const ALLOWED_HEADERS = [
  'Authorization',
  'Prefer',
  'Content-Type',
  'client-request-id',
  'return-client-request-id',
];

/** Actual-response CORS headers. `origin` is echoed (Graph does); `*` when the request had none. */
export function corsHeaders(origin: string | undefined, anyOrigin = false): Record<string, string> {
  return {
    'Access-Control-Allow-Origin': anyOrigin || !origin ? '*' : origin,
    'Access-Control-Expose-Headers': EXPOSED_HEADERS,
    Vary: 'Origin',
  };
}

/** The answer to a CORS preflight `OPTIONS`. */
export function preflight(headers: Record<string, string>): Reply {
  const asked = (headers['access-control-request-headers'] ?? '')
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean);
  const allowed = [...ALLOWED_HEADERS];
  for (const name of asked) {
    if (!allowed.some((known) => known.toLowerCase() === name.toLowerCase())) allowed.push(name);
  }
  return empty(204, {
    'Access-Control-Allow-Origin': headers.origin ?? '*',
    'Access-Control-Allow-Methods': 'GET, POST, PUT, PATCH, DELETE, OPTIONS',
    'Access-Control-Allow-Headers': allowed.join(', '),
    'Access-Control-Max-Age': '3600',
    Vary: 'Origin',
  });
}

export function lowerCaseHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    result[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return result;
}

export class BodyTooLargeError extends Error {}

export async function readBody(req: IncomingMessage, limitBytes = 4 * 1024 * 1024): Promise<string> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    total += buffer.length;
    if (total > limitBytes) throw new BodyTooLargeError(`request body over ${limitBytes} bytes`);
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
