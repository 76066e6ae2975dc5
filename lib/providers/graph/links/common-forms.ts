import type { ShareLink } from '../../../model';
import { SHAREPOINT_HOST_SOURCE, SHORT_LINK_TYPE_SOURCE } from './sharepoint';

/**
 * The share links SharePoint and OneDrive hand out today, recognised by one regular expression each, without
 * the URL parser: they are most of the links on a page, and the content script classifies every one.
 *
 * Each pattern accepts only strings that the full detectors also accept with the same result (a property
 * test checks this): https, a lower-case host the provider owns, no user info or port, path characters the
 * URL parser keeps as they are, no dot segments (`.`/`..`/`%2e`) it would resolve away, no fragment and no
 * surrounding whitespace. Anything else falls through to the full detectors.
 */

/** A path segment that is not `.` or `..`, of characters the parser leaves alone (no `\`, no `%2e`). */
const SEGMENT = String.raw`(?!\.{1,2}(?:[/?]|$))(?:[A-Za-z0-9_~!$&'()*+,;=:@.-]|%(?![2][eE])[0-9A-Fa-f]{2})+`;
const QUERY = String.raw`(?:\?[!-"$-~]*)?`;

/**
 * Not a list link (`/:l:/`, see SHORT_LINK_TYPE_SOURCE). After `r/` at least three segments, so never just a site
 * (`/:x:/r/sites/Team`, which is no item); shorter `r/` paths go to the full detector.
 */
const SHAREPOINT_SHORT_LINK = new RegExp(
  `^https://${SHAREPOINT_HOST_SOURCE}/:${SHORT_LINK_TYPE_SOURCE}:/(?:[stgp]|r/${SEGMENT}/${SEGMENT})/${SEGMENT}(?:/${SEGMENT})*/?${QUERY}$`,
);

const ONEDRIVE_SHORT_LINK = new RegExp(
  String.raw`^https://1drv\.ms/[a-z]{1,2}/(?:s![\w-]+|c/[0-9a-f]{8,16}/[\w-]+)/?${QUERY}$`,
);

/** The share link `href` is, when it is written in one of the common forms exactly; otherwise null. */
export function detectCommonShareLink(href: string): ShareLink | null {
  if (SHAREPOINT_SHORT_LINK.test(href)) return { provider: 'sharepoint', url: href };
  if (ONEDRIVE_SHORT_LINK.test(href)) return { provider: 'onedrive', url: href };
  return null;
}
