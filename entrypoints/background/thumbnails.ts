import { Base64 } from 'js-base64';
import { transport } from './network';

const MAX_BYTES = 256 * 1024;

/**
 * Fetches a thumbnail without credentials and returns it as a data: URL, so extension pages can show it
 * without loading anything from the network themselves. Only from a host the item's provider serves thumbnails
 * from (`servedFrom`: Graph's thumbnail hosts, or the configured endpoint's origin for the local emulator), and
 * without following a redirect, which could lead anywhere: a URL in API data must not make the extension fetch
 * from another host (an intranet address, a tracker).
 */
export async function fetchThumbnail(
  url: string | undefined,
  servedFrom: (url: string) => boolean,
): Promise<string | undefined> {
  if (!url || !servedFrom(url)) return undefined;
  try {
    // No authorizer and no cookies: thumbnail URLs are pre-authenticated (graph-shares.md §1.4). The
    // transport enforces the size cap (a larger picture rejects as tooLarge) and a deadline.
    const response = await transport.request(url, {
      credentials: 'omit',
      referrerPolicy: 'no-referrer',
      redirect: 'error',
      maxBytes: MAX_BYTES,
    });
    const type = response.headers.get('content-type')?.split(';')[0]?.trim() ?? '';
    if (!response.ok || !/^image\/(png|jpeg|gif|webp)$/.test(type)) return undefined;
    const bytes = new Uint8Array(await response.arrayBuffer());
    return `data:${type};base64,${Base64.fromUint8Array(bytes)}`;
  } catch {
    return undefined; // a preview without a picture is still a preview
  }
}
