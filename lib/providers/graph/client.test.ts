import { describe, expect, it } from 'vitest';
import type { RetryEvent } from '../../http/retry';
import type { ShareLink } from '../../model';
import { isGraphUrl } from './client';
import { encodeSharingUrl } from './sharing-token';
import {
  ENDPOINT,
  fileItem,
  graphClientWith,
  graphError,
  json,
  NOW,
  sharingUrlOf,
  tokenSource,
} from './test-support';

const link: ShareLink = {
  provider: 'sharepoint',
  url: 'https://contoso.sharepoint.com/:x:/s/Finance/EbC7xyz?e=4fQ2',
};

const setup = graphClientWith;

describe('getSharedItem', () => {
  it('asks for the driveItem with children and thumbnails, peeking without redeeming', async () => {
    const { client, requests } = setup(() => json(200, fileItem()));
    const result = await client.getSharedItem(link, { redeem: 'ifNecessary' });

    expect(result).toMatchObject({ ok: true, value: { name: 'Budget.xlsx', url: link.url, kind: 'file' } });
    expect(requests).toHaveLength(1);
    const [request] = requests;
    expect(request?.method).toBe('GET');
    const url = new URL(request!.url);
    expect(`${url.origin}${url.pathname}`).toBe(`${ENDPOINT}/shares/${encodeSharingUrl(link.url)}/driveItem`);
    expect(url.searchParams.get('$select')?.split(',')).toEqual(
      expect.arrayContaining(['id', 'name', 'folder']),
    );
    expect(url.searchParams.get('$expand')).toMatch(/^children\(\$select=[\w,]+\),thumbnails$/);
    expect(request?.headers.get('Prefer')).toBe('redeemSharingLinkIfNecessary');
    expect(request?.headers.get('Authorization')).toBe('Bearer token-1');
    expect(request?.redirect).toBe('manual');
  });

  it('redeems durably only when asked to', async () => {
    const { client, requests } = setup(() => json(200, fileItem()));
    await client.getSharedItem(link, { redeem: 'durable' });
    expect(requests[0]?.headers.get('Prefer')).toBe('redeemSharingLink');
  });

  it('accepts an endpoint with a trailing slash', async () => {
    const { client, requests } = setup(() => json(200, fileItem()), {
      endpoint: 'http://127.0.0.1:8080/v1.0/',
    });
    await client.getSharedItem(link, { redeem: 'ifNecessary' });
    expect(requests[0]?.url).toMatch(/^http:\/\/127\.0\.0\.1:8080\/v1\.0\/shares\/u!/);
    expect(requests[0]?.headers.get('Authorization')).toBe('Bearer token-1');
  });

  it('sends nothing when signed out', async () => {
    const tokens = tokenSource(null);
    const { client, requests } = setup(() => json(200, fileItem()), {
      credential: tokens.credential,
    });
    const result = await client.getSharedItem(link, { redeem: 'ifNecessary' });
    expect(result).toMatchObject({ ok: false, error: { kind: 'unauthenticated' } });
    expect(requests).toHaveLength(0);
  });

  it('treats a failing token source like a missing token', async () => {
    const { client, requests } = setup(() => json(200, fileItem()), {
      credential: () => Promise.reject(new Error('storage unavailable')),
    });
    expect(await client.getSharedItem(link, { redeem: 'ifNecessary' })).toMatchObject({
      ok: false,
      error: { kind: 'unauthenticated' },
    });
    expect(requests).toHaveLength(0);
  });

  it('on 401 refreshes the token once and tries again', async () => {
    const expired = json(401, graphError('InvalidAuthenticationToken', 'Access token has expired.'));
    const { client, requests, tokens } = setup((_, i) => (i === 0 ? expired : json(200, fileItem())));
    const result = await client.getSharedItem(link, { redeem: 'ifNecessary' });

    expect(result.ok).toBe(true);
    expect(tokens.calls).toEqual([{ forceRefresh: false }, { forceRefresh: true }]);
    expect(requests.map((r) => r.headers.get('Authorization'))).toEqual(['Bearer token-1', 'Bearer token-2']);
  });

  it('reports unauthenticated when the refreshed token is refused too', async () => {
    const { client, requests, tokens } = setup(() =>
      json(401, graphError('InvalidAuthenticationToken', 'No.')),
    );
    const result = await client.getSharedItem(link, { redeem: 'ifNecessary' });

    expect(result).toMatchObject({ ok: false, error: { kind: 'unauthenticated', status: 401 } });
    expect(requests).toHaveLength(2);
    expect(tokens.calls.filter((c) => c.forceRefresh)).toHaveLength(1);
  });

  it('reports unauthenticated without a second request when no fresh token comes', async () => {
    const tokens = tokenSource('token-1', null);
    const { client, requests } = setup(() => json(401, graphError('InvalidAuthenticationToken', 'No.')), {
      credential: tokens.credential,
    });
    const result = await client.getSharedItem(link, { redeem: 'ifNecessary' });
    expect(result).toMatchObject({ ok: false, error: { kind: 'unauthenticated' } });
    expect(requests).toHaveLength(1);
  });

  it('on 400 invalidRequest tries once more without the query string', async () => {
    const { client, requests } = setup((request) =>
      sharingUrlOf(request.url).includes('?')
        ? json(400, graphError('invalidRequest', 'Invalid shares key.'))
        : json(200, fileItem()),
    );
    const result = await client.getSharedItem(link, { redeem: 'ifNecessary' });

    expect(result).toMatchObject({ ok: true, value: { url: link.url, name: 'Budget.xlsx' } });
    expect(requests.map((r) => sharingUrlOf(r.url))).toEqual([
      link.url,
      'https://contoso.sharepoint.com/:x:/s/Finance/EbC7xyz',
    ]);
  });

  it('gives up after the second 400, and never retries a link without a query', async () => {
    const invalid = () => json(400, graphError('invalidRequest', 'Invalid shares key.'));
    const first = setup(invalid);
    expect(await first.client.getSharedItem(link, { redeem: 'ifNecessary' })).toMatchObject({
      ok: false,
      error: { kind: 'invalidLink', status: 400 },
    });
    expect(first.requests).toHaveLength(2);

    const second = setup(invalid);
    const plain = { provider: 'onedrive' as const, url: 'https://1drv.ms/w/c/db31c5aff0d22737/EUqS' };
    expect(await second.client.getSharedItem(plain, { redeem: 'ifNecessary' })).toMatchObject({
      ok: false,
      error: { kind: 'invalidLink' },
    });
    expect(second.requests).toHaveLength(1);
  });

  it.each([
    [403, graphError('accessDenied', 'The sharing link no longer exists.'), 'accessDenied'],
    [404, graphError('itemNotFound', 'Not found'), 'notFound'],
    [500, graphError('generalException', 'Boom'), 'server'],
  ])('answers %i without retrying', async (status, body, kind) => {
    const { client, requests } = setup(() => json(status, body));
    expect(await client.getSharedItem(link, { redeem: 'ifNecessary' })).toMatchObject({
      ok: false,
      error: { kind, status },
    });
    expect(requests).toHaveLength(1);
  });

  it('waits out a 429 and says when it retries', async () => {
    const throttled = json(429, graphError('TooManyRequests', 'Slow down'), { 'Retry-After': '10' });
    const { client, requests, clock } = setup((_, i) => (i === 0 ? throttled : json(200, fileItem())));
    const events: RetryEvent[] = [];
    const result = await client.getSharedItem(link, {
      redeem: 'ifNecessary',
      onRetry: (e) => events.push(e),
    });

    expect(result.ok).toBe(true);
    expect(events).toEqual([{ attempt: 2, delayMs: 10_000, retryAt: NOW + 10_000, status: 429 }]);
    expect(clock.sleeps).toEqual([10_000]);
    expect(requests).toHaveLength(2);
  });

  it('reports throttled with the time it will work when the wait is too long', async () => {
    const { client, requests } = setup(() =>
      json(429, graphError('TooManyRequests', 'Slow down'), { 'Retry-After': '120' }),
    );
    const result = await client.getSharedItem(link, { redeem: 'ifNecessary' });
    expect(result).toEqual({
      ok: false,
      error: {
        kind: 'throttled',
        status: 429,
        code: 'TooManyRequests',
        retryAt: NOW + 120_000,
        message: 'Microsoft Graph is busy. Try again in 2 minutes.',
      },
    });
    expect(requests).toHaveLength(1);
  });

  it('reports badResponse for malformed JSON and for JSON of the wrong shape', async () => {
    const broken = setup(() => new Response('{"id": "X", "name": ', { status: 200 }));
    expect(await broken.client.getSharedItem(link, { redeem: 'ifNecessary' })).toMatchObject({
      ok: false,
      error: { kind: 'badResponse', status: 200 },
    });
    const shapeless = setup(() => json(200, { value: [] }));
    expect(await shapeless.client.getSharedItem(link, { redeem: 'ifNecessary' })).toMatchObject({
      ok: false,
      error: { kind: 'badResponse' },
    });
  });

  it('reports a network failure after retrying it', async () => {
    const { client, requests } = setup(() => {
      throw new TypeError('fetch failed');
    });
    const result = await client.getSharedItem(link, { redeem: 'ifNecessary' });
    expect(result).toEqual({
      ok: false,
      error: {
        kind: 'network',
        message: "Couldn't reach Microsoft Graph. Check your internet connection, then try again.",
      },
    });
    expect(requests).toHaveLength(4);
  });

  describe('the durable redeem, a write', () => {
    it.each([503, 504])('is sent once after a %i and reports the failure', async (status) => {
      const { client, requests, clock } = setup(() =>
        json(status, graphError('serviceNotAvailable', 'Later'), { 'Retry-After': '2' }),
      );
      const result = await client.getSharedItem(link, { redeem: 'durable' });
      expect(result).toMatchObject({ ok: false, error: { kind: 'throttled', status } });
      expect(requests).toHaveLength(1);
      expect(clock.sleeps).toEqual([]);
    });

    it('is sent once after a network failure', async () => {
      const { client, requests } = setup(() => {
        throw new TypeError('fetch failed');
      });
      const result = await client.getSharedItem(link, { redeem: 'durable' });
      expect(result).toMatchObject({ ok: false, error: { kind: 'network' } });
      expect(requests).toHaveLength(1);
    });

    it('is sent again after a 429, once its Retry-After has passed', async () => {
      const throttled = json(429, graphError('TooManyRequests', 'Slow down'), { 'Retry-After': '3' });
      const { client, requests, clock } = setup((_, i) => (i === 0 ? throttled : json(200, fileItem())));
      const result = await client.getSharedItem(link, { redeem: 'durable' });
      expect(result.ok).toBe(true);
      expect(clock.sleeps).toEqual([3_000]);
      expect(requests.map((r) => r.headers.get('Prefer'))).toEqual([
        'redeemSharingLink',
        'redeemSharingLink',
      ]);
    });

    it('is not sent again without the query after a 400', async () => {
      const { client, requests } = setup(() =>
        json(400, graphError('invalidRequest', 'Invalid shares key.')),
      );
      const result = await client.getSharedItem(link, { redeem: 'durable' });
      expect(result).toMatchObject({ ok: false, error: { kind: 'invalidLink', status: 400 } });
      expect(requests.map((r) => sharingUrlOf(r.url))).toEqual([link.url]);
    });
  });

  it('rejects when the caller aborts', async () => {
    const controller = new AbortController();
    const { client } = setup(() => {
      controller.abort();
      return json(429, graphError('TooManyRequests', 'Slow down'), { 'Retry-After': '1' });
    });
    await expect(
      client.getSharedItem(link, { redeem: 'ifNecessary', signal: controller.signal }),
    ).rejects.toMatchObject({ name: 'AbortError' });
  });
});

describe('isGraphUrl', () => {
  it('matches the endpoint path and below, on the same origin', () => {
    expect(isGraphUrl(ENDPOINT, `${ENDPOINT}`)).toBe(true);
    expect(isGraphUrl(ENDPOINT, `${ENDPOINT}/$batch`)).toBe(true);
    expect(isGraphUrl(`${ENDPOINT}/`, `${ENDPOINT}/me`)).toBe(true);
    expect(isGraphUrl('http://127.0.0.1:8080/v1.0', 'http://127.0.0.1:8080/v1.0/shares/u!x')).toBe(true);
    expect(isGraphUrl('http://127.0.0.1:8080/v1.0', 'http://127.0.0.1:8081/v1.0/shares/u!x')).toBe(false);
    expect(isGraphUrl(ENDPOINT, 'https://user:pw@graph.microsoft.com/v1.0/me')).toBe(false);
    expect(isGraphUrl(ENDPOINT, 'https://graph.microsoft.com/v1.0/../beta/me')).toBe(false);
    expect(isGraphUrl(ENDPOINT, 'not a url')).toBe(false);
    expect(isGraphUrl('not a url', ENDPOINT)).toBe(false);
  });
});
