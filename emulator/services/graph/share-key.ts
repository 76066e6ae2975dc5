/**
 * The `{shareIdOrEncodedSharingUrl}` path segment of `/shares/…` (reference §1.1, §7.1):
 * `u!` + unpadded base64url of the URL's UTF-8 bytes, or a raw legacy personal share id `s!…`.
 */

export type ShareKey = { kind: 'url'; url: string } | { kind: 'shareId'; id: string };

const BASE64URL = /^[A-Za-z0-9_-]+$/;

/** The encoding clients must use: `u!` + base64url without padding. */
export function encodeSharingUrl(url: string): string {
  return `u!${Buffer.from(url, 'utf8').toString('base64url')}`;
}

/**
 * Decodes strictly: anything an exact encoder would not have produced (padding `=`, `+` or `/`, a dangling
 * character, stray low bits, bytes that are not UTF-8) is rejected, as Graph answers such keys with
 * 400 invalidRequest "Invalid shares key." Returns undefined for those.
 */
export function parseShareKey(rawSegment: string): ShareKey | undefined {
  let segment: string;
  try {
    segment = decodeURIComponent(rawSegment);
  } catch {
    return undefined;
  }
  if (segment.startsWith('s!') && BASE64URL.test(segment.slice(2))) {
    return { kind: 'shareId', id: segment };
  }
  if (!segment.startsWith('u!')) return undefined;
  const body = segment.slice(2);
  if (!BASE64URL.test(body) || body.length % 4 === 1) return undefined;
  const bytes = Buffer.from(body, 'base64url');
  let url: string;
  try {
    url = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
  // Re-encoding catches non-zero leftover bits in the last character.
  if (encodeSharingUrl(url) !== segment || url.length === 0) return undefined;
  return { kind: 'url', url };
}
