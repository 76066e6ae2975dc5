/**
 * JSON for driveItem, sharedDriveItem, thumbnailSet and permission resources (reference §1.4, §2, §7.7), built
 * from a dataset item as seen through one sharing link.
 */
import { createHash } from 'node:crypto';
import { guidFrom } from '../../core/http';
import { type Link, rootIdOf } from './dataset';
import { encodeSharingUrl } from './share-key';
import type { ItemNode, Store } from './store';

export interface ViewContext {
  store: Store;
  /** http://127.0.0.1:N — thumbnails and downloads are served by the emulator itself */
  baseUrl: string;
  /** the link the item was reached through: gives webUrl's host and the `shared` facet */
  link: Link;
}

/** Longest edges 96 / 176 / 800 (reference §1.4), 4:3 landscape. */
export const THUMBNAIL_SIZES = {
  small: { width: 96, height: 72 },
  medium: { width: 176, height: 132 },
  large: { width: 800, height: 600 },
} as const;
export type ThumbnailSize = keyof typeof THUMBNAIL_SIZES;

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
  return { user: { id: userId, displayName: user?.displayName ?? userId, email: user?.email ?? '' } };
}

function graphDate(value: string): string {
  return new Date(value).toISOString().replace('.000Z', 'Z');
}

function pathSegments(names: string[]): string {
  return names.map((name) => encodeURIComponent(name)).join('/');
}

/**
 * Where the item lives in a browser, on the link's host: SharePoint `sites/{s}` / `teams/{t}` libraries
 * ("Shared Documents"), ODB `personal/{upn}/Documents`, personal OneDrive `personal/{driveId}/Documents`.
 * The site is read from the short link (`/:x:/s/Finance/…`, `/:w:/g/personal/adele_contoso_com/…`,
 * `/:x:/r/sites/S/Lib/file`), reference §3.
 */
export function webUrlOf(link: Link, node: ItemNode): string {
  if (node.item.webUrl) return node.item.webUrl;
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
  return `https://${url.host}/${site}/${library}/${pathSegments(node.names)}`;
}

function digest(seed: string, algorithm = 'sha1'): Buffer {
  return createHash(algorithm).update(seed).digest();
}

export function thumbnailUrl(baseUrl: string, itemId: string, size: ThumbnailSize): string {
  return `${baseUrl}/thumbnails/${encodeURIComponent(itemId)}/${size}.png`;
}

export function downloadUrl(baseUrl: string, itemId: string): string {
  return `${baseUrl}/download/${encodeURIComponent(itemId)}?tempauth=${digest(`download:${itemId}`).toString('hex')}`;
}

/** `[{id:"0", small, medium, large}]` for items with `thumbnail: true`, else `[]`. */
export function thumbnailSets(baseUrl: string, node: ItemNode): Record<string, unknown>[] {
  if (!node.item.thumbnail) return [];
  const set: Record<string, unknown> = { id: '0' };
  for (const size of Object.keys(THUMBNAIL_SIZES) as ThumbnailSize[]) {
    set[size] = { ...THUMBNAIL_SIZES[size], url: thumbnailUrl(baseUrl, node.item.id, size) };
  }
  return [set];
}

export function driveItemJson(ctx: ViewContext, node: ItemNode): Record<string, unknown> {
  const { item, drive } = node;
  const modified = graphDate(item.modified ?? item.created ?? DEFAULT_DATE);
  const created = graphDate(item.created ?? item.modified ?? DEFAULT_DATE);
  const guid = guidFrom(`item:${item.id}`).toUpperCase();
  const version = 1 + (digest(`version:${item.id}:${modified}`)[0]! % 9);
  const owner = drive.owner;
  const parentNames = node.names.slice(0, -1);
  const parentReference: Record<string, unknown> = {
    driveType: drive.kind,
    driveId: drive.id,
    id: node.parent ? node.parent.item.id : rootIdOf(drive),
    ...(node.parent ? { name: node.parent.item.name } : {}),
    path: `/drives/${encodeURIComponent(drive.id)}/root:${parentNames.length ? `/${pathSegments(parentNames)}` : ''}`,
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

/** `GET /shares/{t}`: sharedDriveItem `{id, name, owner}` (shares-get seed). */
export function sharedDriveItemJson(ctx: ViewContext, node: ItemNode): Record<string, unknown> {
  return { id: node.item.id, name: node.item.name, owner: identitySet(ctx.store, node.drive.owner) };
}

/** `GET /shares/{t}/permission`: the link's permission (reference §2 "permission", "sharingLink"). */
export function permissionJson(ctx: ViewContext): Record<string, unknown> {
  const { link } = ctx;
  const personal = ctx.store.target(link).drive.kind === 'personal';
  return {
    id: guidFrom(`permission:${link.url}`),
    roles: [link.type === 'edit' ? 'write' : 'read'],
    link: { type: link.type, scope: link.scope, webUrl: link.url, preventsDownload: false },
    shareId: encodeSharingUrl(link.url),
    ...(personal ? { hasPassword: false } : {}),
  };
}
