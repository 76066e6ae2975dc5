import { type CredentialSource, operationAuthorizer } from '../../http/authorizer';
import {
  DEFAULT_RETRY_POLICY,
  DEFAULT_RETRY_RUNTIME,
  parseRetryAfter,
  planRetry,
  policyFor,
  type RetryPolicy,
  type RetryRuntime,
  type RetryState,
  sendWithRetry,
} from '../../http/retry';
import { type Authorizer, isUnder, type Transport, TransportError } from '../../http/transport';
import { t } from '../../i18n';
import type { Result, SharedItem, ShareError, ShareLink } from '../../model';
import type { ResolveManyOptions, ResolveOptions } from '../types';
import { linkAccessOf, toSharedItem } from './drive-item';
import {
  badResponseError,
  type HeadersLike,
  headerValue,
  mapGraphError,
  networkError,
  timeoutError,
  unauthenticatedError,
} from './errors';
import { batchResponseSchema, CHILD_SELECT, DRIVE_ITEM_SELECT, driveItemSchema } from './schemas';
import { encodeSharingUrl } from './sharing-token';

/**
 * How a request redeems the link (reference/graph-shares.md §1.3). Hover previews only peek
 * (`ifNecessary`: access for this request only); the explicit Redeem action asks for `durable` access.
 */
export type RedeemMode = 'ifNecessary' | 'durable';

export const PREFER_REDEEM: Readonly<Record<RedeemMode, string>> = Object.freeze({
  ifNecessary: 'redeemSharingLinkIfNecessary',
  durable: 'redeemSharingLink',
});

/** Graph accepts at most 20 requests in one `$batch` (reference/graph-shares.md §1.8). */
export const MAX_BATCH_SIZE = 20;

export interface GraphClientOptions extends Partial<RetryRuntime> {
  /** Graph root including the version, e.g. `https://graph.microsoft.com/v1.0` or the emulator's. */
  endpoint: string;
  /** The account's credential (`Authorization: Bearer …`), or null when signed out; `forceRefresh` after a 401. */
  credential: CredentialSource;
  /** The one way to the network (lib/http/transport.ts). */
  transport: Transport;
  retryPolicy?: RetryPolicy;
}

export interface GetSharedItemOptions extends ResolveOptions {
  redeem: RedeemMode;
  /**
   * Also ask how the link itself shares the item (`/shares/{t}/permission`), in the same `$batch` as the item:
   * one request still, two of the batch's 20 parts per link (the hover card's single link).
   */
  linkAccess?: boolean;
}

/** `onProgress` starts at 0 and only grows; `onResult` comes per distinct link in the order they settle. */
export interface GetSharedItemsOptions extends GetSharedItemOptions, ResolveManyOptions {}

export interface GraphClient {
  /** Resolves one share link with a plain GET. */
  getSharedItem(link: ShareLink, opts: GetSharedItemOptions): Promise<Result<SharedItem>>;
  /** Resolves many links through `$batch`; the map is keyed by `link.url`, one entry per distinct URL. */
  getSharedItems(
    links: readonly ShareLink[],
    opts: GetSharedItemsOptions,
  ): Promise<Map<string, Result<SharedItem>>>;
}

/**
 * Whether `url` is under the Graph endpoint (same origin, path at or below the endpoint's path), i.e. whether
 * it may carry the access token. Thumbnail hosts, download URLs and the link's own host never do
 * (ARCHITECTURE: one way in, one way out).
 */
export const isGraphUrl = isUnder;

/** The sharing link's own permission, relative to the endpoint (reference §1.2). */
export function linkPermissionPath(sharingUrl: string): string {
  return `/shares/${encodeSharingUrl(sharingUrl)}/permission`;
}

/**
 * The driveItem request for a share, relative to the endpoint (the form `$batch` parts use): the properties a
 * preview reads, its children's and its thumbnails.
 */
export function driveItemPath(sharingUrl: string): string {
  const children = `children($select=${CHILD_SELECT.join(',')})`;
  return `/shares/${encodeSharingUrl(sharingUrl)}/driveItem?$select=${DRIVE_ITEM_SELECT.join(',')}&$expand=${children},thumbnails`;
}

/** The link without its query string; Graph sometimes reads a link only without it (§3 [heur]). */
function withoutQuery(url: string): string {
  return url.replace(/\?[^#]*/, '');
}

/**
 * Whether the request writes: the durable redeem adds the item to the person's "Shared with me" for good
 * (§1.3), so it is sent once per request of the person, not repeated on a guess.
 */
function writes(opts: GetSharedItemOptions): boolean {
  return opts.redeem === 'durable';
}

/**
 * A 400 invalidRequest for a link with a query string earns one more try without the query — for reads
 * only: a durable redeem of another URL than the one the person chose is not sent on a guess.
 */
function retryWithoutQuery(
  result: Result<SharedItem>,
  sharingUrl: string,
  opts: GetSharedItemOptions,
): string | undefined {
  if (writes(opts) || result.ok || result.error.kind !== 'invalidLink') return undefined;
  const stripped = withoutQuery(sharingUrl);
  return stripped === sharingUrl ? undefined : stripped;
}

const failure = (error: ShareError): Result<SharedItem> => ({ ok: false, error });

const NOT_JSON = Symbol('not JSON');

/** What a request that got no usable answer means: the deadline passed, the answer was too large, or no answer. */
function noAnswerError(cause: unknown): ShareError {
  if (cause instanceof TransportError && cause.kind === 'timeout') return timeoutError();
  if (cause instanceof TransportError && cause.kind === 'tooLarge') return badResponseError();
  return networkError();
}

export function createGraphClient(options: GraphClientOptions): GraphClient {
  const endpoint = options.endpoint.replace(/\/+$/, '');
  const { transport } = options;
  const policy = options.retryPolicy ?? DEFAULT_RETRY_POLICY;
  const now = options.now ?? DEFAULT_RETRY_RUNTIME.now;
  const wait = options.sleep ?? DEFAULT_RETRY_RUNTIME.sleep;
  const random = options.random ?? DEFAULT_RETRY_RUNTIME.random;

  /** The token for one operation, sent only under the endpoint; a 401 earns one forced refresh per operation. */
  async function openSession(): Promise<Authorizer | undefined> {
    const authorizer = operationAuthorizer(endpoint, options.credential);
    return (await authorizer.credential()) ? authorizer : undefined;
  }

  /** One attempt through the transport: the token goes only under the endpoint, a 401 renews once. */
  function send(url: string, init: RequestInit, session: Authorizer): Promise<Response> {
    return transport.request(url, { ...init, authorizer: session });
  }

  /** The body as JSON, or NOT_JSON. The transport has read the body already, so this cannot hang. */
  async function readJson(response: Response): Promise<unknown> {
    try {
      return JSON.parse(await response.text()) as unknown;
    } catch {
      return NOT_JSON;
    }
  }

  function retryOptions(opts: GetSharedItemOptions) {
    // Previews only read (a `$batch` of GETs included) and are retried; the durable redeem is a write.
    const idempotent = !writes(opts);
    return { idempotent, policy, now, sleep: wait, random, onRetry: opts.onRetry, signal: opts.signal };
  }

  /** What one driveItem answer (plain or a batch part) means for the link. */
  function itemResult(
    link: ShareLink,
    status: number,
    headers: HeadersLike | undefined,
    body: unknown,
    retryAt?: number,
  ): Result<SharedItem> {
    if (status < 200 || status > 299) {
      return failure(
        mapGraphError(status, body === NOT_JSON ? undefined : body, headers, { now: now(), retryAt }),
      );
    }
    const parsed = driveItemSchema.safeParse(body);
    if (!parsed.success) return failure(badResponseError(status));
    return { ok: true, value: toSharedItem(link, parsed.data) };
  }

  async function fetchDriveItem(
    link: ShareLink,
    sharingUrl: string,
    session: Authorizer,
    opts: GetSharedItemOptions,
  ): Promise<Result<SharedItem>> {
    const url = `${endpoint}${driveItemPath(sharingUrl)}`;
    const init: RequestInit = {
      method: 'GET',
      headers: { Accept: 'application/json', Prefer: PREFER_REDEEM[opts.redeem] },
      signal: opts.signal,
    };
    const outcome = await sendWithRetry(() => send(url, init, session), retryOptions(opts));
    if (outcome.type === 'networkError') return failure(noAnswerError(outcome.error));
    const { response, retryAt } = outcome;
    const body = await readJson(response);
    return itemResult(link, response.status, response.headers, body, retryAt);
  }

  async function getSharedItem(link: ShareLink, opts: GetSharedItemOptions): Promise<Result<SharedItem>> {
    const session = await openSession();
    if (!session) return failure(unauthenticatedError());
    const result = await fetchDriveItem(link, link.url, session, opts);
    const stripped = retryWithoutQuery(result, link.url, opts);
    return stripped === undefined ? result : fetchDriveItem(link, stripped, session, opts);
  }

  /** One link waiting in the batch queue. */
  interface Job {
    link: ShareLink;
    /** What goes into the token: the link, or the link without its query after a 400. */
    sharingUrl: string;
    /** This part's own use of the retry policy (a throttled part is retried on its own). */
    retry: RetryState;
    /** Epoch ms before which the part must not be sent again (its Retry-After). */
    notBefore: number;
  }

  type JobOutcome = { type: 'done'; result: Result<SharedItem> } | { type: 'requeue' };

  /** Sends up to 20 jobs as one `$batch` and says what became of each. */
  async function runBatch(
    jobs: Job[],
    session: Authorizer,
    opts: GetSharedItemsOptions,
  ): Promise<JobOutcome[]> {
    const everyJob = (result: Result<SharedItem>): JobOutcome[] => jobs.map(() => ({ type: 'done', result }));
    const prefer = PREFER_REDEEM[opts.redeem];
    const requests = jobs.flatMap((job, index) => {
      job.retry.attempts += 1;
      const item = {
        id: String(index + 1),
        method: 'GET',
        url: driveItemPath(job.sharingUrl),
        headers: { Prefer: prefer },
      };
      if (!opts.linkAccess) return [item];
      return [
        item,
        {
          id: `${index + 1}p`,
          method: 'GET',
          url: linkPermissionPath(job.sharingUrl),
          headers: { Prefer: prefer },
        },
      ];
    });
    const init: RequestInit = {
      method: 'POST',
      headers: { Accept: 'application/json', 'Content-Type': 'application/json' },
      body: JSON.stringify({ requests }),
      signal: opts.signal,
    };
    const outcome = await sendWithRetry(() => send(`${endpoint}/$batch`, init, session), retryOptions(opts));
    if (outcome.type === 'networkError') return everyJob(failure(noAnswerError(outcome.error)));
    const { response } = outcome;
    const body = await readJson(response);
    if (!response.ok) {
      if (response.status === 400) {
        // A 400 for the whole batch is about the envelope ShareLens built, not about any link.
        const error: ShareError = {
          kind: 'server',
          status: 400,
          message: t('batchRejected'),
        };
        return everyJob(failure(error));
      }
      const error = mapGraphError(response.status, body === NOT_JSON ? undefined : body, response.headers, {
        now: now(),
        retryAt: outcome.retryAt,
      });
      return everyJob(failure(error));
    }
    const parsed = batchResponseSchema.safeParse(body);
    if (!parsed.success) return everyJob(failure(badResponseError(response.status)));

    // Parts come back in any order; ids are matched case-insensitively, as Graph compares them.
    const parts = new Map(parsed.data.responses.map((part) => [part.id.toLowerCase(), part]));
    const outcomes: JobOutcome[] = [];
    const unauthorised: number[] = [];
    for (const [index, job] of jobs.entries()) {
      const part = parts.get(String(index + 1));
      if (!part) {
        outcomes.push({ type: 'done', result: failure(badResponseError(response.status)) });
        continue;
      }
      if (part.status === 401) unauthorised.push(index);
      const outcome = partOutcome(job, part.status, part.headers, part.body, opts);
      // How the link shares the item, when Graph tells it; the item's answer stands either way.
      const permission = opts.linkAccess ? parts.get(`${index + 1}p`) : undefined;
      const linkAccess = permission?.status === 200 ? linkAccessOf(permission.body) : undefined;
      if (linkAccess && outcome.type === 'done' && outcome.result.ok)
        outcome.result.value.linkAccess = linkAccess;
      outcomes.push(outcome);
    }
    // Parts refused for the token: refresh once and send them again; else they stay unauthenticated.
    if (unauthorised.length > 0 && (await session.renew())) {
      for (const index of unauthorised) outcomes[index] = { type: 'requeue' };
    }
    return outcomes;
  }

  function partOutcome(
    job: Job,
    status: number,
    headers: HeadersLike | undefined,
    body: unknown,
    opts: GetSharedItemsOptions,
  ): JobOutcome {
    let retryAt: number | undefined;
    const partPolicy = policyFor(policy, !writes(opts));
    if (partPolicy.retryStatuses.includes(status)) {
      // A throttled part waits its own Retry-After and goes into a later batch (§1.8).
      const retryAfterMs = parseRetryAfter(headerValue(headers, 'retry-after'), now());
      const decision = planRetry(partPolicy, job.retry, { status, retryAfterMs }, random);
      if (decision.retry) {
        const at = now() + decision.delayMs;
        job.retry.waitedMs += decision.delayMs;
        job.notBefore = at;
        opts.onRetry?.({ attempt: job.retry.attempts + 1, delayMs: decision.delayMs, retryAt: at, status });
        return { type: 'requeue' };
      }
      if (decision.waitMs !== undefined) retryAt = now() + decision.waitMs;
    }
    const result = itemResult(job.link, status, headers, body, retryAt);
    const stripped = retryWithoutQuery(result, job.sharingUrl, opts);
    if (stripped === undefined) return { type: 'done', result };
    job.sharingUrl = stripped;
    job.retry = { attempts: 0, waitedMs: 0 };
    return { type: 'requeue' };
  }

  async function getSharedItems(
    links: readonly ShareLink[],
    opts: GetSharedItemsOptions,
  ): Promise<Map<string, Result<SharedItem>>> {
    const distinct = new Map<string, ShareLink>();
    for (const link of links) if (!distinct.has(link.url)) distinct.set(link.url, link);
    const total = distinct.size;
    const results = new Map<string, Result<SharedItem>>();
    const inInputOrder = () => new Map([...distinct.keys()].map((url) => [url, results.get(url)!]));
    if (total === 0) return results;
    opts.onProgress?.(0, total);

    const settle = async (url: string, result: Result<SharedItem>) => {
      results.set(url, result);
      try {
        await opts.onResult?.(url, result);
      } catch {
        // The caller's trouble with one link must not cost the others their results.
      }
    };
    const [first] = distinct.values();
    if (total === 1 && first && !opts.linkAccess) {
      // One link gains nothing from a batch envelope: a plain GET is simpler on the wire.
      await settle(first.url, await getSharedItem(first, opts));
      opts.onProgress?.(1, total);
      return results;
    }

    const session = await openSession();
    if (!session) {
      // No status: nobody is signed in, as opposed to Graph refusing a token (a 401, see errors.ts).
      for (const url of distinct.keys()) await settle(url, failure(unauthenticatedError()));
      opts.onProgress?.(total, total);
      return inInputOrder();
    }

    let queue: Job[] = [...distinct.values()].map((link) => ({
      link,
      sharingUrl: link.url,
      retry: { attempts: 0, waitedMs: 0 },
      notBefore: 0,
    }));
    // Batches go one after another: Graph throttles per user and app, so parallel batches would
    // mostly buy more 429s; 20 links per request is already the big win.
    while (queue.length > 0) {
      opts.signal?.throwIfAborted();
      const time = now();
      const perBatch = opts.linkAccess ? MAX_BATCH_SIZE / 2 : MAX_BATCH_SIZE;
      const ready = queue.filter((job) => job.notBefore <= time).slice(0, perBatch);
      if (ready.length === 0) {
        const next = Math.min(...queue.map((job) => job.notBefore));
        await wait(next - time, opts.signal);
        continue;
      }
      queue = queue.filter((job) => !ready.includes(job));
      const outcomes = await runBatch(ready, session, opts);
      const before = results.size;
      for (const [index, job] of ready.entries()) {
        const outcome = outcomes[index]!;
        if (outcome.type === 'done') await settle(job.link.url, outcome.result);
        else queue.push(job);
      }
      if (results.size > before) opts.onProgress?.(results.size, total);
    }
    return inInputOrder();
  }

  return { getSharedItem, getSharedItems };
}
