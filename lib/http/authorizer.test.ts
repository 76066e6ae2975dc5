import { describe, expect, it, vi } from 'vitest';
import { operationAuthorizer } from './authorizer';
import { createTransport } from './transport';

const ENDPOINT = 'https://graph.microsoft.com/v1.0';

function network() {
  const requests: Array<{ url: string; authorization: string | null; redirect?: RequestRedirect }> = [];
  const fetch = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    requests.push({
      url: String(input),
      authorization: new Headers(init?.headers).get('authorization'),
      redirect: init?.redirect,
    });
    return new Response('ok');
  });
  return { transport: createTransport({ fetch }), requests };
}

describe('an operation authorizer over the transport', () => {
  it('sends the credential to the configured API and to nothing else', async () => {
    const { transport, requests } = network();
    const source = vi.fn(async () => ({ name: 'Authorization', value: 'Bearer token-1' }));
    const authorizer = operationAuthorizer(ENDPOINT, source);
    const urls = [
      `${ENDPOINT}/shares/u!abc/driveItem/children?$skiptoken=x`,
      'https://thumbs.sharepoint.com/thumb.png',
      'https://contoso.sharepoint.com/:x:/s/Finance/EbC7xyz?e=4fQ2',
      'https://graph.microsoft.com.evil.example/v1.0/me',
      'https://graph.microsoft.com/v1.0evil/me',
      'https://graph.microsoft.com/beta/me',
      'http://graph.microsoft.com/v1.0/me',
      'https://graph.microsoft.com:8443/v1.0/me',
    ];
    for (const url of urls) await transport.request(url, { authorizer });
    expect(requests.map((r) => [r.url, r.authorization])).toEqual(
      urls.map((url, i) => [url, i === 0 ? 'Bearer token-1' : null]),
    );
    // The credential is read once per operation, and only when it may be sent.
    expect(source).toHaveBeenCalledTimes(1);
  });

  it('renews at most once per operation, and a failing source means no credential', async () => {
    let calls = 0;
    const authorizer = operationAuthorizer(ENDPOINT, async ({ forceRefresh }) => {
      calls++;
      return forceRefresh ? { name: 'Authorization', value: 'Bearer fresh' } : null;
    });
    expect(await authorizer.credential()).toBeNull();
    expect(await authorizer.renew()).toBe(true);
    expect(await authorizer.credential()).toEqual({ name: 'Authorization', value: 'Bearer fresh' });
    expect(await authorizer.renew()).toBe(false);
    expect(calls).toBe(2);

    const broken = operationAuthorizer(ENDPOINT, () => Promise.reject(new Error('storage unavailable')));
    expect(await broken.credential()).toBeNull();
  });
});
