import { browser } from 'wxt/browser';
import type { RetryWait } from '@/lib/http';
import { t } from '@/lib/i18n';
import { detectShareLink } from '@/lib/links';
import type { PreviewState, Result, SharedItem, ShareLink } from '@/lib/model';
import { type ProviderClient, providerForLink } from '@/lib/providers';
import { providerSection } from '@/lib/providers/info';
import { failedState, type ItemCache, resolveMany } from '@/lib/resolve';
import type { Settings } from '@/lib/settings';
import { loadSettings } from '@/utils/settings';
import { accountFor } from './accounts';
import { transport } from './network';
import { removeSessionKeys } from './session-keys';
import { fetchThumbnail } from './thumbnails';

/**
 * The preview service: the one owner of the preview cache, of the fetches under way, and of the per-link state
 * machine (loading → perhaps throttled → ready, signed out or failed). The card's and the popup's ports are thin
 * adapters over {@link watchPreview} and {@link resolveList}; providers are reached through the registry.
 * Hover previews and lists only peek; only {@link redeemLink} asks a provider to accept a link for good.
 */

type Listener = (state: PreviewState) => void;

/** The provider client for a link, with the person's settings for that provider. */
function clientFor(
  link: ShareLink,
  settings: Settings,
): { provider: string; client: ProviderClient } | undefined {
  const provider = providerForLink(link.provider);
  if (!provider) return undefined;
  const section = providerSection(settings, provider.id);
  const account = accountFor(provider.id);
  return { provider: provider.id, client: provider.createClient({ settings: section, transport, account }) };
}

// ── The cache ──────────────────────────────────────────────────────────────────────────────────────────────

interface CacheEntry {
  item: SharedItem;
  fetchedAt: number;
}

const CACHE_PREFIX = 'preview:';
/** At most this many previews… */
const MAX_ENTRIES = 300;
/**
 * …taking at most this much of storage.session (about 10 MB in all, thumbnails inlined), so the tokens and
 * intents that share it always fit.
 */
const MAX_CACHE_CHARS = 4 * 1024 * 1024;

/** The size an entry takes in storage, near enough (JSON characters; data: URLs are ASCII). */
const sizeOf = (entry: CacheEntry) => JSON.stringify(entry).length;

/**
 * Which links are cached and how large each entry is, oldest first. Derived from storage.session on first use
 * in this worker's life, then changed in place with every write (synchronously after the one await, so
 * concurrent writes cannot lose each other's entries); never stored itself.
 */
let cacheIndex: Promise<Array<{ url: string; size: number }>> | undefined;

function readIndex(): Promise<Array<{ url: string; size: number }>> {
  cacheIndex ??= browser.storage.session.get(null).then((all) =>
    Object.entries(all)
      .filter(([key]) => key.startsWith(CACHE_PREFIX))
      .map(([key, entry]) => ({ url: key.slice(CACHE_PREFIX.length), entry: entry as CacheEntry }))
      .sort((a, b) => a.entry.fetchedAt - b.entry.fetchedAt)
      .map(({ url, entry }) => ({ url, size: sizeOf(entry) })),
  );
  return cacheIndex;
}

/**
 * Counts cache clears (sign-outs, Clear cache). A fetch that started before one does not write its answer
 * into the cache afterwards, and a watcher waiting for it asks again.
 */
let epoch = 0;

async function store(item: SharedItem, startedIn: number): Promise<void> {
  const entry: CacheEntry = { item, fetchedAt: Date.now() };
  const size = sizeOf(entry);
  if (size > MAX_CACHE_CHARS / 4) return; // one outsized answer must not push everything else out
  const index = await readIndex();
  if (startedIn !== epoch) return;
  const at = index.findIndex((each) => each.url === item.url);
  if (at !== -1) index.splice(at, 1);
  index.push({ url: item.url, size });
  let total = index.reduce((sum, each) => sum + each.size, 0);
  const evicted: string[] = [];
  while (index.length > MAX_ENTRIES || total > MAX_CACHE_CHARS) {
    const oldest = index.shift()!;
    total -= oldest.size;
    evicted.push(oldest.url);
  }
  if (evicted.length) await browser.storage.session.remove(evicted.map((url) => CACHE_PREFIX + url));
  await browser.storage.session.set({ [CACHE_PREFIX + item.url]: entry });
}

/** The preview cache in storage.session; entries older than the configured lifetime count as missing. */
export function previewCache(settings: Settings): ItemCache {
  const startedIn = epoch;
  return {
    async get(url) {
      // Once this worker knows which links are cached, a link that is not among them costs no storage read
      // (a hover on a new link is on the person's clock).
      if (cacheIndex && !(await cacheIndex).some((each) => each.url === url)) return undefined;
      const key = CACHE_PREFIX + url;
      const entry = (await browser.storage.session.get(key))[key] as CacheEntry | undefined;
      if (!entry) return undefined;
      return Date.now() - entry.fetchedAt < settings.cacheTtlMinutes * 60_000 ? entry.item : undefined;
    },
    async set(item) {
      // A preview that cannot be cached (storage full after all) is still shown.
      await store(item, startedIn).catch(() => {});
    },
  };
}

/** Removes every cached preview and abandons the fetches under way; returns how many previews there were. */
export async function clearCache(): Promise<number> {
  epoch++;
  inFlight.clear();
  cacheIndex = Promise.resolve([]);
  return removeSessionKeys(CACHE_PREFIX);
}

/** Adds the thumbnail as a data: URL (once), so no extension page loads it from the network. */
async function withThumbnail(item: SharedItem, client: ProviderClient): Promise<SharedItem> {
  if (!item.thumbnailUrl || item.thumbnailDataUrl) return item;
  const thumbnailDataUrl = await fetchThumbnail(item.thumbnailUrl, (url) => client.isThumbnailUrl(url));
  return thumbnailDataUrl ? { ...item, thumbnailDataUrl } : item;
}

function unexpected(error: unknown): PreviewState {
  return {
    status: 'failed',
    error: {
      kind: 'server',
      message: t('somethingWentWrong', error instanceof Error ? error.message : String(error)),
    },
  };
}

/** A provider nobody can sign in to yet (no Client ID) says so: the card then offers the setup page. */
async function explainSignedOut(state: PreviewState): Promise<PreviewState> {
  if (state.status !== 'signedOut') return state;
  const { configured } = await accountFor(state.provider).status();
  return configured ? state : { ...state, setupNeeded: true };
}

const notALink = (): PreviewState => ({
  status: 'failed',
  error: { kind: 'invalidLink', message: t('notPreviewable') },
});

// ── Fetches under way ──────────────────────────────────────────────────────────────────────────────────────

/**
 * Fetches under way, by link: a hover's single request, or a popup list's batch. Whoever asks for a link
 * that is already being fetched waits for that answer instead of asking again. A list that stops early (the
 * popup closed) settles its unanswered links with `undefined`: "ask again yourself". In-flight work is the
 * only module state besides the derived cache index: it dies with the worker, and a new watcher simply
 * starts again.
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
 * Reports the preview state of one link to `listener`: loading, perhaps throttled, then a final state; an
 * item with a picture is reported ready twice, before and with its picture. Concurrent requests for one link
 * share one fetch. `refresh` skips the cache (the card's Try again).
 */
export async function watchPreview(
  url: string,
  listener: Listener,
  options: { refresh?: boolean } = {},
): Promise<void> {
  const settings = await loadSettings();
  const link = detectShareLink(url, { providers: settings.providers });
  const served = link && clientFor(link, settings);
  if (!link || !served) {
    listener(notALink());
    return;
  }
  listener({ status: 'loading' });
  const startedIn = epoch;
  /** After a sign-out or Clear cache while waiting, the answer belongs to the past: ask again. */
  const cleared = () => epoch !== startedIn;
  const cache = previewCache(settings);
  if (!options.refresh) {
    const cached = await cache.get(link.url);
    if (cached) {
      listener({ status: 'ready', item: cached });
      // Items first listed by the popup come without their picture; fetch it now (no API request).
      const item = await withThumbnail(cached, served.client);
      if (item === cached) return;
      await cache.set(item);
      listener({ status: 'ready', item });
      return;
    }
  }
  // Try again (refresh) starts a request of its own: the one under way may be the one that stalled.
  const joined = options.refresh ? undefined : inFlight.get(link.url);
  if (joined) {
    joined.listeners.add(listener);
    const state = await joined.done;
    if (cleared()) return watchPreview(url, listener, options);
    if (state) {
      listener(
        state.status === 'ready'
          ? { status: 'ready', item: await withThumbnail(state.item, served.client) }
          : state,
      );
      return;
    }
  }
  const listeners = new Set<Listener>([listener]);
  const broadcast = (state: PreviewState) => {
    for (const each of listeners) each(state);
  };
  const done = (async (): Promise<PreviewState | undefined> => {
    const result = await served.client.resolve(link, {
      onRetry: ({ retryAt, attempt }) => broadcast({ status: 'throttled', retryAt, attempt }),
    });
    if (!result.ok) return explainSignedOut(failedState(result.error, served.provider));
    // After a sign-out or Clear cache while it was under way, the answer belongs to the past: it is neither
    // shown nor kept, and whoever waits for it asks again (`undefined`), as whoever is signed in now.
    if (cleared()) return undefined;
    // What the item is shows at once; its picture (another request) follows in a second update.
    if (result.value.thumbnailUrl) broadcast({ status: 'ready', item: result.value });
    const item = await withThumbnail(result.value, served.client);
    if (cleared()) return undefined;
    await cache.set(item);
    return { status: 'ready', item };
  })().catch(unexpected);
  addFlight(link.url, done, listeners);
  const state = await done;
  if (cleared() || !state) return watchPreview(url, listener, options);
  listener(state);
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

export interface ListCallbacks {
  /** Each link's final state, once. */
  onResult(url: string, state: PreviewState): void;
  /** Links with a final state so far, out of all distinct links. */
  onProgress(done: number, total: number): void;
  /** A provider asked to wait before its next attempt. */
  onThrottled(wait: RetryWait): void;
  signal: AbortSignal;
}

/**
 * Resolves a page's links for the popup: cache first, links a hover is already fetching are waited for, the
 * rest go to their providers in batches. Every URL gets exactly one result, even when the list stops early.
 */
export async function resolveList(urls: readonly string[], callbacks: ListCallbacks): Promise<void> {
  const settings = await loadSettings();
  const settled = new Set<string>();
  const report = (url: string, state: PreviewState) => {
    if (settled.has(url)) return;
    settled.add(url);
    callbacks.onResult(url, state);
  };
  const links: ShareLink[] = [];
  for (const url of urls) {
    const link = detectShareLink(url, { providers: settings.providers });
    if (link && clientFor(link, settings)) links.push(link);
    else report(url, notALink());
  }
  // Links a hover is already fetching are waited for; the rest are claimed, so hovers wait for the list.
  const flights = claimFlights(links.map((link) => link.url));
  const claimed = new Set(flights.claimed);
  const total = new Set(links.map((link) => link.url)).size;
  let ownDone = 0;
  let joinedDone = 0;
  const progress = () => callbacks.onProgress(ownDone + joinedDone, total);
  const waits = flights.joined.map(async ({ url, done }) => {
    const state = (await done) ?? { status: 'failed', error: { kind: 'server', message: askAgain() } };
    joinedDone++;
    report(url, state);
    progress();
  });
  try {
    await resolveMany(
      links.filter((link) => claimed.has(link.url)),
      {
        cache: previewCache(settings),
        clientFor: (link) => clientFor(link, settings),
        onResult: (url, state) => {
          flights.settle(url, state);
          report(url, state);
        },
        onProgress: (done) => {
          ownDone = done;
          progress();
        },
        onRetry: ({ retryAt, attempt }) => callbacks.onThrottled({ retryAt, attempt }),
        signal: callbacks.signal,
      },
    );
    await Promise.all(waits);
  } catch (error) {
    // Aborted (the popup closed), or something unexpected: every link still gets an answer.
    for (const link of links) report(link.url, unexpected(error));
  } finally {
    flights.release();
  }
}

const askAgain = () => t('askAgain');

/**
 * Redeems a share link where its provider can (Graph: `Prefer: redeemSharingLink`): the person gets durable
 * access, as if they had opened it in the browser (reference/graph-shares.md §1.3). The cached preview is
 * replaced with the fresh answer.
 */
export async function redeemLink(url: string): Promise<Result<SharedItem>> {
  const settings = await loadSettings();
  const link = detectShareLink(url, { providers: settings.providers });
  const served = link && clientFor(link, settings);
  if (!link || !served?.client.redeem) {
    return { ok: false, error: { kind: 'invalidLink', message: t('cannotRedeem') } };
  }
  const result = await served.client.redeem(link);
  if (result.ok) await previewCache(settings).set(await withThumbnail(result.value, served.client));
  return result;
}
