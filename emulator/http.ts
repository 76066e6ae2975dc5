/** Small HTTP helpers shared by the emulator's routes: replies, Graph error bodies, CORS, request bodies. */
import { createHash, randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import type { Readable } from 'node:stream';

/** A response before it is written; batch parts and faults work on these. */
export interface Reply {
  status: number;
  headers: Record<string, string>;
  body?: string | Buffer;
  /** For large downloads: produces the body as a stream instead of `body`. */
  stream?: () => Readable;
}

/** One request as the routes see it: an incoming HTTP request or a `$batch` part. */
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

export const GRAPH_JSON =
  'application/json; odata.metadata=minimal; odata.streaming=true; IEEE754Compatible=false; charset=utf-8';
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

export function newRequestId(): string {
  return randomUUID();
}

export function clientRequestId(req: ApiRequest): string {
  return req.headers['client-request-id'] ?? req.requestId;
}

/** Graph's `innerError.date` has no fraction and no zone: `2026-03-01T09:30:00`. */
export function innerErrorDate(now = new Date()): string {
  return now.toISOString().slice(0, 19);
}

export function innerError(req: ApiRequest): Record<string, string> {
  return { date: innerErrorDate(), 'request-id': req.requestId, 'client-request-id': clientRequestId(req) };
}

/**
 * A Graph error (reference §1.6): `{"error":{"code","message","innerError":{"date","request-id",
 * "client-request-id"}}}`. `inner` adds fields to innerError, `extra` adds fields to `error`.
 */
export function graphError(
  req: ApiRequest,
  status: number,
  code: string,
  message: string,
  options: {
    inner?: Record<string, string>;
    extra?: Record<string, unknown>;
    headers?: Record<string, string>;
  } = {},
): Reply {
  const error = { code, message, innerError: { ...innerError(req), ...options.inner }, ...options.extra };
  return json(status, { error }, options.headers ?? {});
}

/** Headers a browser page or extension may read on cross-origin responses (Graph exposes these too). */
export const EXPOSED_HEADERS = [
  'Retry-After',
  'request-id',
  'client-request-id',
  'Preference-Applied',
  'RateLimit-Limit',
  'RateLimit-Remaining',
  'RateLimit-Reset',
  'Location',
  'ETag',
  'WWW-Authenticate',
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

/** Cookies of a request by name. */
export function cookies(headers: Record<string, string>): Map<string, string> {
  const result = new Map<string, string>();
  for (const part of (headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0) result.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  return result;
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

/** A stable GUID-shaped string derived from `seed` (eTags, permission ids, tenant ids). */
export function guidFrom(seed: string): string {
  const hex = createHash('sha1').update(seed).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
