import { queryParameter, queryValue } from '../../../links/candidate';
import {
  isLibraryItemPath,
  namedItem,
  SHORT_LINK_TYPE_SOURCE,
  type ShareTarget,
  sourceDoc,
  targetDetector,
} from './sharepoint';

/**
 * OneDrive personal share links (reference/graph-shares.md §3, "OneDrive personal").
 *
 * Short links on 1drv.ms: the legacy `/{L}/s!{token}` and, since 2024, `/{L}/c/{cid}/{token}`, where `{L}` is a
 * one- or two-letter type hint (u, f, w, x, …) that we do not interpret and `{cid}` is the hex drive id.
 */
const SHORT_LINK_PATH = /^\/[a-z]{1,2}\/(?:s![\w-]+|c\/[0-9a-f]{8,16}\/[\w-]+)\/?$/i;

/**
 * Pages on onedrive.live.com that show, embed, edit or download one item: the root (`/?id=…`), `redir[.aspx]`,
 * `embed`, `view.aspx`, `edit[.aspx]` and `download[.aspx]`.
 */
const ITEM_PAGE_PATH = /^\/(?:|redir(?:\.aspx)?|embed|view\.aspx|edit(?:\.aspx)?|download(?:\.aspx)?)$/i;

/**
 * Query parameters that point at shared content, as in the reference's detection heuristic (§3): `id`, `resid`,
 * `cid`, `redeem` or `authkey`. A bare `?cid=` names a whole drive; it is still a link people share, and Graph
 * says itself whether it can be previewed.
 */
const SHARE_PARAMETER = queryParameter('id', 'resid', 'cid', 'redeem', 'authkey');

/*
 * Since 2024 OneDrive personal runs on SharePoint's backend, and its addresses took SharePoint's forms under
 * `/personal/{cid}/` (the hex drive id): documents by path, `_layouts/15/Doc.aspx` and `download.aspx`, and short
 * links such as `/:w:/g/personal/{cid}/{token}?…&migratedtospo=true`.
 */
const PERSONAL_SITE = /^\/personal\/[0-9a-f]+\//i;
const PERSONAL_LAYOUTS_PAGE = /^\/personal\/[0-9a-f]+\/_layouts\/15\/(doc|download)\.aspx$/i;
/** SharePoint's personal short links (`g/personal/{cid}/…`, and the shorter `p/{cid}/…`) with a token. */
const PERSONAL_SHORT_LINK = new RegExp(
  `^/:${SHORT_LINK_TYPE_SOURCE}:/(?:g/personal|p)/[0-9a-f]+/[\\w-]+/?$`,
  'i',
);

/** A document or folder in a personal drive: `/personal/{cid}/Documents/…`. */
function isPersonalItemPath(pathname: string): boolean {
  return PERSONAL_SITE.test(pathname) && isLibraryItemPath(pathname);
}

function oneDriveTarget(url: URL): ShareTarget {
  const path = url.pathname;
  if (url.hostname === '1drv.ms') return SHORT_LINK_PATH.test(path) ? 'link' : null;
  if (PERSONAL_SHORT_LINK.test(path)) return 'link';
  if (ITEM_PAGE_PATH.test(path)) return SHARE_PARAMETER.test(url.search) ? 'link' : null;
  const page = PERSONAL_LAYOUTS_PAGE.exec(path)?.[1]?.toLowerCase();
  if (page === 'doc') return SHARE_PARAMETER.test(url.search) ? 'link' : sourceDoc(url, isPersonalItemPath);
  if (page === 'download') return namedItem(url, queryValue(url, 'sourceurl'), isPersonalItemPath);
  return isPersonalItemPath(path) ? 'link' : null;
}

export const oneDriveDetector = targetDetector(
  'onedrive',
  (hostname) => hostname === '1drv.ms' || hostname === 'onedrive.live.com',
  oneDriveTarget,
);
