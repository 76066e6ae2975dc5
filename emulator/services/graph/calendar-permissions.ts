/**
 * Graph `calendarPermissions` of a user's primary calendar, the Microsoft 365 way to share a calendar
 * (learn.microsoft.com/graph/api/resources/calendarpermission; reference §2.7):
 * `GET|POST /{version}/me/calendar/calendarPermissions`, `GET|PATCH|DELETE …/calendarPermissions/{id}`, and the
 * same under `/users/{id | userPrincipalName}/calendar/` for the signed-in user. A user has a calendar when the
 * dataset's `exchange.mailboxes` gives them a mailbox. Errors are Graph's JSON with the Outlook codes
 * (ErrorAccessDenied, ErrorItemNotFound, ErrorInvalidRequest, MailboxNotEnabledForRESTAPI).
 */
import { type ApiRequest, json, type Reply, safeDecode } from '../../core/http';
import type { ExchangeData } from '../exchange/dataset';
import { type MailboxEntry, Mailboxes } from '../exchange/folders';
import type { IdentityService } from '../identity';
import { graphUserIdOf, objectIdOf } from '../identity/users';
import { GRAPH_JSON, graphError } from './errors';
import type { GraphState } from './index';
import { authenticate } from './shares';

/** calendarRoleType (the resource page). */
export const CALENDAR_ROLES = [
  'none',
  'freeBusyRead',
  'limitedRead',
  'read',
  'write',
  'delegateWithoutPrivateEventAccess',
  'delegateWithPrivateEventAccess',
  'custom',
] as const;
type Role = (typeof CALENDAR_ROLES)[number];

/** "My Organization" as the list example shows it: id `RGVmYXVsdA==` (base64 "Default"), not removable. */
const MY_ORGANIZATION_ID = 'RGVmYXVsdA==';
const ORGANIZATION_ROLES: Role[] = ['none', 'freeBusyRead', 'limitedRead', 'read', 'write'];
/** The docs' examples give an outside recipient these three. */
const OUTSIDE_ROLES: Role[] = ['freeBusyRead', 'limitedRead', 'read'];
/** [heur] A colleague with a mailbox may also edit or be a delegate, as Outlook offers inside an organisation. */
const INSIDE_ROLES: Role[] = [
  'freeBusyRead',
  'limitedRead',
  'read',
  'write',
  'delegateWithoutPrivateEventAccess',
  'delegateWithPrivateEventAccess',
];

interface Entry {
  id: string;
  name: string;
  /** undefined for My Organization */
  address: string | undefined;
  role: Role;
  allowedRoles: Role[];
  isRemovable: boolean;
  isInsideOrganization: boolean;
}

function body(entry: Entry): Record<string, unknown> {
  return {
    id: entry.id,
    isRemovable: entry.isRemovable,
    isInsideOrganization: entry.isInsideOrganization,
    role: entry.role,
    allowedRoles: entry.allowedRoles,
    emailAddress:
      entry.address === undefined ? { name: entry.name } : { name: entry.name, address: entry.address },
  };
}

/** The calendars' permission lists: the default one per owner, plus what requests changed until a reset. */
export class CalendarSharing {
  readonly mailboxes: Mailboxes;
  private readonly lists = new Map<string, Entry[]>();

  constructor(dataset: ExchangeData, identity: IdentityService) {
    this.mailboxes = new Mailboxes(dataset.exchange, identity.users);
  }

  /** A work account's calendar starts shared with My Organization at freeBusyRead; a personal one with nobody [heur]. */
  list(owner: MailboxEntry): Entry[] {
    let entries = this.lists.get(owner.user.id);
    if (!entries) {
      entries =
        owner.user.kind === 'work'
          ? [
              {
                id: MY_ORGANIZATION_ID,
                name: 'My Organization',
                address: undefined,
                role: 'freeBusyRead',
                allowedRoles: ORGANIZATION_ROLES,
                isRemovable: false,
                isInsideOrganization: true,
              },
            ]
          : [];
      this.lists.set(owner.user.id, entries);
    }
    return entries;
  }

  clear(): void {
    this.lists.clear();
  }
}

/** `me/calendar/calendarPermissions[/{id}]` or `users/{u}/calendar/calendarPermissions[/{id}]`, after the version. */
export function isCalendarPermissionsPath(segments: readonly string[]): boolean {
  const lower = segments.map((segment) => segment.toLowerCase());
  const start = lower[0] === 'me' ? 1 : lower[0] === 'users' && segments.length >= 2 ? 2 : -1;
  if (start === -1) return false;
  const rest = lower.slice(start);
  return (
    (rest.length === 2 || rest.length === 3) && rest[0] === 'calendar' && rest[1] === 'calendarpermissions'
  );
}

const READ_SCOPES = ['Calendars.ReadBasic', 'Calendars.Read', 'Calendars.ReadWrite'];
/**
 * Writes need Calendars.ReadWrite. The v1.0 create page lists Calendars.Read too, the update and delete pages only
 * Calendars.ReadWrite; the emulator asks ReadWrite for every write.
 */
const WRITE_SCOPES = ['Calendars.ReadWrite'];

function accessDenied(req: ApiRequest): Reply {
  return graphError(req, 403, 'ErrorAccessDenied', 'Access is denied. Check credentials and try again.');
}

function invalid(req: ApiRequest, message: string): Reply {
  return graphError(req, 400, 'ErrorInvalidRequest', message);
}

function notFound(req: ApiRequest): Reply {
  return graphError(req, 404, 'ErrorItemNotFound', 'The specified object was not found in the store.');
}

const SMTP = /^[^\s@<>()[\]\\,;:"]+@[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+$/i;

function readJson(req: ApiRequest): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(req.body);
    return value !== null && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

function badJson(req: ApiRequest): Reply {
  return graphError(
    req,
    400,
    'BadRequest',
    'Unable to read JSON request payload. Please ensure Content-Type header is set and payload is of valid JSON format.',
  );
}

/** A role value: a calendarRoleType (else OData's enum error), and one of the entry's allowedRoles. */
function checkRole(req: ApiRequest, value: unknown, allowed: readonly Role[]): Role | Reply {
  if (typeof value !== 'string' || !(CALENDAR_ROLES as readonly string[]).includes(value)) {
    return graphError(req, 400, 'BadRequest', `Requested value '${String(value)}' was not found.`);
  }
  if (!allowed.includes(value as Role)) {
    return invalid(req, `The role '${value}' is not one of the allowed roles for this recipient.`);
  }
  return value as Role;
}

export function handleCalendarPermissions(
  graph: GraphState,
  calendars: CalendarSharing,
  baseUrl: string,
  req: ApiRequest,
  version: string,
  segments: readonly string[],
): Reply {
  const caller = authenticate(graph, baseUrl, req);
  if ('status' in caller) return caller;
  const isMe = segments[0]!.toLowerCase() === 'me';
  const permissionId = segments[isMe ? 3 : 4] === undefined ? undefined : safeDecode(segments[isMe ? 3 : 4]!);
  const allowed = permissionId === undefined ? ['GET', 'POST'] : ['GET', 'PATCH', 'DELETE'];
  if (!allowed.includes(req.method)) {
    return graphError(
      req,
      405,
      'notAllowed',
      `The HTTP method '${req.method}' is not allowed on this resource.`,
    );
  }
  const callerUser = graph.identity.users.user(caller.userId)!;
  if (!isMe) {
    const named = safeDecode(segments[1]!);
    const user =
      graph.identity.users.userByEmail(named) ??
      graph.identity.users.users.find(
        (candidate) =>
          candidate.id === named ||
          objectIdOf(candidate) === named.toLowerCase() ||
          graphUserIdOf(candidate) === named.toLowerCase(),
      );
    if (!user) return graphError(req, 404, 'ErrorInvalidUser', `The requested user '${named}' is invalid.`);
    // The API works "on behalf of only the calendar owner" (resource page); [heur] anyone else is denied.
    if (user.id !== callerUser.id) return accessDenied(req);
  }
  const write = req.method !== 'GET';
  const scopes = write ? WRITE_SCOPES : READ_SCOPES;
  if (!caller.scopes.some((scope) => scopes.includes(scope))) return accessDenied(req);
  const owner = calendars.mailboxes.ofUser(callerUser.id);
  if (!owner) {
    return graphError(
      req,
      404,
      'MailboxNotEnabledForRESTAPI',
      'The mailbox is either inactive, soft-deleted, or is hosted on-premise.',
    );
  }
  const entries = calendars.list(owner);
  const context = `${baseUrl}/${version}/$metadata#users('${graphUserIdOf(callerUser)}')/calendar/calendarPermissions`;
  const reply = (status: number, value: unknown) =>
    json(status, value, { 'OData-Version': '4.0' }, GRAPH_JSON);

  if (permissionId === undefined) {
    if (req.method === 'GET') {
      return reply(200, { '@odata.context': context, value: entries.map(body) });
    }
    return create(req, calendars, owner, entries, context, graph, reply);
  }
  const index = entries.findIndex((entry) => entry.id === permissionId);
  if (index === -1) return notFound(req);
  const entry = entries[index]!;
  if (req.method === 'GET') return reply(200, { '@odata.context': `${context}/$entity`, ...body(entry) });
  if (req.method === 'DELETE') {
    // "You can't remove 'My Organization' as a share recipient" (resource page); [heur] 400 ErrorInvalidRequest.
    if (!entry.isRemovable) return invalid(req, `The permission '${entry.name}' cannot be removed.`);
    entries.splice(index, 1);
    return { status: 204, headers: {} };
  }
  // PATCH: "you can update only the role property" (resource page).
  const patch = readJson(req);
  if (!patch) return badJson(req);
  const others = Object.keys(patch).filter((key) => key !== 'role' && !key.startsWith('@odata.'));
  if (others.length > 0)
    return invalid(req, `Only the role of a calendar permission can be updated, not ${others[0]}.`);
  if (!('role' in patch)) return invalid(req, 'The request body must set role.');
  const role = checkRole(req, patch.role, entry.allowedRoles);
  if (typeof role !== 'string') return role;
  entry.role = role;
  return reply(200, { '@odata.context': `${context}/$entity`, ...body(entry) });
}

function create(
  req: ApiRequest,
  calendars: CalendarSharing,
  owner: MailboxEntry,
  entries: Entry[],
  context: string,
  graph: GraphState,
  reply: (status: number, value: unknown) => Reply,
): Reply {
  const payload = readJson(req);
  if (!payload) return badJson(req);
  const email = payload.emailAddress as { name?: unknown; address?: unknown } | undefined;
  const address = typeof email?.address === 'string' ? email.address.trim() : '';
  if (!SMTP.test(address)) return invalid(req, 'emailAddress.address must be an SMTP address.');
  const lower = address.toLowerCase();
  if (lower === owner.smtp) return invalid(req, "A calendar can't be shared with its owner.");
  const id = Buffer.from(`ExchangePublishedUser.${lower}`).toString('base64');
  // [heur] One entry per recipient: change an existing one with PATCH.
  if (entries.some((entry) => entry.id === id)) {
    return invalid(req, `The calendar is already shared with ${address}; update that permission instead.`);
  }
  const domain = lower.slice(lower.lastIndexOf('@') + 1);
  // [heur] Inside the organisation: the owner's domain. Read-only properties in the body are ignored.
  const inside = domain === owner.domain;
  const colleague = inside && calendars.mailboxes.bySmtpAddress(lower) !== undefined;
  const allowedRoles = colleague ? INSIDE_ROLES : OUTSIDE_ROLES;
  if (!('role' in payload)) return invalid(req, 'The request body must set role.');
  const role = checkRole(req, payload.role, allowedRoles);
  if (typeof role !== 'string') return role;
  const known = graph.identity.users.userByEmail(lower);
  const name =
    typeof email?.name === 'string' && email.name.trim() ? email.name : (known?.displayName ?? address);
  const entry: Entry = {
    id,
    name,
    address,
    role,
    allowedRoles,
    isRemovable: true,
    isInsideOrganization: inside,
  };
  entries.push(entry);
  // The create page answers 200 OK with the new calendarPermission.
  return reply(200, { '@odata.context': `${context}/$entity`, ...body(entry) });
}
