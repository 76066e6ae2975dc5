/**
 * Share-link detection: which provider owns a link and its canonical URL. One module per provider
 * (`onedrive.ts`, `sharepoint.ts`) holds the rules; `candidate.ts` holds what they share.
 *
 * Decisions beyond reference/graph-shares.md §3, all returning null: user info even before a genuine host
 * (`https://user@contoso.sharepoint.com/…`), any port but the scheme's default (`:443` written out is accepted and
 * kept as written, though §1.1 warns Graph may not match such a URL), hosts with a trailing dot, percent signs or
 * non-ASCII letters, tabs or newlines inside the string, and `onedrive.live.com/?cid=…` with a drive id but no
 * item (an `authkey` beside it makes it a shared folder root, which counts).
 */
import type { ShareLink } from '../model';
import { parseCandidate, readCandidate, type ShareLinkDetector } from './candidate';
import { detectCommonShareLink } from './common-forms';
import { oneDriveDetector } from './onedrive';
import { sharePointDetector } from './sharepoint';

/**
 * Options for {@link detectShareLink}. Reserved: no field is needed yet. Later providers that depend on
 * configuration (for example the ContentStore hosts a user sets up) will add optional fields here.
 */
// biome-ignore lint/suspicious/noEmptyInterface: reserved for optional provider settings, see above.
export interface DetectOptions {}

/** Tried in order; the first detector that owns the host decides. */
const DETECTORS: readonly ShareLinkDetector[] = [oneDriveDetector, sharePointDetector];

/**
 * An http(s) URL whose authority mentions one of the share hosts. Anchored at the start, so a link that only
 * carries a share URL in its query (`https://example.com/?u=https://contoso.sharepoint.com/…`) is rejected fast.
 * `\s` matches exactly what `String.prototype.trim` removes. The lazy `*?` measured faster than greedy in V8.
 */
const SHARE_HOST_HINT = /^\s*https?:\/\/[^/?#]*?(?:sharepoint|1drv\.ms|onedrive\.live\.com)/i;

/**
 * A CSS selector for anchors whose raw href mentions a share host in lower case, which is how real share
 * links are written. It lets the browser's selector engine skip ordinary links without running script for
 * them. Not a full superset of {@link mightBeShareLink} (which ignores case): callers that must not miss a
 * link written in capitals check the remaining anchors with that function.
 */
export const SHARE_LINK_SELECTOR = ['sharepoint', '1drv.ms', 'onedrive.live.com']
  .map((hint) => `a[href*="${hint}"]`)
  .join(',');

/**
 * Cheap prefilter on the raw string: no URL parsing, one precompiled regex. True for every string
 * {@link detectShareLink} accepts and false for almost every other link on a page.
 */
export function mightBeShareLink(href: string): boolean {
  return typeof href === 'string' && SHARE_HOST_HINT.test(href);
}

/**
 * Recognises a OneDrive or SharePoint share link and returns its provider and canonical URL (trimmed, fragment
 * dropped, otherwise exactly as given). Returns null, and never throws, for anything else — including input
 * that is not a string at runtime.
 */
export function detectShareLink(href: string, _options?: DetectOptions): ShareLink | null {
  if (!mightBeShareLink(href)) return null;
  return detectCommonShareLink(href) ?? detectShareLinkUnfiltered(href);
}

/**
 * {@link detectShareLink} without the prefilter. Exported so tests can check that the prefilter never hides a
 * link the detectors would accept; callers should use {@link detectShareLink}.
 */
export function detectShareLinkUnfiltered(href: string): ShareLink | null {
  if (typeof href !== 'string') return null;
  const candidate = readCandidate(href);
  if (!candidate) return null;
  const url = parseCandidate(candidate);
  if (!url) return null;
  for (const detector of DETECTORS) {
    if (detector.ownsHost(url.hostname)) {
      return detector.isShareUrl(url) ? { provider: detector.provider, url: candidate.url } : null;
    }
  }
  return null;
}

const SHAREPOINT_CLOUDS = [
  'sharepoint.com',
  'sharepoint.us',
  'sharepoint-mil.us',
  'sharepoint.cn',
  'sharepoint.de',
];

/**
 * Match patterns for the URLs {@link detectShareLink} can accept, for browser APIs that filter by URL (the
 * "Redeem link" menu's targetUrlPatterns): short links, `_layouts/15` pages and library paths on SharePoint,
 * and OneDrive's hosts. Slightly broader than the detector (site homes under /sites/ match); the handler
 * checks again.
 */
export const SHARE_LINK_MATCH_PATTERNS: readonly string[] = [
  '*://1drv.ms/*',
  '*://onedrive.live.com/*',
  ...SHAREPOINT_CLOUDS.flatMap((cloud) => [
    `*://*.${cloud}/:*`,
    `*://*.${cloud}/*/_layouts/15/*`,
    `*://*.${cloud}/sites/*/*`,
    `*://*.${cloud}/teams/*/*`,
    `*://*.${cloud}/personal/*/*`,
  ]),
];
