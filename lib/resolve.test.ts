import { describe, expect, it } from 'vitest';
import type { PreviewState, SharedItem, ShareLink } from './model';
import type { GraphClient, GraphClientOptions } from './providers/graph';
import {
  batchParts,
  batchReply,
  type CapturedRequest,
  type FakeHandler,
  fileItem,
  graphClientWith,
  graphError,
  json,
  sharingUrlOf,
  tokenSource,
} from './providers/graph/test-support';
import { type ClientFor, failedState, type ItemCache, resolveMany } from './resolve';

/** Serves every link through a Graph client, as the Graph provider does for previews. */
const viaGraph =
  (client: Pick<GraphClient, 'getSharedItems'>): ClientFor =>
  () => ({
    provider: 'graph',
    client: {
      resolveMany: (some, options) => client.getSharedItems(some, { ...options, redeem: 'ifNecessary' }),
    },
  });

const links: ShareLink[] = Array.from({ length: 45 }, (_, i) => ({
  provider: 'sharepoint',
  url: `https://contoso.sharepoint.com/:w:/s/Team/Doc${i}?e=k${i}`,
}));
const urls = (some: readonly ShareLink[]) => some.map((link) => link.url);
const nameFor = (url: string) => `${/Doc\d+/.exec(url)?.[0] ?? 'Item'}.docx`;

/** A fake `$batch` endpoint that answers every part with the item behind its link. */
function batchServer(request: CapturedRequest) {
  return batchReply(
    batchParts(request).map((part) => {
      const url = sharingUrlOf(part.url);
      return { id: part.id, status: 200, body: fileItem(nameFor(url)) };
    }),
  );
}

const setup = (handler: FakeHandler = batchServer, overrides: Partial<GraphClientOptions> = {}) =>
  graphClientWith(handler, overrides);

/** An in-memory cache, the way storage.session behaves for resolveMany. */
function memoryCache(...items: SharedItem[]) {
  const items_ = new Map(items.map((item) => [item.url, item]));
  const cache: ItemCache = {
    get: async (url) => items_.get(url),
    set: async (item) => {
      items_.set(item.url, item);
    },
  };
  return { cache, items: items_ };
}

function cachedItem(link: ShareLink): SharedItem {
  return {
    provider: 'sharepoint',
    url: link.url,
    id: `cached-${link.url}`,
    name: 'Cached.docx',
    kind: 'file',
  };
}

/** Every sharing URL sent to Graph, over all requests. */
const sentUrls = (requests: readonly CapturedRequest[]) =>
  requests.flatMap((request) => batchParts(request).map((part) => sharingUrlOf(part.url)));

describe('resolveMany', () => {
  it('reports cached links first, before any request, and does not ask Graph for them', async () => {
    const { client, requests } = setup();
    const cachedLinks = [links[4]!, links[9]!];
    const { cache } = memoryCache(...cachedLinks.map(cachedItem));
    const reports: Array<{ url: string; state: PreviewState; requestsSent: number }> = [];
    const states = await resolveMany(links.slice(0, 10), {
      cache,
      clientFor: viaGraph(client),
      onResult: (url, state) => reports.push({ url, state, requestsSent: requests.length }),
    });

    expect(reports.slice(0, 2)).toEqual([
      { url: links[4]!.url, state: { status: 'ready', item: cachedItem(links[4]!) }, requestsSent: 0 },
      { url: links[9]!.url, state: { status: 'ready', item: cachedItem(links[9]!) }, requestsSent: 0 },
    ]);
    expect(sentUrls(requests).sort()).toEqual(
      urls(links.slice(0, 10).filter((link) => !cachedLinks.includes(link))).sort(),
    );
    expect(reports).toHaveLength(10);
    expect(states.size).toBe(10);
    expect(states.get(links[0]!.url)).toMatchObject({ status: 'ready', item: { name: 'Doc0.docx' } });
  });

  it('caches and reports each batch before the next batch is sent', async () => {
    const { cache, items } = memoryCache();
    const reported: string[] = [];
    const seenWhenSent: Array<{ cached: number; reported: number }> = [];
    const { client, requests } = setup((request) => {
      seenWhenSent.push({ cached: items.size, reported: reported.length });
      return batchServer(request);
    });
    await resolveMany(links, { cache, clientFor: viaGraph(client), onResult: (url) => reported.push(url) });

    expect(requests).toHaveLength(3);
    expect(seenWhenSent).toEqual([
      { cached: 0, reported: 0 },
      { cached: 20, reported: 20 },
      { cached: 40, reported: 40 },
    ]);
    expect(items.size).toBe(45);
    expect(reported.sort()).toEqual(urls(links).sort());
  });

  it('keeps the batches already resolved in the cache when the popup closes mid-way', async () => {
    const controller = new AbortController();
    const { cache, items } = memoryCache();
    const { client, requests } = setup((request, index) => {
      if (index === 1) controller.abort();
      return batchServer(request);
    });
    await expect(
      resolveMany(links, { cache, clientFor: viaGraph(client), signal: controller.signal }),
    ).rejects.toMatchObject({
      name: 'AbortError',
    });
    // The batch in flight when the popup closed is abandoned with it, the third is never sent, and what the
    // first batch resolved stays cached.
    expect(requests).toHaveLength(2);
    expect(items.size).toBe(20);
    expect([...items.keys()].sort()).toEqual(sentUrls(requests.slice(0, 1)).sort());
  });

  it('reports progress that starts with the cached links, only grows and reaches the total', async () => {
    const { client } = setup();
    const { cache } = memoryCache(cachedItem(links[0]!), cachedItem(links[30]!));
    const progress: Array<[number, number]> = [];
    await resolveMany([...links, links[1]!], {
      cache,
      clientFor: viaGraph(client),
      onProgress: (done, total) => progress.push([done, total]),
    });
    expect(progress[0]).toEqual([2, 45]);
    expect(progress.at(-1)).toEqual([45, 45]);
    for (const [index, [done, total]] of progress.entries()) {
      expect(total).toBe(45);
      if (index > 0) expect(done).toBeGreaterThanOrEqual(progress[index - 1]![0]);
    }
  });

  it('still reports an item ready when caching it fails', async () => {
    const { client } = setup();
    const cache: ItemCache = {
      get: async () => undefined,
      set: async (item) => {
        if (item.url === links[0]!.url) throw new Error('QUOTA_BYTES exceeded');
        return Promise.reject(new Error('storage unavailable'));
      },
    };
    const reported = new Map<string, PreviewState>();
    const states = await resolveMany(links.slice(0, 3), {
      cache,
      clientFor: viaGraph(client),
      onResult: (url, state) => reported.set(url, state),
    });
    for (const link of links.slice(0, 3)) {
      expect(states.get(link.url)).toMatchObject({ status: 'ready', item: { name: nameFor(link.url) } });
      expect(reported.get(link.url)).toEqual(states.get(link.url));
    }
  });

  it('does not cache failures and reports them as failed', async () => {
    const { cache, items } = memoryCache();
    const { client } = setup((request) =>
      batchReply(
        batchParts(request).map((part) =>
          sharingUrlOf(part.url) === links[1]!.url
            ? { id: part.id, status: 403, body: graphError('accessDenied', 'No.') }
            : { id: part.id, status: 200, body: fileItem(nameFor(sharingUrlOf(part.url))) },
        ),
      ),
    );
    const states = await resolveMany(links.slice(0, 3), { cache, clientFor: viaGraph(client) });
    expect(states.get(links[1]!.url)).toMatchObject({ status: 'failed', error: { kind: 'accessDenied' } });
    expect([...items.keys()].sort()).toEqual([links[0]!.url, links[2]!.url].sort());
  });

  it('shows signed out when there is no token at all', async () => {
    const { client, requests } = setup(batchServer, { credential: tokenSource(null).credential });
    const states = await resolveMany(links.slice(0, 3), {
      cache: memoryCache().cache,
      clientFor: viaGraph(client),
    });
    expect(requests).toHaveLength(0);
    expect([...states.values()]).toEqual(Array(3).fill({ status: 'signedOut', provider: 'graph' }));
  });

  it('shows a failure, not signed out, when Graph refuses the token after a refresh', async () => {
    const { client } = setup(() => json(401, graphError('InvalidAuthenticationToken', 'Guest account.')));
    const states = await resolveMany(links.slice(0, 3), {
      cache: memoryCache().cache,
      clientFor: viaGraph(client),
    });
    for (const state of states.values()) {
      expect(state).toMatchObject({ status: 'failed', error: { kind: 'unauthenticated', status: 401 } });
    }
  });

  it('uses the map for links the client did not report, and fails links it did not answer', async () => {
    const item = cachedItem(links[0]!);
    const client: Pick<GraphClient, 'getSharedItems'> = {
      getSharedItems: async () => new Map([[links[0]!.url, { ok: true, value: item }]]),
    };
    const { cache, items } = memoryCache();
    const states = await resolveMany(links.slice(0, 2), { cache, clientFor: viaGraph(client) });
    expect(states.get(links[0]!.url)).toEqual({ status: 'ready', item });
    expect(items.get(links[0]!.url)).toBe(item);
    expect(states.get(links[1]!.url)).toMatchObject({ status: 'failed', error: { kind: 'server' } });
  });
});

describe('failedState', () => {
  const message = 'Sign in.';

  it('is signed out only when there was no token (no status)', () => {
    expect(failedState({ kind: 'unauthenticated', message }, 'graph')).toEqual({
      status: 'signedOut',
      provider: 'graph',
    });
  });

  it('stays a failure for a 401 Graph answered, which may be a guest refusal', () => {
    const error = {
      kind: 'unauthenticated' as const,
      message,
      status: 401,
      code: 'InvalidAuthenticationToken',
    };
    expect(failedState(error, 'graph')).toEqual({ status: 'failed', error, provider: 'graph' });
  });

  it('passes other errors through as failures', () => {
    const error = { kind: 'accessDenied' as const, message: 'No access.', status: 403 };
    expect(failedState(error, 'graph')).toEqual({ status: 'failed', error, provider: 'graph' });
  });
});
