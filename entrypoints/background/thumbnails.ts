import { Base64 } from 'js-base64';
import { isLoopbackHost } from '@/lib/settings';

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
    // No Authorization header and no cookies: thumbnail URLs are pre-authenticated (graph-shares.md §1.4).
    const response = await fetch(parsed.href, { credentials: 'omit', referrerPolicy: 'no-referrer' });
    const type = response.headers.get('content-type')?.split(';')[0]?.trim() ?? '';
    if (!response.ok || !/^image\/(png|jpeg|gif|webp)$/.test(type)) return undefined;
    if (Number(response.headers.get('content-length') ?? 0) > MAX_BYTES) return undefined;
    const bytes = new Uint8Array(await response.arrayBuffer());
    if (bytes.byteLength > MAX_BYTES) return undefined;
    return `data:${type};base64,${Base64.fromUint8Array(bytes)}`;
  } catch {
    return undefined; // a preview without a picture is still a preview
  }
}
