import { describe, expect, it } from 'vitest';
import type { RetryEvent } from '../../http/retry';
import type { Result, SharedItem, ShareLink } from '../../model';
import { REFUSED_MESSAGE, SIGN_IN_MESSAGE } from './errors';
import {
  type BatchPart,
  batchParts,
  batchReply,
  type CapturedRequest,
  ENDPOINT,
  fileItem,
  graphClientWith,
  graphError,
  json,
  NOW,
  sharingUrlOf,
  tokenSource,
} from './test-support';

const links: ShareLink[] = Array.from({ length: 45 }, (_, i) => ({
  provider: 'sharepoint',
  url: `https://contoso.sharepoint.com/:w:/s/Team/Doc${i}?e=k${i}`,
}));

/** The file name the fake server gives the item behind a sharing URL. */
const nameFor = (url: string) => `${/Doc\d+/.exec(url)?.[0] ?? 'Item'}.docx`;

type PartAnswer = { status: number; headers?: Record<string, string>; body?: unknown };

/** A fake `$batch` endpoint; `answer` decides each part, defaulting to the item. */
function batchServer(answer: (url: string, part: BatchPart) => PartAnswer | undefined = () => undefined) {
  return (request: CapturedRequest) =>
    batchReply(
      batchParts(request).map((part) => {
        const url = sharingUrlOf(part.url);
        return { id: part.id, ...(answer(url, part) ?? { status: 200, body: fileItem(nameFor(url)) }) };
      }),
    );
}

const setup = graphClientWith;

describe('getSharedItems', () => {
  it('resolves 45 links in 3 batches of at most 20, duplicates collapsed', async () => {
    const { client, requests } = setup(batchServer());
    const progress: Array<[number, number]> = [];
    const withDuplicates = [...links, links[0]!, links[7]!, links[44]!];
    const results = await client.getSharedItems(withDuplicates, {
      redeem: 'ifNecessary',
      onProgress: (done, total) => progress.push([done, total]),
    });

    expect(requests.map((r) => [r.method, r.url])).toEqual(Array(3).fill(['POST', `${ENDPOINT}/$batch`]));
    const parts = requests.map(batchParts);
    expect(parts.map((p) => p.length)).toEqual([20, 20, 5]);
    const sentUrls = parts.flat().map((part) => sharingUrlOf(part.url));
    expect(new Set(sentUrls).size).toBe(45);
    for (const request of requests) {
      expect(request.headers.get('Authorization')).toBe('Bearer token-1');
      expect(request.headers.get('Content-Type')).toBe('application/json');
    }
    for (const part of parts.flat()) {
      expect(part).toMatchObject({ method: 'GET', headers: { Prefer: 'redeemSharingLinkIfNecessary' } });
      expect(part.url).toMatch(
        /^\/shares\/u![\w-]+\/driveItem\?\$select=[\w,]+&\$expand=children\(\$select=[\w,]+\),thumbnails$/,
      );
    }
    for (const batch of parts) expect(new Set(batch.map((p) => p.id)).size).toBe(batch.length);

    expect([...results.keys()]).toEqual(links.map((l) => l.url));
    for (const link of links) {
      expect(results.get(link.url)).toMatchObject({
        ok: true,
        value: { url: link.url, name: nameFor(link.url) },
      });
    }
    expect(progress).toEqual([
      [0, 45],
      [20, 45],
      [40, 45],
      [45, 45],
    ]);
  });

  it('matches parts by id, whatever order they come back in', async () => {
    const shuffle = (request: CapturedRequest) => {
      const answers = batchParts(request).map((part) => ({
        id: part.id,
        status: 200,
        headers: { 'Content-Type': 'application/json' },
        body: fileItem(nameFor(sharingUrlOf(part.url))),
      }));
      // A fixed interleaving: odd positions first, then even ones, then reversed.
      const mixed = [...answers.filter((_, i) => i % 2), ...answers.filter((_, i) => !(i % 2))].reverse();
      return json(200, { responses: mixed });
    };
    const { client } = setup(shuffle);
    const results = await client.getSharedItems(links.slice(0, 7), { redeem: 'durable' });
    for (const link of links.slice(0, 7)) {
      expect(results.get(link.url)).toMatchObject({ ok: true, value: { name: nameFor(link.url) } });
    }
  });

  it('sends the durable Prefer value in every part when redeeming', async () => {
    const { client, requests } = setup(batchServer());
    await client.getSharedItems(links.slice(0, 3), { redeem: 'durable' });
    expect(batchParts(requests[0]!).map((p) => p.headers?.Prefer)).toEqual(
      Array(3).fill('redeemSharingLink'),
    );
  });

  it('does not send a durable part again after a 503 or a 400: the redeem is a write', async () => {
    const server = batchServer((url) => {
      if (url === links[0]!.url) return { status: 503, body: graphError('serviceNotAvailable', 'Later') };
      if (url === links[1]!.url)
        return { status: 400, body: graphError('invalidRequest', 'Invalid shares key.') };
      return undefined;
    });
    const { client, requests } = setup(server);
    const results = await client.getSharedItems(links.slice(0, 3), { redeem: 'durable' });
    expect(requests).toHaveLength(1);
    expect(results.get(links[0]!.url)).toMatchObject({ ok: false, error: { status: 503 } });
    expect(results.get(links[1]!.url)).toMatchObject({ ok: false, error: { kind: 'invalidLink' } });
  });

  it("retries a throttled part in a later batch after that part's Retry-After", async () => {
    const throttledUrl = links[2]!.url;
    let throttledOnce = false;
    const server = batchServer((url) => {
      if (url !== throttledUrl || throttledOnce) return undefined;
      throttledOnce = true;
      return {
        status: 429,
        headers: { 'retry-after': '3' },
        body: graphError('TooManyRequests', 'Please retry again later.'),
      };
    });
    const { client, requests, clock } = setup(server);
    const events: RetryEvent[] = [];
    const progress: number[] = [];
    const results = await client.getSharedItems(links.slice(0, 25), {
      redeem: 'ifNecessary',
      onRetry: (e) => events.push(e),
      onProgress: (done) => progress.push(done),
    });

    expect(events).toEqual([{ attempt: 2, delayMs: 3_000, retryAt: NOW + 3_000, status: 429 }]);
    expect(requests.map((r) => batchParts(r).length)).toEqual([20, 5, 1]);
    expect(sharingUrlOf(batchParts(requests[2]!)[0]!.url)).toBe(throttledUrl);
    expect(clock.sleeps).toEqual([3_000]);
    expect(results.get(throttledUrl)).toMatchObject({ ok: true, value: { name: 'Doc2.docx' } });
    expect(progress).toEqual([0, 19, 24, 25]);
  });

  it('reports progress only when links are resolved, not when a whole batch is throttled per part', async () => {
    let firstBatch = true;
    const server = batchServer(() =>
      firstBatch
        ? { status: 429, headers: { 'Retry-After': '1' }, body: graphError('TooManyRequests', 'x') }
        : undefined,
    );
    const { client, requests } = setup((request) => {
      const reply = server(request);
      firstBatch = false;
      return reply;
    });
    const progress: number[] = [];
    const events: RetryEvent[] = [];
    await client.getSharedItems(links.slice(0, 3), {
      redeem: 'ifNecessary',
      onProgress: (done) => progress.push(done),
      onRetry: (e) => events.push(e),
    });
    expect(requests.map((r) => batchParts(r).length)).toEqual([3, 3]);
    expect(events).toHaveLength(3);
    expect(progress).toEqual([0, 3]);
  });

  it('reports a part throttled for longer than the budget, with retryAt, without waiting', async () => {
    const server = batchServer((url) =>
      url === links[1]!.url
        ? { status: 503, headers: { 'Retry-After': '300' }, body: graphError('serviceNotAvailable', 'Busy') }
        : undefined,
    );
    const { client, requests, clock } = setup(server);
    const results = await client.getSharedItems(links.slice(0, 3), { redeem: 'ifNecessary' });
    expect(results.get(links[1]!.url)).toMatchObject({
      ok: false,
      error: { kind: 'throttled', status: 503, retryAt: NOW + 300_000 },
    });
    expect(requests).toHaveLength(1);
    expect(clock.sleeps).toEqual([]);
  });

  it('maps each failed part on its own', async () => {
    const answers: Record<number, PartAnswer> = {
      0: { status: 403, body: graphError('accessDenied', 'The sharing link no longer exists.') },
      1: { status: 404, body: graphError('itemNotFound', 'Not found') },
      2: { status: 200, body: { name: 'no id' } },
      3: { status: 500, body: { error: { code: 'generalException', innererror: { code: 'UnknownError' } } } },
    };
    const server = batchServer((url) => answers[Number(/Doc(\d+)/.exec(url)?.[1])]);
    const { client } = setup(server);
    const results = await client.getSharedItems(links.slice(0, 5), { redeem: 'ifNecessary' });
    expect(results.get(links[0]!.url)).toMatchObject({
      ok: false,
      error: { kind: 'accessDenied', status: 403 },
    });
    expect(results.get(links[1]!.url)).toMatchObject({ ok: false, error: { kind: 'notFound', status: 404 } });
    expect(results.get(links[2]!.url)).toMatchObject({ ok: false, error: { kind: 'badResponse' } });
    expect(results.get(links[3]!.url)).toMatchObject({
      ok: false,
      error: { kind: 'server', status: 500, code: 'UnknownError' },
    });
    expect(results.get(links[4]!.url)).toMatchObject({ ok: true });
  });

  it('retries a part refused as invalidRequest once without its query string', async () => {
    const noQuery = { provider: 'onedrive' as const, url: 'https://1drv.ms/w/c/db31c5aff0d22737/EUqS' };
    const server = batchServer((url) =>
      url.includes('?') || url === noQuery.url
        ? { status: 400, body: graphError('invalidRequest', 'Invalid shares key.') }
        : undefined,
    );
    const { client, requests } = setup(server);
    const results = await client.getSharedItems([links[0]!, noQuery], { redeem: 'ifNecessary' });

    expect(requests.map((r) => batchParts(r).map((p) => sharingUrlOf(p.url)))).toEqual([
      [links[0]!.url, noQuery.url],
      ['https://contoso.sharepoint.com/:w:/s/Team/Doc0'],
    ]);
    expect(results.get(links[0]!.url)).toMatchObject({ ok: true, value: { url: links[0]!.url } });
    expect(results.get(noQuery.url)).toMatchObject({ ok: false, error: { kind: 'invalidLink' } });
  });

  it('retries a throttled batch as a whole', async () => {
    const server = batchServer();
    const { client, requests } = setup((request, i) =>
      i === 0
        ? json(429, graphError('TooManyRequests', 'Slow down'), { 'Retry-After': '2' })
        : server(request),
    );
    const events: RetryEvent[] = [];
    const results = await client.getSharedItems(links.slice(0, 4), {
      redeem: 'ifNecessary',
      onRetry: (e) => events.push(e),
    });
    expect(events).toEqual([{ attempt: 2, delayMs: 2_000, retryAt: NOW + 2_000, status: 429 }]);
    expect(requests).toHaveLength(2);
    expect([...results.values()].every((r) => r.ok)).toBe(true);
  });

  it('reports every link throttled when the batch stays throttled', async () => {
    const { client, requests } = setup(() => json(503, graphError('serviceNotAvailable', 'Busy')));
    const results = await client.getSharedItems(links.slice(0, 3), { redeem: 'ifNecessary' });
    expect(requests).toHaveLength(4);
    for (const result of results.values()) {
      expect(result).toMatchObject({ ok: false, error: { kind: 'throttled', status: 503 } });
      expect(!result.ok && result.error.retryAt).toBeGreaterThan(NOW);
    }
  });

  it('refreshes the token once when the batch is refused, then succeeds', async () => {
    const server = batchServer();
    const { client, requests, tokens } = setup((request, i) =>
      i === 0 ? json(401, graphError('InvalidAuthenticationToken', 'Expired')) : server(request),
    );
    const results = await client.getSharedItems(links.slice(0, 3), { redeem: 'ifNecessary' });
    expect([...results.values()].every((r) => r.ok)).toBe(true);
    expect(tokens.calls).toEqual([{ forceRefresh: false }, { forceRefresh: true }]);
    expect(requests.map((r) => r.headers.get('Authorization'))).toEqual(['Bearer token-1', 'Bearer token-2']);
  });

  it('reports every link unauthenticated when the refreshed token is refused too', async () => {
    const { client, requests } = setup(() => json(401, graphError('InvalidAuthenticationToken', 'Expired')));
    const results = await client.getSharedItems(links.slice(0, 3), { redeem: 'ifNecessary' });
    expect(requests).toHaveLength(2);
    for (const result of results.values()) {
      expect(result).toMatchObject({ ok: false, error: { kind: 'unauthenticated' } });
    }
  });

  it('refreshes once for parts refused with 401 and sends them again', async () => {
    let refused = false;
    const server = batchServer((url) => {
      if (url !== links[1]!.url || refused) return undefined;
      refused = true;
      return { status: 401, body: graphError('InvalidAuthenticationToken', 'Expired') };
    });
    const { client, requests } = setup(server);
    const results = await client.getSharedItems(links.slice(0, 3), { redeem: 'ifNecessary' });
    expect(results.get(links[1]!.url)).toMatchObject({ ok: true });
    expect(requests.map((r) => r.headers.get('Authorization'))).toEqual(['Bearer token-1', 'Bearer token-2']);
    expect(batchParts(requests[1]!)).toHaveLength(1);
  });

  it.each([
    ['malformed JSON', () => new Response('{"responses": [', { status: 200 })],
    ['no responses array', () => json(200, { value: [] })],
  ])('marks every link badResponse for %s', async (_, answer) => {
    const { client } = setup(answer);
    const results = await client.getSharedItems(links.slice(0, 3), { redeem: 'ifNecessary' });
    expect(results.size).toBe(3);
    for (const result of results.values()) {
      expect(result).toMatchObject({ ok: false, error: { kind: 'badResponse' } });
    }
  });

  it('marks a link badResponse when its part is missing from the reply', async () => {
    const { client } = setup((request) =>
      batchReply(
        batchParts(request)
          .filter((part) => part.id !== '2')
          .map((part) => ({ id: part.id, status: 200, body: fileItem(nameFor(sharingUrlOf(part.url))) })),
      ),
    );
    const results = await client.getSharedItems(links.slice(0, 3), { redeem: 'ifNecessary' });
    expect(results.get(links[1]!.url)).toMatchObject({ ok: false, error: { kind: 'badResponse' } });
    expect(results.get(links[0]!.url)).toMatchObject({ ok: true });
  });

  it('marks every link network when Graph cannot be reached', async () => {
    const { client, requests } = setup(() => {
      throw new TypeError('fetch failed');
    });
    const results = await client.getSharedItems(links.slice(0, 3), { redeem: 'ifNecessary' });
    expect(requests).toHaveLength(4);
    for (const result of results.values())
      expect(result).toMatchObject({ ok: false, error: { kind: 'network' } });
  });

  it('sends nothing when signed out', async () => {
    const tokens = tokenSource(null);
    const { client, requests } = setup(batchServer(), { credential: tokens.credential });
    const progress: number[] = [];
    const results = await client.getSharedItems(links.slice(0, 3), {
      redeem: 'ifNecessary',
      onProgress: (done) => progress.push(done),
    });
    expect(requests).toHaveLength(0);
    expect(progress).toEqual([0, 3]);
    for (const result of results.values()) {
      expect(result).toMatchObject({ ok: false, error: { kind: 'unauthenticated' } });
    }
  });

  it('resolves a single link with a plain GET', async () => {
    const { client, requests } = setup(() => json(200, fileItem('Solo.docx')));
    const progress: number[] = [];
    const results = await client.getSharedItems([links[0]!, links[0]!], {
      redeem: 'ifNecessary',
      onProgress: (done) => progress.push(done),
    });
    expect(requests.map((r) => r.method)).toEqual(['GET']);
    expect(results.get(links[0]!.url)).toMatchObject({ ok: true, value: { name: 'Solo.docx' } });
    expect(progress).toEqual([0, 1]);
  });

  it('answers an empty list without a request', async () => {
    const { client, requests } = setup(batchServer());
    expect((await client.getSharedItems([], { redeem: 'ifNecessary' })).size).toBe(0);
    expect(requests).toHaveLength(0);
  });

  it('stops between batches when the caller aborts', async () => {
    const controller = new AbortController();
    const server = batchServer();
    const { client, requests } = setup((request) => {
      controller.abort();
      return server(request);
    });
    await expect(
      client.getSharedItems(links, { redeem: 'ifNecessary', signal: controller.signal }),
    ).rejects.toMatchObject({ name: 'AbortError' });
    expect(requests).toHaveLength(1);
  });
});

describe('getSharedItems onResult', () => {
  type Report = { url: string; result: Result<SharedItem>; requestsSent: number };

  /** Records each report with how many requests had gone out when it came. */
  function recorder(requests: readonly CapturedRequest[]) {
    const reports: Report[] = [];
    const onResult = (url: string, result: Result<SharedItem>) => {
      reports.push({ url, result, requestsSent: requests.length });
    };
    return { reports, onResult };
  }

  /** The links whose parts were in a request, in the order they were sent. */
  const sentIn = (request: CapturedRequest) => batchParts(request).map((part) => sharingUrlOf(part.url));

  it("reports each batch's links before the next batch is sent, each link once", async () => {
    const { client, requests } = setup(batchServer());
    const { reports, onResult } = recorder(requests);
    const withDuplicates = [...links, links[3]!, links[30]!];
    const results = await client.getSharedItems(withDuplicates, { redeem: 'ifNecessary', onResult });

    expect(requests).toHaveLength(3);
    expect(reports.map((r) => r.url)).toEqual(links.map((l) => l.url));
    for (const [index, request] of requests.entries()) {
      const reportedNow = reports.filter((r) => r.requestsSent === index + 1).map((r) => r.url);
      expect(reportedNow).toEqual(sentIn(request));
    }
    for (const report of reports) expect(results.get(report.url)).toBe(report.result);
    expect(results.size).toBe(45);
  });

  it('waits for an asynchronous onResult before sending the next batch', async () => {
    const written: string[] = [];
    const writtenWhenSent: number[] = [];
    const server = batchServer();
    const { client } = setup((request) => {
      writtenWhenSent.push(written.length);
      return server(request);
    });
    await client.getSharedItems(links, {
      redeem: 'ifNecessary',
      onResult: async (url) => {
        // A cache write that finishes only after other work has had its turn.
        await new Promise((resolve) => setTimeout(resolve, 0));
        written.push(url);
      },
    });
    expect(writtenWhenSent).toEqual([0, 20, 40]);
    expect(written).toHaveLength(45);
  });

  it('reports a throttled part only after its retry, with the final result', async () => {
    let throttled = false;
    const server = batchServer((url) => {
      if (url !== links[1]!.url || throttled) return undefined;
      throttled = true;
      return { status: 429, headers: { 'Retry-After': '2' }, body: graphError('TooManyRequests', 'x') };
    });
    const { client, requests } = setup(server);
    const { reports, onResult } = recorder(requests);
    await client.getSharedItems(links.slice(0, 3), { redeem: 'ifNecessary', onResult });

    expect(requests).toHaveLength(2);
    expect(reports.map((r) => [r.url, r.requestsSent])).toEqual([
      [links[0]!.url, 1],
      [links[2]!.url, 1],
      [links[1]!.url, 2],
    ]);
    expect(reports[2]?.result).toMatchObject({ ok: true, value: { name: 'Doc1.docx' } });
  });

  it('reports parts sent again (401 refresh, query stripped) once, with the final result', async () => {
    const refused = new Set<string>();
    const server = batchServer((url) => {
      if (url === links[0]!.url && !refused.has(url)) {
        refused.add(url);
        return { status: 401, body: graphError('InvalidAuthenticationToken', 'Expired') };
      }
      if (url === links[1]!.url)
        return { status: 400, body: graphError('invalidRequest', 'Invalid shares key.') };
      if (url === links[2]!.url) return { status: 403, body: graphError('accessDenied', 'No.') };
      return undefined;
    });
    const { client, requests } = setup(server);
    const { reports, onResult } = recorder(requests);
    await client.getSharedItems(links.slice(0, 4), { redeem: 'ifNecessary', onResult });

    expect(reports.map((r) => r.url).sort()).toEqual(
      links
        .slice(0, 4)
        .map((l) => l.url)
        .sort(),
    );
    const byUrl = new Map(reports.map((r) => [r.url, r]));
    expect(byUrl.get(links[2]!.url)).toMatchObject({
      requestsSent: 1,
      result: { error: { kind: 'accessDenied' } },
    });
    expect(byUrl.get(links[3]!.url)).toMatchObject({ requestsSent: 1, result: { ok: true } });
    expect(byUrl.get(links[0]!.url)).toMatchObject({ requestsSent: 2, result: { ok: true } });
    // Only the link with its query string is refused; the second try without it resolves.
    expect(byUrl.get(links[1]!.url)).toMatchObject({ requestsSent: 2, result: { ok: true } });
  });

  it('keeps resolving the other links when onResult throws or rejects', async () => {
    const { client, requests } = setup(batchServer());
    const reported: string[] = [];
    const results = await client.getSharedItems(links.slice(0, 25), {
      redeem: 'ifNecessary',
      onResult: async (url) => {
        reported.push(url);
        if (url === links[0]!.url) throw new Error('storage full');
        if (url === links[21]!.url) await Promise.reject(new Error('quota'));
      },
    });
    expect(requests).toHaveLength(2);
    expect(reported).toEqual(links.slice(0, 25).map((l) => l.url));
    expect([...results.values()].every((r) => r.ok)).toBe(true);
  });

  it('survives an onResult that throws synchronously', async () => {
    const { client } = setup(batchServer());
    const results = await client.getSharedItems(links.slice(0, 3), {
      redeem: 'ifNecessary',
      onResult: () => {
        throw new Error('boom');
      },
    });
    expect(results.size).toBe(3);
    expect([...results.values()].every((r) => r.ok)).toBe(true);
  });

  it('reports a single link resolved with a plain GET', async () => {
    const { client, requests } = setup(() => json(200, fileItem('Solo.docx')));
    const { reports, onResult } = recorder(requests);
    await client.getSharedItems([links[0]!, links[0]!], { redeem: 'ifNecessary', onResult });
    expect(reports).toHaveLength(1);
    expect(reports[0]).toMatchObject({
      url: links[0]!.url,
      result: { ok: true, value: { name: 'Solo.docx' } },
    });
  });

  it('reports every link signed out, without a status, when there is no token', async () => {
    const tokens = tokenSource(null);
    const { client, requests } = setup(batchServer(), { credential: tokens.credential });
    const { reports, onResult } = recorder(requests);
    await client.getSharedItems(links.slice(0, 3), { redeem: 'ifNecessary', onResult });
    expect(reports.map((r) => r.url)).toEqual(links.slice(0, 3).map((l) => l.url));
    for (const { result } of reports) {
      expect(result).toMatchObject({
        ok: false,
        error: { kind: 'unauthenticated', message: SIGN_IN_MESSAGE },
      });
      expect(!result.ok && result.error.status).toBeUndefined();
    }
  });
});

describe('getSharedItems unauthenticated status', () => {
  it('sets status 401 when Graph refuses the whole batch after a refresh', async () => {
    const { client } = setup(() => json(401, graphError('InvalidAuthenticationToken', 'Expired')));
    const results = await client.getSharedItems(links.slice(0, 2), { redeem: 'ifNecessary' });
    for (const result of results.values()) {
      expect(result).toMatchObject({
        ok: false,
        error: { kind: 'unauthenticated', status: 401, message: REFUSED_MESSAGE },
      });
    }
  });

  it('sets status 401 when Graph refuses a part after a refresh', async () => {
    const server = batchServer((url) =>
      url === links[1]!.url ? { status: 401, body: graphError('unauthenticated', 'Guest.') } : undefined,
    );
    const { client, requests } = setup(server);
    const results = await client.getSharedItems(links.slice(0, 3), { redeem: 'ifNecessary' });
    expect(requests).toHaveLength(2);
    expect(results.get(links[1]!.url)).toMatchObject({
      ok: false,
      error: { kind: 'unauthenticated', status: 401, code: 'unauthenticated' },
    });
  });
});

describe('linkAccess: how the link itself shares the item', () => {
  it("asks for the link's permission in the same batch and tells the item how the link shares it", async () => {
    const { client, requests } = setup((request) =>
      batchReply(
        batchParts(request).map((part) =>
          part.url.endsWith('/permission')
            ? {
                id: part.id,
                status: 200,
                body: {
                  id: 'p',
                  roles: ['write'],
                  link: { type: 'edit', scope: 'anonymous' },
                  expirationDateTime: '2027-01-31T23:59:59Z',
                  hasPassword: true,
                },
              }
            : { id: part.id, status: 200, body: fileItem('Budget.xlsx') },
        ),
      ),
    );
    const results = await client.getSharedItems([links[0]!], { redeem: 'ifNecessary', linkAccess: true });
    expect(requests).toHaveLength(1);
    expect(batchParts(requests[0]!).map((part) => part.url.split('?')[0]?.split('/').pop())).toEqual([
      'driveItem',
      'permission',
    ]);
    expect(results.get(links[0]!.url)).toMatchObject({
      ok: true,
      value: {
        name: 'Budget.xlsx',
        linkAccess: { scope: 'anonymous', type: 'edit', expires: '2027-01-31T23:59:59Z', hasPassword: true },
      },
    });
  });

  it('shows the item when the permission is refused, and sends 10 links per batch', async () => {
    const { client, requests } = setup((request) =>
      batchReply(
        batchParts(request).map((part) =>
          part.url.endsWith('/permission')
            ? { id: part.id, status: 403, body: graphError('accessDenied', 'No.') }
            : { id: part.id, status: 200, body: fileItem(nameFor(sharingUrlOf(part.url))) },
        ),
      ),
    );
    const results = await client.getSharedItems(links.slice(0, 15), {
      redeem: 'ifNecessary',
      linkAccess: true,
    });
    expect(requests.map((request) => batchParts(request).length)).toEqual([20, 10]);
    const first = results.get(links[0]!.url);
    expect(first).toMatchObject({ ok: true, value: { name: 'Doc0.docx' } });
    expect(first?.ok && first.value.linkAccess).toBeUndefined();
  });
});
