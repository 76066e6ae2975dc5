import type { GraphClient } from './graph';
import type { RetryEvent } from './http';
import type { PreviewState, Result, SharedItem, ShareError, ShareLink } from './model';

/** Where resolved items are kept between requests (the background uses storage.session). */
export interface ItemCache {
  get(url: string): Promise<SharedItem | undefined>;
  set(item: SharedItem): Promise<void>;
}

/**
 * Turns a failed resolution into what the UI shows. Only "no token at all" (no status) is signed out: a 401
 * Graph answered after a refresh may be a guest or cross-tenant refusal (reference/graph-shares.md §1.6),
 * which signing in does not always fix, so it stays a failure with Graph's explanation.
 */
export function failedState(error: ShareError): PreviewState {
  return error.kind === 'unauthenticated' && error.status === undefined
    ? { status: 'signedOut' }
    : { status: 'failed', error };
}

export interface ResolveManyOptions {
  cache: ItemCache;
  client: Pick<GraphClient, 'getSharedItems'>;
  /** Each link's final state, as soon as it is known (cached ones first). */
  onResult?(url: string, state: PreviewState): void;
  /** Links with a final state so far, out of all distinct links. */
  onProgress?(done: number, total: number): void;
  onRetry?(event: RetryEvent): void;
  signal?: AbortSignal;
}

/**
 * Resolves many links for a list (the popup): cached items first, the rest through Graph `$batch`
 * (at most 20 per request, reference/graph-shares.md §1.8). Previews only peek: `redeemSharingLinkIfNecessary`.
 */
export async function resolveMany(
  links: readonly ShareLink[],
  options: ResolveManyOptions,
): Promise<Map<string, PreviewState>> {
  const distinct = [...new Map(links.map((link) => [link.url, link])).values()];
  const total = distinct.length;
  const states = new Map<string, PreviewState>();
  const settle = (url: string, state: PreviewState) => {
    states.set(url, state);
    options.onResult?.(url, state);
  };

  const misses: ShareLink[] = [];
  for (const link of distinct) {
    const cached = await options.cache.get(link.url);
    if (cached) settle(link.url, { status: 'ready', item: cached });
    else misses.push(link);
  }
  const fromCache = total - misses.length;
  options.onProgress?.(fromCache, total);
  if (misses.length === 0) return states;

  // Each result is cached and reported as its batch completes, so a popup closed mid-way keeps what
  // was already resolved; the client waits for this before it sends the next batch.
  const record = async (url: string, result: Result<SharedItem>) => {
    if (!result.ok) return settle(url, failedState(result.error));
    try {
      await options.cache.set(result.value);
    } catch {
      // Not being able to cache an item does not make it any less resolved.
    }
    settle(url, { status: 'ready', item: result.value });
  };
  const results = await options.client.getSharedItems(misses, {
    redeem: 'ifNecessary',
    onResult: record,
    onProgress: (done) => options.onProgress?.(fromCache + done, total),
    onRetry: options.onRetry,
    signal: options.signal,
  });
  for (const link of misses) {
    if (states.has(link.url)) continue;
    // A client that did not report this link along the way: use the map, or say Graph was silent.
    const result = results.get(link.url);
    if (result) await record(link.url, result);
    else {
      settle(link.url, {
        status: 'failed',
        error: { kind: 'server', message: 'Microsoft Graph did not answer for this link.' },
      });
    }
  }
  return states;
}
