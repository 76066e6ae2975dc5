import { describe, expect, it, vi } from 'vitest';
import {
  backoffDelay,
  DEFAULT_RETRY_POLICY,
  MIN_RETRY_DELAY_MS,
  parseRetryAfter,
  planRetry,
  type RetryEvent,
  type RetryPolicy,
  sendWithRetry,
} from './retry';
import { sleep } from './sleep';
import { TransportError } from './transport';

const NOW = Date.UTC(2025, 5, 1, 12, 0, 0);

/** A clock that only moves when the code under test sleeps. */
function fakeRuntime(random = 0.5) {
  let time = NOW;
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => time,
    sleep: async (ms: number) => {
      sleeps.push(ms);
      time += ms;
    },
    random: () => random,
  };
}

function respond(status: number, headers: Record<string, string> = {}): Response {
  return new Response(status === 204 ? null : JSON.stringify({ status }), { status, headers });
}

/** A `send` that answers from a script, one entry per attempt. */
function scripted(...answers: Array<Response | Error>) {
  const send = vi.fn(async (_attempt: number) => {
    const next = answers.shift();
    if (!next) throw new Error('more attempts than scripted');
    if (next instanceof Error) throw next;
    return next;
  });
  return send;
}

describe('parseRetryAfter', () => {
  it('reads delta-seconds', () => {
    expect(parseRetryAfter('10', NOW)).toBe(10_000);
    expect(parseRetryAfter(' 0 ', NOW)).toBe(0);
    expect(parseRetryAfter('315', NOW)).toBe(315_000);
  });

  it('reads an IMF-fixdate HTTP-date relative to now', () => {
    expect(parseRetryAfter('Sun, 01 Jun 2025 12:00:30 GMT', NOW)).toBe(30_000);
    expect(parseRetryAfter(new Date(NOW + 45_000).toUTCString(), NOW)).toBe(45_000);
  });

  it('reads the obsolete RFC 850 and asctime date forms', () => {
    expect(parseRetryAfter('Sunday, 01-Jun-25 12:01:00 GMT', NOW)).toBe(60_000);
    expect(parseRetryAfter('Sun Jun  1 12:00:05 2025', NOW)).toBe(5_000);
  });

  it('treats a date in the past as "retry now"', () => {
    expect(parseRetryAfter('Wed, 21 Oct 2015 07:28:00 GMT', NOW)).toBe(0);
  });

  it('ignores garbage', () => {
    for (const value of [
      null,
      undefined,
      '',
      'soon',
      '1.5',
      '-5',
      '10 seconds',
      '2025-06-01T12:00:30Z',
      'Sun, 31 Feb 2025 12:00:30 GMT',
      'Sun, 01 Foo 2025 12:00:30 GMT',
      'Sun, 01 Jun 2025 25:00:30 GMT',
    ]) {
      expect(parseRetryAfter(value, NOW), String(value)).toBeUndefined();
    }
  });
});

describe('backoffDelay', () => {
  const policy: RetryPolicy = { ...DEFAULT_RETRY_POLICY, baseDelayMs: 1_000, maxDelayMs: 30_000 };

  it('with equal jitter waits between half and all of a doubling step, never zero', () => {
    for (const [retry, step] of [
      [1, 1_000],
      [2, 2_000],
      [3, 4_000],
      [4, 8_000],
    ] as const) {
      expect(backoffDelay(policy, retry, () => 0)).toBe(step / 2);
      expect(backoffDelay(policy, retry, () => 0.999_999)).toBe(step);
    }
  });

  it('never exceeds the cap', () => {
    expect(backoffDelay(policy, 10, () => 0.999_999)).toBe(30_000);
    expect(backoffDelay(policy, 10, () => 0)).toBe(15_000);
  });

  it('with full jitter may wait anywhere from zero to the step', () => {
    const full: RetryPolicy = { ...policy, jitter: 'full' };
    expect(backoffDelay(full, 3, () => 0)).toBe(0);
    expect(backoffDelay(full, 3, () => 0.5)).toBe(2_000);
    expect(backoffDelay(full, 3, () => 0.999_999)).toBe(4_000);
  });
});

describe('planRetry', () => {
  const fresh = { attempts: 1, waitedMs: 0 };

  it('does not retry statuses that another try cannot fix', () => {
    for (const status of [400, 401, 403, 404, 409, 500]) {
      expect(planRetry(DEFAULT_RETRY_POLICY, fresh, { status }, Math.random)).toEqual({ retry: false });
    }
  });

  it('honours Retry-After over backoff', () => {
    expect(planRetry(DEFAULT_RETRY_POLICY, fresh, { status: 429, retryAfterMs: 7_000 }, () => 0)).toEqual({
      retry: true,
      delayMs: 7_000,
    });
  });

  it('never plans a retry sooner than MIN_RETRY_DELAY_MS, whatever Retry-After says', () => {
    expect(planRetry(DEFAULT_RETRY_POLICY, fresh, { status: 429, retryAfterMs: 0 }, () => 0)).toEqual({
      retry: true,
      delayMs: MIN_RETRY_DELAY_MS,
    });
  });

  it('gives up at once when Retry-After exceeds the remaining wait budget', () => {
    const state = { attempts: 2, waitedMs: 41_000 };
    expect(planRetry(DEFAULT_RETRY_POLICY, state, { status: 429, retryAfterMs: 315_000 }, () => 0)).toEqual({
      retry: false,
      waitMs: 315_000,
    });
  });

  it('does not retry network failures when the policy says so', () => {
    const policy = { ...DEFAULT_RETRY_POLICY, retryNetworkErrors: false };
    expect(planRetry(policy, fresh, {}, () => 0)).toEqual({ retry: false });
    expect(planRetry(DEFAULT_RETRY_POLICY, fresh, {}, () => 0)).toEqual({ retry: true, delayMs: 500 });
  });
});

describe('sendWithRetry', () => {
  it('waits Retry-After, reports the retry, then returns the success', async () => {
    const runtime = fakeRuntime();
    const events: RetryEvent[] = [];
    const send = scripted(respond(429, { 'Retry-After': '2' }), respond(200));
    const outcome = await sendWithRetry(send, {
      idempotent: true,
      ...runtime,
      onRetry: (e) => events.push(e),
    });

    expect(outcome).toMatchObject({ type: 'response', attempts: 2 });
    expect(outcome.type === 'response' && outcome.response.status).toBe(200);
    expect(outcome.type === 'response' && outcome.retryAt).toBeUndefined();
    expect(events).toEqual([{ attempt: 2, delayMs: 2_000, retryAt: NOW + 2_000, status: 429 }]);
    expect(runtime.sleeps).toEqual([2_000]);
  });

  it('accepts Retry-After as an HTTP-date', async () => {
    const runtime = fakeRuntime();
    const events: RetryEvent[] = [];
    const send = scripted(respond(503, { 'Retry-After': 'Sun, 01 Jun 2025 12:00:20 GMT' }), respond(200));
    await sendWithRetry(send, { idempotent: true, ...runtime, onRetry: (e) => events.push(e) });
    expect(events).toEqual([{ attempt: 2, delayMs: 20_000, retryAt: NOW + 20_000, status: 503 }]);
  });

  it('backs off with jitter when there is no Retry-After, and stops after the attempt cap', async () => {
    const runtime = fakeRuntime(0);
    const send = scripted(respond(504), respond(504), respond(504), respond(504));
    const events: RetryEvent[] = [];
    const outcome = await sendWithRetry(send, {
      idempotent: true,
      ...runtime,
      onRetry: (e) => events.push(e),
    });

    expect(send).toHaveBeenCalledTimes(DEFAULT_RETRY_POLICY.maxAttempts);
    expect(runtime.sleeps).toEqual([500, 1_000, 2_000]);
    expect(events.map((e) => e.attempt)).toEqual([2, 3, 4]);
    expect(outcome.type === 'response' && outcome.response.status).toBe(504);
    // The next sensible try is one more backoff step away.
    expect(outcome.type === 'response' && outcome.retryAt).toBe(NOW + 3_500 + 4_000);
  });

  it('stops when the next Retry-After would exceed the total wait budget', async () => {
    const runtime = fakeRuntime();
    const send = scripted(
      respond(429, { 'Retry-After': '25' }),
      respond(429, { 'Retry-After': '25' }),
      respond(429, { 'Retry-After': '25' }),
    );
    const outcome = await sendWithRetry(send, { idempotent: true, ...runtime });

    expect(send).toHaveBeenCalledTimes(3);
    expect(runtime.sleeps).toEqual([25_000, 25_000]);
    expect(outcome.type === 'response' && outcome.retryAt).toBe(NOW + 50_000 + 25_000);
  });

  it('gives up without waiting when Retry-After alone exceeds the budget', async () => {
    const runtime = fakeRuntime();
    const onRetry = vi.fn();
    const send = scripted(respond(429, { 'Retry-After': '120' }));
    const outcome = await sendWithRetry(send, { idempotent: true, ...runtime, onRetry });

    expect(send).toHaveBeenCalledTimes(1);
    expect(onRetry).not.toHaveBeenCalled();
    expect(runtime.sleeps).toEqual([]);
    expect(outcome.type === 'response' && outcome.retryAt).toBe(NOW + 120_000);
  });

  it.each([400, 403, 404])('answers %i at once', async (status) => {
    const runtime = fakeRuntime();
    const send = scripted(respond(status, { 'Retry-After': '1' }));
    const outcome = await sendWithRetry(send, { idempotent: true, ...runtime });
    expect(send).toHaveBeenCalledTimes(1);
    expect(outcome.type === 'response' && outcome.response.status).toBe(status);
    expect(outcome.type === 'response' && outcome.retryAt).toBeUndefined();
  });

  it('retries a network failure of an idempotent request', async () => {
    const runtime = fakeRuntime(0);
    const events: RetryEvent[] = [];
    const send = scripted(new TypeError('fetch failed'), respond(200));
    const outcome = await sendWithRetry(send, {
      idempotent: true,
      ...runtime,
      onRetry: (e) => events.push(e),
    });
    expect(outcome.type === 'response' && outcome.response.status).toBe(200);
    expect(events).toEqual([{ attempt: 2, delayMs: 500, retryAt: NOW + 500 }]);
  });

  it('does not send again a request that used its whole deadline', async () => {
    const runtime = fakeRuntime();
    const timedOut = new TransportError('timeout', 'No complete response within 30000 ms.');
    const send = scripted(timedOut, respond(200));
    const outcome = await sendWithRetry(send, { idempotent: true, ...runtime });
    expect(send).toHaveBeenCalledTimes(1);
    expect(outcome).toEqual({ type: 'networkError', error: timedOut, attempts: 1 });
  });

  it('reports a network failure once the attempts are used up', async () => {
    const runtime = fakeRuntime();
    const failure = new TypeError('fetch failed');
    const send = scripted(failure, failure, failure, failure);
    const outcome = await sendWithRetry(send, { idempotent: true, ...runtime });
    expect(outcome).toEqual({ type: 'networkError', error: failure, attempts: 4 });
  });

  it('re-sends a non-idempotent request only after a 429, never after 503/504 or a network failure', async () => {
    const runtime = fakeRuntime();
    const throttled = await sendWithRetry(scripted(respond(503, { 'Retry-After': '3' })), {
      idempotent: false,
      ...runtime,
    });
    expect(throttled).toMatchObject({ type: 'response', attempts: 1 });

    const lost = await sendWithRetry(scripted(new TypeError('fetch failed')), {
      idempotent: false,
      ...runtime,
    });
    expect(lost).toMatchObject({ type: 'networkError', attempts: 1 });
    const timedOut = await sendWithRetry(scripted(respond(504)), { idempotent: false, ...runtime });
    expect(timedOut).toMatchObject({ type: 'response', attempts: 1 });
    expect(runtime.sleeps).toEqual([]);

    // A 429 was refused before anything happened: sent again, after its Retry-After.
    const send = scripted(respond(429, { 'Retry-After': '4' }), respond(200));
    const refused = await sendWithRetry(send, { idempotent: false, ...runtime });
    expect(refused).toMatchObject({ type: 'response', attempts: 2 });
    expect(runtime.sleeps).toEqual([4_000]);
  });

  it('waits at least MIN_RETRY_DELAY_MS after a zero or past Retry-After', async () => {
    const runtime = fakeRuntime();
    const send = scripted(
      respond(429, { 'Retry-After': '0' }),
      respond(503, { 'Retry-After': 'Wed, 21 Oct 2015 07:28:00 GMT' }),
      respond(200),
    );
    const outcome = await sendWithRetry(send, { idempotent: true, ...runtime });
    expect(outcome).toMatchObject({ type: 'response', attempts: 3 });
    expect(runtime.sleeps).toEqual([MIN_RETRY_DELAY_MS, MIN_RETRY_DELAY_MS]);
    expect(MIN_RETRY_DELAY_MS).toBeGreaterThanOrEqual(1_000);
  });

  it('stops waiting and rejects when the caller aborts', async () => {
    const controller = new AbortController();
    const send = scripted(respond(429, { 'Retry-After': '5' }), respond(200));
    const promise = sendWithRetry(send, {
      idempotent: true,
      signal: controller.signal,
      now: () => NOW,
      random: () => 0.5,
      sleep,
    });
    await vi.waitFor(() => expect(send).toHaveBeenCalledTimes(1));
    controller.abort();
    await expect(promise).rejects.toMatchObject({ name: 'AbortError' });
    expect(send).toHaveBeenCalledTimes(1);
  });
});

describe('sleep', () => {
  it('resolves after the delay', async () => {
    vi.useFakeTimers();
    try {
      let done = false;
      const promise = sleep(1_000).then(() => {
        done = true;
      });
      await vi.advanceTimersByTimeAsync(999);
      expect(done).toBe(false);
      await vi.advanceTimersByTimeAsync(1);
      await promise;
      expect(done).toBe(true);
    } finally {
      vi.useRealTimers();
    }
  });

  it('rejects at once with an already aborted signal', async () => {
    await expect(sleep(10_000, AbortSignal.abort())).rejects.toMatchObject({ name: 'AbortError' });
  });
});
