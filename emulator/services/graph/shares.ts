/**
 * Microsoft Graph `/shares` routes under /v1.0 and /beta (reference §1.2–§1.6, §7.1–§7.7).
 */
import { type ApiRequest, empty, json, type Reply, safeDecode } from '../../core/http';
import type { Link } from './dataset';
import {
  downloadUrl,
  driveItemJson,
  listItemJson,
  listJson,
  permissionJson,
  sharedDriveItemJson,
  siteJson,
  type ViewContext,
} from './drive-item';
import { GRAPH_JSON, graphError } from './errors';
import type { GraphState } from './index';
import {
  contextUrl,
  DRIVE_ITEM,
  type Expansion,
  keySegment,
  LIST,
  LIST_ITEM,
  odataOptions,
  PERMISSION,
  parseExpand,
  parseSelect,
  parseTop,
  pick,
  QueryError,
  type ResourceType,
  SHARED_DRIVE_ITEM,
  SITE,
  THUMBNAIL_SET,
} from './odata';
import { parseShareKey, type ShareKey } from './share-key';
import { grantLink } from './sharing';
import { type ItemNode, isPersonalUrl, type Store } from './store';
import { singleThumbnail, sizeOf, thumbnailSets } from './thumbnails';

const DEFAULT_PAGE_SIZE = 200; // reference §1.5
const SHARE_DENIED = 'The sharing link no longer exists, or you do not have permission to access it.';
const PREFER_DURABLE = 'redeemSharingLink';
const PREFER_PER_REQUEST = 'redeemSharingLinkIfNecessary';

export interface Caller {
  userId: string;
  scopes: string[];
}

/**
 * Delegated permissions that read files others shared (learn.microsoft.com/graph/permissions-reference):
 * `Files.Read` and `Files.ReadWrite` cover only the user's own files on work accounts, while on personal
 * accounts they include files shared with the user (reference §5).
 */
const ALL_FILES = [
  'Files.Read.All',
  'Files.ReadWrite.All',
  'Sites.Read.All',
  'Sites.ReadWrite.All',
  // "higher privileged" than Sites.ReadWrite.All (permissions reference): they include reading and writing
  'Sites.Manage.All',
  'Sites.FullControl.All',
];
const OWN_FILES = ['Files.Read', 'Files.ReadWrite'];

/** Whether the token's permissions let its user read this item through a share. */
function canRead(graph: GraphState, caller: Caller, node: ItemNode): boolean {
  if (caller.scopes.some((scope) => ALL_FILES.includes(scope))) return true;
  if (!caller.scopes.some((scope) => OWN_FILES.includes(scope))) return false;
  return graph.identity.users.user(caller.userId)?.kind === 'personal' || node.drive.owner === caller.userId;
}

/** A durable `Prefer: redeemSharingLink` grant, as kept in {@link GraphState.grants}. */
export function grantKey(userId: string, linkUrl: string): string {
  return `${userId}\n${linkUrl}`;
}

/**
 * What a share key names: a sharing link, or else an item's own URL (reference §3, "Shares usually resolves such
 * absolute URLs if the user has access"), seen through the link its `webUrl` comes from.
 */
interface Shared {
  link: Link;
  target: ItemNode;
  direct: boolean;
}

function findShared(store: Store, key: ShareKey): Shared | undefined {
  const link = key.kind === 'url' ? store.findLinkByUrl(key.url) : store.findLinkByShareId(key.id);
  if (link) return { link, target: store.target(link), direct: false };
  const item = key.kind === 'url' ? store.findItemByUrl(key.url) : undefined;
  return item && { link: item.link, target: item.node, direct: true };
}

/**
 * Whether the user may open what the key names.
 * - A sharing link: its audience (Store.access); a `mustRedeem` link also needs a redemption, by this request's
 *   Prefer header or an earlier durable one (reference §1.3, §7.6).
 * - An item's own URL grants nothing by itself: the user must own the drive, or be able to use a link to the item
 *   or to a folder containing it. A `mustRedeem` link counts once redeemed durably; a Prefer header sent with an
 *   item's URL redeems nothing, as the URL names no link to redeem.
 */
function mayOpen(graph: GraphState, userId: string, shared: Shared, prefer: string | undefined): boolean {
  const usable = (link: Link, redeemNow: boolean) => {
    const access = graph.store.access(link, userId);
    if (access !== 'needsRedemption') return access === 'allowed';
    return redeemNow || graph.grants.has(grantKey(userId, link.url));
  };
  if (!shared.direct) return usable(shared.link, prefer !== undefined);
  return (
    shared.target.drive.owner === userId ||
    graph.store.linksTo(shared.target).some((link) => usable(link, false))
  );
}

/**
 * Checks the bearer token: missing, unknown, expired or issued for another resource → 401
 * InvalidAuthenticationToken with a `WWW-Authenticate: Bearer …` challenge (reference §7.3).
 */
export function authenticate(graph: GraphState, baseUrl: string, req: ApiRequest): Caller | Reply {
  const challenge = `Bearer realm="", authorization_uri="${baseUrl}/common/oauth2/v2.0/authorize", client_id="00000003-0000-0000-c000-000000000000"`;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
  if (!match) {
    return graphError(req, 401, 'InvalidAuthenticationToken', 'Access token is empty.', {
      headers: { 'WWW-Authenticate': challenge },
    });
  }
  const check = graph.identity.tokens.verifyAccess(match[1]!);
  if (check.ok && check.resource === 'graph') return { userId: check.userId, scopes: check.scopes };
  const message =
    !check.ok && check.reason === 'expired'
      ? 'Lifetime validation failed, the token is expired.'
      : 'Access token validation failure. Invalid audience.';
  return graphError(req, 401, 'InvalidAuthenticationToken', message, {
    headers: { 'WWW-Authenticate': `${challenge}, error="invalid_token", error_description="${message}"` },
  });
}

/** How a driveItem is shaped: `$select`, and what `$expand` adds. */
interface ItemOptions {
  select: string[] | undefined;
  children?: {
    select: string[] | undefined;
    top: number | undefined;
    thumbnails: ThumbnailOptions | undefined;
  };
  thumbnails?: ThumbnailOptions;
  listItem?: { select: string[] | undefined; fields: boolean };
}

interface ThumbnailOptions {
  select: string[] | undefined;
}

/** A relationship the emulator knows but does not serve. */
function unserved(name: string): QueryError {
  return new QueryError('invalidRequest', `$expand=${name} is not implemented by the emulator.`);
}

function thumbnailOptions(expansion: Expansion): ThumbnailOptions {
  return { select: parseSelect(expansion.options.get('select'), THUMBNAIL_SET) };
}

/** Reads `$select`/`$expand` for a driveItem (or, nested, for the items of `children(…)`). */
function itemOptions(options: Map<string, string>, nested = false): ItemOptions {
  const result: ItemOptions = { select: parseSelect(options.get('select'), DRIVE_ITEM) };
  for (const expansion of parseExpand(options.get('expand'), DRIVE_ITEM)) {
    if (expansion.name === 'thumbnails') result.thumbnails = thumbnailOptions(expansion);
    else if (nested) {
      throw new QueryError(
        'invalidRequest',
        `Only thumbnails can be expanded inside children, not '${expansion.name}'.`,
      );
    } else if (expansion.name === 'children') {
      const inner = itemOptions(expansion.options, true);
      result.children = {
        select: inner.select,
        top: parseTop(expansion.options.get('top')),
        thumbnails: inner.thumbnails,
      };
    } else if (expansion.name === 'listItem') {
      result.listItem = listItemOptions(expansion.options);
    } else throw unserved(expansion.name);
  }
  return result;
}

function listItemOptions(options: Map<string, string>): { select: string[] | undefined; fields: boolean } {
  const expansions = parseExpand(options.get('expand'), LIST_ITEM);
  const other = expansions.find((expansion) => expansion.name !== 'fields');
  if (other) throw unserved(other.name);
  return { select: parseSelect(options.get('select'), LIST_ITEM), fields: expansions.length > 0 };
}

const ORDERABLE: Record<string, (node: ItemNode) => string | number> = {
  name: (node) => node.item.name.toLowerCase(),
  size: (node) => node.size,
  lastmodifieddatetime: (node) => node.item.modified ?? node.item.created ?? '',
};

function sortNodes(nodes: ItemNode[], orderby: string | undefined): ItemNode[] {
  if (orderby === undefined) return nodes;
  const [field = '', direction = 'asc', ...extra] = orderby.trim().split(/\s+/);
  const key = ORDERABLE[field.toLowerCase()];
  if (!key || extra.length > 0 || !/^(asc|desc)$/i.test(direction)) {
    throw new QueryError(
      'invalidRequest',
      `Unsupported $orderby '${orderby}': use name, size or lastModifiedDateTime.`,
    );
  }
  const sign = direction.toLowerCase() === 'desc' ? -1 : 1;
  return [...nodes].sort((a, b) => {
    const [x, y] = [key(a), key(b)];
    return x < y ? -sign : x > y ? sign : 0;
  });
}

/** `$select=id,name&$skiptoken=…` — OData links keep `$` and `,` readable, as Graph's do. */
function odataQuery(params: [string, string][]): string {
  return params
    .map(([name, value]) => `${name}=${encodeURIComponent(value).replace(/%2C/gi, ',')}`)
    .join('&');
}

function encodeSkipToken(offset: number): string {
  return Buffer.from(`Paged=TRUE&p_Offset=${offset}`).toString('base64url');
}

function decodeSkipToken(token: string): number {
  const match = /^Paged=TRUE&p_Offset=(\d+)$/.exec(Buffer.from(token, 'base64url').toString('utf8'));
  if (!match)
    throw new QueryError('invalidRequest', 'Invalid $skiptoken: use the @odata.nextLink as returned.');
  return Number(match[1]);
}

function parsePrefer(header: string | undefined): string | undefined {
  const names = (header ?? '').split(',').map((part) => part.split(/[=;]/)[0]!.trim().toLowerCase());
  if (names.includes(PREFER_DURABLE.toLowerCase())) return PREFER_DURABLE;
  if (names.includes(PREFER_PER_REQUEST.toLowerCase())) return PREFER_PER_REQUEST;
  return undefined;
}

interface ShareRequest {
  req: ApiRequest;
  /** `http://127.0.0.1:N/v1.0` */
  versionBase: string;
  /** `http://127.0.0.1:N/v1.0/shares/{raw token}` */
  shareBase: string;
  /** `shares('u!…')`, the start of every context URL */
  contextBase: string;
  view: ViewContext;
  target: ItemNode;
  headers: Record<string, string>;
}

function itemBody(share: ShareRequest, node: ItemNode, options: ItemOptions): Record<string, unknown> {
  const { view } = share;
  const body = pick(driveItemJson(view, node), options.select);
  if (options.thumbnails) body.thumbnails = thumbnailSets(view.baseUrl, node, options.thumbnails.select);
  if (options.listItem) {
    requireBusiness(node, 'listItem');
    body.listItem = pick(listItemJson(view, node, options.listItem), options.listItem.select);
  }
  const childOptions = options.children;
  if (childOptions && node.children) {
    if (childOptions.thumbnails) rejectCollectionThumbnails(node);
    const pageSize = childOptions.top ?? DEFAULT_PAGE_SIZE;
    body.children = node.children.slice(0, pageSize).map((child) =>
      itemBody(share, child, {
        select: childOptions.select,
        ...(childOptions.thumbnails ? { thumbnails: childOptions.thumbnails } : {}),
      }),
    );
    if (node.children.length > pageSize) {
      // Following it yields only {value, @odata.nextLink} (reference §1.5).
      const params: [string, string][] = [];
      if (childOptions.select) params.push(['$select', childOptions.select.join(',')]);
      if (childOptions.thumbnails) params.push(['$expand', 'thumbnails']);
      if (childOptions.top) params.push(['$top', String(childOptions.top)]);
      params.push(['$skiptoken', encodeSkipToken(pageSize)]);
      body['children@odata.nextLink'] = `${childrenUrl(share, node)}?${odataQuery(params)}`;
    }
  }
  return body;
}

/** ODB/SharePoint do not support `$expand=thumbnails` on children collections (reference §1.4). */
function rejectCollectionThumbnails(node: ItemNode): void {
  if (node.drive.kind === 'business') {
    throw new QueryError(
      'invalidRequest',
      'Expanding thumbnails on a children collection is not supported on OneDrive for Business and SharePoint; ' +
        'expand them on a single item instead.',
    );
  }
}

/** reference §1.2: /root and /items/{id} exist only for personal OneDrive; business answers 400. */
function requirePersonal(node: ItemNode): void {
  if (node.drive.kind !== 'personal') {
    throw new QueryError('invalidRequest', 'This operation is only supported for OneDrive personal shares.');
  }
}

/** reference §1.2: /list, /listItem and /site are SharePoint's; a personal OneDrive share has none. */
function requireBusiness(node: ItemNode, what: string): void {
  if (node.drive.kind !== 'business') {
    throw new QueryError(
      'invalidRequest',
      `${what} is only supported for OneDrive for Business and SharePoint shares.`,
    );
  }
}

/** Where an item's children are listed: the shared item's own route, or /items/{id} below it. */
function itemPath(share: ShareRequest, node: ItemNode): { url: string; context: string } {
  return node === share.target
    ? { url: `${share.shareBase}/driveItem`, context: `${share.contextBase}/driveItem` }
    : {
        url: `${share.shareBase}/items/${encodeURIComponent(node.item.id)}`,
        context: `${share.contextBase}/${keySegment('items', node.item.id)}`,
      };
}

function childrenUrl(share: ShareRequest, node: ItemNode): string {
  return `${itemPath(share, node).url}/children`;
}

function reply(share: ShareRequest, context: string, body: Record<string, unknown>): Reply {
  return json(
    200,
    { '@odata.context': context, ...body },
    { ...share.headers, 'OData-Version': '4.0' },
    GRAPH_JSON,
  );
}

function itemReply(
  share: ShareRequest,
  node: ItemNode,
  context: string,
  options: Map<string, string>,
): Reply {
  if (options.has('top')) {
    // reference §1.5: $top on a single item is a 400.
    throw new QueryError('invalidRequest', 'The $top query option is supported only on collections.');
  }
  const parsed = itemOptions(options);
  const body = itemBody(share, node, parsed);
  return reply(share, contextUrl(share.versionBase, context, { select: parsed.select, entity: true }), body);
}

/**
 * Children of a folder. A file has none to list: "If only a single item is shared … attempting to get the
 * children … will fail" (shares-get seed), so /children of a file is a 400.
 */
function childrenReply(share: ShareRequest, node: ItemNode, options: Map<string, string>): Reply {
  if (!node.children) {
    throw new QueryError('invalidRequest', 'The item is not a folder: only folders have children.');
  }
  const parsed = itemOptions(options, true);
  if (parsed.thumbnails) rejectCollectionThumbnails(node);
  const top = parseTop(options.get('top'));
  const skipToken = options.get('skiptoken');
  const offset = skipToken === undefined ? 0 : decodeSkipToken(skipToken);
  const ordered = sortNodes(node.children, options.get('orderby'));
  const pageSize = top ?? DEFAULT_PAGE_SIZE;
  const value = ordered.slice(offset, offset + pageSize).map((child) => itemBody(share, child, parsed));
  const body: Record<string, unknown> = { value };
  if (offset + pageSize < ordered.length) {
    const params: [string, string][] = [];
    for (const name of ['select', 'expand', 'orderby', 'top'] as const) {
      const optionValue = options.get(name);
      if (optionValue !== undefined) params.push([`$${name}`, optionValue]);
    }
    params.push(['$skiptoken', encodeSkipToken(offset + pageSize)]);
    body['@odata.nextLink'] = `${childrenUrl(share, node)}?${odataQuery(params)}`;
  }
  const context = contextUrl(share.versionBase, `${itemPath(share, node).context}/children`, {
    select: parsed.select,
  });
  return reply(share, context, body);
}

function badSegment(req: ApiRequest, segment: string): Reply {
  return graphError(req, 400, 'BadRequest', `Resource not found for the segment '${segment}'.`);
}

/**
 * Missing link, revoked link or no permission all give the same 403 — never 404 (reference §1.6, §7.3); so do
 * unknown item URLs and items the user cannot read ("missing file, missing folder … all gave 403"). Links on
 * personal OneDrive add the `@onedrive.linkFeatures` annotation.
 */
function shareDenied(req: ApiRequest, personal: boolean): Reply {
  const extra = personal
    ? {
        '@onedrive.linkFeatures': [],
        'onedrive.linkFeatures@odata.type': '#Collection(oneDrive.linkFeatures)',
      }
    : {};
  return graphError(req, 403, 'accessDenied', SHARE_DENIED, { extra });
}

type ShareRoute =
  | { route: 'shared' | 'item' | 'children' | 'thumbnails' | 'content' | 'permission' | 'grant' }
  | { route: 'list' | 'listItem' | 'site' | 'root' | 'rootChildren' }
  | { route: 'thumbnailSet'; set: string }
  | { route: 'thumbnail' | 'thumbnailContent'; set: string; size: string }
  | { route: 'byId' | 'byIdChildren'; itemId: string };

const SIMPLE_ROUTES: Record<string, ShareRoute> = {
  '': { route: 'shared' },
  driveitem: { route: 'item' },
  'driveitem/children': { route: 'children' },
  'driveitem/thumbnails': { route: 'thumbnails' },
  'driveitem/content': { route: 'content' },
  permission: { route: 'permission' },
  'permission/grant': { route: 'grant' },
  list: { route: 'list' },
  listitem: { route: 'listItem' },
  site: { route: 'site' },
  root: { route: 'root' },
  'root/children': { route: 'rootChildren' },
};

/** `rest` = segments after the token. */
function matchShareRoute(rest: readonly string[]): ShareRoute | { bad: string } {
  const lower = rest.map((segment) => segment.toLowerCase());
  const simple = SIMPLE_ROUTES[lower.join('/')];
  if (simple) return simple;
  const [a, b, set, size, d, ...extra] = lower;
  if (a === 'driveitem' && b === 'thumbnails' && set !== undefined && extra.length === 0) {
    const raw = { set: safeDecode(rest[2]!), size: safeDecode(rest[3] ?? '') };
    if (size === undefined) return { route: 'thumbnailSet', set: raw.set };
    if (d === undefined) return { route: 'thumbnail', ...raw };
    if (d === 'content') return { route: 'thumbnailContent', ...raw };
  }
  if (a === 'items' && rest[1] !== undefined && size === undefined) {
    const itemId = safeDecode(rest[1]);
    if (set === undefined) return { route: 'byId', itemId };
    if (set === 'children') return { route: 'byIdChildren', itemId };
  }
  const known = ['driveitem', 'permission', 'list', 'listitem', 'site', 'root', 'items'];
  const bad = rest.find((segment, index) => (index === 0 ? !known.includes(segment.toLowerCase()) : true));
  return { bad: bad ?? rest.join('/') };
}

/** Handles a request under `/{version}/`; `segments` are the raw path segments after the version. */
export function handleShares(
  graph: GraphState,
  baseUrl: string,
  req: ApiRequest,
  version: string,
  segments: readonly string[],
): Reply {
  const caller = authenticate(graph, baseUrl, req);
  if ('status' in caller) return caller;
  const [resource, rawToken, ...rest] = segments;
  if (resource?.toLowerCase() !== 'shares' || rawToken === undefined) return badSegment(req, resource ?? '');
  const matched = matchShareRoute(rest);
  if ('bad' in matched) return badSegment(req, matched.bad);
  // `permission/grant` is an action (POST); everything else is read.
  const methods = matched.route === 'grant' ? ['POST'] : ['GET', 'HEAD'];
  if (!methods.includes(req.method)) {
    return graphError(
      req,
      405,
      'notAllowed',
      `The HTTP method '${req.method}' is not allowed on this resource.`,
    );
  }

  const key = parseShareKey(rawToken);
  // reference §1.6: only a malformed token gives 400.
  if (!key) return graphError(req, 400, 'invalidRequest', 'Invalid shares key.');
  const shared = findShared(graph.store, key);
  if (!shared) return shareDenied(req, key.kind === 'shareId' || isPersonalUrl(key.url));
  const { link, target } = shared;
  const personal = target.drive.kind === 'personal';
  if (!canRead(graph, caller, target)) {
    return graphError(
      req,
      403,
      'accessDenied',
      'Access denied: the token has no permission to read files shared with the user (Files.Read.All, ' +
        'Files.ReadWrite.All, Sites.Read.All or Sites.ReadWrite.All).',
    );
  }

  // Redemption, reference §1.3 and §7.6: the durable value persists a grant, the other one lasts one request.
  const prefer = shared.direct ? undefined : parsePrefer(req.headers.prefer);
  if (!mayOpen(graph, caller.userId, shared, prefer)) return shareDenied(req, personal);
  if (prefer === PREFER_DURABLE) graph.grants.add(grantKey(caller.userId, link.url));
  if (matched.route === 'grant') {
    if (shared.direct) {
      return graphError(
        req,
        400,
        'invalidRequest',
        'Only a sharing link can be granted; this is an item URL.',
      );
    }
    return grantLink({ graph, baseUrl, req, version, link, node: target, caller });
  }

  const share: ShareRequest = {
    req,
    versionBase: `${baseUrl}/${version}`,
    shareBase: `${baseUrl}/${version}/shares/${rawToken}`,
    contextBase: keySegment('shares', safeDecode(rawToken)),
    view: { store: graph.store, baseUrl, link },
    target,
    headers: prefer ? { 'Preference-Applied': prefer } : {},
  };
  try {
    return shareRoute(share, matched);
  } catch (error) {
    if (error instanceof QueryError) return graphError(req, 400, error.code, error.message);
    throw error;
  }
}

/** A resource that hangs off the share, as its own route and as an `$expand` of the share. */
interface Navigation {
  type: ResourceType;
  body(share: ShareRequest, options: Map<string, string>): Record<string, unknown>;
}

const NAVIGATION: Record<string, Navigation> = {
  driveItem: {
    type: DRIVE_ITEM,
    body: (share, options) => itemBody(share, share.target, itemOptions(options)),
  },
  root: {
    type: DRIVE_ITEM,
    body: (share, options) => {
      requirePersonal(share.target);
      return itemBody(share, share.target, itemOptions(options));
    },
  },
  permission: {
    type: PERMISSION,
    body: (share, options) =>
      pick(permissionJson(share.view), parseSelect(options.get('select'), PERMISSION)),
  },
  list: {
    type: LIST,
    body: (share, options) => {
      requireBusiness(share.target, 'list');
      return pick(listJson(share.view, share.target), parseSelect(options.get('select'), LIST));
    },
  },
  listItem: {
    type: LIST_ITEM,
    body: (share, options) => {
      requireBusiness(share.target, 'listItem');
      const parsed = listItemOptions(options);
      return pick(listItemJson(share.view, share.target, parsed), parsed.select);
    },
  },
  site: {
    type: SITE,
    body: (share, options) => {
      requireBusiness(share.target, 'site');
      return pick(siteJson(share.view, share.target), parseSelect(options.get('select'), SITE));
    },
  },
};

/** `GET /shares/{t}`: the sharedDriveItem, with `$select` and `$expand=driveItem` (or another relationship). */
function sharedReply(share: ShareRequest, options: Map<string, string>): Reply {
  const select = parseSelect(options.get('select'), SHARED_DRIVE_ITEM);
  const body = pick(sharedDriveItemJson(share.view, share.target), select);
  for (const expansion of parseExpand(options.get('expand'), SHARED_DRIVE_ITEM)) {
    const navigation = NAVIGATION[expansion.name];
    if (!navigation)
      throw new QueryError('invalidRequest', `$expand=${expansion.name} is not implemented by the emulator.`);
    body[expansion.name] = navigation.body(share, expansion.options);
  }
  return reply(share, contextUrl(share.versionBase, 'shares', { select, entity: true }), body);
}

function navigationReply(share: ShareRequest, name: string, options: Map<string, string>): Reply {
  const navigation = NAVIGATION[name]!;
  if (navigation.type === DRIVE_ITEM) {
    if (name === 'root') requirePersonal(share.target);
    return itemReply(share, share.target, `${share.contextBase}/${name}`, options);
  }
  const select = parseSelect(options.get('select'), navigation.type);
  const context = contextUrl(share.versionBase, `${share.contextBase}/${name}`, { select, entity: true });
  return reply(share, context, navigation.body(share, options));
}

function thumbnailSetsReply(share: ShareRequest, options: Map<string, string>): Reply {
  const select = parseSelect(options.get('select'), THUMBNAIL_SET);
  const sizes = select?.filter((name) => name.toLowerCase() !== 'id');
  const context = contextUrl(share.versionBase, `${share.contextBase}/driveItem/thumbnails`, { select });
  return reply(share, context, { value: thumbnailSets(share.view.baseUrl, share.target, sizes) });
}

/** `/thumbnails/{set}`, `/thumbnails/{set}/{size}` and `/…/content` (driveitem_list_thumbnails). */
function thumbnailReply(share: ShareRequest, route: ShareRoute, options: Map<string, string>): Reply {
  const { req, target, view } = share;
  const notFound = () => graphError(req, 404, 'itemNotFound', 'The resource could not be found.');
  if (route.route === 'thumbnailSet') {
    const set = thumbnailSets(view.baseUrl, target, parseSelect(options.get('select'), THUMBNAIL_SET))[0];
    if (!set || route.set !== '0') return notFound();
    const path = `${share.contextBase}/driveItem/${keySegment('thumbnails', route.set)}`;
    return reply(share, contextUrl(share.versionBase, path, { entity: true }), set);
  }
  if (route.route !== 'thumbnail' && route.route !== 'thumbnailContent') return notFound();
  if (!sizeOf(route.size)) {
    throw new QueryError(
      'BadRequest',
      `Resource not found for the segment '${route.size}': not a thumbnail size (small, medium, large, ` +
        'smallSquare, mediumSquare, largeSquare, c{width}x{height}, c{width}x{height}_crop).',
    );
  }
  const thumbnail = singleThumbnail(view.baseUrl, target, route.set, route.size);
  if (!thumbnail) return notFound();
  // "The service responds with a redirect to the thumbnail URL."
  if (route.route === 'thumbnailContent')
    return empty(302, { ...share.headers, Location: String(thumbnail.url) });
  const path = `${share.contextBase}/driveItem/${keySegment('thumbnails', route.set)}/${route.size}`;
  return reply(share, contextUrl(share.versionBase, path), thumbnail);
}

function shareRoute(share: ShareRequest, route: ShareRoute): Reply {
  const { req, target, view } = share;
  const options = odataOptions(req.query);
  // reference §1.5: $skip and $filter are not supported on these APIs.
  if (options.has('skip')) {
    throw new QueryError(
      'invalidRequest',
      '$skip is not supported on this API. Only URLs returned by the API can be used to page.',
    );
  }
  if (options.has('filter')) throw new QueryError('invalidRequest', '$filter is not supported on this API.');

  switch (route.route) {
    case 'shared':
      return sharedReply(share, options);
    case 'item':
      return navigationReply(share, 'driveItem', options);
    case 'root':
    case 'permission':
    case 'list':
    case 'listItem':
    case 'site':
      return navigationReply(share, route.route, options);
    case 'children':
      return childrenReply(share, target, options);
    case 'rootChildren':
      requirePersonal(target);
      return childrenReply(share, target, options);
    case 'byId':
    case 'byIdChildren': {
      requirePersonal(target);
      const node = view.store.node(route.itemId);
      // Items outside the shared item are as invisible as missing ones.
      if (!node || !view.store.contains(target, node)) return shareDenied(req, true);
      return route.route === 'byId'
        ? itemReply(share, node, itemPath(share, node).context, options)
        : childrenReply(share, node, options);
    }
    case 'thumbnails':
      return thumbnailSetsReply(share, options);
    case 'thumbnailSet':
    case 'thumbnail':
    case 'thumbnailContent':
      return thumbnailReply(share, route, options);
    case 'grant': // answered by grantLink before a ShareRequest is made
      return graphError(req, 404, 'itemNotFound', 'The resource could not be found.');
    case 'content':
      if (target.children) throw new QueryError('invalidRequest', 'A folder has no content to download.');
      // reference §1.2: 302 to a pre-authenticated URL that needs no Authorization.
      return empty(302, { ...share.headers, Location: downloadUrl(view.baseUrl, target.item.id) });
  }
}
