/**
 * Shared by the Graph provider's tests and lib/resolve.test.ts only: a fake `fetch` that records what it
 * was sent, a clock that moves only when the code under test sleeps, and the extension's account signed in to
 * a running emulator.
 */
import type { RunningEmulator } from '../../../emulator/server';
import { createTransport } from '../../http/transport';
import type { KeyValueArea, ProviderAccount } from '../types';
import { createGraphAccount } from './account';
import { createGraphClient, type GraphClientOptions } from './client';
import { decodeSharingToken } from './sharing-token';

export const NOW = Date.UTC(2025, 5, 1, 12, 0, 0);
export const ENDPOINT = 'https://graph.microsoft.com/v1.0';

export interface CapturedRequest {
  url: string;
  method: string;
  headers: Headers;
  redirect: RequestRedirect | undefined;
  body: string | undefined;
}

export type FakeHandler = (request: CapturedRequest, index: number) => Response | Promise<Response>;

/** A `fetch` that hands every request to `handler` and keeps a copy of it. */
export function fakeFetch(handler: FakeHandler) {
  const requests: CapturedRequest[] = [];
  const fetch = (async (input: RequestInfo | URL, init: RequestInit = {}) => {
    init.signal?.throwIfAborted();
    const request: CapturedRequest = {
      url: String(input),
      method: init.method ?? 'GET',
      headers: new Headers(init.headers),
      redirect: init.redirect,
      body: typeof init.body === 'string' ? init.body : undefined,
    };
    requests.push(request);
    return handler(request, requests.length - 1);
  }) as typeof globalThis.fetch;
  return { fetch, requests };
}

/** now/sleep/random for the client: sleeping advances the clock and is recorded. */
export function fakeClock() {
  let time = NOW;
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => time,
    sleep: async (ms: number, signal?: AbortSignal) => {
      signal?.throwIfAborted();
      sleeps.push(ms);
      time += ms;
    },
    random: () => 0.5,
  };
}

/** A credential source that hands out bearer `token-1`, `token-2`, … (null: signed out) and records how it was asked. */
export function tokenSource(...tokens: Array<string | null>) {
  const calls: Array<{ forceRefresh: boolean }> = [];
  const queue = tokens.length > 0 ? [...tokens] : ['token-1', 'token-2', 'token-3'];
  const credential = async (opts: { forceRefresh: boolean }) => {
    calls.push(opts);
    const token = queue.length > 1 ? queue.shift()! : (queue[0] ?? null);
    return token === null ? null : { name: 'Authorization', value: `Bearer ${token}` };
  };
  return { credential, calls };
}

export function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json', ...headers },
  });
}

export function graphError(code: string, message: string, inner?: Record<string, unknown>) {
  return {
    error: { code, message, innerError: { date: '2025-06-01T12:00:00', 'request-id': 'r-1', ...inner } },
  };
}

/** A plausible driveItem for a shared file, as the shares API answers it. */
export function fileItem(name = 'Budget.xlsx', extra: Record<string, unknown> = {}) {
  return {
    id: `01ABC${name.length}`,
    name,
    size: 18_432,
    webUrl: `https://contoso.sharepoint.com/sites/Finance/Shared%20Documents/${encodeURIComponent(name)}`,
    createdDateTime: '2025-01-10T09:00:00Z',
    lastModifiedDateTime: '2025-05-20T16:30:00Z',
    createdBy: { user: { id: 'u1', displayName: 'Megan Bowen', email: 'megan@contoso.com' } },
    lastModifiedBy: { user: { id: 'u2', displayName: 'Alex Wilber', email: 'alex@contoso.com' } },
    parentReference: { driveId: 'b!drive1', driveType: 'business', id: '01PARENT' },
    file: { mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' },
    shared: {
      scope: 'organization',
      owner: { user: { displayName: 'Megan Bowen', email: 'megan@contoso.com' } },
    },
    ...extra,
  };
}

/** The sharing URL inside a request URL (plain GET or a batch part's relative URL). */
export function sharingUrlOf(url: string): string {
  const token = /\/shares\/([^/?]+)\//.exec(url)?.[1];
  if (!token) throw new Error(`not a shares URL: ${url}`);
  return decodeSharingToken(token);
}

export interface BatchPart {
  id: string;
  method: string;
  url: string;
  headers?: Record<string, string>;
}

export function batchParts(request: CapturedRequest): BatchPart[] {
  return (JSON.parse(request.body ?? '{}') as { requests: BatchPart[] }).requests;
}

/** A Graph `$batch` reply, parts deliberately in reverse order as Graph may answer in any order. */
export function batchReply(parts: Array<{ id: string; status: number; headers?: object; body?: unknown }>) {
  return json(200, { responses: [...parts].reverse() });
}

/** A Graph client over a fake network, token source and clock; `overrides` replace any of them. */
export function graphClientWith(handler: FakeHandler, overrides: Partial<GraphClientOptions> = {}) {
  const network = fakeFetch(handler);
  const tokens = tokenSource();
  const clock = fakeClock();
  const client = createGraphClient({
    endpoint: ENDPOINT,
    credential: tokens.credential,
    transport: createTransport({ fetch: network.fetch }),
    ...clock,
    ...overrides,
  });
  return { client, requests: network.requests, tokens, clock };
}

/** Response headers a page may always read cross-origin (Fetch standard: CORS-safelisted response headers). */
const SAFELISTED = [
  'cache-control',
  'content-language',
  'content-length',
  'content-type',
  'expires',
  'last-modified',
  'pragma',
];

/**
 * A `fetch` as a browser page (or an extension without host permission for the server) sees it: the request
 * carries `Origin`, and the response shows only safelisted headers and those the server lists in
 * `Access-Control-Expose-Headers`. Graph does not list Retry-After there. It stands in for the browser's fetch
 * underneath the transport (`createTransport({ fetch: corsFetch() })`), so requests still go through it.
 */
export function corsFetch(origin = 'chrome-extension://abcdefghijklmnop'): typeof fetch {
  return async (input, init = {}) => {
    const headers = new Headers(init.headers);
    headers.set('Origin', origin);
    const response = await fetch(input, { ...init, headers });
    const exposed = (response.headers.get('access-control-expose-headers') ?? '')
      .split(',')
      .map((name) => name.trim().toLowerCase());
    const visible = new Headers();
    for (const [name, value] of response.headers) {
      if (SAFELISTED.includes(name) || exposed.includes(name)) visible.set(name, value);
    }
    return new Response(response.body, { status: response.status, headers: visible });
  };
}

/** The redirect URI the emulator's test app is registered with. */
export const REDIRECT_URI = 'https://abcdefghijklmnop.chromiumapp.org/';

export function memoryArea(): KeyValueArea {
  const data = new Map<string, unknown>();
  return {
    get: async (key) => data.get(key),
    set: async (key, value) => void data.set(key, value),
    remove: async (key) => void data.delete(key),
  };
}

export interface Signed {
  account: ProviderAccount;
  /** the authorize URLs the account opened */
  authorizations: URL[];
}

/**
 * The extension's account against an emulator: the browser's auth window is the emulator's session (the
 * dataset's signed-in user), which answers authorize with a redirect at once.
 */
export function emulatorAccount(emulator: RunningEmulator, fetchFn: typeof fetch = fetch): Signed {
  const authorizations: URL[] = [];
  /** The browser's sign-in window: it loads the authorize URL and stops at the redirect. */
  const signInWindow = createTransport();
  const account = createGraphAccount({
    settings: async () => ({
      clientId: 'sharelens-test',
      authority: `${emulator.url}/common`,
      graphEndpoint: `${emulator.url}/v1.0`,
    }),
    local: memoryArea(),
    session: memoryArea(),
    transport: createTransport({ fetch: fetchFn }),
    webAuth: {
      redirectUrl: () => REDIRECT_URI,
      launch: async (url) => {
        authorizations.push(new URL(url));
        const response = await signInWindow.request(url, { redirect: 'manual' });
        return response.headers.get('location') ?? undefined;
      },
    },
    now: () => Date.now(),
  });
  return { account, authorizations };
}
