import { Base64 } from 'js-base64';
import { isLoopbackHost } from '@/lib/validation';
import { transport } from './network';

const MAX_BYTES = 256 * 1024;

/**
 * Fetches a thumbnail without credentials and returns it as a data: URL, so extension pages can show it
 * without loading anything from the network themselves. Only https thumbnails are fetched — or http on
 * loopback, where the local emulator serves them.
 */
export async function fetchThumbnail(url: string | undefined): Promise<string | undefined> {
  if (!url) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  const allowed =
    parsed.protocol === 'https:' || (parsed.protocol === 'http:' && isLoopbackHost(parsed.hostname));
  if (!allowed) return undefined;
  try {
    // No authorizer and no cookies: thumbnail URLs are pre-authenticated (graph-shares.md §1.4). The
    // transport enforces the size cap (a larger picture rejects as tooLarge) and a deadline.
    const response = await transport.request(parsed.href, {
      credentials: 'omit',
      referrerPolicy: 'no-referrer',
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
