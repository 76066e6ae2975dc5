/**
 * Microsoft Graph `/shares` routes under /v1.0 and /beta (reference §1.2–§1.6, §7.1–§7.7).
 */
import { type ApiRequest, empty, json, type Reply, safeDecode } from '../../core/http';
import { resourceScopes } from '../identity/tokens';
import type { Link } from './dataset';
import {
  downloadUrl,
  driveItemJson,
  permissionJson,
  sharedDriveItemJson,
  thumbnailSets,
  type ViewContext,
} from './drive-item';
import { GRAPH_JSON, graphError } from './errors';
import type { GraphState } from './index';
import { parseShareKey } from './share-key';
import { type ItemNode, isPersonalUrl } from './store';

const DEFAULT_PAGE_SIZE = 200; // reference §1.5
const SHARE_DENIED = 'The sharing link no longer exists, or you do not have permission to access it.';
const PREFER_DURABLE = 'redeemSharingLink';
const PREFER_PER_REQUEST = 'redeemSharingLinkIfNecessary';

export interface Caller {
  userId: string;
  scopes: string[];
}

const FILE_READ_SCOPES = new Set(
  [
    'Files.Read',
    'Files.Read.All',
    'Files.ReadWrite',
    'Files.ReadWrite.All',
    'Sites.Read.All',
    'Sites.ReadWrite.All',
  ].map((scope) => scope.toLowerCase()),
);

/** Graph reads accept a token with a Files/Sites read scope, or one with no resource scope restriction at all. */
export function canReadFiles(scopes: string[]): boolean {
  const resource = resourceScopes(scopes);
  if (resource.length === 0) return true;
  return resource.some((scope) => scope === '.default' || FILE_READ_SCOPES.has(scope.toLowerCase()));
}

/** A durable `Prefer: redeemSharingLink` grant, as kept in {@link GraphState.grants}. */
function grantKey(userId: string, linkUrl: string): string {
  return `${userId}\n${linkUrl}`;
}

/**
 * Checks the bearer token: missing, unknown or expired → 401 InvalidAuthenticationToken with a
 * `WWW-Authenticate: Bearer …` challenge (reference §7.3).
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
  if (check.ok) return { userId: check.userId, scopes: check.scopes };
  const message =
    check.reason === 'expired'
      ? 'Lifetime validation failed, the token is expired.'
      : 'Access token validation failure. Invalid audience.';
  return graphError(req, 401, 'InvalidAuthenticationToken', message, {
    headers: { 'WWW-Authenticate': `${challenge}, error="invalid_token", error_description="${message}"` },
  });
}

/** Query options keyed by lower-case name without `$` (`$`-less options are accepted, reference §7.1). */
function odataOptions(query: URLSearchParams): Map<string, string> {
  const options = new Map<string, string>();
  for (const [name, value] of query) {
    const key = name.replace(/^\$/, '').toLowerCase();
    if (!options.has(key)) options.set(key, value);
  }
  return options;
}

interface ExpandOptions {
  children?: { select: string[] | undefined; top: number | undefined; thumbnails: boolean };
  thumbnails?: { select: string[] | undefined };
}

interface ItemOptions {
  select: string[] | undefined;
  expand: ExpandOptions;
}

class QueryError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

function parseList(value: string | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  return value
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean);
}

function parseTop(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value) || Number(value) < 1)
    throw new QueryError('invalidRequest', `Invalid $top value '${value}'.`);
  return Number(value);
}

/** Splits `a,b(c,d),e` at the commas outside parentheses. */
function splitTopLevel(text: string, separator: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (char === '(') depth++;
    else if (char === ')') depth--;
    else if (char === separator && depth === 0) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts.map((part) => part.trim()).filter(Boolean);
}

const UNIMPLEMENTED_NAVIGATION = new Set(['listitem', 'permissions', 'versions', 'analytics', 'activities']);

/** `children`, `thumbnails`, `children($select=id,name;$top=5;$expand=thumbnails)`, `thumbnails($select=medium)`. */
function parseExpand(value: string | undefined): ExpandOptions {
  const expand: ExpandOptions = {};
  for (const part of splitTopLevel(value ?? '', ',')) {
    const match = /^([A-Za-z]+)(?:\((.*)\))?$/s.exec(part);
    const name = match?.[1]?.toLowerCase();
    const nested = new Map<string, string>();
    for (const option of splitTopLevel(match?.[2] ?? '', ';')) {
      const eq = option.indexOf('=');
      nested.set(option.slice(0, eq).replace(/^\$/, '').toLowerCase(), option.slice(eq + 1));
    }
    if (name === 'children') {
      const nestedExpand = nested.get('expand');
      if (nestedExpand !== undefined && nestedExpand.toLowerCase() !== 'thumbnails') {
        throw new QueryError(
          'invalidRequest',
          `Only thumbnails can be expanded inside children, not '${nestedExpand}'.`,
        );
      }
      expand.children = {
        select: parseList(nested.get('select')),
        top: parseTop(nested.get('top')),
        thumbnails: nestedExpand !== undefined,
      };
    } else if (name === 'thumbnails') {
      expand.thumbnails = { select: parseList(nested.get('select')) };
    } else if (name && UNIMPLEMENTED_NAVIGATION.has(name)) {
      throw new QueryError('invalidRequest', `$expand=${match?.[1]} is not implemented by the emulator.`);
    } else {
      throw new QueryError(
        'BadRequest',
        `Parsing OData Select and Expand failed: Could not find a property named '${part}' on type 'microsoft.graph.driveItem'.`,
      );
    }
  }
  return expand;
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

function pick(body: Record<string, unknown>, select: string[] | undefined): Record<string, unknown> {
  if (!select) return body;
  const wanted = new Set(select.map((name) => name.toLowerCase()));
  return Object.fromEntries(Object.entries(body).filter(([key]) => wanted.has(key.toLowerCase())));
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
  view: ViewContext;
  target: ItemNode;
  headers: Record<string, string>;
}

function itemBody(share: ShareRequest, node: ItemNode, options: ItemOptions): Record<string, unknown> {
  const { view } = share;
  const body = pick(driveItemJson(view, node), options.select);
  if (options.expand.thumbnails) {
    const select = options.expand.thumbnails.select;
    body.thumbnails = thumbnailSets(view.baseUrl, node).map((set) =>
      select ? pick(set, ['id', ...select]) : set,
    );
  }
  const childOptions = options.expand.children;
  if (childOptions && node.children) {
    if (childOptions.thumbnails) rejectCollectionThumbnails(node);
    const pageSize = childOptions.top ?? DEFAULT_PAGE_SIZE;
    body.children = node.children.slice(0, pageSize).map((child) =>
      itemBody(share, child, {
        select: childOptions.select,
        expand: childOptions.thumbnails ? { thumbnails: { select: undefined } } : {},
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

function childrenUrl(share: ShareRequest, node: ItemNode): string {
  return node === share.target
    ? `${share.shareBase}/driveItem/children`
    : `${share.shareBase}/items/${encodeURIComponent(node.item.id)}/children`;
}

function itemReply(share: ShareRequest, node: ItemNode, options: Map<string, string>): Reply {
  if (options.has('top')) {
    // reference §1.5: $top on a single item is a 400.
    throw new QueryError('invalidRequest', 'The $top query option is supported only on collections.');
  }
  const body = itemBody(share, node, {
    select: parseList(options.get('select')),
    expand: parseExpand(options.get('expand')),
  });
  return json(
    200,
    { '@odata.context': `${share.shareBase}/driveItem/$entity`, ...body },
    share.headers,
    GRAPH_JSON,
  );
}

function childrenReply(share: ShareRequest, node: ItemNode, options: Map<string, string>): Reply {
  const expand = parseExpand(options.get('expand'));
  if (expand.children)
    throw new QueryError('invalidRequest', 'children cannot be expanded on a children collection.');
  if (expand.thumbnails) rejectCollectionThumbnails(node);
  const select = parseList(options.get('select'));
  const top = parseTop(options.get('top'));
  const skipToken = options.get('skiptoken');
  const offset = skipToken === undefined ? 0 : decodeSkipToken(skipToken);
  const ordered = sortNodes(node.children ?? [], options.get('orderby'));
  const pageSize = top ?? DEFAULT_PAGE_SIZE;
  const value = ordered
    .slice(offset, offset + pageSize)
    .map((child) => itemBody(share, child, { select, expand }));
  const body: Record<string, unknown> = { '@odata.context': `${childrenUrl(share, node)}`, value };
  if (offset + pageSize < ordered.length) {
    const params: [string, string][] = [];
    for (const name of ['select', 'expand', 'orderby', 'top'] as const) {
      const optionValue = options.get(name);
      if (optionValue !== undefined) params.push([`$${name}`, optionValue]);
    }
    params.push(['$skiptoken', encodeSkipToken(offset + pageSize)]);
    body['@odata.nextLink'] = `${childrenUrl(share, node)}?${odataQuery(params)}`;
  }
  return json(200, body, share.headers, GRAPH_JSON);
}

function badSegment(req: ApiRequest, segment: string): Reply {
  return graphError(req, 400, 'BadRequest', `Resource not found for the segment '${segment}'.`);
}

/**
 * Missing link, revoked link or no permission all give the same 403 — never 404 (reference §1.6, §7.3). Links
 * on personal OneDrive add the `@onedrive.linkFeatures` annotation.
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
  | 'shared'
  | 'item'
  | 'children'
  | 'thumbnails'
  | 'content'
  | 'permission'
  | 'root'
  | 'rootChildren'
  | 'byId'
  | 'byIdChildren';

/** `rest` = segments after the token. Returns the route and, for /items/{id}, the id. */
function matchShareRoute(rest: readonly string[]): { route: ShareRoute; itemId?: string } | { bad: string } {
  const lower = rest.map((segment) => segment.toLowerCase());
  const [a, b, c, extra] = lower;
  if (a === undefined) return { route: 'shared' };
  if (a === 'driveitem' && c === undefined) {
    if (b === undefined) return { route: 'item' };
    if (b === 'children') return { route: 'children' };
    if (b === 'thumbnails') return { route: 'thumbnails' };
    if (b === 'content') return { route: 'content' };
  }
  if (a === 'permission' && b === undefined) return { route: 'permission' };
  if (a === 'root' && c === undefined) {
    if (b === undefined) return { route: 'root' };
    if (b === 'children') return { route: 'rootChildren' };
  }
  if (a === 'items' && rest[1] !== undefined && extra === undefined) {
    if (c === undefined) return { route: 'byId', itemId: rest[1] };
    if (c === 'children') return { route: 'byIdChildren', itemId: rest[1] };
  }
  const known = ['driveitem', 'children', 'thumbnails', 'content', 'permission', 'root', 'items'];
  const bad = rest.find((segment, index) => index > 0 || !known.includes(segment.toLowerCase()));
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
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    return graphError(
      req,
      405,
      'notAllowed',
      `The HTTP method '${req.method}' is not allowed on this resource.`,
    );
  }
  if (!canReadFiles(caller.scopes)) {
    return graphError(
      req,
      403,
      'accessDenied',
      'Access denied: the token has no Files.Read(.All) or Files.ReadWrite(.All) scope.',
    );
  }

  const key = parseShareKey(rawToken);
  // reference §1.6: only a malformed token gives 400.
  if (!key) return graphError(req, 400, 'invalidRequest', 'Invalid shares key.');
  const link: Link | undefined =
    key.kind === 'url' ? graph.store.findLinkByUrl(key.url) : graph.store.findLinkByShareId(key.id);
  if (!link) return shareDenied(req, key.kind === 'shareId' || isPersonalUrl(key.url));
  const target = graph.store.target(link);
  const personal = target.drive.kind === 'personal';

  // Redemption, reference §1.3 and §7.6: the durable value persists a grant, the other one lasts one request.
  const access = graph.store.access(link, caller.userId);
  const prefer = parsePrefer(req.headers.prefer);
  const grant = grantKey(caller.userId, link.url);
  if (access === 'denied') return shareDenied(req, personal);
  if (access === 'needsRedemption' && !prefer && !graph.grants.has(grant)) return shareDenied(req, personal);
  if (prefer === PREFER_DURABLE) graph.grants.add(grant);

  const share: ShareRequest = {
    req,
    versionBase: `${baseUrl}/${version}`,
    shareBase: `${baseUrl}/${version}/shares/${rawToken}`,
    view: { store: graph.store, baseUrl, link },
    target,
    headers: prefer ? { 'Preference-Applied': prefer } : {},
  };
  try {
    return shareRoute(share, matched.route, matched.itemId);
  } catch (error) {
    if (error instanceof QueryError) return graphError(req, 400, error.code, error.message);
    throw error;
  }
}

function shareRoute(share: ShareRequest, route: ShareRoute, itemId: string | undefined): Reply {
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

  // reference §1.2: /root and /items/{id} exist only for personal OneDrive; business answers 400.
  if (['root', 'rootChildren', 'byId', 'byIdChildren'].includes(route) && target.drive.kind !== 'personal') {
    throw new QueryError('invalidRequest', 'This operation is only supported for OneDrive personal shares.');
  }

  switch (route) {
    case 'shared':
      return json(
        200,
        {
          '@odata.context': `${share.versionBase}/$metadata#shares/$entity`,
          ...sharedDriveItemJson(view, target),
        },
        share.headers,
        GRAPH_JSON,
      );
    case 'item':
    case 'root':
      return itemReply(share, target, options);
    case 'children':
    case 'rootChildren':
      return childrenReply(share, target, options);
    case 'byId':
    case 'byIdChildren': {
      const node = view.store.node(safeDecode(itemId ?? ''));
      // Items outside the shared item are as invisible as missing ones.
      if (!node || !view.store.contains(target, node)) return shareDenied(req, true);
      return route === 'byId' ? itemReply(share, node, options) : childrenReply(share, node, options);
    }
    case 'thumbnails':
      return json(
        200,
        {
          '@odata.context': `${share.shareBase}/driveItem/thumbnails`,
          value: thumbnailSets(view.baseUrl, target),
        },
        share.headers,
        GRAPH_JSON,
      );
    case 'content':
      if (target.children) throw new QueryError('invalidRequest', 'A folder has no content to download.');
      // reference §1.2: 302 to a pre-authenticated URL that needs no Authorization.
      return empty(302, { ...share.headers, Location: downloadUrl(view.baseUrl, target.item.id) });
    case 'permission':
      return json(
        200,
        { '@odata.context': `${share.shareBase}/permission/$entity`, ...permissionJson(view) },
        share.headers,
        GRAPH_JSON,
      );
  }
}
