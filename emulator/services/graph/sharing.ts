/**
 * Sharing actions on an item (reference §2, §7.8, §7.9), under `/drives/{driveId}/items/{itemId}` and
 * `/me/drive/items/{itemId}` (`root` or `items/root` for the drive's root folder):
 * - `POST …/createLink` → 201 a new link, 200 the existing one of that type and scope;
 * - `POST …/invite` → 200 `{value:[permission]}`, one per recipient;
 * - `GET …/permissions`, `GET|PATCH|DELETE …/permissions/{id}`.
 * Links made here resolve through `/shares` until `POST /_emulator/reset`.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { z } from 'zod';
import { type ApiRequest, empty, json, type Reply, safeDecode } from '../../core/http';
import { domainOf, graphUserIdOf, objectIdOf } from '../identity/users';
import { type Link, rootIdOf } from './dataset';
import { locationOf, permissionJson, roleOf, siteIdOfDrive } from './drive-item';
import { GRAPH_JSON, graphError } from './errors';
import type { GraphState } from './index';
import { keySegment } from './odata';
import {
  accessTo,
  type Grant,
  grantJson,
  type PermissionEntry,
  permissionsOf,
  type Role,
  type Target,
  visibleTo,
} from './permissions';
import { authenticate } from './shares';
import { type ItemNode, isPersonalUrl } from './store';

/** Whether `segments` (after the version) are a route of this module. */
export function isSharingPath(segments: readonly string[]): boolean {
  const first = segments[0]?.toLowerCase();
  return (
    first === 'drives' ||
    first === 'me' ||
    ((first === 'users' || first === 'sites') && segments[2]?.toLowerCase() === 'drive')
  );
}

type Action =
  | { action: 'createLink' | 'invite' | 'permissions' }
  | { action: 'permission'; permissionId: string };

interface Route {
  /** undefined for `/me/drive` and `/users/{u}/drive` */
  driveId: string | undefined;
  /** `/users/{u}/drive`: the user as the path names them (id, object id or e-mail); undefined for `/me` */
  user: string | undefined;
  /** `/sites/{id}/drive`: the site's composite id (`{host},{guid},{guid}`) */
  site?: string;
  /** undefined for the drive's root */
  itemId: string | undefined;
  action: Action;
  /** the item as an OData context path names it: `drives('d')/items('i')`, `users('u')/drive/root` */
  context: string;
}

/** `drives/{d}/items/{i}/…`, `drives/{d}/root/…`, `me/drive/…`, `users/{u}/drive/…` (reference §2: "Base …"). */
function matchRoute(segments: readonly string[], meId: string): Route | { bad: string } {
  const lower = segments.map((segment) => segment.toLowerCase());
  let driveId: string | undefined;
  let user: string | undefined;
  let site: string | undefined;
  let context: string;
  let index: number;
  if (lower[0] === 'drives' && segments[1] !== undefined) {
    driveId = safeDecode(segments[1]);
    context = keySegment('drives', driveId);
    index = 2;
  } else if (lower[0] === 'me' && lower[1] === 'drive') {
    // Graph answers /me as the signed-in user: `users('{id}')/drive/…`.
    context = `${keySegment('users', meId)}/drive`;
    index = 2;
  } else if (lower[0] === 'users' && segments[1] !== undefined && lower[2] === 'drive') {
    user = safeDecode(segments[1]);
    context = `${keySegment('users', user)}/drive`;
    index = 3;
  } else if (lower[0] === 'sites' && segments[1] !== undefined && lower[2] === 'drive') {
    site = safeDecode(segments[1]);
    context = `${keySegment('sites', site)}/drive`;
    index = 3;
  } else return { bad: segments[1] ?? segments[0] ?? '' };
  let itemId: string | undefined;
  if (lower[index] === 'root') {
    context += '/root';
    index += 1;
  } else if (lower[index] === 'items' && segments[index + 1] !== undefined) {
    const raw = safeDecode(segments[index + 1]!);
    itemId = raw.toLowerCase() === 'root' ? undefined : raw;
    context += `/${keySegment('items', raw)}`;
    index += 2;
  } else return { bad: segments[index] ?? '' };
  const [verb, id, ...extra] = lower.slice(index);
  const route = (action: Action): Route => ({
    driveId,
    user,
    itemId,
    action,
    context,
    ...(site === undefined ? {} : { site }),
  });
  if (verb === 'createlink' && id === undefined) return route({ action: 'createLink' });
  if (verb === 'invite' && id === undefined) return route({ action: 'invite' });
  if (verb === 'permissions' && id === undefined) return route({ action: 'permissions' });
  if (verb === 'permissions' && extra.length === 0) {
    const permissionId = safeDecode(segments[index + 1]!);
    return route({ action: 'permission', permissionId });
  }
  return { bad: segments[index] ?? segments.at(-1) ?? '' };
}

const METHODS: Record<Action['action'], string[]> = {
  createLink: ['POST'],
  invite: ['POST'],
  permissions: ['GET'],
  permission: ['GET', 'PATCH', 'DELETE'],
};

function notFound(req: ApiRequest): Reply {
  return graphError(req, 404, 'itemNotFound', 'The resource could not be found.');
}

function invalid(req: ApiRequest, message: string): Reply {
  return graphError(req, 400, 'invalidRequest', message);
}

function notSupported(req: ApiRequest, message: string): Reply {
  return graphError(req, 400, 'notSupported', message);
}

function denied(req: ApiRequest, message: string): Reply {
  return graphError(req, 403, 'accessDenied', message);
}

/** The item or drive root a route names; undefined when the drive or item does not exist (or is not the caller's). */
function findTarget(graph: GraphState, route: Route, userId: string): Target | undefined {
  const { store } = graph;
  // /sites/{id}/drive: the site's document library, the drive whose links live on that site (when the dataset
  // gives a site several drives, the one holding the item).
  const siteDrives =
    route.site === undefined
      ? []
      : store.dataset.drives.filter(
          (drive) => siteIdOfDrive(store, drive)?.toLowerCase() === route.site!.toLowerCase(),
        );
  const itemDrive = route.itemId === undefined ? undefined : store.node(route.itemId)?.drive;
  const siteDrive = siteDrives.find((drive) => drive === itemDrive) ?? siteDrives[0];
  if (route.site !== undefined && !siteDrive) return undefined;
  const driveId = siteDrive?.id ?? route.driveId;
  if (driveId !== undefined) {
    const drive = store.drive(driveId);
    if (!drive) return undefined;
    if (route.itemId === undefined || route.itemId === rootIdOf(drive)) return { drive, node: undefined };
    const node = store.node(route.itemId);
    return node && node.drive === drive ? { drive, node } : undefined;
  }
  // /me/drive: the caller's own drive; /users/{u}/drive: that user's. The dataset may give one owner several
  // drives; the item picks among them.
  const ownerId = route.user === undefined ? userId : userNamed(graph, route.user)?.id;
  if (ownerId === undefined) return undefined;
  const own = store.dataset.drives.filter((drive) => drive.owner === ownerId);
  if (route.itemId === undefined) return own[0] && { drive: own[0], node: undefined };
  const node = store.node(route.itemId);
  if (node && own.includes(node.drive)) return { drive: node.drive, node };
  const drive = own.find((candidate) => rootIdOf(candidate) === route.itemId);
  return drive && { drive, node: undefined };
}

/** The user `/users/{u}` names: by e-mail (user principal name), Graph user id or object id. */
function userNamed(graph: GraphState, named: string) {
  const { users } = graph.identity;
  const lower = named.toLowerCase();
  return (
    users.userByEmail(named) ??
    users.users.find((user) => objectIdOf(user) === lower || graphUserIdOf(user) === lower)
  );
}

/**
 * Delegated permissions (learn.microsoft.com/graph/permissions-reference; reference §5, §7.9): writing sharing
 * needs a ReadWrite scope, reading accepts a Read one. `Files.Read`/`Files.ReadWrite` reach only the user's own
 * files on work accounts, all files the user can reach on personal ones (as `/shares` treats them).
 */
/** Sites.Manage.All and Sites.FullControl.All include Sites.ReadWrite.All's rights (permissions reference). */
const SITES_ABOVE = ['Sites.Manage.All', 'Sites.FullControl.All'];
const READ_ALL = [
  'Files.Read.All',
  'Files.ReadWrite.All',
  'Sites.Read.All',
  'Sites.ReadWrite.All',
  ...SITES_ABOVE,
];
const READ_OWN = ['Files.Read', 'Files.ReadWrite'];
const WRITE_ALL = ['Files.ReadWrite.All', 'Sites.ReadWrite.All', ...SITES_ABOVE];
const WRITE_OWN = ['Files.ReadWrite'];

function scopesAllow(graph: GraphState, scopes: string[], userId: string, target: Target, write: boolean) {
  const [all, own] = write ? [WRITE_ALL, WRITE_OWN] : [READ_ALL, READ_OWN];
  if (scopes.some((scope) => all.includes(scope))) return true;
  if (!scopes.some((scope) => own.includes(scope))) return false;
  return graph.identity.users.user(userId)?.kind === 'personal' || target.drive.owner === userId;
}

/** The JSON body of a write (an empty body is `{}`); undefined when it is no JSON. */
function readBody(req: ApiRequest): unknown {
  if (req.body.trim() === '') return {};
  try {
    return JSON.parse(req.body);
  } catch {
    return undefined;
  }
}

/** Handles `/{version}/drives/…` and `/{version}/me/drive/…`; `segments` are the raw path segments after it. */
export function handleSharing(
  graph: GraphState,
  baseUrl: string,
  req: ApiRequest,
  segments: readonly string[],
  version = 'v1.0',
): Reply {
  const caller = authenticate(graph, baseUrl, req);
  if ('status' in caller) return caller;
  const me = graph.identity.users.user(caller.userId);
  const route = matchRoute(segments, me ? graphUserIdOf(me) : caller.userId);
  if ('bad' in route) {
    return graphError(req, 400, 'BadRequest', `Resource not found for the segment '${route.bad}'.`);
  }
  if (!METHODS[route.action.action].includes(req.method)) {
    return graphError(
      req,
      405,
      'notAllowed',
      `The HTTP method '${req.method}' is not allowed on this resource.`,
    );
  }
  const target = findTarget(graph, route, caller.userId);
  if (!target) return notFound(req);
  const write = req.method !== 'GET';
  if (!scopesAllow(graph, caller.scopes, caller.userId, target, write)) {
    const needed = write
      ? 'Files.ReadWrite, Files.ReadWrite.All or Sites.ReadWrite.All'
      : 'a Files or Sites scope';
    return denied(req, `Access denied: the token's permissions do not allow this (${needed}).`);
  }
  const access = accessTo(graph, caller.userId, target);
  // [heur] An item the caller cannot see at all is as missing as one that does not exist.
  if (access === 'none') return notFound(req);
  if (write && access !== 'write') {
    return denied(req, 'The caller does not have permission to change the sharing of this item.');
  }
  if (write && !target.node) {
    // reference §2: "Personal accounts can't change permissions on the drive root." [heur] 400 invalidRequest.
    if (target.drive.kind === 'personal') {
      return invalid(req, 'Permissions on the root of a personal drive cannot be changed.');
    }
    return notSupported(req, 'The emulator does not share the root folder of a drive.');
  }
  const body = write && req.method !== 'DELETE' ? readBody(req) : {};
  if (body === undefined) return invalid(req, 'Unable to read JSON request payload.');
  const context: ActionContext = {
    graph,
    baseUrl,
    req,
    target,
    userId: caller.userId,
    access,
    metadata: `${baseUrl}/${version}/$metadata#`,
    permissions: `${route.context}/permissions`,
  };
  switch (route.action.action) {
    case 'createLink':
      return createLink(context, body);
    case 'invite':
      return invite(context, body);
    case 'permissions': {
      const value = listed(context).map((entry) => entry.body);
      return reply(context, 200, context.permissions, { value });
    }
    case 'permission':
      return permissionRoute(context, route.action.permissionId, body);
  }
}

interface ActionContext {
  graph: GraphState;
  baseUrl: string;
  req: ApiRequest;
  target: Target;
  userId: string;
  access: 'read' | 'write';
  /** `{base}/{version}/$metadata#`: where every answer's `@odata.context` starts */
  metadata: string;
  /** the item's permissions as a context path: `drives('d')/items('i')/permissions` */
  permissions: string;
}

/**
 * A sharing answer, with `OData-Version` and an `@odata.context` naming what it holds, as the `/shares` routes
 * have: `…/$metadata#drives('d')/items('i')/permissions` for the list, `…/permissions/$entity` for one,
 * `#microsoft.graph.permission` for createLink and `#Collection(microsoft.graph.permission)` for invite (actions
 * whose answer belongs to no entity set, OData 4.0 Part 1 §10).
 */
function reply(ctx: ActionContext, status: number, context: string, body: Record<string, unknown>): Reply {
  return json(
    status,
    { '@odata.context': `${ctx.metadata}${context}`, ...body },
    { 'OData-Version': '4.0' },
    GRAPH_JSON,
  );
}

/** The permissions the caller sees: all of them when they may change the item, else only their own. */
function listed(ctx: ActionContext): PermissionEntry[] {
  const all = permissionsOf(ctx.graph, ctx.baseUrl, ctx.target);
  return ctx.access === 'write' ? all : visibleTo(ctx.graph, ctx.userId, all);
}

/** `yyyy-MM-ddTHH:mm:ssZ`, the form Graph writes dates in. */
function graphDate(value: string): string {
  return new Date(value).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

const DateTime = z.iso.datetime({ offset: true });

/** An expirationDateTime must be a date-time with a zone and lie in the future. */
function checkExpiry(value: unknown): string | { problem: string } | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string' || !DateTime.safeParse(value).success) {
    return { problem: "Invalid expirationDateTime: use the form 'yyyy-MM-ddTHH:mm:ssZ'." };
  }
  if (Date.parse(value) <= Date.now()) return { problem: 'The expirationDateTime must be in the future.' };
  return graphDate(value);
}

const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

/**
 * Drops OData instance annotations (`@odata.type`, …) from an object, which Graph accepts on any body: the docs'
 * own request templates name a recipient `{ "@odata.type": "microsoft.graph.driveRecipient" }` (permission-grant).
 */
function withoutAnnotations(value: unknown): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
  return Object.fromEntries(Object.entries(value).filter(([key]) => !key.startsWith('@')));
}

/** A driveRecipient: exactly one of email, alias, objectId. */
const RecipientSchema = z.preprocess(
  withoutAnnotations,
  z
    .object({
      email: z.string().regex(EMAIL, 'is not an e-mail address').optional(),
      alias: z.string().min(1).optional(),
      objectId: z.string().min(1).optional(),
    })
    .strict()
    .refine(
      (recipient) => Object.values(recipient).filter((value) => value !== undefined).length === 1,
      'needs exactly one of email, alias or objectId',
    ),
);
type Recipient = z.infer<typeof RecipientSchema>;

const MAX_MESSAGE = 2000; // reference §2 invite: "message (≤2000)"

/** The first problem of a zod result as `field: message`. */
function problemOf(error: z.ZodError): string {
  const issue = error.issues[0];
  const path = issue?.path.map(String).join('.') ?? '';
  return `Invalid request: ${path ? `${path} ` : ''}${issue?.message ?? 'is invalid'}.`;
}

const CreateLinkSchema = z.object({
  type: z.string({ error: 'is required' }),
  scope: z.string().optional(),
  expirationDateTime: z.unknown().optional(),
  password: z.string().min(1, 'must not be empty').optional(),
  recipients: z.array(RecipientSchema).optional(),
  retainInheritedPermissions: z.boolean().optional(),
  sendNotification: z.boolean().optional(),
  message: z.string().max(MAX_MESSAGE, `may have at most ${MAX_MESSAGE} characters`).optional(),
});

/** Link types of beta and ODB that the emulator does not make (reference §2 createLink). */
const OTHER_LINK_TYPES = ['review', 'blocksDownload', 'createOnly', 'addressBar', 'adminDefault'];

/** The user a recipient names, when the dataset has one. */
function recipientUser(graph: GraphState, recipient: Recipient, ownerEmail: string) {
  const { users } = graph.identity;
  if (recipient.email !== undefined) return users.userByEmail(recipient.email);
  if (recipient.objectId !== undefined) {
    return users.users.find(
      (user) => objectIdOf(user) === recipient.objectId || graphUserIdOf(user) === recipient.objectId,
    );
  }
  // [heur] An alias is the part before the @ of an address in the owner's domain.
  return users.userByEmail(`${recipient.alias}@${domainOf(ownerEmail)}`);
}

/**
 * `retainInheritedPermissions` (reference §2, default true): "If `false`, all existing permissions are removed
 * when sharing for the first time" (driveitem-createlink) — the item stops inheriting from the folders above it,
 * when it has no permissions of its own yet. The owner's permission stays, and a caller who is not the owner keeps
 * write access by a grant of their own [heur: SharePoint gives whoever breaks inheritance a role on the item].
 */
function retainInherited(ctx: ActionContext, retain: boolean | undefined): void {
  const { graph } = ctx;
  const node = ctx.target.node!;
  if (retain !== false || graph.store.isUnique(node)) return;
  const own =
    graph.sharing.on(node.item.id).length > 0 ||
    graph.store.links.some(
      (link) =>
        link.item === node.item.id &&
        graph.store.access(link, ctx.target.drive.owner) !== 'denied' &&
        !graph.store.isRemoved(link),
    );
  if (own) return;
  graph.store.stopInheriting(node);
  const caller = graph.store.user(ctx.userId);
  if (ctx.userId !== ctx.target.drive.owner && caller) {
    graph.sharing.put({
      id: randomUUID(),
      itemId: node.item.id,
      role: 'write',
      userId: caller.id,
      email: caller.email,
      signInRequired: true,
      expirationDateTime: undefined,
      hasPassword: false,
    });
  }
}

/** [heur] An objectId or alias names someone in the directory; an e-mail may name an outsider (a guest). */
function unknownRecipient(req: ApiRequest, recipient: Recipient): Reply {
  const [kind, value] =
    recipient.objectId === undefined ? ['alias', recipient.alias] : ['objectId', recipient.objectId];
  return invalid(req, `Invalid request: no user with ${kind} '${value}'.`);
}

/**
 * `POST …/createLink` (reference §2, §7.8). Kind rules follow the docs (embed personal-only; organization and
 * users business-only; password personal-only); that they answer 400 `notSupported` is [heur] (§7.8).
 */
function createLink(ctx: ActionContext, payload: unknown): Reply {
  const { graph, req, target } = ctx;
  const node = target.node!;
  const personal = target.drive.kind === 'personal';
  const parsed = CreateLinkSchema.safeParse(payload);
  if (!parsed.success) return invalid(req, problemOf(parsed.error));
  const body = parsed.data;
  if (OTHER_LINK_TYPES.includes(body.type)) {
    return notSupported(req, `The link type '${body.type}' is not supported by the emulator.`);
  }
  if (body.type !== 'view' && body.type !== 'edit' && body.type !== 'embed') {
    return invalid(req, `Invalid link type '${body.type}': use view, edit or embed.`);
  }
  const type: Link['type'] = body.type;
  if (type === 'embed' && !personal) {
    return notSupported(req, 'Embed links are only supported on OneDrive personal.');
  }
  // createLink: embed "is only available for files in OneDrive personal" [heur: the status, as above].
  if (type === 'embed' && node.children) {
    return notSupported(req, 'Embed links are only supported for files.');
  }
  // msgraph-sdk-android #75: `scope: ""` → 400 (reference §2).
  if (body.scope === '') return invalid(req, 'Invalid link scope: the scope must not be empty.');
  const scope = body.scope ?? (personal ? 'anonymous' : 'organization');
  if (scope !== 'anonymous' && scope !== 'organization' && scope !== 'users') {
    return invalid(req, `Invalid link scope '${scope}': use anonymous, organization or users.`);
  }
  if (personal && scope !== 'anonymous') {
    return notSupported(
      req,
      `The link scope '${scope}' is only supported on OneDrive for Business and SharePoint.`,
    );
  }
  if (type === 'embed' && scope !== 'anonymous') return invalid(req, 'Embed links are always anonymous.');
  if (body.password !== undefined && !personal) {
    return notSupported(req, 'Passwords on sharing links are only supported on OneDrive personal.');
  }
  const expiry = checkExpiry(body.expirationDateTime);
  if (typeof expiry === 'object') return invalid(req, expiry.problem);
  const recipients = body.recipients ?? [];
  if (scope === 'users' && recipients.length === 0) {
    return invalid(req, "A link with scope 'users' needs recipients.");
  }
  // reference §2: "403 when tenant anonymous sharing is off" (#413).
  if (scope === 'anonymous' && target.drive.anonymousLinks === false) {
    return denied(req, 'Anyone links are turned off by the sharing policy of this organization.');
  }

  const ownerEmail = graph.store.user(target.drive.owner)?.email ?? '';
  // A `users` link is for the dataset users the recipients name, and for outside e-mail addresses.
  const users = new Set<string>();
  const outsiders = new Set<string>();
  if (scope === 'users') {
    for (const recipient of recipients) {
      const user = recipientUser(graph, recipient, ownerEmail);
      if (user) users.add(user.id);
      else if (recipient.email !== undefined) outsiders.add(recipient.email.toLowerCase());
      else return unknownRecipient(req, recipient);
    }
  }
  const sameSet = (a: readonly string[], b: Set<string>) => a.length === b.size && a.every((x) => b.has(x));
  const sameUsers = (link: Link) =>
    scope !== 'users' ||
    (sameSet(link.users ?? [], users) && sameSet(graph.store.createdInfo(link)?.outsiders ?? [], outsiders));
  const sameOptions = (link: Link) => {
    const info = graph.store.createdInfo(link);
    return (
      (info?.hasPassword ?? false) === (body.password !== undefined) && info?.expirationDateTime === expiry
    );
  };
  // [heur] "200 existing same-type link for this app" (reference §2) is simplified to "on the item": a live link
  // of this type and scope (for `users`, with the same people; with the same password-or-not and expiry) is
  // answered again, same id and URL.
  const existing = graph.store.links.find(
    (link) =>
      link.item === node.item.id &&
      graph.store.typeOf(link) === type &&
      link.scope === scope &&
      graph.store.access(link, target.drive.owner) !== 'denied' &&
      sameUsers(link) &&
      sameOptions(link),
  );
  if (existing) {
    const body = permissionJson({ store: graph.store, baseUrl: ctx.baseUrl, link: existing });
    return reply(ctx, 200, 'microsoft.graph.permission', body);
  }
  retainInherited(ctx, body.retainInheritedPermissions);
  const link: Link = {
    url: newLinkUrl(ctx, type),
    item: node.item.id,
    type,
    scope,
    ...(scope === 'users' ? { users: [...users] } : {}),
  };
  graph.store.addLink(link, {
    hasPassword: body.password !== undefined,
    ...(expiry === undefined ? {} : { expirationDateTime: expiry }),
    ...(outsiders.size > 0 ? { outsiders: [...outsiders] } : {}),
  });
  const made = permissionJson({ store: graph.store, baseUrl: ctx.baseUrl, link });
  return reply(ctx, 201, 'microsoft.graph.permission', made);
}

/** The letter a short link carries for what it points at (reference §3: w x p b t i v f u). */
function kindLetter(ctx: ActionContext): string {
  const node = ctx.target.node!;
  if (node.children) return 'f';
  const extension = node.item.name.split('.').pop()?.toLowerCase() ?? '';
  const letters: Record<string, string> = {
    docx: 'w',
    doc: 'w',
    xlsx: 'x',
    xls: 'x',
    csv: 'x',
    pptx: 'p',
    ppt: 'p',
    one: 'o',
    pdf: 'b',
    txt: 't',
    md: 't',
    png: 'i',
    jpg: 'i',
    jpeg: 'i',
    gif: 'i',
    svg: 'i',
    mp4: 'v',
    mov: 'v',
  };
  return letters[extension] ?? 'u';
}

/** Letters and digits, as the tokens of real sharing links have. */
function randomToken(length: number): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  return [...randomBytes(length)].map((byte) => alphabet[byte % alphabet.length]).join('');
}

/**
 * A URL of the drive's kind (reference §3):
 * - personal: `https://1drv.ms/{L}/c/{cid}/{token}` (the 2024 createLink sample has no `?e=`), embed links
 *   `https://onedrive.live.com/embed?cid=…&resid=…&authkey=!…`;
 * - business: `https://{host}/:{L}:/{s|t|g}/{site}/{token}?e={6}` on the host and site of the drive's dataset
 *   links, or the owner's OneDrive (`{tenant}-my.sharepoint.com/…/g/personal/{upn}`) when it has none.
 */
function newLinkUrl(ctx: ActionContext, type: Link['type']): string {
  const { graph, target } = ctx;
  const node = target.node!;
  const token = `E${randomToken(45)}`;
  if (target.drive.kind === 'personal') {
    const cid = target.drive.id.toLowerCase();
    if (type === 'embed') {
      const resid = encodeURIComponent(node.item.id);
      return `https://onedrive.live.com/embed?cid=${cid.toUpperCase()}&resid=${resid}&authkey=!${randomToken(22)}`;
    }
    return `https://1drv.ms/${kindLetter(ctx)}/c/${cid}/${token}`;
  }
  const sibling = graph.store.links.find(
    (link) => graph.store.target(link).drive === target.drive && !isPersonalUrl(link.url),
  );
  let host: string;
  let container: string;
  if (sibling) {
    const where = locationOf(sibling, node);
    host = where.host;
    const [kind = '', ...rest] = where.site.split('/');
    container =
      kind === 'sites' ? `s/${rest.join('/')}` : kind === 'teams' ? `t/${rest.join('/')}` : `g/${where.site}`;
  } else {
    const email = graph.store.user(target.drive.owner)?.email ?? 'owner@contoso.com';
    host = `${domainOf(email).split('.')[0]}-my.sharepoint.com`;
    container = `g/personal/${email.toLowerCase().replace(/[@.]/g, '_')}`;
  }
  return `https://${host}/:${kindLetter(ctx)}:/${container}/${token}?e=${randomToken(6)}`;
}

const Recipients = z
  .array(RecipientSchema, { error: 'is required' })
  .min(1, 'must name at least one recipient');
const Roles = z
  .array(z.string(), { error: 'is required' })
  .length(1, 'must be exactly one of read or write')
  .refine(([role]) => role === 'read' || role === 'write', 'must be exactly one of read or write');

const InviteSchema = z.object({
  recipients: Recipients,
  roles: Roles,
  requireSignIn: z.boolean().optional(),
  sendInvitation: z.boolean().optional(),
  message: z.string().max(MAX_MESSAGE, `may have at most ${MAX_MESSAGE} characters`).optional(),
  expirationDateTime: z.unknown().optional(),
  password: z.string().min(1, 'must not be empty').optional(),
  retainInheritedPermissions: z.boolean().optional(),
});

/** `POST …/invite` (reference §2, §7.9): 200 `{value:[permission]}`, one per recipient. */
function invite(ctx: ActionContext, payload: unknown): Reply {
  const { graph, req, target } = ctx;
  const node = target.node!;
  const personal = target.drive.kind === 'personal';
  const parsed = InviteSchema.safeParse(payload);
  if (!parsed.success) return invalid(req, problemOf(parsed.error));
  const body = parsed.data;
  // reference §2 invite: expirationDateTime "ODB: link perms only; premium personal"; password personal only.
  // An option the account kind does not support is 400 notSupported, as for createLink (§7.8).
  if (body.expirationDateTime !== undefined && body.expirationDateTime !== null && !personal) {
    return notSupported(
      req,
      'On OneDrive for Business and SharePoint, expirationDateTime applies to sharing links only.',
    );
  }
  if (body.password !== undefined && !personal) {
    return notSupported(req, 'Passwords are only supported on OneDrive personal.');
  }
  const expiry = checkExpiry(body.expirationDateTime);
  if (typeof expiry === 'object') return invalid(req, expiry.problem);
  const ownerEmail = graph.store.user(target.drive.owner)?.email ?? '';
  const resolved: { user: ReturnType<typeof recipientUser>; email: string }[] = [];
  for (const recipient of body.recipients) {
    const user = recipientUser(graph, recipient, ownerEmail);
    if (!user && recipient.email === undefined) return unknownRecipient(req, recipient);
    resolved.push({ user, email: user?.email ?? recipient.email! });
  }
  retainInherited(ctx, body.retainInheritedPermissions);
  const value = resolved.map(({ user, email }) => {
    const grant: Grant = graph.sharing.put({
      id: randomUUID(),
      itemId: node.item.id,
      role: body.roles[0] as Role,
      userId: user?.id,
      email,
      signInRequired: body.requireSignIn ?? true,
      expirationDateTime: expiry,
      hasPassword: body.password !== undefined,
    });
    return grantJson(graph, grant, target.drive);
  });
  return reply(ctx, 200, 'Collection(microsoft.graph.permission)', { value });
}

const PatchSchema = z.preprocess(
  withoutAnnotations,
  z
    .object({
      roles: z
        .array(z.string())
        .length(1, 'must be exactly one of read or write')
        .refine(([role]) => role === 'read' || role === 'write', 'must be exactly one of read or write'),
    })
    .strict(),
);

/** `GET`, `PATCH` (`{roles}` only) and `DELETE …/permissions/{id}` (reference §2, §7.9). */
function permissionRoute(ctx: ActionContext, permissionId: string, payload: unknown): Reply {
  const { graph, req } = ctx;
  const entry = listed(ctx).find((candidate) => candidate.id === permissionId);
  if (!entry) return notFound(req);
  const entity = `${ctx.permissions}/$entity`;
  if (req.method === 'GET') return reply(ctx, 200, entity, entry.body);
  // [heur] Graph documents that the owner's and inherited permissions cannot be changed here (permission-delete:
  // "Only sharing permissions that are not inherited can be deleted"), not the error: 403 accessDenied for the
  // owner, 400 invalidRequest naming the folder for an inherited one.
  if (entry.kind === 'owner') return denied(req, "The owner's permission cannot be changed or removed.");
  if (entry.inherited) {
    const path = `/${entry.from.names.join('/')}`;
    return invalid(req, `The permission is inherited from '${path}': change or remove it there.`);
  }
  if (req.method === 'DELETE') {
    if (entry.kind === 'link') graph.store.removeLink(entry.link);
    else graph.sharing.remove(entry.grant);
    return empty(204, {});
  }
  // "Only the roles property can be modified this way" (permission-update).
  const parsed = PatchSchema.safeParse(payload);
  if (!parsed.success) {
    const extra = parsed.error.issues.find((issue) => issue.code === 'unrecognized_keys');
    return invalid(req, extra ? 'Only roles can be updated on a permission.' : problemOf(parsed.error));
  }
  const role = parsed.data.roles[0] as Role;
  if (entry.kind === 'grant') {
    const grant = graph.sharing.put({ ...entry.grant, role });
    return reply(ctx, 200, entity, grantJson(graph, grant, ctx.target.drive));
  }
  // [heur] A link's roles follow its type: write makes it an edit link, read a view link (an embed link stays
  // read-only). /shares/{t}/permission then shows the same.
  if (graph.store.typeOf(entry.link) === 'embed' && role === 'write') {
    return invalid(req, 'An embed link cannot give write access.');
  }
  if (graph.store.typeOf(entry.link) !== 'embed')
    graph.store.retype(entry.link, role === 'write' ? 'edit' : 'view');
  return reply(
    ctx,
    200,
    entity,
    permissionJson({ store: graph.store, baseUrl: ctx.baseUrl, link: entry.link }),
  );
}

const GrantSchema = z.object({ recipients: Recipients, roles: Roles });

/**
 * `POST /shares/{t}/permission/grant` `{recipients, roles}` (reference §1.2, §7.2; permission-grant): the link
 * also works for these people. 200 `{value:[permission]}`, the link's permission naming everyone it was granted
 * to in `grantedToIdentitiesV2`.
 * - Work accounts only: permission-grant lists "Delegated (personal Microsoft account): Not supported" → 400
 *   `notSupported` [heur: the status, as for createLink's options].
 * - A write: a ReadWrite scope and the right to change the item's sharing, as createLink (403 otherwise).
 * - `roles` "must match the role of the link" (existingAccess links, which grant a role, are not in datasets).
 * - [heur] The link keeps its URL and scope ("its URL may change", §1.2: here it does not).
 */
export function grantLink(args: {
  graph: GraphState;
  baseUrl: string;
  req: ApiRequest;
  version: string;
  link: Link;
  node: ItemNode;
  caller: { userId: string; scopes: string[] };
}): Reply {
  const { graph, baseUrl, req, link, node, caller } = args;
  const target: Target = { drive: node.drive, node };
  if (!scopesAllow(graph, caller.scopes, caller.userId, target, true)) {
    return denied(
      req,
      "Access denied: the token's permissions do not allow this (Files.ReadWrite, Files.ReadWrite.All or " +
        'Sites.ReadWrite.All).',
    );
  }
  if (node.drive.kind === 'personal') {
    return notSupported(req, 'Granting access to a sharing link is not supported on OneDrive personal.');
  }
  if (accessTo(graph, caller.userId, target) !== 'write') {
    return denied(req, 'The caller does not have permission to change the sharing of this item.');
  }
  const payload = readBody(req);
  if (payload === undefined) return invalid(req, 'Unable to read JSON request payload.');
  const parsed = GrantSchema.safeParse(payload);
  if (!parsed.success) return invalid(req, problemOf(parsed.error));
  const role = roleOf(graph.store.typeOf(link));
  if (parsed.data.roles[0] !== role) {
    return invalid(req, `Invalid request: roles must match the role of the link ('${role}').`);
  }
  const ownerEmail = graph.store.user(node.drive.owner)?.email ?? '';
  const users: string[] = [];
  const outsiders: string[] = [];
  for (const recipient of parsed.data.recipients) {
    const user = recipientUser(graph, recipient, ownerEmail);
    if (user) users.push(user.id);
    else if (recipient.email !== undefined) outsiders.push(recipient.email.toLowerCase());
    else return unknownRecipient(req, recipient);
  }
  graph.store.grantLink(link, users, outsiders);
  const value = [permissionJson({ store: graph.store, baseUrl, link })];
  return json(
    200,
    {
      '@odata.context': `${baseUrl}/${args.version}/$metadata#Collection(microsoft.graph.permission)`,
      value,
    },
    { 'OData-Version': '4.0' },
    GRAPH_JSON,
  );
}
