import type { GraphClient } from './graph';
import type { RetryEvent } from './http';
import type { PreviewState, SharedItem, ShareError, ShareLink } from './model';

/** Where resolved items are kept between requests (the background uses storage.session). */
export interface ItemCache {
  get(url: string): Promise<SharedItem | undefined>;
  set(item: SharedItem): Promise<void>;
}

/** Turns a failed resolution into what the UI shows. */
export function failedState(error: ShareError): PreviewState {
  return error.kind === 'unauthenticated' ? { status: 'signedOut' } : { status: 'failed', error };
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

  const results = await options.client.getSharedItems(misses, {
    redeem: 'ifNecessary',
    onProgress: (done) => options.onProgress?.(fromCache + done, total),
    onRetry: options.onRetry,
    signal: options.signal,
  });
  for (const link of misses) {
    const result = results.get(link.url);
    if (!result) {
      settle(link.url, {
        status: 'failed',
        error: { kind: 'server', message: 'Microsoft Graph did not answer for this link.' },
      });
    } else if (result.ok) {
      await options.cache.set(result.value);
      settle(link.url, { status: 'ready', item: result.value });
    } else {
      settle(link.url, failedState(result.error));
    }
  }
  return states;
}
