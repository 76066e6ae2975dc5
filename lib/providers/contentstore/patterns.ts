/**
 * ContentStore link patterns, kept free of zod so the content script can use them: a pattern is a path
 * template that must end a link's path, segment by segment. `*` stands for any one segment; the last segment is
 * `{shareId}` (a public share's number) or `{guid}` (a file's or folder's GUID, 32 hex digits). The defaults
 * cover `…/publicshare/{shareId}`, `…/contentstore/file/{guid}` and `…/drive/file/{guid}` (Edge Drive).
 */

export const DEFAULT_LINK_PATTERNS: readonly string[] = [
  'publicshare/{shareId}',
  'contentstore/file/{guid}',
  'drive/file/{guid}',
];

/** The API base paths Commvault serves (reference §1.1); anything else is "custom". */
export const API_PATHS = ['webconsole/api', 'commandcenter/api', 'SearchSvc/CVWebService.svc'] as const;

export const MAX_PATTERNS = 20;
const SEGMENT = /^(?:\*|[A-Za-z0-9._~-]{1,100})$/;
const PLACEHOLDER = /^\{(shareId|guid)\}$/;
const GUID = /^(?:[0-9a-f]{32}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i;
const SHARE_ID = /^[1-9][0-9]{0,11}$/;

/** What a matched link names: a public share by id, or an item by GUID (hyphens removed, lower case). */
export type LinkTarget = { kind: 'publicShare'; shareId: string } | { kind: 'item'; guid: string };

/** Why a pattern is refused (a message key suffix), or undefined when it is fine. */
export function patternProblem(pattern: string): 'empty' | 'placeholder' | 'segment' | undefined {
  const segments = pattern.replace(/^\/+|\/+$/g, '').split('/');
  if (segments.length === 0 || segments[0] === '') return 'empty';
  const last = segments[segments.length - 1] as string;
  if (!PLACEHOLDER.test(last)) return 'placeholder';
  if (segments.length > 10 || !segments.slice(0, -1).every((segment) => SEGMENT.test(segment)))
    return 'segment';
  return undefined;
}

/** The store a GUID link names: Edge Drive links (`…/drive/file/…`) are read through `drive/`, others `contentstore/`. */
function storeOf(segments: readonly string[]): 'contentstore' | 'drive' {
  return segments.some((segment) => segment.toLowerCase() === 'drive') ? 'drive' : 'contentstore';
}

/**
 * What `pathname` names under `pattern`, or undefined. The pattern must match the path's last segments; literal
 * segments compare without regard to case (Commvault's routes do not care).
 */
export function matchPattern(
  pattern: string,
  pathname: string,
): (LinkTarget & { store: 'contentstore' | 'drive' }) | undefined {
  if (patternProblem(pattern)) return undefined;
  const wanted = pattern.replace(/^\/+|\/+$/g, '').split('/');
  const path = pathname.replace(/\/+$/, '').split('/').slice(1);
  if (path.length < wanted.length) return undefined;
  const tail = path.slice(path.length - wanted.length);
  for (let i = 0; i < wanted.length - 1; i++) {
    const want = wanted[i] as string;
    if (want !== '*' && want.toLowerCase() !== (tail[i] as string).toLowerCase()) return undefined;
  }
  const value = tail[tail.length - 1] as string;
  const placeholder = wanted[wanted.length - 1];
  if (placeholder === '{shareId}')
    return SHARE_ID.test(value) ? { kind: 'publicShare', shareId: value, store: 'contentstore' } : undefined;
  if (!GUID.test(value)) return undefined;
  return { kind: 'item', guid: value.replace(/-/g, '').toLowerCase(), store: storeOf(wanted) };
}

/** The first pattern's reading of `pathname`. */
export function matchAny(patterns: readonly string[], pathname: string) {
  for (const pattern of patterns) {
    const match = matchPattern(pattern, pathname);
    if (match) return match;
  }
  return undefined;
}
