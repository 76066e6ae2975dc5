import { queryParameter } from '../../../links/candidate';
import type { ShareLinkDetector } from '../../types';

/**
 * OneDrive personal share links (reference/graph-shares.md §3, "OneDrive personal").
 *
 * Short links on 1drv.ms: the legacy `/{L}/s!{token}` and, since 2024, `/{L}/c/{cid}/{token}`, where `{L}` is a
 * one- or two-letter type hint (u, f, w, x, …) that we do not interpret and `{cid}` is the hex drive id.
 */
const SHORT_LINK_PATH = /^\/[a-z]{1,2}\/(?:s![\w-]+|c\/[0-9a-f]{8,16}\/[\w-]+)\/?$/i;

/**
 * Pages on onedrive.live.com that show, embed or download one item: the root (`/?id=…`), `redir[.aspx]`, `embed`,
 * `view.aspx`, `download[.aspx]` and the mid-2024 `personal/{cid}/_layouts/15/doc.aspx`.
 */
const ITEM_PAGE_PATH =
  /^\/(?:|redir(?:\.aspx)?|embed|view\.aspx|download(?:\.aspx)?|personal\/[0-9a-f]+\/_layouts\/15\/doc\.aspx)$/i;

/**
 * Query parameters that point at shared content, as in the reference's detection heuristic (§3): `id`, `resid`,
 * `cid`, `redeem` or `authkey`. A bare `?cid=` names a whole drive; it is still a link people share, and Graph
 * says itself whether it can be previewed.
 */
const SHARE_PARAMETER = queryParameter('id', 'resid', 'cid', 'redeem', 'authkey');

export const oneDriveDetector: ShareLinkDetector = {
  provider: 'onedrive',
  ownsHost: (hostname) => hostname === '1drv.ms' || hostname === 'onedrive.live.com',
  isShareUrl(url) {
    if (url.hostname === '1drv.ms') return SHORT_LINK_PATH.test(url.pathname);
    return ITEM_PAGE_PATH.test(url.pathname) && SHARE_PARAMETER.test(url.search);
  },
};
