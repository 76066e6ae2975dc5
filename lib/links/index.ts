/**
 * Share-link detection over every registered provider: which provider owns a link and its canonical URL.
 * The rules live in each provider's folder (`lib/providers/<id>/links/`); `candidate.ts` holds what they share.
 *
 * Decisions beyond reference/graph-shares.md §3, all returning null: user info even before a genuine host
 * (`https://user@contoso.sharepoint.com/…`), any port but the scheme's default (`:443` written out is accepted and
 * kept as written, though §1.1 warns Graph may not match such a URL), hosts with a trailing dot, percent signs or
 * non-ASCII letters, tabs or newlines inside the string, and `onedrive.live.com/?cid=…` with a drive id but no
 * item (an `authkey` beside it makes it a shared folder root, which counts).
 */
import type { ShareLink } from '../model';
import { ALL_PROVIDER_INFO } from '../providers/info';
import type { LinkRules, ShareLinkDetector } from '../providers/types';
import { MAX_URL_LENGTH, parseCandidate, readCandidate } from './candidate';

/**
 * Options for {@link detectShareLink}: the person's provider settings, by provider id
 * (`settings.providers`). Providers whose hosts are configured (ContentStore servers) detect only with them.
 */
export interface DetectOptions {
  providers?: Readonly<Record<string, unknown>>;
}

/** Every provider's link rules, typed alike. */
const RULES: readonly LinkRules[] = ALL_PROVIDER_INFO.map((info) => info.links);
export const HOST_HINTS = RULES.flatMap((rules) => rules.hostHints);
const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * An http(s) URL whose authority mentions one of the fixed share hosts. Anchored at the start, so a link that
 * only carries a share URL in its query (`https://example.com/?u=https://contoso.sharepoint.com/…`) is rejected
 * fast. `\s` matches exactly what `String.prototype.trim` removes. The lazy `*?` measured faster than greedy in V8.
 */
export const SHARE_HOST_HINT_PREFIX = '^\\s*https?:\\/\\/[^/?#]*?';
export const SHARE_HOST_HINT = new RegExp(
  `${SHARE_HOST_HINT_PREFIX}(?:${HOST_HINTS.map(escapeRegExp).join('|')})`,
  'i',
);

/**
 * Cheap prefilter on the raw string: no URL parsing, one precompiled regex. True for every string
 * {@link detectShareLink} accepts on a fixed host, and false for almost every other link on a page.
 */
export function mightBeShareLink(href: string): boolean {
  return typeof href === 'string' && SHARE_HOST_HINT.test(href);
}

/** Detectors built from the person's settings (configured servers), in registry order. */
function configuredDetectors(options: DetectOptions | undefined): ShareLinkDetector[] {
  const sections = options?.providers;
  if (!sections) return [];
  const detectors: ShareLinkDetector[] = [];
  for (const rules of RULES) {
    const section = sections[rules.providerId];
    if (rules.configuredDetectors && section !== undefined)
      detectors.push(...rules.configuredDetectors(section));
  }
  return detectors;
}

/**
 * Recognises a share link of any registered provider and returns its provider and canonical URL: trimmed,
 * fragment dropped, otherwise exactly as given — except for a page that names an item by path, whose canonical
 * URL is the item's own (`ShareLinkDetector.itemUrl`). Returns null, and never throws, for anything else —
 * including input that is not a string at runtime.
 */
export function detectShareLink(href: string, options?: DetectOptions): ShareLink | null {
  if (mightBeShareLink(href)) {
    for (const rules of RULES) {
      const common = rules.detectCommon?.(href);
      if (common) return common.url.length <= MAX_URL_LENGTH ? common : null;
    }
    return detectShareLinkUnfiltered(href, options);
  }
  const configured = configuredDetectors(options);
  return configured.length > 0 ? detectWith(href, configured) : null;
}

/**
 * {@link detectShareLink} without the prefilter. Exported so tests can check that the prefilter never hides a
 * link the detectors would accept; callers should use {@link detectShareLink}.
 */
export function detectShareLinkUnfiltered(href: string, options?: DetectOptions): ShareLink | null {
  return detectWith(href, [...RULES.flatMap((rules) => rules.detectors), ...configuredDetectors(options)]);
}

function detectWith(href: string, detectors: readonly ShareLinkDetector[]): ShareLink | null {
  if (typeof href !== 'string') return null;
  // Only configured servers (which name their origin) may sit on a port other than the scheme's default.
  const anyPort = detectors.some((detector) => detector.origin !== undefined);
  const candidate = readCandidate(href, { anyPort });
  if (!candidate) return null;
  const url = parseCandidate(candidate, { anyPort });
  if (!url) return null;
  for (const detector of detectors) {
    const owns =
      detector.origin !== undefined
        ? url.origin === detector.origin
        : url.port === '' && detector.ownsHost(url.hostname);
    if (owns) {
      if (!detector.isShareUrl(url)) return null;
      const sent = detector.itemUrl?.(url) ?? candidate.url;
      // An item's URL can be longer than the page that named it; it must fit where the link travels.
      return sent.length <= MAX_URL_LENGTH
        ? { provider: detector.provider as ShareLink['provider'], url: sent }
        : null;
    }
  }
  return null;
}

/** The configured servers' hosts (`host[:port]`, lower case) of every provider, from the person's settings. */
export function configuredHosts(options: DetectOptions | undefined): string[] {
  const sections = options?.providers;
  if (!sections) return [];
  return RULES.flatMap((rules) => {
    const section = sections[rules.providerId];
    return rules.configuredHosts && section !== undefined ? rules.configuredHosts(section) : [];
  });
}

/** What detection needs of the settings, without anything else (user names): for the content script. */
export function linkSettings(providers: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const sections: Record<string, unknown> = {};
  for (const rules of RULES) {
    const section = providers[rules.providerId];
    if (rules.configuredDetectors && section !== undefined)
      sections[rules.providerId] = rules.linkSection ? rules.linkSection(section) : section;
  }
  return sections;
}

/** Match patterns for every URL some provider may accept, for browser APIs that filter by URL. */
export const SHARE_LINK_MATCH_PATTERNS: readonly string[] = RULES.flatMap((rules) => rules.matchPatterns);
