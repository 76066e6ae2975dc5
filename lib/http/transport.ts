/**
 * The one way every provider reaches the network (ARCHITECTURE: one way in, one way out).
 *
 * Why one module: the rules that keep a credential safe and the extension responsive — credential only
 * to the provider's own origin and path, never across a redirect, a deadline on every request, a cap on
 * every body — are easy to forget in one of many clients and impossible to forget here.
 */

export type TransportErrorKind = 'timeout' | 'network' | 'tooLarge';

/**
 * A request that produced no response worth reading. Its own class, so callers can tell "the server
 * said no" (a Response) from "nothing usable came back" (this) from "the person cancelled" (the
 * signal's reason, rethrown as is).
 */
export class TransportError extends Error {
  readonly kind: TransportErrorKind;

  constructor(kind: TransportErrorKind, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'TransportError';
    this.kind = kind;
  }
}

/** A provider account's credential for one request: where it may go, what header it is, how to renew it. */
export interface Authorizer {
  /** True when `url` is under the provider's configured origin and path (only then the credential is added). */
  covers(url: string): boolean;
  /** The header to add, e.g. { name: 'Authorization', value: 'Bearer …' } or { name: 'Authtoken', value: 'QSDK …' }; null when signed out. */
  credential(): Promise<{ name: string; value: string } | null>;
  /** Called after a 401 to a covered URL; resolves true when a fresh credential is ready (the request is then sent once more). */
  renew(): Promise<boolean>;
}

export interface TransportOptions {
  /**
   * The network; the global `fetch` (looked up at each call) when absent, so this module is the only place that
   * calls it. Called as a plain function: browsers throw "Illegal invocation" when fetch runs bound to another
   * object.
   */
  fetch?: typeof fetch;
  /** Default deadline per network exchange: headers and body. */
  timeoutMs?: number;
  /** Default cap on a response body, in bytes. */
  maxBytes?: number;
}

export interface TransportRequest extends RequestInit {
  /** The account whose credential may go with this request; absent for anonymous requests. */
  authorizer?: Authorizer;
  timeoutMs?: number;
  maxBytes?: number;
}

export interface Transport {
  /**
   * Sends one request and reads its body in full. Resolves with a Response whose body is already in
   * memory (reading it cannot fail or hang any more); rejects with a TransportError, or with the
   * caller's signal's reason when that signal aborts.
   */
  request(url: string, init?: TransportRequest): Promise<Response>;
}

/** Long enough for a slow Graph `$batch`, short enough that a hung connection does not hang a card. */
export const DEFAULT_TIMEOUT_MS = 30_000;
/** Far above any JSON answer we read; a body beyond it is a mistake or an attack, not data. */
export const DEFAULT_MAX_BYTES = 8 * 1024 * 1024;

// setTimeout fires at once for delays beyond a signed 32-bit integer.
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * Whether `url` is under `base` (same origin, path at or below base's path, http(s), no user info),
 * i.e. whether it may carry the credential configured for `base`. Both are parsed as URLs, so `..`
 * segments and percent-encoding are resolved before comparing; a trailing slash on `base` does not
 * matter, and `/v1.0evil` is not under `/v1.0`.
 */
export function isUnder(base: string, url: string): boolean {
  if (!URL.canParse(base) || !URL.canParse(url)) return false;
  const parsedBase = new URL(base);
  const target = new URL(url);
  if (target.protocol !== 'https:' && target.protocol !== 'http:') return false;
  if (target.origin !== parsedBase.origin || target.username || target.password) return false;
  const basePath = parsedBase.pathname.replace(/\/+$/, '');
  return target.pathname === basePath || target.pathname.startsWith(`${basePath}/`);
}

/** Drops a body nobody will read: an unread body keeps the connection busy. */
export function discardBody(response: Response): void {
  response.body?.cancel().catch(() => {});
}

/** A limit from the options, kept within what a timer or a byte count can express. */
function limit(value: number | undefined, fallback: number, max: number): number {
  if (value === undefined || Number.isNaN(value)) return fallback;
  return Math.min(Math.max(0, value), max);
}

/** Rejects with the signal's reason once it aborts; `stop` removes the listener. */
function abortion(signal: AbortSignal): { promise: Promise<never>; stop: () => void } {
  let onAbort = () => {};
  const promise = new Promise<never>((_, reject) => {
    onAbort = () => reject(signal.reason);
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
  });
  promise.catch(() => {}); // observed by whoever races it; never an unhandled rejection
  return { promise, stop: () => signal.removeEventListener('abort', onAbort) };
}

/**
 * Reads the whole body, counting bytes, and stops as soon as it exceeds `maxBytes` or `signal`
 * aborts. The stream is cancelled in both cases, so the connection is released.
 */
async function readCapped(
  body: ReadableStream<Uint8Array>,
  maxBytes: number,
  signal: AbortSignal,
): Promise<Uint8Array<ArrayBuffer>> {
  const reader = body.getReader();
  const aborted = abortion(signal);
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await Promise.race([reader.read(), aborted.promise]);
      if (done) break;
      total += value.byteLength;
      if (total > maxBytes) throw tooLarge(maxBytes);
      chunks.push(value);
    }
  } catch (error) {
    reader.cancel().catch(() => {});
    throw error;
  } finally {
    aborted.stop();
  }
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

function tooLarge(maxBytes: number): TransportError {
  return new TransportError('tooLarge', `The response is larger than ${maxBytes} bytes.`);
}

/** Statuses whose Response may not have a body (the Response constructor throws otherwise). */
const NULL_BODY_STATUSES = new Set([101, 103, 204, 205, 304]);

/**
 * A Response with the same status, statusText and headers and the given in-memory body. `url` and
 * `redirected` are kept too: `new Response` would reset them, and callers may want to know where a
 * followed redirect ended.
 */
function rebuild(original: Response, body: Uint8Array<ArrayBuffer> | null): Response {
  const init = { status: original.status, statusText: original.statusText, headers: original.headers };
  const fresh = new Response(NULL_BODY_STATUSES.has(original.status) ? null : body, init);
  if (original.url) Object.defineProperty(fresh, 'url', { value: original.url });
  if (original.redirected) Object.defineProperty(fresh, 'redirected', { value: true });
  return fresh;
}

/** Headers without any caller-supplied credential: credentials come only from an Authorizer. */
function withoutCredentials(init: HeadersInit | undefined, names: readonly string[]): Headers {
  const headers = new Headers(init);
  headers.delete('authorization');
  for (const name of names) headers.delete(name);
  return headers;
}

/**
 * The promise, or the signal's reason as soon as it aborts: a `fetch` that ignores its signal (a polyfill, a
 * stuck connection) still ends at the deadline.
 */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    if (signal.aborted) onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/** A body that can be sent a second time after a 401 (a stream is consumed by the first send). */
function replayable(body: BodyInit | null | undefined): boolean {
  return !(typeof ReadableStream !== 'undefined' && body instanceof ReadableStream);
}

export function createTransport(options: TransportOptions = {}): Transport {
  const fetchFn = options.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => fetch(input, init));
  const defaultTimeoutMs = limit(options.timeoutMs, DEFAULT_TIMEOUT_MS, MAX_TIMER_MS);
  const defaultMaxBytes = limit(options.maxBytes, DEFAULT_MAX_BYTES, Number.MAX_SAFE_INTEGER);

  /**
   * One network exchange under one deadline: the headers and the whole body. `manualRedirect` marks a
   * request with a credential, whose redirect comes back unread.
   */
  async function exchange(
    url: string,
    init: RequestInit,
    callerSignal: AbortSignal | undefined,
    timeoutMs: number,
    maxBytes: number,
    manualRedirect: boolean,
  ): Promise<Response> {
    callerSignal?.throwIfAborted();
    const timer = new AbortController();
    const timeout = setTimeout(
      () => timer.abort(new TransportError('timeout', `No complete response within ${timeoutMs} ms.`)),
      timeoutMs,
    );
    // Whichever fires first is the signal's reason: the caller's own abort or our timeout.
    const signal = callerSignal ? AbortSignal.any([callerSignal, timer.signal]) : timer.signal;
    try {
      let response: Response;
      try {
        response = await untilAborted(fetchFn(url, { ...init, signal }), signal);
      } catch (error) {
        if (signal.aborted) throw signal.reason;
        throw new TransportError('network', 'The request failed on the network.', { cause: error });
      }
      // Browsers answer a manual redirect with an opaque response (status 0, no headers, no body) that
      // no Response can be built from; it goes back as it is. So do other statuses outside 200–599.
      if (response.status < 200 || response.status > 599) {
        discardBody(response);
        return response;
      }
      // Node's fetch answers a manual redirect with the 3xx itself, Location and body included. The
      // body is of no use and must not count against the cap.
      if (manualRedirect && response.status >= 300 && response.status < 400) {
        discardBody(response);
        return rebuild(response, null);
      }
      const { body } = response;
      if (!body) return rebuild(response, null);
      const declared = Number(response.headers.get('content-length'));
      if (Number.isFinite(declared) && declared > maxBytes) {
        discardBody(response);
        throw tooLarge(maxBytes);
      }
      try {
        return rebuild(response, await readCapped(body, maxBytes, signal));
      } catch (error) {
        if (error instanceof TransportError) throw error;
        if (signal.aborted) throw signal.reason;
        // The connection dropped while the body was arriving.
        throw new TransportError('network', 'The response body could not be read.', { cause: error });
      }
    } finally {
      clearTimeout(timeout);
    }
  }

  async function request(url: string, init: TransportRequest = {}): Promise<Response> {
    const { authorizer, timeoutMs, maxBytes, signal, ...rest } = init;
    const callerSignal = signal ?? undefined;
    const timeout = limit(timeoutMs, defaultTimeoutMs, MAX_TIMER_MS);
    const cap = limit(maxBytes, defaultMaxBytes, Number.MAX_SAFE_INTEGER);
    // Asked only for covered URLs, so an uncovered request never even reads a token from storage.
    const covered = authorizer?.covers(url) === true;

    async function send(): Promise<{ response: Response; credentialed: boolean }> {
      const credential = covered ? await authorizer!.credential() : null;
      callerSignal?.throwIfAborted();
      const headers = withoutCredentials(rest.headers, credential ? [credential.name] : []);
      if (!credential) {
        const response = await exchange(url, { ...rest, headers }, callerSignal, timeout, cap, false);
        return { response, credentialed: false };
      }
      headers.set(credential.name, credential.value);
      // A followed redirect would carry the credential to wherever the server points (a download
      // host, a thumbnail CDN): requests with a credential never follow one.
      const sent = { ...rest, headers, redirect: 'manual' as const };
      const response = await exchange(url, sent, callerSignal, timeout, cap, true);
      return { response, credentialed: true };
    }

    const first = await send();
    if (first.response.status !== 401 || !first.credentialed || !replayable(rest.body)) return first.response;
    // The 401's body is already read (so the connection is free while renewing) and, when the request
    // is sent again, dropped. One renewal per request: a second 401 is the answer.
    const renewed = await authorizer!.renew();
    callerSignal?.throwIfAborted();
    if (!renewed) return first.response;
    const second = await send();
    return second.response;
  }

  return { request };
}

/**
 * A fetch-compatible function over the transport without credentials (for token endpoints and
 * similar): libraries and helpers that expect `fetch` still get the deadline and the size cap.
 */
export function transportFetch(transport: Transport): typeof fetch {
  return async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    if (typeof input === 'string' || input instanceof URL) {
      return transport.request(String(input), { ...init, authorizer: undefined });
    }
    // A Request: its own settings, overridden by `init` as fetch would.
    const hasBody = input.method !== 'GET' && input.method !== 'HEAD';
    const fromRequest: RequestInit = {
      method: input.method,
      headers: input.headers,
      body: hasBody ? await input.arrayBuffer() : null,
      signal: input.signal,
      redirect: input.redirect,
      credentials: input.credentials,
      cache: input.cache,
      mode: input.mode,
      referrer: input.referrer,
      referrerPolicy: input.referrerPolicy,
      integrity: input.integrity,
      keepalive: input.keepalive,
    };
    return transport.request(input.url, { ...fromRequest, ...init, authorizer: undefined });
  };
}
