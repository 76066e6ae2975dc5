import { queryParameter, queryValue } from '../../../links/candidate';
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
 * What a URL on a share host is: no share link (null), a share link sent as written (`'link'`), or a page that
 * names an item by path, sent as that item's own URL, which the shares API resolves like a link (§3: "Shares
 * usually resolves such absolute URLs").
 */
export type ShareTarget = null | 'link' | { itemUrl: string };

/** A detector for `provider` on the hosts `ownsHost` accepts, deciding every URL with `target`. */
export function targetDetector(
  provider: string,
  ownsHost: (hostname: string) => boolean,
  target: (url: URL) => ShareTarget,
): ShareLinkDetector {
  return {
    provider,
    ownsHost,
    isShareUrl: (url) => target(url) !== null,
    itemUrl(url) {
      const found = target(url);
      return found !== null && found !== 'link' ? found.itemUrl : undefined;
    },
  };
}

/**
 * The type of a short link: one or two letters (w, x, p, f, li, …). `l` is a list, which is not a drive item:
 * the shares API cannot show it, so claiming it would only end in a misleading "no access" card.
 */
export const SHORT_LINK_TYPE_SOURCE = '(?!l:)[a-z]{1,2}';

/**
 * Short links `/:{type}:/{container}/{…}`: the container is r (the item's path follows), s (sites), t (teams),
 * g or p (personal). Something must follow the container. Captures the container and what follows it.
 */
const SHORT_LINK = new RegExp(`^/:${SHORT_LINK_TYPE_SOURCE}:/([rstgp])/([^/].*)$`, 'i');

/**
 * Managed paths every tenant has, each followed by a site name: `/sites/`, `/teams/`, `/personal/` (OneDrive),
 * `/portals/` (the retired Office 365 Video) and `/contentstorage/` (SharePoint Embedded containers, such as Loop's).
 */
const MANAGED_PATH = '(?:sites|teams|personal|portals|contentstorage)';

/** After `/:x:/r/`, a path that names a site (`sites/Team`) or a managed path, not an item in it. */
const SITE_ONLY = new RegExp(`^(?:${MANAGED_PATH}(?:/+[^/]+)?)?/*$`, 'i');

/**
 * A library and an item in it: `/{managed path}/{site}/{library}/{item…}`, or in the root site (and under managed
 * paths a tenant added itself, such as `/people/`, which look the same) `/{library}/{item…}`. A subsite's
 * library comes out as a folder of its parent's, which is an item too. The library may not be `SitePages` or
 * `Lists`, which hold pages and list items, and never holds a `:` (SharePoint forbids it in names; the
 * `/:x:/` short links are decided above).
 */
const LIBRARY_ITEM_PATH = new RegExp(
  `^/(?:${MANAGED_PATH}/[^/]+/+|(?!${MANAGED_PATH}(?:/|$)))(?!(?:sitepages|lists)(?:/|$))[^/:]+/+[^/]`,
  'i',
);
/** `_layouts`, `_api`, `_vti_bin`, `_catalogs`, …: system folders, never a user's files (`_Archive` may be). */
const SYSTEM_FOLDER = /\/_(?:api|catalogs|cts|layouts|private|vti_[a-z]+)(?:\/|$)/i;
/** Views such as `Forms/AllItems.aspx` and pages in a subsite's `SitePages` are .aspx; shared documents are not. */
const PAGE = /\.aspx\/*$/i;

/**
 * True when the server-relative path names a document or folder inside a library, not a site home, page, list,
 * view or system page. Both detectors use it, for direct links and for the paths pages name in their query.
 */
export function isLibraryItemPath(pathname: string): boolean {
  return LIBRARY_ITEM_PATH.test(pathname) && !SYSTEM_FOLDER.test(pathname) && !PAGE.test(pathname);
}

/**
 * The item a page names by path in its query — a server-relative path (`/sites/Team/Shared Documents/a.docx`)
 * or an absolute URL — as the item's own URL on the page's origin, when `isItemPath` accepts the path. Only on
 * the same host: a path elsewhere would have the card describe an item the link does not open (and another
 * tenant's, at that). A `listurl` beside it says whose path it is (OneDrive's "Shared" views), so one on another
 * host rules the page out too.
 */
export function namedItem(
  page: URL,
  value: string | undefined,
  isItemPath: (pathname: string) => boolean,
): ShareTarget {
  // The URL parser drops tabs, newlines and surrounding spaces: the item it found would not be the one named.
  if (!value || /[\t\n\r]/.test(value) || value.trim() !== value) return null;
  const absolute = /^https?:\/\//i.test(value);
  if (!absolute && !value.startsWith('/')) return null;
  const listUrl = queryValue(page, 'listurl');
  if (listUrl && URL.canParse(listUrl) && new URL(listUrl).host !== page.host) return null;
  let item: URL;
  try {
    // In a decoded path, `%` and `#` are parts of file names, not escapes or a fragment.
    item = new URL(absolute ? value : value.replaceAll('%', '%25').replaceAll('#', '%23'), page.origin);
  } catch {
    return null;
  }
  const sameHost = item.host === page.host && item.username === '' && item.password === '';
  // SharePoint names cannot hold `?`: a query in the value means it is not a plain item path.
  if (!sameHost || item.search !== '' || !isItemPath(item.pathname)) return null;
  return { itemUrl: page.origin + item.pathname };
}

/** A document's unique id, with or without braces (`{3F2504E0-4F89-11D3-9A0C-0305E82C3301}`). */
const GUID = /^\{?[0-9a-f]{8}(?:-[0-9a-f]{4}){3}-[0-9a-f]{12}\}?$/i;

/**
 * Office's document page (`Doc.aspx`) names its document in `sourcedoc`: by unique id, which the shares API reads
 * from the link as written, or by path, which is resolved through the item's own URL.
 */
export function sourceDoc(page: URL, isItemPath: (pathname: string) => boolean): ShareTarget {
  const value = queryValue(page, 'sourcedoc');
  return value !== undefined && GUID.test(value) ? 'link' : namedItem(page, value, isItemPath);
}

/**
 * A key that opens an item to anyone: a share token (`share`, `guestaccesstoken`), or in older anonymous links
 * the document's or folder's id with its `authkey`.
 */
const SHARE_KEY = queryParameter('share', 'guestaccesstoken');
const ITEM_ID = queryParameter('docid', 'folderid');
const AUTH_KEY = queryParameter('authkey');

function anonymousLink(page: URL): ShareTarget {
  const search = page.search;
  return SHARE_KEY.test(search) || (ITEM_ID.test(search) && AUTH_KEY.test(search)) ? 'link' : null;
}

const byPath = (page: URL, ...names: string[]) =>
  namedItem(page, queryValue(page, ...names), isLibraryItemPath);
const byDocument = (page: URL) => sourceDoc(page, isLibraryItemPath);

/** `_layouts/15` pages that open one item, and how each names it; any other `_layouts` page is not an item. */
const LAYOUTS_PAGE = /\/_layouts\/15\/([a-z0-9]+)\.aspx$/i;
const LAYOUTS_PAGES = new Map<string, (page: URL) => ShareTarget>([
  ['guestaccess', anonymousLink],
  // the same keys download the file; SourceUrl names it by path
  ['download', (page) => anonymousLink(page) ?? byPath(page, 'sourceurl')],
  ['doc', byDocument],
  ['doc2', byDocument], // older name of Doc.aspx
  ['wopiframe', byDocument], // older name of Doc.aspx
  ['wopiframe2', byDocument], // older name of Doc.aspx
  ['onedrive', (page) => byPath(page, 'id')], // OneDrive's classic app, showing the folder or file `id` names
  ['stream', (page) => byPath(page, 'id')], // the video player
  ['xlviewer', (page) => byPath(page, 'id')], // Excel's older viewer
]);

/** A library view (`Shared Documents/Forms/AllItems.aspx`); older views name the folder in `RootFolder`. */
const LIBRARY_VIEW = /\/Forms\/[^/]+\.aspx$/i;
/** OneDrive's web app since 2023, `https://contoso-my.sharepoint.com/my?id=…`. */
const ONEDRIVE_APP = /^\/my\/?$/i;

function sharePointTarget(url: URL): ShareTarget {
  const path = url.pathname;
  const short = SHORT_LINK.exec(path);
  if (short) return short[1]!.toLowerCase() === 'r' && SITE_ONLY.test(short[2]!) ? null : 'link';
  const page = LAYOUTS_PAGE.exec(path)?.[1]?.toLowerCase();
  if (page !== undefined) return LAYOUTS_PAGES.get(page)?.(url) ?? null;
  // Without an id, a view shows the library and the app shows the person's own files: neither is one item.
  if (LIBRARY_VIEW.test(path)) return byPath(url, 'id', 'rootfolder');
  if (ONEDRIVE_APP.test(path)) return byPath(url, 'id');
  return isLibraryItemPath(path) ? 'link' : null;
}

export const sharePointDetector = targetDetector(
  'sharepoint',
  (hostname) => SHAREPOINT_HOST.test(hostname),
  sharePointTarget,
);
