import { afterEach, describe, expect, it, vi } from 'vitest';
import { fetchThumbnail } from './thumbnails';

const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47]);

/** A network that answers every request with a small PNG and records what it was asked. */
function fakeNetwork() {
  const requests: Array<{
    url: string;
    redirect: RequestRedirect | undefined;
    credentials?: RequestCredentials;
  }> = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (input: RequestInfo | URL, init: RequestInit = {}) => {
      requests.push({ url: String(input), redirect: init.redirect, credentials: init.credentials });
      return new Response(PNG, { status: 200, headers: { 'content-type': 'image/png' } });
    }),
  );
  return requests;
}

const onlyThumbs = (url: string) => new URL(url).hostname === 'eastus1-mediap.svc.ms';

describe('fetchThumbnail', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('fetches from a host the provider serves thumbnails from, without credentials or redirects', async () => {
    const requests = fakeNetwork();
    const url = 'https://eastus1-mediap.svc.ms/transform/thumbnail?provider=spo&docid=x';
    expect(await fetchThumbnail(url, onlyThumbs)).toBe('data:image/png;base64,iVBORw==');
    expect(requests).toEqual([{ url, redirect: 'error', credentials: 'omit' }]);
  });

  it('fetches nothing from any other host found in API data', async () => {
    const requests = fakeNetwork();
    for (const url of ['https://intranet.example/secret.png', 'https://tracker.example/pixel.png']) {
      expect(await fetchThumbnail(url, onlyThumbs)).toBeUndefined();
    }
    expect(requests).toEqual([]);
  });

  it('gives no picture when the host answers with a redirect (the fetch refuses to follow it)', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async (_input: RequestInfo | URL, init: RequestInit = {}) => {
        if (init.redirect === 'error') throw new TypeError('redirect mode is set to error');
        return new Response(PNG, { status: 200, headers: { 'content-type': 'image/png' } });
      }),
    );
    expect(await fetchThumbnail('https://eastus1-mediap.svc.ms/t', onlyThumbs)).toBeUndefined();
  });
});
