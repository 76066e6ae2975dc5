import { queryParameter } from '../../../links/candidate';
import type { ShareLinkDetector } from '../../types';

/**
 * SharePoint and OneDrive for Business share links (reference/graph-shares.md §3, "OneDrive for Business /
 * SharePoint").
 *
 * Hosts: one tenant label (`contoso`, `contoso-my`) under the commercial cloud or a national cloud: `.sharepoint.com`,
 * `.sharepoint.us` (GCC High), `.sharepoint-mil.us` (DoD), `.sharepoint.cn` (21Vianet), `.sharepoint.de` (retired,
 * old links still circulate). A bare `sharepoint.com` has no tenant and is Microsoft's own site.
 */
export const SHAREPOINT_CLOUDS = [
  'sharepoint.com',
  'sharepoint.us',
  'sharepoint-mil.us',
  'sharepoint.cn',
  'sharepoint.de',
] as const;

/** A tenant host, as a regular expression source without anchors (the common-forms fast path reuses it). */
export const SHAREPOINT_HOST_SOURCE = `[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\\.(?:${SHAREPOINT_CLOUDS.map(
  (cloud) => cloud.replaceAll('.', '\\.'),
).join('|')})`;

const SHAREPOINT_HOST = new RegExp(`^${SHAREPOINT_HOST_SOURCE}$`);

/**
 * Short links `/:{type}:/{container}/{…}`: the type is one or two letters (w, x, p, f, li, …) and the container
 * is r (full path follows), s (sites), t (teams), g or p (personal). Something must follow the container.
 */
const SHORT_LINK_PATH = /^\/:[a-z]{1,2}:\/[rstgp]\/[^/]/i;

/** `_layouts/15` pages that open one shared item, with the query parameter that names it. */
const LAYOUTS_PAGE_PATH = /\/_layouts\/15\/(guestaccess|doc|download|onedrive)\.aspx$/i;
const LAYOUTS_PAGE_PARAMETER: Record<string, RegExp> = {
  guestaccess: queryParameter('share', 'guestaccesstoken'),
  doc: queryParameter('sourcedoc'),
  download: queryParameter('share'),
  onedrive: queryParameter('id'),
};

/**
 * `/personal/{upn}/…`, `/sites/{site}/…`, `/teams/{team}/…` with at least two segments below the site: a library
 * and a document or folder in it (`/sites/Team/Shared%20Documents` alone is the library itself). The library may
 * not be `SitePages` or `Lists`, which hold pages and list items rather than shared documents.
 */
const LIBRARY_ITEM_PATH = /^\/(?:personal|sites|teams)\/[^/]+\/+(?!(?:sitepages|lists)(?:\/|$))[^/]+\/+[^/]/i;
/** `_layouts`, `_api`, `_vti_bin`, `_catalogs`, …: system folders, never a user's files (`_Archive` may be). */
const SYSTEM_FOLDER = /\/_(?:api|catalogs|cts|layouts|private|vti_[a-z]+)(?:\/|$)/i;
/** Views such as `Forms/AllItems.aspx` and pages in a subsite's `SitePages` are .aspx; shared documents are not. */
const PAGE = /\.aspx\/*$/i;

/** True when the path names a document or folder inside a library, not a site home, page, list or view. */
function isLibraryItemPath(pathname: string): boolean {
  return LIBRARY_ITEM_PATH.test(pathname) && !SYSTEM_FOLDER.test(pathname) && !PAGE.test(pathname);
}

export const sharePointDetector: ShareLinkDetector = {
  provider: 'sharepoint',
  ownsHost: (hostname) => SHAREPOINT_HOST.test(hostname),
  isShareUrl(url) {
    const path = url.pathname;
    if (SHORT_LINK_PATH.test(path)) return true;
    const page = LAYOUTS_PAGE_PATH.exec(path)?.[1]?.toLowerCase();
    if (page !== undefined) return LAYOUTS_PAGE_PARAMETER[page]?.test(url.search) ?? false;
    return isLibraryItemPath(path);
  },
};
