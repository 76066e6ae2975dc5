import { sleep as realSleep } from './sleep';
import { discardBody, TransportError } from './transport';

/**
 * How reads are retried. One policy for every client (Graph, ContentStore, EWS).
 *
 * Graph asks clients to wait `Retry-After` on 429 (and SharePoint sends 503 with it too), to back
 * off exponentially when the header is missing, and never to retry at once, because throttled
 * calls still count against the quota (reference/graph-shares.md §1.7).
 */
export interface RetryPolicy {
  /** Statuses worth another try. Everything else is answered as is. */
  retryStatuses: readonly number[];
  /**
   * Retry when `fetch` itself failed (offline, connection reset). Only ever applied to idempotent
   * requests: a write that failed in flight may have reached the server.
   */
  retryNetworkErrors: boolean;
  /** Attempts in all, the first one included. */
  maxAttempts: number;
  /** Most time spent waiting between attempts. A Retry-After beyond what is left ends the retries. */
  maxTotalWaitMs: number;
  /** First backoff step when the server gave no Retry-After; doubles on each retry. */
  baseDelayMs: number;
  /** Largest single backoff step. */
  maxDelayMs: number;
  /**
   * `equal`: wait between half and all of the backoff step, never zero, as Graph asks.
   * `full`: anywhere between zero and the step; spreads clients out more.
   */
  jitter: 'equal' | 'full';
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = Object.freeze({
  retryStatuses: Object.freeze([429, 503, 504]),
  retryNetworkErrors: true,
  maxAttempts: 4,
  maxTotalWaitMs: 60_000,
  baseDelayMs: 1_000,
  maxDelayMs: 30_000,
  jitter: 'equal',
});

/**
 * The shortest wait before any retry, whatever Retry-After says. `Retry-After: 0` or a date already past
 * (a skewed server clock, a header cached by a proxy) would otherwise re-send at once, and Graph counts
 * throttled calls against the quota (reference/graph-shares.md §1.7): a burst of instant retries only
 * deepens the throttling. One second: the unit Retry-After counts in, and the backoff's first step
 * (`baseDelayMs`).
 */
export const MIN_RETRY_DELAY_MS = 1_000;

/**
 * The policy as it applies to one request. A write (Graph's durable redeem) is sent again only after a
 * 429: the server refused it before doing anything. After a 503/504 or a lost connection the write may
 * have been applied already, so it is not repeated; the caller reports the failure instead.
 */
export function policyFor(policy: RetryPolicy, idempotent: boolean): RetryPolicy {
  if (idempotent) return policy;
  return {
    ...policy,
    retryStatuses: policy.retryStatuses.filter((status) => status === 429),
    retryNetworkErrors: false,
  };
}

/** Clock, timer and dice, injectable so that tests are deterministic. */
export interface RetryRuntime {
  now: () => number;
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** In [0, 1), like Math.random. */
  random: () => number;
}

export const DEFAULT_RETRY_RUNTIME: RetryRuntime = Object.freeze({
  now: () => Date.now(),
  sleep: realSleep,
  random: () => Math.random(),
});

/** Reported before each wait, so a UI can say "retrying at …". */
/** A wait before the next attempt: what the card, the popup and the retry policy all say about throttling. */
export interface RetryWait {
  /** The attempt that will run after the wait: 2 for the first retry. */
  attempt: number;
  /** Epoch ms when the next attempt starts. */
  retryAt: number;
}

export interface RetryEvent extends RetryWait {
  delayMs: number;
  /** The status that caused the retry; absent when the request failed on the network. */
  status?: number;
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
// The three HTTP-date forms a recipient must accept (RFC 9110 §5.6.7): IMF-fixdate, RFC 850, asctime.
const HTTP_DATE_FORMS = [
  /^[a-z]{3}, (?<day>\d{2}) (?<month>[a-z]{3}) (?<year>\d{4}) (?<time>\d{2}:\d{2}:\d{2}) GMT$/i,
  /^[a-z]{6,9}, (?<day>\d{2})-(?<month>[a-z]{3})-(?<year>\d{2}) (?<time>\d{2}:\d{2}:\d{2}) GMT$/i,
  /^[a-z]{3} (?<month>[a-z]{3}) (?<day>[ \d]\d) (?<time>\d{2}:\d{2}:\d{2}) (?<year>\d{4})$/i,
];

/** Epoch ms of an HTTP-date, or undefined when `value` is not one. */
function parseHttpDate(value: string, now: number): number | undefined {
  const parts = HTTP_DATE_FORMS.map((form) => form.exec(value)?.groups).find((groups) => groups);
  if (!parts?.day || !parts.month || !parts.year || !parts.time) return undefined;
  const month = MONTHS.indexOf(parts.month.toLowerCase());
  const day = Number(parts.day);
  const [hour = 0, minute = 0, second = 0] = parts.time.split(':').map(Number);
  let year = Number(parts.year);
  if (parts.year.length === 2) {
    // A two-digit year more than 50 years ahead belongs to the previous century (RFC 9110 §5.6.7).
    year += 2000;
    if (year > new Date(now).getUTCFullYear() + 50) year -= 100;
  }
  if (month < 0 || hour > 23 || minute > 59 || second > 60) return undefined;
  const time = Date.UTC(year, month, day, hour, minute, Math.min(second, 59));
  // Date.UTC rolls 31 Feb over into March; an HTTP-date never does.
  return new Date(time).getUTCDate() === day ? time : undefined;
}

/**
 * Milliseconds to wait according to a `Retry-After` header: delta-seconds (`120`) or an HTTP-date
 * (`Wed, 21 Oct 2015 07:28:00 GMT`) — Graph's own SDK accepts both (reference/graph-shares.md §1.7).
 * A date in the past means "now" (0). Anything else is ignored (undefined).
 */
export function parseRetryAfter(value: string | null | undefined, now: number): number | undefined {
  if (value == null) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) {
    const seconds = Number(trimmed);
    return Number.isFinite(seconds * 1000) ? seconds * 1000 : undefined;
  }
  const time = parseHttpDate(trimmed, now);
  return time === undefined ? undefined : Math.max(0, time - now);
}

/** The wait before retry number `retry` (1 for the first retry) when the server named no time. */
export function backoffDelay(policy: RetryPolicy, retry: number, random: () => number): number {
  const step = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, retry - 1));
  const delay = policy.jitter === 'full' ? random() * step : step / 2 + (random() * step) / 2;
  return Math.round(delay);
}

/** What one request (or one batch part) has used of the policy so far. */
export interface RetryState {
  /** Attempts already made. */
  attempts: number;
  /** Time already spent waiting between them. */
  waitedMs: number;
}

export type RetryDecision =
  | { retry: true; delayMs: number }
  /** `waitMs`: when a retryable failure ran out of budget, how long until a later try makes sense. */
  | { retry: false; waitMs?: number };

/**
 * Whether a failed attempt should be retried, and after how long. `status` undefined means the
 * request failed on the network. Pure: the caller keeps the state and does the waiting.
 */
export function planRetry(
  policy: RetryPolicy,
  state: RetryState,
  failure: { status?: number; retryAfterMs?: number },
  random: () => number,
): RetryDecision {
  const retryable =
    failure.status === undefined ? policy.retryNetworkErrors : policy.retryStatuses.includes(failure.status);
  if (!retryable) return { retry: false };
  const delayMs =
    failure.retryAfterMs === undefined
      ? backoffDelay(policy, state.attempts, random)
      : Math.max(MIN_RETRY_DELAY_MS, failure.retryAfterMs);
  if (state.attempts >= policy.maxAttempts) return { retry: false, waitMs: delayMs };
  // Waiting out a Retry-After longer than the budget only to try again is pointless: stop now and
  // let the caller tell the person when it will work.
  if (state.waitedMs + delayMs > policy.maxTotalWaitMs) return { retry: false, waitMs: delayMs };
  return { retry: true, delayMs };
}

export interface RetryOptions extends Partial<RetryRuntime> {
  /**
   * Required on purpose. `true` only for requests that change nothing on the server (GET, or a
   * `$batch` of GETs). `false` re-sends only after a 429 (see {@link policyFor}): a write that failed
   * otherwise may still have been applied, and must be reconciled before it is tried again
   * (ARCHITECTURE: writes are not blindly retried).
   */
  idempotent: boolean;
  policy?: RetryPolicy;
  onRetry?: (event: RetryEvent) => void;
  signal?: AbortSignal;
}

export type RetryOutcome =
  | {
      type: 'response';
      /** The last response, whatever its status. Its body has not been read. */
      response: Response;
      attempts: number;
      /** Set when the last response was retryable but the policy gave up: epoch ms of the next sensible try. */
      retryAt?: number;
    }
  | { type: 'networkError'; error: unknown; attempts: number };

/**
 * Runs `send` under the retry policy: retries 429/503/504 (and network failures) for idempotent
 * requests, only 429 for writes, honours Retry-After (at least {@link MIN_RETRY_DELAY_MS}), otherwise
 * backs off with jitter, and reports every scheduled wait
 * through `onRetry`. An abort through `signal` rejects with the signal's reason.
 */
export async function sendWithRetry(
  send: (attempt: number) => Promise<Response>,
  options: RetryOptions,
): Promise<RetryOutcome> {
  const policy = policyFor(options.policy ?? DEFAULT_RETRY_POLICY, options.idempotent);
  const now = options.now ?? DEFAULT_RETRY_RUNTIME.now;
  const wait = options.sleep ?? DEFAULT_RETRY_RUNTIME.sleep;
  const random = options.random ?? DEFAULT_RETRY_RUNTIME.random;
  const { signal } = options;
  const state: RetryState = { attempts: 0, waitedMs: 0 };

  for (;;) {
    signal?.throwIfAborted();
    state.attempts += 1;
    let response: Response;
    try {
      response = await send(state.attempts);
    } catch (error) {
      if (signal?.aborted) throw signal.reason;
      // A request that used its whole deadline is not sent again by itself: the person would wait for
      // nothing twice. The error says so, and Try again is theirs.
      if (error instanceof TransportError && error.kind === 'timeout') {
        return { type: 'networkError', error, attempts: state.attempts };
      }
      const decision = planRetry(policy, state, {}, random);
      if (!decision.retry) return { type: 'networkError', error, attempts: state.attempts };
      await pause(decision.delayMs, undefined);
      continue;
    }
    const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'), now());
    const decision = planRetry(policy, state, { status: response.status, retryAfterMs }, random);
    if (!decision.retry) {
      const outcome: RetryOutcome = { type: 'response', response, attempts: state.attempts };
      if (decision.waitMs !== undefined) outcome.retryAt = now() + decision.waitMs;
      return outcome;
    }
    discardBody(response);
    await pause(decision.delayMs, response.status);
  }

  async function pause(delayMs: number, status: number | undefined): Promise<void> {
    const event: RetryEvent = { attempt: state.attempts + 1, delayMs, retryAt: now() + delayMs };
    if (status !== undefined) event.status = status;
    options.onRetry?.(event);
    state.waitedMs += delayMs;
    await wait(delayMs, signal);
  }
}
