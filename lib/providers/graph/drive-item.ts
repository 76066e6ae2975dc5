import type { ChildSummary, ItemKind, Person, SharedItem, ShareLink } from '../../model';
import { SHAREPOINT_CLOUDS } from './links/sharepoint';
import { type DriveItem, type DriveItemChild, linkPermissionSchema } from './schemas';

/** How many children a preview lists; the count says how many there are in all. */
export const CHILDREN_IN_PREVIEW = 10;

type Facets = Pick<DriveItemChild, 'file' | 'folder' | 'package'>;

/** Which facet an item has: exactly one of file, folder or package (reference/graph-shares.md §1.4). */
function facetKind(item: Facets): ItemKind | undefined {
  if (item.folder) return 'folder';
  if (item.package) return item.package.type?.toLowerCase() === 'onenote' ? 'notebook' : 'file';
  if (item.file) return 'file';
  return undefined;
}

type IdentitySet = DriveItem['createdBy'];

function person(identitySet: IdentitySet): Person | undefined {
  const user = identitySet?.user;
  // Some accounts expose only an email; a name is still needed to show someone.
  const displayName = user?.displayName || user?.email;
  if (!user || !displayName) return undefined;
  const result: Person = { displayName };
  if (user.email) result.email = user.email;
  return result;
}

function hasProtocol(url: string | undefined, protocols: readonly string[]): url is string {
  if (url === undefined || !URL.canParse(url)) return false;
  return protocols.includes(new URL(url).protocol);
}

function summary(child: DriveItemChild): ChildSummary {
  const result: ChildSummary = { name: child.name, kind: facetKind(child) ?? 'file' };
  if (child.size !== undefined) result.size = child.size;
  return result;
}

/** Personal OneDrive's hosts: links and items alike. */
const PERSONAL_HOSTS = ['1drv.ms', 'onedrive.live.com', 'onedrive.com'];

/** What `source` says for an item in a personal OneDrive (a product name, the same in every language). */
export const PERSONAL_SOURCE = 'OneDrive';

/**
 * Whose storage a host belongs to: `personal` for OneDrive's hosts, `{tenant}.{cloud}` for a SharePoint tenant
 * host on a real cloud (`contoso.sharepoint.com` and its OneDrive `contoso-my.sharepoint.com` are both
 * `contoso.sharepoint.com`), undefined for anything else. Only the exact cloud names count
 * (`sharepoint-mil.us`, not `sharepoint-mil.com`), and only one label before them.
 */
function ownerOfHost(hostname: string): string | undefined {
  if (PERSONAL_HOSTS.includes(hostname)) return 'personal';
  const cloud = SHAREPOINT_CLOUDS.find((name) => hostname.endsWith(`.${name}`));
  if (!cloud) return undefined;
  const label = hostname.slice(0, -cloud.length - 1);
  if (!/^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/.test(label)) return undefined;
  return `${label.replace(/-my$/, '')}.${cloud}`;
}

/**
 * True for an https address, without user info, on a OneDrive or SharePoint host of the same owner as
 * `linkUrl`: a link on one tenant cannot offer an item address on another tenant (or a look-alike host) to open.
 */
export function isItemWebUrl(url: string | undefined, linkUrl: string): url is string {
  if (!hasProtocol(url, ['https:']) || !URL.canParse(linkUrl)) return false;
  const { hostname, username, password } = new URL(url);
  const owner = ownerOfHost(hostname);
  return !username && !password && owner !== undefined && owner === ownerOfHost(new URL(linkUrl).hostname);
}

/**
 * Where the shares API's thumbnail URLs point (pre-authenticated, fetched without a token): SharePoint's media
 * proxy (`{region}-mediap.svc.ms/transform/thumbnail?…`) and personal OneDrive's file stores (`*.files.1drv.com`,
 * `*.livefilestore.com`, `*.storage.live.com`, `*.microsoftpersonalcontent.com`). A tenant's own host
 * (`/_api/v2.0/…/thumbnails/…/content`) counts too, see {@link isThumbnailUrl}.
 */
const THUMBNAIL_HOST =
  /(^|[.-])mediap\.svc\.ms$|\.files\.1drv\.com$|\.livefilestore\.com$|\.storage\.live\.com$|(^|\.)microsoftpersonalcontent\.com$/;

/**
 * Whether a thumbnail URL from the API may be fetched: https on a host Graph serves thumbnails from, or under
 * the configured endpoint's origin, where the local emulator serves them (over http on loopback). Anything else
 * in API data (an address a dataset or a tampered answer slipped in) is not fetched.
 */
export function isThumbnailUrl(url: string, endpoint: string): boolean {
  if (!URL.canParse(url)) return false;
  const target = new URL(url);
  if (target.username || target.password) return false;
  if (URL.canParse(endpoint) && target.origin === new URL(endpoint).origin) return true;
  if (target.protocol !== 'https:') return false;
  const owner = ownerOfHost(target.hostname);
  return (owner !== undefined && owner !== 'personal') || THUMBNAIL_HOST.test(target.hostname);
}

/** What the item's `source` says: OneDrive for a personal link, else the link's host. */
function sourceOf(linkUrl: string): string | undefined {
  if (!URL.canParse(linkUrl)) return undefined;
  const { hostname } = new URL(linkUrl);
  return ownerOfHost(hostname) === 'personal' ? PERSONAL_SOURCE : hostname;
}

/**
 * What a link's permission says of the link, for the card and the popup; undefined when it says too little. Graph
 * may leave out the scope (its embed example does) or the type: then the roles say what the link allows.
 */
export function linkAccessOf(body: unknown): SharedItem['linkAccess'] {
  const permission = linkPermissionSchema.safeParse(body);
  if (!permission.success) return undefined;
  const { link, roles = [] } = permission.data;
  const type = link.type || (roles.includes('write') ? 'edit' : roles.includes('read') ? 'view' : undefined);
  if (!type || (!link.scope && !link.type)) return undefined;
  const access: NonNullable<SharedItem['linkAccess']> = { type };
  if (link.scope) access.scope = link.scope;
  const expires = permission.data.expirationDateTime;
  // `0001-01-01T00:00:00Z` means no expiry (reference §2).
  if (expires && !expires.startsWith('0001-') && !Number.isNaN(Date.parse(expires))) access.expires = expires;
  if (permission.data.hasPassword) access.hasPassword = true;
  return access;
}

/**
 * Where sharing actions address the item (reference §2): its drive and id, or those of `remoteItem` when it lives
 * in another drive (a shortcut, an item shared into this drive).
 */
function shareTargetOf(item: DriveItem): SharedItem['shareTarget'] {
  const remote = item.remoteItem;
  const driveId = remote ? remote.parentReference?.driveId : item.parentReference?.driveId;
  const itemId = remote ? remote.id : item.id;
  if (!driveId || !itemId) return undefined;
  // The kind of drive is the same for both (a personal drive never holds a business item, nor the reverse).
  const driveType = remote?.parentReference?.driveType ?? item.parentReference?.driveType;
  const target: NonNullable<SharedItem['shareTarget']> = {
    ref: `/drives/${encodeURIComponent(driveId)}/items/${encodeURIComponent(itemId)}`,
    personal: driveType === 'personal',
  };
  // Some link options are for files only (embed, reference §2 createLink).
  if (facetKind(remote ?? item) === 'folder') target.folder = true;
  return target;
}

/**
 * The provider-neutral view of a driveItem that `link` resolved to. Only the fields a preview shows;
 * the link the UI may open (webUrl) is kept only when it is https on a OneDrive or SharePoint host of the
 * link's own tenant, and `source` names that tenant's host (or OneDrive).
 */
export function toSharedItem(link: ShareLink, item: DriveItem): SharedItem {
  const kind = facetKind(item) ?? (item.remoteItem ? facetKind(item.remoteItem) : undefined) ?? 'file';
  const shared: SharedItem = { provider: link.provider, url: link.url, id: item.id, name: item.name, kind };

  const driveId = item.parentReference?.driveId ?? item.remoteItem?.parentReference?.driveId;
  if (driveId) shared.driveId = driveId;
  const mimeType = item.file?.mimeType;
  if (mimeType) shared.mimeType = mimeType;
  if (item.size !== undefined) shared.size = item.size;

  const owner = person(item.shared?.owner) ?? person(item.createdBy);
  if (owner) shared.owner = owner;
  const modifiedBy = person(item.lastModifiedBy);
  if (modifiedBy) shared.modifiedBy = modifiedBy;
  if (item.lastModifiedDateTime) shared.modified = item.lastModifiedDateTime;
  if (item.createdDateTime) shared.created = item.createdDateTime;
  if (isItemWebUrl(item.webUrl, link.url)) shared.webUrl = item.webUrl;
  const source = sourceOf(link.url);
  if (source) shared.source = source;

  if (kind === 'folder') {
    const childCount = item.folder?.childCount ?? item.children?.length;
    if (childCount !== undefined) shared.childCount = childCount;
  }
  // Only folders have children; a file with `$expand=children` answers [] or nothing (§1.5).
  if (item.children && item.children.length > 0) {
    shared.children = item.children.slice(0, CHILDREN_IN_PREVIEW).map(summary);
  }

  const thumbnails = item.thumbnails?.[0];
  const thumbnailUrl = thumbnails?.medium?.url ?? thumbnails?.large?.url ?? thumbnails?.small?.url;
  // The background fetches it without credentials; the emulator serves thumbnails over loopback http.
  if (hasProtocol(thumbnailUrl, ['https:', 'http:'])) shared.thumbnailUrl = thumbnailUrl;

  if (item.shared?.scope) shared.scope = item.shared.scope;
  const target = shareTargetOf(item);
  if (target) shared.shareTarget = target;
  return shared;
}
