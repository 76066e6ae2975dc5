/**
 * JSON for driveItem, sharedDriveItem, permission, list, listItem and site resources (reference §1.4, §2, §7.7),
 * built from a dataset item as seen through one sharing link.
 */
import { createHash } from 'node:crypto';
import { guidFrom } from '../../core/http';
import { graphUserIdOf, tenantIdOf } from '../identity/users';
import { type Drive, type Link, rootIdOf } from './dataset';
import { encodeSharingUrl } from './share-key';
import type { ItemNode, Store } from './store';

export interface ViewContext {
  store: Store;
  /** http://127.0.0.1:N — thumbnails and downloads are served by the emulator itself */
  baseUrl: string;
  /** the link the item was reached through: gives webUrl's host and the `shared` facet */
  link: Link;
}

const DEFAULT_DATE = '2026-01-05T09:00:00Z';

const MIME_TYPES: Record<string, string> = {
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  pdf: 'application/pdf',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  svg: 'image/svg+xml',
  mp4: 'video/mp4',
  mp3: 'audio/mpeg',
  txt: 'text/plain',
  csv: 'text/csv',
  md: 'text/markdown',
  zip: 'application/zip',
  json: 'application/json',
};

export function mimeTypeOf(node: ItemNode): string {
  if (node.item.mimeType) return node.item.mimeType;
  const extension = node.item.name.split('.').pop()?.toLowerCase() ?? '';
  return MIME_TYPES[extension] ?? 'application/octet-stream';
}

export function identitySet(
  store: Store,
  userId: string,
): { user: { id: string; displayName: string; email: string } } {
  const user = store.user(userId);
  return {
    user: {
      id: user ? graphUserIdOf(user) : userId,
      displayName: user?.displayName ?? userId,
      email: user?.email ?? '',
    },
  };
}

function graphDate(value: string): string {
  return new Date(value).toISOString().replace('.000Z', 'Z');
}

function pathSegments(names: string[]): string {
  return names.map((name) => encodeURIComponent(name)).join('/');
}

/** Where a business item lives: the host, its site (`sites/Finance`, `personal/adele_contoso_com`) and library. */
interface Location {
  host: string;
  site: string;
  library: string;
}

/**
 * The site and library on the link's host: SharePoint `sites/{s}` / `teams/{t}` libraries ("Shared Documents"),
 * ODB `personal/{upn}/Documents`, personal OneDrive `personal/{driveId}/Documents`. The site is read from the
 * short link (`/:x:/s/Finance/…`, `/:w:/g/personal/adele_contoso_com/…`, `/:x:/r/sites/S/Lib/file`), reference §3.
 */
export function locationOf(link: Link, node: ItemNode): Location {
  const url = new URL(link.url);
  const segments = url.pathname.split('/').filter(Boolean);
  let site = `sites/${encodeURIComponent(node.drive.id)}`;
  let library = 'Shared%20Documents';
  const personalSite = (name: string) => {
    site = `personal/${name}`;
    library = 'Documents';
  };
  const [first, container, a, b, c] = segments;
  if (node.drive.kind === 'personal') personalSite(node.drive.id.toLowerCase());
  else if (first && /^:[a-z]{1,2}:$/i.test(first)) {
    if (container === 's' && a) site = `sites/${a}`;
    else if (container === 't' && a) site = `teams/${a}`;
    else if (container === 'p' && a) personalSite(a);
    else if (container === 'g' && a === 'personal' && b) personalSite(b);
    else if (container === 'g' && (a === 'sites' || a === 'teams') && b) site = `${a}/${b}`;
    else if (container === 'r' && a && b) {
      site = `${a}/${b}`;
      if (c) library = c;
    }
  } else if ((first === 'sites' || first === 'teams') && container) site = `${first}/${container}`;
  else if (first === 'personal' && container) personalSite(container);
  return { host: url.host, site, library };
}

/** Where the item lives in a browser, on the link's host (or the dataset's `webUrl`). */
export function webUrlOf(link: Link, node: ItemNode): string {
  if (node.item.webUrl) return node.item.webUrl;
  const { host, site, library } = locationOf(link, node);
  return `https://${host}/${site}/${library}/${pathSegments(node.names)}`;
}

function digest(seed: string, algorithm = 'sha1'): Buffer {
  return createHash(algorithm).update(seed).digest();
}

export function downloadUrl(baseUrl: string, itemId: string): string {
  return `${baseUrl}/download/${encodeURIComponent(itemId)}?tempauth=${digest(`download:${itemId}`).toString('hex')}`;
}

/** Dates and version of an item, shared by its driveItem and listItem. */
function stamps(node: ItemNode) {
  const { item } = node;
  const modified = graphDate(item.modified ?? item.created ?? DEFAULT_DATE);
  const created = graphDate(item.created ?? item.modified ?? DEFAULT_DATE);
  const guid = guidFrom(`item:${item.id}`).toUpperCase();
  const version = 1 + (digest(`version:${item.id}:${modified}`)[0]! % 9);
  return { modified, created, guid, version };
}

export function driveItemJson(ctx: ViewContext, node: ItemNode): Record<string, unknown> {
  const { item, drive } = node;
  const { modified, created, guid, version } = stamps(node);
  const owner = drive.owner;
  const parentNames = node.names.slice(0, -1);
  const parentReference: Record<string, unknown> = {
    driveType: drive.kind,
    driveId: drive.id,
    id: node.parent ? node.parent.item.id : rootIdOf(drive),
    ...(node.parent ? { name: node.parent.item.name } : {}),
    path: `/drives/${encodeURIComponent(drive.id)}/root:${parentNames.length ? `/${pathSegments(parentNames)}` : ''}`,
    ...(drive.kind === 'business' ? { siteId: sharePointOf(ctx.link, node).siteId } : {}),
  };
  const json: Record<string, unknown> = {};
  if (!node.children) json['@microsoft.graph.downloadUrl'] = downloadUrl(ctx.baseUrl, item.id);
  Object.assign(json, {
    createdDateTime: created,
    eTag: `"{${guid}},${version}"`,
    id: item.id,
    lastModifiedDateTime: modified,
    name: item.name,
    webUrl: webUrlOf(ctx.link, node),
    cTag: `"c:{${guid}},${version}"`,
    size: node.size,
    createdBy: identitySet(ctx.store, item.createdBy ?? owner),
    lastModifiedBy: identitySet(ctx.store, item.modifiedBy ?? item.createdBy ?? owner),
    parentReference,
    fileSystemInfo: { createdDateTime: created, lastModifiedDateTime: modified },
  });
  if (node.children) {
    json.folder = { childCount: node.children.length };
  } else {
    const hashes: Record<string, string> = {
      quickXorHash: digest(`qxh:${item.id}:${node.size}`).toString('base64'),
    };
    if (drive.kind === 'personal') {
      hashes.sha1Hash = digest(`sha1:${item.id}`).toString('hex').toUpperCase();
      hashes.crc32Hash = digest(`crc:${item.id}`).toString('hex').slice(0, 8).toUpperCase();
    }
    json.file = { mimeType: mimeTypeOf(node), hashes };
  }
  json.shared = { scope: ctx.link.scope, owner: identitySet(ctx.store, owner) };
  return json;
}

/**
 * `GET /shares/{t}`: sharedDriveItem `{id, name, owner}`. Its id is the share's own, not the item's (the seed's
 * example answers another id than the driveItem's), the same `shareId` the link's permission names.
 */
export function sharedDriveItemJson(ctx: ViewContext, node: ItemNode): Record<string, unknown> {
  return {
    id: encodeSharingUrl(ctx.link.url),
    name: node.item.name,
    owner: identitySet(ctx.store, node.drive.owner),
  };
}

/** `GET /shares/{t}/permission`: the link's permission (reference §2 "permission", "sharingLink"). */
export function permissionJson(ctx: ViewContext): Record<string, unknown> {
  const { link, store } = ctx;
  const personal = store.target(link).drive.kind === 'personal';
  const type = store.typeOf(link);
  const created = store.createdInfo(link);
  const sharingLink: Record<string, unknown> = {
    type,
    scope: link.scope,
    webUrl: link.url,
    preventsDownload: false,
  };
  // An embed link's HTML is an iframe of its URL (createLink doc: "webHtml … for embed links").
  if (type === 'embed') sharingLink.webHtml = embedHtml(link.url);
  return {
    id: linkPermissionId(link),
    roles: [roleOf(type)],
    link: sharingLink,
    shareId: encodeSharingUrl(link.url),
    ...(link.scope === 'users' ||
    store.grantedOn(link).users.length + store.grantedOn(link).outsiders.length > 0
      ? grantedToIdentities(ctx)
      : {}),
    ...(personal ? { hasPassword: created?.hasPassword ?? false } : {}),
    ...(created?.expirationDateTime ? { expirationDateTime: created.expirationDateTime } : {}),
  };
}

/**
 * Who a `users` link is for (reference §2 "permission": `grantedToIdentitiesV2`, with the deprecated
 * `grantedToIdentities` and its `@deprecated.*` annotation beside it, as Graph v1.0 still sends them).
 */
function grantedToIdentities(ctx: ViewContext): Record<string, unknown> {
  const { link, store } = ctx;
  const granted = store.grantedOn(link);
  const users = [...new Set([...(link.users ?? []), ...granted.users])];
  const outsiders = [...new Set([...(store.createdInfo(link)?.outsiders ?? []), ...granted.outsiders])];
  const people = [
    ...users.map((id) => identitySet(store, id)),
    ...outsiders.map((email) => ({ user: { email } })),
  ];
  return {
    grantedToIdentitiesV2: people,
    '@deprecated.GrantedToIdentities':
      'GrantedToIdentities has been deprecated. Refer to GrantedToIdentitiesV2',
    grantedToIdentities: people,
  };
}

/**
 * `grantedToV2` with the deprecated `grantedTo` and its annotation beside it, as Graph v1.0 sends a grant to one
 * person (reference §2 "permission": "deprecated `grantedTo*` come with `@deprecated.*` annotations").
 */
export function grantedTo(identity: { user: Record<string, unknown> }): Record<string, unknown> {
  return {
    grantedToV2: identity,
    '@deprecated.GrantedTo': 'GrantedTo has been deprecated. Refer to GrantedToV2',
    grantedTo: identity,
  };
}

/** A link's permission id: the same from `/shares/{t}/permission` and `…/items/{id}/permissions`. */
export function linkPermissionId(link: Link): string {
  return guidFrom(`permission:${link.url}`);
}

export function roleOf(type: Link['type']): 'read' | 'write' {
  return type === 'edit' ? 'write' : 'read';
}

function embedHtml(url: string): string {
  return `<iframe src="${url.replace(/&/g, '&amp;')}" width="98" height="120" frameborder="0" scrolling="no"></iframe>`;
}

/** SharePoint ids of a business item's site, web and document library, derived from where it lives. */
function sharePointOf(link: Link, node: ItemNode) {
  const { host, site, library } = locationOf(link, node);
  const siteUrl = `https://${host}/${site}`;
  const siteCollectionId = guidFrom(`site:${siteUrl}`);
  const webId = guidFrom(`web:${siteUrl}`);
  const owner = node.drive.owner;
  return {
    host,
    site,
    library,
    siteUrl,
    siteCollectionId,
    webId,
    // Graph's composite site id: "{hostname},{site collection id},{web id}" (resources/site).
    siteId: `${host},${siteCollectionId},${webId}`,
    listId: guidFrom(`list:${siteUrl}/${library}`),
    ownerId: owner,
  };
}

/**
 * The composite id (`{host},{guid},{guid}`) of the site a business drive belongs to, as `/shares/{t}/site` gives
 * it for the drive's links; undefined for a personal drive or one no link points into.
 */
export function siteIdOfDrive(store: Store, drive: Drive): string | undefined {
  if (drive.kind !== 'business') return undefined;
  const link = store.links.find((candidate) => store.target(candidate).drive === drive);
  return link && sharePointOf(link, store.target(link)).siteId;
}

/** `GET /shares/{t}/site`: the site the shared item lives in (business shares only). */
export function siteJson(ctx: ViewContext, node: ItemNode): Record<string, unknown> {
  const where = sharePointOf(ctx.link, node);
  const name = decodeURIComponent(where.site.split('/').pop() ?? where.site);
  return {
    id: where.siteId,
    name,
    displayName: name,
    webUrl: where.siteUrl,
    createdDateTime: graphDate(DEFAULT_DATE),
    lastModifiedDateTime: stamps(node).modified,
    siteCollection: { hostname: where.host },
  };
}

/** `GET /shares/{t}/list`: the document library holding the shared item (business shares only). */
export function listJson(ctx: ViewContext, node: ItemNode): Record<string, unknown> {
  const where = sharePointOf(ctx.link, node);
  const name = decodeURIComponent(where.library);
  return {
    id: where.listId,
    name,
    displayName: name === 'Shared Documents' ? 'Documents' : name,
    webUrl: `${where.siteUrl}/${where.library}`,
    eTag: `"${where.listId},1"`,
    createdDateTime: graphDate(DEFAULT_DATE),
    lastModifiedDateTime: stamps(node).modified,
    createdBy: identitySet(ctx.store, where.ownerId),
    list: { contentTypesEnabled: false, hidden: false, template: 'documentLibrary' },
    parentReference: { siteId: where.siteId },
  };
}

/** `GET /shares/{t}/listItem`: the shared item's list item; `fields` when expanded (business shares only). */
export function listItemJson(
  ctx: ViewContext,
  node: ItemNode,
  options: { fields: boolean },
): Record<string, unknown> {
  const where = sharePointOf(ctx.link, node);
  const { modified, created, guid, version } = stamps(node);
  const { item } = node;
  const owner = node.drive.owner;
  const contentType = node.children ? { id: '0x0120', name: 'Folder' } : { id: '0x0101', name: 'Document' };
  const user = ctx.store.user(owner);
  const json: Record<string, unknown> = {
    id: String(node.listItemId),
    eTag: `"${guid.toLowerCase()},${version}"`,
    createdDateTime: created,
    lastModifiedDateTime: modified,
    webUrl: webUrlOf(ctx.link, node),
    createdBy: identitySet(ctx.store, item.createdBy ?? owner),
    lastModifiedBy: identitySet(ctx.store, item.modifiedBy ?? item.createdBy ?? owner),
    parentReference: { id: where.listId, siteId: where.siteId },
    contentType,
    sharepointIds: {
      listId: where.listId,
      listItemId: String(node.listItemId),
      listItemUniqueId: guid.toLowerCase(),
      siteId: where.siteCollectionId,
      siteUrl: where.siteUrl,
      tenantId: user ? tenantIdOf(user) : guidFrom(`tenant:${where.host}`),
      webId: where.webId,
    },
  };
  if (options.fields) {
    json.fields = {
      '@odata.etag': json.eTag,
      id: String(node.listItemId),
      FileLeafRef: item.name,
      ContentType: contentType.name,
      Created: created,
      Modified: modified,
      ...(node.children ? {} : { FileSizeDisplay: String(node.size) }),
    };
  }
  return json;
}
