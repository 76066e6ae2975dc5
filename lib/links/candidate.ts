/** A string that looks like an absolute http(s) URL, split before any parsing. */
export interface RawCandidate {
  /** Canonical form: trimmed, fragment dropped, otherwise exactly as given. */
  url: string;
  /** The host exactly as written in the string (without a default port). */
  host: string;
}

// Scheme, then a host of ASCII letters, digits, dots and hyphens, then an optional port, then the end of the
// authority. Anything else there (user info, Unicode, percent signs, a backslash) is not a share link.
const RAW_ORIGIN = /^(https?):\/\/([a-z0-9.-]+)(:\d+)?(?=[/?]|$)/i;

/** Longer links are not share links ShareLens takes: the message protocol carries URLs up to this length. */
export const MAX_URL_LENGTH = 8192;

/**
 * Trims `href`, drops its fragment and reads the host as written. Anything longer than
 * {@link MAX_URL_LENGTH} once trimmed is refused, so a page cannot make one link break a whole list. Returns null for anything that is not
 * `http://` or `https://` followed by a plain host, and for strings the URL parser would silently shorten: it
 * deletes every tab and newline and strips control characters at the end, so the string we hand on would not
 * be the one we checked.
 */
export function readCandidate(href: string, options: { anyPort?: boolean } = {}): RawCandidate | null {
  const trimmed = href.trim();
  const hash = trimmed.indexOf('#');
  const url = hash === -1 ? trimmed : trimmed.slice(0, hash).trimEnd();
  if (
    url.length > MAX_URL_LENGTH ||
    url.includes('\n') ||
    url.includes('\r') ||
    url.includes('\t') ||
    url.charCodeAt(url.length - 1) <= 0x20
  ) {
    return null;
  }
  const match = RAW_ORIGIN.exec(url);
  if (!match) return null;
  const port = match[3];
  // An explicit default port (`:443` for https) is accepted and kept in the URL as written; any other port is
  // not where SharePoint or OneDrive serve share links.
  if (
    !options.anyPort &&
    port !== undefined &&
    port !== (match[1]!.toLowerCase() === 'https' ? ':443' : ':80')
  )
    return null;
  return { url, host: match[2]! };
}

/**
 * Parses the candidate with the WHATWG URL parser and returns it only when the parser agrees with the string:
 * http(s), no user name or password (`https://sharepoint.com@evil.example/` or `https://user@tenant…` are
 * refused rather than guessed at), no port other than the scheme's default, and the same host as written, so
 * percent-encoded or Unicode-mapped hosts (`1drv%2Ems`, full-width letters) never pass as a share host.
 */
export function parseCandidate(candidate: RawCandidate, options: { anyPort?: boolean } = {}): URL | null {
  let url: URL;
  try {
    url = new URL(candidate.url);
  } catch {
    return null;
  }
  const httpScheme = url.protocol === 'https:' || url.protocol === 'http:';
  const noUserInfo = url.username === '' && url.password === '';
  // The parser lower-cases the host; most links are written in lower case already, so compare without copying first.
  const sameHost = url.hostname === candidate.host || url.hostname === candidate.host.toLowerCase();
  if (!httpScheme || !noUserInfo || (url.port !== '' && !options.anyPort) || !sameHost) return null;
  return url;
}

/**
 * A test for a query (`url.search`) holding one of `names` with a non-empty value. Names compare
 * case-insensitively (the shares-get documentation writes `authKey`). Matching the serialised query is much
 * cheaper than building `URLSearchParams`, and the parser leaves `?`, `&` and `=` as they were.
 */
export function queryParameter(...names: string[]): RegExp {
  return new RegExp(`[?&](?:${names.join('|')})=[^&]`, 'i');
}

/** The decoded value of the first query parameter with one of `names` (lower case; any case in the URL). */
export function queryValue(url: URL, ...names: string[]): string | undefined {
  for (const [name, value] of url.searchParams) if (names.includes(name.toLowerCase())) return value;
  return undefined;
}
