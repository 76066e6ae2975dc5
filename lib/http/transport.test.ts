import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  type Authorizer,
  createTransport,
  DEFAULT_MAX_BYTES,
  DEFAULT_TIMEOUT_MS,
  isUnder,
  TransportError,
  type TransportOptions,
  transportFetch,
} from './transport';

const API = 'https://api.example.com/v1.0';

type FetchArgs = [input: string, init: RequestInit];

/** A fake fetch answering from `handler`, recording every call. */
function fakeFetch(handler: (url: string, init: RequestInit) => Response | Promise<Response>) {
  const fn = vi.fn((input: RequestInfo | URL, init?: RequestInit) =>
    Promise.resolve().then(() => handler(String(input), init ?? {})),
  );
  const calls = () => fn.mock.calls as unknown as FetchArgs[];
  const headersOf = (index: number) => new Headers(calls()[index]![1].headers);
  return { fn, calls, headersOf };
}

function setup(
  handler: (url: string, init: RequestInit) => Response | Promise<Response>,
  options: Partial<TransportOptions> = {},
) {
  const network = fakeFetch(handler);
  const transport = createTransport({ fetch: network.fn as unknown as typeof fetch, ...options });
  return { ...network, transport };
}

/** An authorizer for API whose token is `token-N`, N counting renewals. */
function authorizer(options: { name?: string; renews?: boolean; signedOut?: boolean } = {}) {
  let version = 1;
  const name = options.name ?? 'Authorization';
  const auth = {
    covers: vi.fn((url: string) => isUnder(API, url)),
    credential: vi.fn(async () =>
      options.signedOut
        ? null
        : { name, value: name === 'Authorization' ? `Bearer token-${version}` : `QSDK token-${version}` },
    ),
    renew: vi.fn(async () => {
      if (!options.renews) return false;
      version += 1;
      return true;
    }),
  } satisfies Authorizer;
  return auth;
}

/** A body that sends `chunks`, then stays open until cancelled (or closes when `close`). */
function streamOf(chunks: Uint8Array[], close = false) {
  const cancelled = vi.fn();
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(chunk);
      if (close) controller.close();
    },
    cancel: cancelled,
  });
  return { stream, cancelled };
}

/** A fetch that never answers, and rejects with the signal's reason once aborted (as fetch does). */
function hangingFetch(_url: string, init: RequestInit): Promise<Response> {
  return new Promise((_, reject) => {
    if (init.signal?.aborted) reject(init.signal.reason);
    init.signal?.addEventListener('abort', () => reject(init.signal!.reason), { once: true });
  });
}

afterEach(() => {
  vi.useRealTimers();
});

describe('isUnder', () => {
  it('matches the base path and below, on the same origin', () => {
    expect(isUnder(API, API)).toBe(true);
    expect(isUnder(API, `${API}/$batch`)).toBe(true);
    expect(isUnder(`${API}/`, `${API}/me`)).toBe(true);
    expect(isUnder(`${API}//`, API)).toBe(true);
    expect(isUnder(API, `${API}/`)).toBe(true);
    expect(isUnder(API, `${API}?x=1`)).toBe(true);
    expect(isUnder('http://127.0.0.1:8080/v1.0', 'http://127.0.0.1:8080/v1.0/shares/u!x')).toBe(true);
    expect(isUnder('https://api.example.com', 'https://api.example.com/anything')).toBe(true);
    expect(isUnder('https://api.example.com/', 'https://api.example.com/')).toBe(true);
  });

  it('refuses other origins, user info, other schemes and unparsable input', () => {
    expect(isUnder('http://127.0.0.1:8080/v1.0', 'http://127.0.0.1:8081/v1.0/shares/u!x')).toBe(false);
    expect(isUnder(API, 'http://api.example.com/v1.0/me')).toBe(false);
    expect(isUnder(API, 'https://evil.example.com/v1.0/me')).toBe(false);
    expect(isUnder(API, 'https://api.example.com.evil.net/v1.0/me')).toBe(false);
    expect(isUnder(API, 'https://user:pw@api.example.com/v1.0/me')).toBe(false);
    expect(isUnder(API, 'https://user@api.example.com/v1.0/me')).toBe(false);
    expect(isUnder('ftp://api.example.com/v1.0', 'ftp://api.example.com/v1.0/me')).toBe(false);
    expect(isUnder(API, 'not a url')).toBe(false);
    expect(isUnder('not a url', API)).toBe(false);
  });

  it('compares parsed paths: no prefix tricks, no dot segments', () => {
    expect(isUnder(API, 'https://api.example.com/v1.0evil')).toBe(false);
    expect(isUnder(API, 'https://api.example.com/v1.0evil/me')).toBe(false);
    expect(isUnder(API, 'https://api.example.com/v1.0/../beta/me')).toBe(false);
    expect(isUnder(API, 'https://api.example.com/v1.0/%2e%2e/beta/me')).toBe(false);
    expect(isUnder(API, 'https://api.example.com/beta/../v1.0/me')).toBe(true);
    expect(isUnder(API, 'https://api.example.com/v1')).toBe(false);
    expect(isUnder(API, 'https://API.EXAMPLE.COM:443/v1.0/me')).toBe(true);
  });
});

describe('TransportError', () => {
  it('is an Error with a kind and a cause', () => {
    const cause = new TypeError('offline');
    const error = new TransportError('network', 'failed', { cause });
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('TransportError');
    expect(error.kind).toBe('network');
    expect(error.cause).toBe(cause);
  });

  it('exports the documented defaults', () => {
    expect(DEFAULT_TIMEOUT_MS).toBe(30_000);
    expect(DEFAULT_MAX_BYTES).toBe(8 * 1024 * 1024);
  });
});

describe('credentials', () => {
  it('adds the credential to a covered URL and strips what the caller supplied', async () => {
    const { transport, headersOf } = setup(() => new Response('ok'));
    const auth = authorizer();
    await transport.request(`${API}/me`, {
      authorizer: auth,
      headers: { Authorization: 'Bearer forged', Accept: 'application/json' },
    });
    expect(headersOf(0).get('authorization')).toBe('Bearer token-1');
    expect(headersOf(0).get('accept')).toBe('application/json');
  });

  it('uses the header the authorizer names, replacing a caller-supplied one and any Authorization', async () => {
    const { transport, headersOf } = setup(() => new Response('ok'));
    const auth = authorizer({ name: 'Authtoken' });
    await transport.request(`${API}/me`, {
      authorizer: auth,
      headers: { Authtoken: 'QSDK forged', Authorization: 'Bearer forged' },
    });
    expect(headersOf(0).get('authtoken')).toBe('QSDK token-1');
    expect(headersOf(0).has('authorization')).toBe(false);
  });

  it('sends a request to another URL without credential and never asks for one', async () => {
    const { transport, headersOf, calls } = setup(() => new Response('ok'));
    const auth = authorizer();
    for (const url of ['https://cdn.example.net/thumb.png', 'https://api.example.com/v1.0evil/me']) {
      await transport.request(url, { authorizer: auth, headers: { Authorization: 'Bearer forged' } });
    }
    expect(auth.covers).toHaveBeenCalledTimes(2);
    expect(auth.credential).not.toHaveBeenCalled();
    expect(headersOf(0).has('authorization')).toBe(false);
    expect(headersOf(1).has('authorization')).toBe(false);
    expect(calls()[0]![1].redirect).toBeUndefined();
  });

  it('strips a caller-supplied Authorization even without an authorizer', async () => {
    const { transport, headersOf } = setup(() => new Response('ok'));
    await transport.request(`${API}/me`, { headers: [['Authorization', 'Bearer forged']] });
    expect(headersOf(0).has('authorization')).toBe(false);
  });

  it('sends a covered request without credential when signed out, keeping the redirect mode', async () => {
    const { transport, headersOf, calls } = setup(() => new Response('ok'));
    const auth = authorizer({ signedOut: true });
    await transport.request(`${API}/me`, { authorizer: auth, redirect: 'follow' });
    expect(auth.credential).toHaveBeenCalledOnce();
    expect(headersOf(0).has('authorization')).toBe(false);
    expect(calls()[0]![1].redirect).toBe('follow');
  });
});

describe('redirects', () => {
  it('does not follow a redirect from a request with a credential; the 3xx comes back bodiless', async () => {
    const { stream, cancelled } = streamOf([new TextEncoder().encode('moved')], true);
    const { transport, calls } = setup(
      () =>
        new Response(stream, {
          status: 302,
          statusText: 'Found',
          headers: { Location: 'https://download.example.net/file?sig=x' },
        }),
    );
    const response = await transport.request(`${API}/items/1/content`, {
      authorizer: authorizer(),
      redirect: 'follow',
    });
    expect(calls()).toHaveLength(1);
    expect(calls()[0]![1].redirect).toBe('manual');
    expect(response.status).toBe(302);
    expect(response.statusText).toBe('Found');
    expect(response.headers.get('location')).toBe('https://download.example.net/file?sig=x');
    expect(await response.text()).toBe('');
    expect(cancelled).toHaveBeenCalled();
  });

  it("returns a browser's opaque redirect (status 0) as it is", async () => {
    // Node cannot build an `opaqueredirect` Response; Response.error() is the other status-0 kind.
    const opaque = Response.error();
    const { transport, calls } = setup(() => opaque);
    const response = await transport.request(`${API}/items/1/content`, { authorizer: authorizer() });
    expect(response).toBe(opaque);
    expect(response.status).toBe(0);
    expect(calls()).toHaveLength(1);
  });

  it("keeps the caller's redirect mode, and a manual 3xx's body, without credential", async () => {
    const { transport, calls } = setup(() => new Response('see other', { status: 303 }));
    const response = await transport.request('https://cdn.example.net/x', {
      authorizer: authorizer(),
      redirect: 'manual',
    });
    await transport.request('https://cdn.example.net/y', { redirect: 'error' });
    expect(calls()[0]![1].redirect).toBe('manual');
    expect(calls()[1]![1].redirect).toBe('error');
    expect(await response.text()).toBe('see other');
  });
});

describe('401 and renewal', () => {
  it('renews once and sends once more with the fresh credential', async () => {
    let n = 0;
    const { transport, headersOf, calls } = setup(() =>
      n++ === 0 ? new Response('expired', { status: 401 }) : new Response('fresh'),
    );
    const auth = authorizer({ renews: true });
    const response = await transport.request(`${API}/me`, { authorizer: auth, method: 'POST', body: 'x' });
    expect(auth.renew).toHaveBeenCalledOnce();
    expect(calls()).toHaveLength(2);
    expect(headersOf(0).get('authorization')).toBe('Bearer token-1');
    expect(headersOf(1).get('authorization')).toBe('Bearer token-2');
    expect(calls()[1]![1].body).toBe('x');
    expect(calls()[1]![1].redirect).toBe('manual');
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('fresh');
  });

  it('renews only once per request: a second 401 is the answer', async () => {
    const { transport, calls } = setup(() => new Response('still no', { status: 401 }));
    const auth = authorizer({ renews: true });
    const response = await transport.request(`${API}/me`, { authorizer: auth });
    expect(auth.renew).toHaveBeenCalledOnce();
    expect(calls()).toHaveLength(2);
    expect(response.status).toBe(401);
  });

  it('returns the 401 (with its body) when renewal fails', async () => {
    const { transport, calls } = setup(
      () =>
        new Response('{"error":"InvalidAuthenticationToken"}', {
          status: 401,
          headers: { 'WWW-Authenticate': 'Bearer' },
        }),
    );
    const auth = authorizer({ renews: false });
    const response = await transport.request(`${API}/me`, { authorizer: auth });
    expect(auth.renew).toHaveBeenCalledOnce();
    expect(calls()).toHaveLength(1);
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe('Bearer');
    expect(await response.text()).toContain('InvalidAuthenticationToken');
  });

  it('does not renew for a 401 from an uncovered URL or a request sent without credential', async () => {
    const { transport, calls } = setup(() => new Response('', { status: 401 }));
    const auth = authorizer({ renews: true });
    await transport.request('https://cdn.example.net/x', { authorizer: auth });
    await transport.request(`${API}/me`, { authorizer: authorizer({ signedOut: true, renews: true }) });
    await transport.request(`${API}/me`);
    expect(auth.renew).not.toHaveBeenCalled();
    expect(calls()).toHaveLength(3);
  });
});

describe('timeout', () => {
  it('aborts the fetch and rejects with a timeout when headers do not arrive', async () => {
    vi.useFakeTimers();
    const { transport, calls } = setup(hangingFetch, { timeoutMs: 1_000 });
    const promise = transport.request('https://cdn.example.net/x');
    const settled = expect(promise).rejects.toMatchObject({ name: 'TransportError', kind: 'timeout' });
    await vi.advanceTimersByTimeAsync(999);
    expect(calls()[0]![1].signal!.aborted).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    await settled;
    expect(calls()[0]![1].signal!.aborted).toBe(true);
  });

  it('applies the default of 30 s when nothing else is set', async () => {
    vi.useFakeTimers();
    const { transport } = setup(hangingFetch);
    const promise = transport.request('https://cdn.example.net/x');
    const settled = expect(promise).rejects.toBeInstanceOf(TransportError);
    await vi.advanceTimersByTimeAsync(DEFAULT_TIMEOUT_MS - 1);
    let done = false;
    promise.catch(() => {}).finally(() => (done = true));
    await Promise.resolve();
    expect(done).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    await settled;
  });

  it('covers reading the body, and cancels the stream', async () => {
    vi.useFakeTimers();
    const { stream, cancelled } = streamOf([new Uint8Array([1, 2, 3])]);
    const { transport } = setup(() => new Response(stream), { timeoutMs: 5_000 });
    const promise = transport.request('https://cdn.example.net/x', { timeoutMs: 100 });
    const settled = expect(promise).rejects.toMatchObject({ kind: 'timeout' });
    await vi.advanceTimersByTimeAsync(100);
    await settled;
    expect(cancelled).toHaveBeenCalled();
  });

  it('works with real timers too', async () => {
    const { transport } = setup(hangingFetch);
    await expect(transport.request('https://cdn.example.net/x', { timeoutMs: 20 })).rejects.toMatchObject({
      kind: 'timeout',
    });
  });

  it('clears its timer once the response is read', async () => {
    vi.useFakeTimers();
    const { transport } = setup(() => new Response('ok'));
    const response = await transport.request('https://cdn.example.net/x');
    expect(await response.text()).toBe('ok');
    expect(vi.getTimerCount()).toBe(0);
    await expect(transport.request('https://cdn.example.net/x', { maxBytes: 1 })).rejects.toThrow();
    expect(vi.getTimerCount()).toBe(0);
  });

  it("rejects with the caller's abort reason, not a TransportError", async () => {
    const { transport } = setup(hangingFetch);
    const controller = new AbortController();
    const reason = new Error('card closed');
    const promise = transport.request('https://cdn.example.net/x', { signal: controller.signal });
    controller.abort(reason);
    await expect(promise).rejects.toBe(reason);
  });

  it("rejects with the caller's abort reason while the body is read", async () => {
    const { stream, cancelled } = streamOf([new Uint8Array([1])]);
    let answered!: () => void;
    const headersIn = new Promise<void>((resolve) => (answered = resolve));
    const { transport } = setup(() => {
      answered();
      return new Response(stream);
    });
    const controller = new AbortController();
    const promise = transport.request('https://cdn.example.net/x', { signal: controller.signal });
    await headersIn;
    await new Promise((resolve) => setTimeout(resolve, 5));
    controller.abort('closed');
    await expect(promise).rejects.toBe('closed');
    expect(cancelled).toHaveBeenCalled();
  });

  it('does not send at all when the signal is already aborted', async () => {
    const { transport, calls } = setup(() => new Response('ok'));
    await expect(
      transport.request('https://cdn.example.net/x', { signal: AbortSignal.abort('gone') }),
    ).rejects.toBe('gone');
    expect(calls()).toHaveLength(0);
  });
});

describe('body and size cap', () => {
  it('returns a fresh, fully read Response with the same status, statusText and headers', async () => {
    const original = new Response('{"a":1}', {
      status: 404,
      statusText: 'Not Found',
      headers: { 'Content-Type': 'application/json', 'X-Request-Id': 'r1' },
    });
    const { transport } = setup(() => original);
    const response = await transport.request('https://cdn.example.net/x');
    expect(response).not.toBe(original);
    expect(original.bodyUsed).toBe(true);
    expect(response.status).toBe(404);
    expect(response.statusText).toBe('Not Found');
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(response.headers.get('x-request-id')).toBe('r1');
    expect(await response.json()).toEqual({ a: 1 });
  });

  it('accepts a body of exactly the cap', async () => {
    const { transport } = setup(() => new Response(new Uint8Array(10)));
    const response = await transport.request('https://cdn.example.net/x', { maxBytes: 10 });
    expect((await response.arrayBuffer()).byteLength).toBe(10);
  });

  it('fails early on a Content-Length above the cap, without reading', async () => {
    const { stream, cancelled } = streamOf([new Uint8Array(4)], true);
    const { transport } = setup(() => new Response(stream, { headers: { 'Content-Length': '11' } }), {
      maxBytes: 10,
    });
    await expect(transport.request('https://cdn.example.net/x')).rejects.toMatchObject({
      name: 'TransportError',
      kind: 'tooLarge',
    });
    expect(cancelled).toHaveBeenCalled();
  });

  it('counts streamed bytes and cancels the stream once over the cap', async () => {
    const { stream, cancelled } = streamOf([new Uint8Array(6), new Uint8Array(6)]);
    const { transport } = setup(() => new Response(stream));
    await expect(transport.request('https://cdn.example.net/x', { maxBytes: 10 })).rejects.toMatchObject({
      kind: 'tooLarge',
    });
    expect(cancelled).toHaveBeenCalled();
  });

  it('applies the default cap of 8 MiB', async () => {
    const { transport } = setup(() => new Response(new Uint8Array(DEFAULT_MAX_BYTES + 1)));
    await expect(transport.request('https://cdn.example.net/x')).rejects.toMatchObject({ kind: 'tooLarge' });
  });

  it('handles bodiless statuses and HEAD without building an invalid Response', async () => {
    const answers = [
      new Response(null, { status: 204 }),
      new Response(null, { status: 304, headers: { ETag: '"v1"' } }),
      new Response(null, { status: 200, headers: { 'Content-Length': '99999999' } }),
    ];
    const { transport } = setup(() => answers.shift()!);
    const noContent = await transport.request('https://cdn.example.net/x', { method: 'DELETE' });
    expect(noContent.status).toBe(204);
    const notModified = await transport.request('https://cdn.example.net/x');
    expect(notModified.status).toBe(304);
    expect(notModified.headers.get('etag')).toBe('"v1"');
    const head = await transport.request('https://cdn.example.net/x', { method: 'HEAD', maxBytes: 10 });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
  });
});

describe('network failures', () => {
  it('rejects with a network TransportError that keeps the cause', async () => {
    const cause = new TypeError('Failed to fetch');
    const { transport } = setup(() => Promise.reject(cause));
    const error = await transport.request('https://cdn.example.net/x').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransportError);
    expect((error as TransportError).kind).toBe('network');
    expect((error as TransportError).cause).toBe(cause);
  });

  it('rejects with a network TransportError when the body breaks off', async () => {
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new Uint8Array([1]));
        controller.error(new TypeError('terminated'));
      },
    });
    const { transport } = setup(() => new Response(stream));
    await expect(transport.request('https://cdn.example.net/x')).rejects.toMatchObject({ kind: 'network' });
  });
});

describe('transportFetch', () => {
  it('is fetch without credentials, under the deadline and the cap', async () => {
    const { transport, headersOf, calls } = setup(() => new Response('token'));
    const fetchLike = transportFetch(transport);
    const response = await fetchLike(new URL('https://login.example.com/token'), {
      method: 'POST',
      body: 'grant_type=refresh_token',
      headers: { Authorization: 'Bearer forged' },
      authorizer: authorizer(),
    } as RequestInit);
    expect(await response.text()).toBe('token');
    expect(calls()[0]![0]).toBe('https://login.example.com/token');
    expect(calls()[0]![1].body).toBe('grant_type=refresh_token');
    expect(calls()[0]![1].signal).toBeInstanceOf(AbortSignal);
    expect(headersOf(0).has('authorization')).toBe(false);
    await expect(
      fetchLike('https://login.example.com/token', { maxBytes: 1 } as RequestInit),
    ).rejects.toMatchObject({ kind: 'tooLarge' });
  });

  it('accepts a Request', async () => {
    const { transport, calls, headersOf } = setup(() => new Response('ok'));
    await transportFetch(transport)(
      new Request('https://login.example.com/token', {
        method: 'POST',
        body: 'a=1',
        headers: { 'X-A': '1' },
      }),
    );
    const [url, init] = calls()[0]!;
    expect(url).toBe('https://login.example.com/token');
    expect(init.method).toBe('POST');
    expect(new TextDecoder().decode(init.body as ArrayBuffer)).toBe('a=1');
    expect(headersOf(0).get('x-a')).toBe('1');
  });
});
