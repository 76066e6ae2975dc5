import { browser } from 'wxt/browser';
import { createGraphClient } from '@/lib/graph';
import { detectShareLink } from '@/lib/links';
import type { PreviewState, Result, SharedItem } from '@/lib/model';
import { failedState, type ItemCache } from '@/lib/resolve';
import type { Settings } from '@/lib/settings';
import { getAccessToken } from './auth';
import { loadSettings } from './settings-store';
import { fetchThumbnail } from './thumbnails';

/**
 * Previews: cache (storage.session, with a lifetime) → one in-flight fetch per link → Graph.
 * Hover previews and lists use `Prefer: redeemSharingLinkIfNecessary`; only {@link redeemLink} redeems.
 */

type Listener = (state: PreviewState) => void;

interface CacheEntry {
  item: SharedItem;
  fetchedAt: number;
}

const CACHE_PREFIX = 'preview:';
const INDEX_KEY = 'preview.index';
/** storage.session holds about 10 MB; thumbnails are inlined, so keep the newest entries only. */
const MAX_ENTRIES = 300;

export function graphClient(settings: Settings) {
  return createGraphClient({
    endpoint: settings.graphEndpoint,
    getAccessToken,
    fetch: (input, init) => fetch(input, init),
  });
}

/** The preview cache in storage.session; entries older than the configured lifetime count as missing. */
export function previewCache(settings: Settings): ItemCache {
  return {
    async get(url) {
      const key = CACHE_PREFIX + url;
      const entry = (await browser.storage.session.get(key))[key] as CacheEntry | undefined;
      if (!entry) return undefined;
      return Date.now() - entry.fetchedAt < settings.cacheTtlMinutes * 60_000 ? entry.item : undefined;
    },
    async set(item) {
      try {
        await store(item);
      } catch {
        // Quota (about 10 MB, thumbnails inlined): drop the older half and try once more; a preview that
        // cannot be cached is still shown.
        const index = await readIndex();
        await browser.storage.session.remove(
          index.slice(0, Math.ceil(index.length / 2)).map((url) => CACHE_PREFIX + url),
        );
        await browser.storage.session.set({ [INDEX_KEY]: index.slice(Math.ceil(index.length / 2)) });
        await store(item).catch(() => {});
      }
    },
  };
}

async function readIndex(): Promise<string[]> {
  return ((await browser.storage.session.get(INDEX_KEY))[INDEX_KEY] as string[] | undefined) ?? [];
}

async function store(item: SharedItem): Promise<void> {
  const index = (await readIndex()).filter((url) => url !== item.url);
  index.push(item.url);
  const evicted = index.splice(0, Math.max(0, index.length - MAX_ENTRIES));
  const entry: CacheEntry = { item, fetchedAt: Date.now() };
  await browser.storage.session.set({ [CACHE_PREFIX + item.url]: entry, [INDEX_KEY]: index });
  if (evicted.length) await browser.storage.session.remove(evicted.map((url) => CACHE_PREFIX + url));
}

/** Removes every cached preview (also any the index lost track of); returns how many there were. */
export async function clearCache(): Promise<number> {
  const keys = Object.keys(await browser.storage.session.get(null)).filter((key) =>
    key.startsWith(CACHE_PREFIX),
  );
  await browser.storage.session.remove([INDEX_KEY, ...keys]);
  return keys.length;
}

/** Adds the thumbnail as a data: URL (once), so no extension page loads it from the network. */
async function withThumbnail(item: SharedItem): Promise<SharedItem> {
  if (!item.thumbnailUrl || item.thumbnailDataUrl) return item;
  const thumbnailDataUrl = await fetchThumbnail(item.thumbnailUrl);
  return thumbnailDataUrl ? { ...item, thumbnailDataUrl } : item;
}

function unexpected(error: unknown): PreviewState {
  return {
    status: 'failed',
    error: {
      kind: 'server',
      message: `Something went wrong: ${error instanceof Error ? error.message : error}`,
    },
  };
}

/**
 * Fetches under way, by link: a hover's single request, or a popup list's batch. Whoever asks for a link
 * that is already being fetched waits for that answer instead of asking Graph again. A list that stops
 * early (the popup closed) settles its unanswered links with `undefined`: "ask again yourself".
 * In-flight work is the only module state: it dies with the worker, and a new watcher simply starts again.
 */
interface Flight {
  listeners: Set<Listener>;
  done: Promise<PreviewState | undefined>;
}
const inFlight = new Map<string, Flight>();

function addFlight(
  url: string,
  done: Promise<PreviewState | undefined>,
  listeners = new Set<Listener>(),
): Flight {
  const flight: Flight = { listeners, done };
  inFlight.set(url, flight);
  void done.finally(() => {
    if (inFlight.get(url) === flight) inFlight.delete(url);
  });
  return flight;
}

/**
 * Reports the preview state of one link to `listener`: loading, perhaps throttled, then a final state.
 * Concurrent requests for one link share one fetch. `refresh` skips the cache (the card's Try again).
 */
export async function watchPreview(
  url: string,
  listener: Listener,
  options: { refresh?: boolean } = {},
): Promise<void> {
  const link = detectShareLink(url);
  if (!link) {
    listener({
      status: 'failed',
      error: { kind: 'invalidLink', message: 'This is not a link ShareLens can preview.' },
    });
    return;
  }
  listener({ status: 'loading' });
  const settings = await loadSettings();
  const cache = previewCache(settings);
  if (!options.refresh) {
    const cached = await cache.get(link.url);
    if (cached) {
      // Items first listed by the popup come without their picture; fetch it now (no Graph request).
      const item = await withThumbnail(cached);
      if (item !== cached) await cache.set(item);
      listener({ status: 'ready', item });
      return;
    }
  }
  const joined = inFlight.get(link.url);
  if (joined) {
    joined.listeners.add(listener);
    const state = await joined.done;
    if (state) {
      listener(state.status === 'ready' ? { status: 'ready', item: await withThumbnail(state.item) } : state);
      return;
    }
  }
  const listeners = new Set<Listener>([listener]);
  const broadcast = (state: PreviewState) => {
    for (const each of listeners) each(state);
  };
  const done = (async (): Promise<PreviewState> => {
    const result = await graphClient(settings).getSharedItem(link, {
      redeem: 'ifNecessary',
      onRetry: ({ retryAt, attempt }) => broadcast({ status: 'throttled', retryAt, attempt }),
    });
    if (!result.ok) return failedState(result.error);
    const item = await withThumbnail(result.value);
    await cache.set(item);
    return { status: 'ready', item };
  })().catch(unexpected);
  addFlight(link.url, done, listeners);
  listener(await done);
}

/**
 * For a list: splits its links into those already being fetched (to wait for) and the rest, which it claims,
 * so that hovers on them wait for the list. `settle` hands a claimed link's answer to its waiters; `release`
 * ends the claim on every link still unanswered.
 */
export function claimFlights(urls: readonly string[]): {
  joined: Array<{ url: string; done: Promise<PreviewState | undefined> }>;
  claimed: string[];
  settle(url: string, state: PreviewState): void;
  release(): void;
} {
  const joined: Array<{ url: string; done: Promise<PreviewState | undefined> }> = [];
  const waiting = new Map<string, (state: PreviewState | undefined) => void>();
  for (const url of new Set(urls)) {
    const existing = inFlight.get(url);
    if (existing) {
      joined.push({ url, done: existing.done });
      continue;
    }
    addFlight(url, new Promise((resolve) => waiting.set(url, resolve)));
  }
  return {
    joined,
    claimed: [...waiting.keys()],
    settle(url, state) {
      waiting.get(url)?.(state);
      waiting.delete(url);
    },
    release() {
      for (const resolve of waiting.values()) resolve(undefined);
      waiting.clear();
    },
  };
}

/**
 * Redeems a share link (`Prefer: redeemSharingLink`): the person gets durable access, as if they had opened
 * it in the browser (reference/graph-shares.md §1.3). The cached preview is replaced with the fresh answer.
 */
export async function redeemLink(url: string): Promise<Result<SharedItem>> {
  const link = detectShareLink(url);
  if (!link)
    return {
      ok: false,
      error: { kind: 'invalidLink', message: 'This is not a OneDrive or SharePoint share link.' },
    };
  const settings = await loadSettings();
  const result = await graphClient(settings).getSharedItem(link, { redeem: 'durable' });
  if (result.ok) await previewCache(settings).set(await withThumbnail(result.value));
  return result;
}
