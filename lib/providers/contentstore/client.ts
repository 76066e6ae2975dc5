/**
 * ContentStore previews (reference §1.4): a GUID link reads `GET {store}/file/{guid}` (with `Authtoken`), a
 * folder's first children through `{store}/folder/{guid}/action/list`; a public share reads
 * `GET contentstore/publicshare/{id}` without any token. Answers are asked for as JSON and read as either form.
 */
import { type CredentialSource, operationAuthorizer } from '../../http/authorizer';
import { DEFAULT_RETRY_RUNTIME, type RetryRuntime, sendWithRetry } from '../../http/retry';
import { type Authorizer, type Transport, TransportError } from '../../http/transport';
import type { ChildSummary, Result, SharedItem, ShareError, ShareLink } from '../../model';
import type { ProviderClient, ResolveOptions } from '../types';
import { badResponseError, mapContentStoreError, networkError, signInError } from './errors';
import { matchAny } from './patterns';
import { apiBase, type ContentStoreServer, type ContentStoreSettings } from './settings';
import { parseAnswer, type WireNode } from './wire';

/** How many children a folder's card shows (like Graph's). */
export const CHILDREN_IN_PREVIEW = 5;

export interface ContentStoreClientOptions extends Partial<RetryRuntime> {
  settings: ContentStoreSettings;
  transport: Transport;
  /** The server's `Authtoken`, or null when signed out there; `forceRefresh` after a 401. */
  credential(serverId: string, options: { forceRefresh: boolean }): ReturnType<CredentialSource>;
}

/** The configured server a link is on, and what it names there. */
export function locate(settings: ContentStoreSettings, url: string) {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  for (const server of settings.servers) {
    if (new URL(server.webAddress).origin !== parsed.origin) continue;
    const target = matchAny(server.linkPatterns, parsed.pathname);
    return target && { server, target };
  }
  return undefined;
}

/** The reference the share panel sends back: server, store and GUID. */
export function shareRef(serverId: string, store: 'contentstore' | 'drive', guid: string): string {
  return `contentstore:${serverId}:${store}:${guid}`;
}

const isSet = (value: string | undefined) => value === '1' || value === 'true';

/** A `fileResource` as a neutral item; undefined when it is not one. */
export function toSharedItem(
  node: WireNode | undefined,
  link: ShareLink,
  extra: { serverId: string; store: 'contentstore' | 'drive' },
): SharedItem | undefined {
  const name = node?.attr('name');
  const guid = node?.attr('GUID') ?? node?.attr('guid');
  if (!node || !name || !guid) return undefined;
  const item: SharedItem = {
    provider: 'contentstore' as SharedItem['provider'],
    url: link.url,
    id: guid,
    name,
    kind: isSet(node.attr('directory')) ? 'folder' : 'file',
    shareTarget: { ref: shareRef(extra.serverId, extra.store, guid.toLowerCase()), personal: false },
  };
  const size = Number(node.attr('sizeinBytes'));
  if (node.attr('sizeinBytes') !== undefined && Number.isFinite(size) && size >= 0) item.size = size;
  const modified = Number(node.attr('modifiedTime'));
  if (Number.isFinite(modified) && modified > 0) item.modified = new Date(modified * 1000).toISOString();
  const owner = node.attr('owner');
  if (owner) item.owner = { displayName: owner };
  return item;
}

function childOf(node: WireNode): ChildSummary | undefined {
  const name = node.attr('name');
  if (!name) return undefined;
  const child: ChildSummary = { name, kind: isSet(node.attr('directory')) ? 'folder' : 'file' };
  const size = Number(node.attr('sizeinBytes'));
  if (node.attr('sizeinBytes') !== undefined && Number.isFinite(size)) child.size = size;
  return child;
}

type Read = { ok: true; answer: WireNode } | { ok: false; error: ShareError };

export function createContentStoreClient(options: ContentStoreClientOptions): ProviderClient {
  const now = options.now ?? DEFAULT_RETRY_RUNTIME.now;
  const runtime = { now, sleep: options.sleep ?? DEFAULT_RETRY_RUNTIME.sleep, random: options.random };

  async function read(
    url: string,
    method: 'GET' | 'POST',
    authorizer: Authorizer | undefined,
    resolveOptions: ResolveOptions,
    publicShare: boolean,
  ): Promise<Read> {
    if (authorizer && !(await authorizer.credential())) return { ok: false, error: signInError() };
    let outcome: Awaited<ReturnType<typeof sendWithRetry>>;
    try {
      outcome = await sendWithRetry(
        () =>
          options.transport.request(url, {
            method,
            headers: { Accept: 'application/json' },
            ...(authorizer ? { authorizer } : {}),
            ...(resolveOptions.signal ? { signal: resolveOptions.signal } : {}),
          }),
        // Reading properties and listing change nothing: safe to send again.
        { ...runtime, idempotent: true, onRetry: resolveOptions.onRetry, signal: resolveOptions.signal },
      );
    } catch (error) {
      if (resolveOptions.signal?.aborted) throw error;
      return { ok: false, error: networkError(false) };
    }
    if (outcome.type === 'networkError') {
      const timedOut = outcome.error instanceof TransportError && outcome.error.kind === 'timeout';
      return { ok: false, error: networkError(timedOut) };
    }
    const { response } = outcome;
    if (!response.ok) {
      const error = mapContentStoreError(response.status, response.headers, { now: now(), publicShare });
      if (outcome.retryAt !== undefined) error.retryAt = outcome.retryAt;
      return { ok: false, error };
    }
    const answer = parseAnswer(await response.text(), response.headers.get('content-type'));
    return answer ? { ok: true, answer } : { ok: false, error: badResponseError() };
  }

  async function resolve(link: ShareLink, resolveOptions: ResolveOptions): Promise<Result<SharedItem>> {
    const found = locate(options.settings, link.url);
    if (!found) return { ok: false, error: { kind: 'invalidLink', message: badResponseError().message } };
    const { server, target } = found;
    const base = apiBase(server);
    if (target.kind === 'publicShare') {
      const root = `${base}/contentstore/publicshare/${target.shareId}`;
      const props = await read(root, 'GET', undefined, resolveOptions, true);
      if (!props.ok) return props;
      return withChildren(
        link,
        props.answer.child('fileResource'),
        server,
        'contentstore',
        (guid) => `${root}/folder/${guid}/action/list?limit=${CHILDREN_IN_PREVIEW}`,
        'GET',
        undefined,
        resolveOptions,
        true,
      );
    }
    const authorizer = operationAuthorizer(base, (credential) => options.credential(server.id, credential));
    const storeBase = `${base}/${target.store}`;
    const props = await read(`${storeBase}/file/${target.guid}`, 'GET', authorizer, resolveOptions, false);
    if (!props.ok) return props;
    return withChildren(
      link,
      props.answer.child('fileResource'),
      server,
      target.store,
      (guid) => `${storeBase}/folder/${guid}/action/list?limit=${CHILDREN_IN_PREVIEW}`,
      'POST',
      authorizer,
      resolveOptions,
      false,
    );
  }

  async function withChildren(
    link: ShareLink,
    node: WireNode | undefined,
    server: ContentStoreServer,
    store: 'contentstore' | 'drive',
    listUrl: (guid: string) => string,
    method: 'GET' | 'POST',
    authorizer: Authorizer | undefined,
    resolveOptions: ResolveOptions,
    publicShare: boolean,
  ): Promise<Result<SharedItem>> {
    const item = toSharedItem(node, link, { serverId: server.id, store });
    if (!item) return { ok: false, error: badResponseError() };
    if (item.kind !== 'folder') return { ok: true, value: item };
    // The first children; a folder whose listing fails still shows itself.
    const listing = await read(listUrl(item.id), method, authorizer, resolveOptions, publicShare);
    if (listing.ok) {
      const children = listing.answer
        .children('fileResources')
        .flatMap((child) => childOf(child) ?? [])
        .slice(0, CHILDREN_IN_PREVIEW);
      item.children = children;
      const files = Number(listing.answer.attr('totalFileCount'));
      const folders = Number(listing.answer.attr('totalFolderCount'));
      item.childCount = Number.isFinite(files + folders) ? files + folders : children.length;
    }
    return { ok: true, value: item };
  }

  return {
    resolve,
    async resolveMany(links, manyOptions) {
      const results = new Map<string, Result<SharedItem>>();
      const distinct = [...new Map(links.map((link) => [link.url, link])).values()];
      manyOptions.onProgress?.(0, distinct.length);
      for (const link of distinct) {
        const result = await resolve(link, manyOptions);
        results.set(link.url, result);
        try {
          await manyOptions.onResult?.(link.url, result);
        } catch {
          // one link's listener does not affect the others
        }
        manyOptions.onProgress?.(results.size, distinct.length);
      }
      return results;
    },
    // ContentStore previews carry no thumbnails: nothing is fetched for them.
    isThumbnailUrl: () => false,
  };
}
