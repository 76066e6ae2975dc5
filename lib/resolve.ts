import type { RetryEvent } from './http';
import { t } from './i18n';
import type { PreviewState, Result, SharedItem, ShareError, ShareLink } from './model';
import type { ProviderClient } from './providers/types';

/** Where resolved items are kept between requests (the background uses storage.session). */
export interface ItemCache {
  get(url: string): Promise<SharedItem | undefined>;
  set(item: SharedItem): Promise<void>;
}

/**
 * Turns a failed resolution into what the UI shows. Only "no credential at all" (no status) is signed out, and
 * it names the provider to sign in to. A 401 Graph answered after a refresh may be a guest or cross-tenant
 * refusal (reference/graph-shares.md §1.6), which signing in does not always fix, so it stays a failure with
 * the provider's explanation.
 */
export function failedState(error: ShareError, provider: string): PreviewState {
  return error.kind === 'unauthenticated' && error.status === undefined
    ? { status: 'signedOut', provider }
    : { status: 'failed', error, provider };
}

/** The provider (by id) and client that serve one link; undefined when no provider serves it. */
export type ClientFor = (
  link: ShareLink,
) => { provider: string; client: Pick<ProviderClient, 'resolveMany'> } | undefined;

export interface ResolveManyOptions {
  cache: ItemCache;
  clientFor: ClientFor;
  /** Each link's final state, as soon as it is known (cached ones first). */
  onResult?(url: string, state: PreviewState): void;
  /** Links with a final state so far, out of all distinct links. */
  onProgress?(done: number, total: number): void;
  onRetry?(event: RetryEvent): void;
  signal?: AbortSignal;
}

const noAnswer = () => t('providerSilent');
const noProvider = () => t('noProvider');

/**
 * Resolves many links for a list (the popup): cached items first, the rest through each provider's client,
 * which batches as its API allows (Graph: `$batch`, at most 20 per request, reference/graph-shares.md §1.8).
 * Providers are asked one after another; links keep their order within each provider.
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

  const misses = new Map<string, { client: Pick<ProviderClient, 'resolveMany'>; links: ShareLink[] }>();
  for (const link of distinct) {
    const cached = await options.cache.get(link.url);
    if (cached) {
      settle(link.url, { status: 'ready', item: cached });
      continue;
    }
    const served = options.clientFor(link);
    if (!served) {
      settle(link.url, { status: 'failed', error: { kind: 'invalidLink', message: noProvider() } });
      continue;
    }
    const group = misses.get(served.provider) ?? { client: served.client, links: [] };
    group.links.push(link);
    misses.set(served.provider, group);
  }
  let done = states.size;
  options.onProgress?.(done, total);

  for (const [provider, group] of misses) {
    // Each result is cached and reported as its batch completes, so a popup closed mid-way keeps what
    // was already resolved; the client waits for this before it sends the next batch.
    const record = async (url: string, result: Result<SharedItem>) => {
      if (!result.ok) return settle(url, failedState(result.error, provider));
      try {
        await options.cache.set(result.value);
      } catch {
        // Not being able to cache an item does not make it any less resolved.
      }
      settle(url, { status: 'ready', item: result.value });
    };
    const before = done;
    const results = await group.client.resolveMany(group.links, {
      onResult: record,
      onProgress: (resolved) => options.onProgress?.(before + resolved, total),
      onRetry: options.onRetry,
      signal: options.signal,
    });
    for (const link of group.links) {
      if (states.has(link.url)) continue;
      // A client that did not report this link along the way: use the map, or say the provider was silent.
      const result = results.get(link.url);
      if (result) await record(link.url, result);
      else settle(link.url, { status: 'failed', error: { kind: 'server', message: noAnswer() } });
    }
    done = before + group.links.length;
  }
  return states;
}
