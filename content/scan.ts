import { type DetectOptions, detectShareLink, mightBeShareLink } from '@/lib/links';
import { MAX_URL_LENGTH } from '@/lib/links/candidate';
import type { ShareLink } from '@/lib/model';

/**
 * An http(s) URL with a lower-case host and only printable ASCII after it (no backslash, no space): the browser
 * would serialise it unchanged, so it can be used as written, without asking the browser to resolve it.
 */
const PLAIN_ABSOLUTE = /^https?:\/\/[a-z0-9.-]+(?::\d+)?(?:[/?][!-[\]-~]*)?$/;

/**
 * The share link the one anchor under the pointer or focus points to, or null. Its href counts when it mentions
 * a share host (in any case), or, on a SharePoint or OneDrive page, always: relative hrefs can be share links
 * there. The popup's scan of a whole page is content/page-scan.ts.
 */
export function classifyAnchor(anchor: Element, configured?: ConfiguredLinks): ShareLink | null {
  const raw = anchor.getAttribute('href');
  if (!raw) return null;
  const hinted =
    mightBeShareLink(raw) ||
    mightBeShareLink(anchor.baseURI) ||
    (configured !== undefined &&
      (mentionsHost(raw, configured.hosts) || mentionsHost(anchor.baseURI, configured.hosts)));
  if (!hinted) return null;
  const href = PLAIN_ABSOLUTE.test(raw) ? raw : (anchor as HTMLAnchorElement).href;
  return typeof href === 'string' && href.length <= MAX_URL_LENGTH
    ? detectShareLink(href, configured?.detect)
    : null;
}

/**
 * The person's configured servers (ContentStore), as the background's `content/config` hands them over: what
 * detection needs, and their hosts (`host[:port]`) for the cheap check before it.
 */
export interface ConfiguredLinks {
  detect: DetectOptions;
  hosts: readonly string[];
}

/** Whether `text` mentions one of `hosts` (any case): a link on a configured server, or a page on one. */
function mentionsHost(text: string, hosts: readonly string[]): boolean {
  if (hosts.length === 0) return false;
  const lower = text.toLowerCase();
  return hosts.some((host) => lower.includes(host));
}
