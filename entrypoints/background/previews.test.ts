import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { PreviewState } from '@/lib/model';
import { accountFor } from './accounts';
import { claimFlights, clearCache, redeemLink, watchPreview } from './previews';
import { graphReply, preferOf, resetBrowser, signedIn, TEST_GRAPH, TEST_SETTINGS } from './test-support';

const LINK = 'https://contoso.sharepoint.com/:x:/s/Finance/EbC7aBcD?e=4fQ2';

/** A stand-in for Graph: counts requests and answers after a short delay, as a network would. */
function fakeGraph() {
  const requests: Array<{ url: string; prefer: string | null }> = [];
  const fetchMock = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = String(input);
    requests.push({ url, prefer: preferOf(input, init) });
    await new Promise((resolve) => setTimeout(resolve, 20));
    return graphReply(input, init, {
      id: 'item-1',
      name: 'Budget.xlsx',
      size: 1024,
      file: { mimeType: 'application/vnd.ms-excel' },
    });
  });
  vi.stubGlobal('fetch', fetchMock);
  return requests;
}

function collect(): { states: PreviewState[]; listener: (state: PreviewState) => void } {
  const states: PreviewState[] = [];
  return { states, listener: (state) => states.push(state) };
}

describe('previews in the background', () => {
  beforeEach(() => resetBrowser());
  afterEach(() => vi.unstubAllGlobals());

  it('shares one request between concurrent watchers, then answers from the cache', async () => {
    await signedIn();
    const requests = fakeGraph();
    const first = collect();
    const second = collect();
    await Promise.all([watchPreview(LINK, first.listener), watchPreview(LINK, second.listener)]);
    expect(requests).toHaveLength(1);
    expect(requests[0]?.prefer).toBe('redeemSharingLinkIfNecessary');
    for (const { states } of [first, second]) {
      expect(states[0]).toEqual({ status: 'loading' });
      expect(states.at(-1)).toMatchObject({ status: 'ready', item: { name: 'Budget.xlsx' } });
    }

    const third = collect();
    await watchPreview(LINK, third.listener);
    expect(requests).toHaveLength(1);
    expect(third.states.at(-1)).toMatchObject({ status: 'ready' });

    const retried = collect();
    await watchPreview(LINK, retried.listener, { refresh: true });
    expect(requests).toHaveLength(2);
    expect(await clearCache()).toBe(1);
  });

  it('an answer that arrives after the cache was cleared (a sign-out) is neither shown nor kept', async () => {
    await signedIn();
    let answer: (() => void) | undefined;
    vi.stubGlobal(
      'fetch',
      vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
        await new Promise<void>((resolve) => {
          answer = resolve;
        });
        return graphReply(input, init, { id: 'item-1', name: 'Budget.xlsx', size: 1, file: {} });
      }),
    );
    const watcher = collect();
    const watching = watchPreview(LINK, watcher.listener);
    await vi.waitFor(() => expect(answer).toBeDefined());
    // Signed out while the request was under way: the account and everything fetched with it are gone.
    await accountFor('graph').signOut();
    await clearCache();
    answer?.(); // the answer comes back now
    await watching;
    expect(watcher.states.some((state) => state.status === 'ready')).toBe(false);
    expect(watcher.states.at(-1)).toMatchObject({ status: 'signedOut' });
    expect(
      Object.keys(await fakeBrowser.storage.session.get(null)).filter((key) => key.startsWith('preview')),
    ).toEqual([]);
  });

  it('Try again starts a request of its own instead of waiting for one that stalled', async () => {
    await signedIn();
    let calls = 0;
    vi.stubGlobal(
      'fetch',
      vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
        calls++;
        if (calls === 1) {
          // The first answer never comes (until the request is given up).
          return new Promise<Response>((_resolve, reject) =>
            init?.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError'))),
          );
        }
        return graphReply(input, init, { id: 'item-1', name: 'Budget.xlsx', size: 1, file: {} });
      }),
    );
    const stalled = collect();
    void watchPreview(LINK, stalled.listener);
    await vi.waitFor(() => expect(calls).toBe(1));
    const retried = collect();
    await watchPreview(LINK, retried.listener, { refresh: true });
    expect(calls).toBe(2);
    expect(retried.states.at(-1)).toMatchObject({ status: 'ready', item: { name: 'Budget.xlsx' } });
  });

  it("fetches a thumbnail only from the provider's thumbnail hosts (here the endpoint's origin)", async () => {
    await signedIn();
    const fetched: string[] = [];
    let graphRequests = 0;
    vi.stubGlobal(
      'fetch',
      vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
        const url = String(input);
        fetched.push(url);
        if (!url.startsWith(TEST_GRAPH)) {
          return new Response(new Uint8Array([1, 2, 3]), { headers: { 'content-type': 'image/png' } });
        }
        // The first link's picture is on the endpoint's origin, the second's on a host Graph never uses.
        const medium =
          graphRequests++ === 0
            ? 'https://graph.example.test/thumbnails/item-1/medium.png'
            : 'https://intranet.example/pixel.png';
        const item = {
          id: 'item-1',
          name: 'Budget.xlsx',
          thumbnails: [{ id: '0', medium: { url: medium } }],
        };
        return graphReply(input, init, item);
      }),
    );
    const served = collect();
    await watchPreview(LINK, served.listener);
    expect(served.states.at(-1)).toMatchObject({
      status: 'ready',
      item: { thumbnailDataUrl: 'data:image/png;base64,AQID' },
    });

    const foreign = collect();
    await watchPreview('https://contoso.sharepoint.com/:w:/s/Legal/EaLoUd?e=9Zz1', foreign.listener);
    expect(foreign.states.at(-1)).toMatchObject({ status: 'ready', item: { name: 'Budget.xlsx' } });
    expect(foreign.states.at(-1)).not.toHaveProperty('item.thumbnailDataUrl');
    expect(fetched.filter((url) => !url.startsWith(TEST_GRAPH))).toEqual([
      'https://graph.example.test/thumbnails/item-1/medium.png',
    ]);
  });

  it('says sign-in is needed without sending anything when signed out', async () => {
    await fakeBrowser.storage.local.set({ settings: TEST_SETTINGS });
    const requests = fakeGraph();
    const watcher = collect();
    await watchPreview(LINK, watcher.listener);
    expect(requests).toHaveLength(0);
    expect(watcher.states.at(-1)).toEqual({ status: 'signedOut', provider: 'graph' });
  });

  it('says ShareLens needs setting up first when the Microsoft account has no Client ID', async () => {
    await fakeBrowser.storage.local.set({
      settings: {
        ...TEST_SETTINGS,
        providers: { ...TEST_SETTINGS.providers, graph: { ...TEST_SETTINGS.providers.graph, clientId: '' } },
      },
    });
    const requests = fakeGraph();
    const watcher = collect();
    await watchPreview(LINK, watcher.listener);
    expect(requests).toHaveLength(0);
    expect(watcher.states.at(-1)).toEqual({ status: 'signedOut', provider: 'graph', setupNeeded: true });
  });

  it('redeems with Prefer: redeemSharingLink and refreshes the cached preview', async () => {
    await signedIn();
    const requests = fakeGraph();
    const result = await redeemLink(LINK);
    expect(result).toMatchObject({ ok: true, value: { name: 'Budget.xlsx' } });
    expect(requests.map((each) => each.prefer)).toEqual(['redeemSharingLink']);
    const watcher = collect();
    await watchPreview(LINK, watcher.listener);
    expect(requests).toHaveLength(1); // served from the cache the redeem filled
  });

  it('a hover waits for the list that is fetching its link, and the list waits for a hover', async () => {
    await signedIn();
    const requests = fakeGraph();
    const item = {
      provider: 'sharepoint' as const,
      url: LINK,
      id: 'item-1',
      name: 'From the list',
      kind: 'file' as const,
    };

    const list = claimFlights([LINK]);
    expect(list.claimed).toEqual([LINK]);
    const hover = collect();
    const watching = watchPreview(LINK, hover.listener);
    await new Promise((resolve) => setTimeout(resolve, 30));
    list.settle(LINK, { status: 'ready', item });
    await watching;
    expect(requests).toHaveLength(0);
    expect(hover.states.at(-1)).toMatchObject({ status: 'ready', item: { name: 'From the list' } });

    const other = 'https://contoso.sharepoint.com/:w:/s/Legal/EaLoUd?e=9Zz1';
    const hovering = watchPreview(other, collect().listener);
    await new Promise((resolve) => setTimeout(resolve, 5));
    const second = claimFlights([other]);
    expect(second.claimed).toEqual([]);
    expect(await second.joined[0]?.done).toMatchObject({ status: 'ready', item: { name: 'Budget.xlsx' } });
    await hovering;
    expect(requests).toHaveLength(1);
  });

  it('a hover asks Graph itself when the list stops before answering', async () => {
    await signedIn();
    const requests = fakeGraph();
    const list = claimFlights([LINK]);
    const hover = collect();
    const watching = watchPreview(LINK, hover.listener);
    list.release();
    await watching;
    expect(requests).toHaveLength(1);
    expect(hover.states.at(-1)).toMatchObject({ status: 'ready', item: { name: 'Budget.xlsx' } });
  });
});

describe('the preview cache', () => {
  afterEach(() => vi.unstubAllGlobals());
  beforeEach(() => resetBrowser());

  const item = (n: number) => ({
    provider: 'sharepoint' as const,
    url: `https://contoso.sharepoint.com/:w:/s/Team/Doc${n}`,
    id: `item-${n}`,
    name: `Doc${n}.docx`,
    kind: 'file' as const,
  });

  it('keeps the newest 300 previews, counting those a restarted worker finds in storage', async () => {
    // A fresh module is a restarted worker: its index is derived from what storage.session holds.
    vi.resetModules();
    const { previewCache } = await import('./previews');
    const now = Date.now();
    await fakeBrowser.storage.session.set(
      Object.fromEntries(
        Array.from({ length: 299 }, (_, n) => [
          `preview:${item(n).url}`,
          { item: item(n), fetchedAt: now - 1000 + n },
        ]),
      ),
    );
    const cache = previewCache(TEST_SETTINGS);
    await Promise.all([cache.set(item(299)), cache.set(item(300)), cache.set(item(301))]);
    const kept = Object.keys(await fakeBrowser.storage.session.get(null));
    expect(kept).toHaveLength(300);
    // The two oldest went; all three written at the same time stayed.
    expect(await cache.get(item(0).url)).toBeUndefined();
    expect(await cache.get(item(1).url)).toBeUndefined();
    expect(await cache.get(item(2).url)).toMatchObject({ name: 'Doc2.docx' });
    for (const n of [299, 300, 301])
      expect(await cache.get(item(n).url)).toMatchObject({ name: `Doc${n}.docx` });
  });

  it('keeps no more than about 4 MB, dropping the oldest first', async () => {
    vi.resetModules();
    const { previewCache } = await import('./previews');
    const cache = previewCache(TEST_SETTINGS);
    const picture = `data:image/png;base64,${'A'.repeat(600_000)}`;
    for (let n = 0; n < 10; n++) await cache.set({ ...item(n), thumbnailDataUrl: picture });
    const kept = Object.keys(await fakeBrowser.storage.session.get(null));
    expect(kept.length).toBeGreaterThanOrEqual(6);
    expect(kept.length).toBeLessThan(10);
    expect(await cache.get(item(0).url)).toBeUndefined();
    expect(await cache.get(item(9).url)).toBeDefined();
  });

  it('a preview fetched before Clear cache or a sign-out is not cached after it, and its watcher asks again', async () => {
    vi.resetModules();
    const { clearCache, watchPreview } = await import('./previews');
    await signedIn();
    const requests = fakeGraph();
    const states: PreviewState[] = [];
    const watching = watchPreview(LINK, (state) => states.push(state));
    await new Promise((resolve) => setTimeout(resolve, 5));
    await clearCache();
    await watching;
    // Asked twice: the first answer came from before the clear; only the second was kept.
    expect(requests).toHaveLength(2);
    expect(states.at(-1)).toMatchObject({ status: 'ready', item: { name: 'Budget.xlsx' } });
    const keys = Object.keys(await fakeBrowser.storage.session.get(null)).filter((key) =>
      key.startsWith('preview:'),
    );
    expect(keys).toHaveLength(1);
  });
});
