/**
 * Sharing onward with Graph (reference/graph-shares.md §2): make a link, invite people, list who has access,
 * change a role, remove access, on `/drives/{driveId}/items/{itemId}`.
 *
 * Writes are never sent twice by themselves (ARCHITECTURE: writes are not blindly retried): a write that got
 * no answer may still have been carried out, so the permissions are listed and the answer says whether it was.
 * Only a 429 is sent again (the request was refused before anything happened).
 */
import { z } from 'zod';
import { type CredentialSource, operationAuthorizer } from '../../http/authorizer';
import { DEFAULT_RETRY_RUNTIME, type RetryRuntime, sendWithRetry } from '../../http/retry';
import { type Transport, TransportError } from '../../http/transport';
import { t } from '../../i18n';
import { graphErrorCodes, mapGraphError } from './errors';
import {
  type AccessEntry,
  type CreateLinkForm,
  expiryDateTime,
  type GraphShareOutcome,
  type GraphShareRequest,
  type InviteForm,
  reconciledInvite,
  reconciledLink,
  type ShareTarget,
} from './sharing-forms';

/** Scope of the write token, asked for the first time the person shares (incremental consent, reference §5). */
export function sharingScope(graphEndpoint: string): string {
  return `${new URL(graphEndpoint).origin}/Files.ReadWrite.All`;
}

const identitySchema = z.looseObject({
  id: z.string().optional().catch(undefined),
  displayName: z.string().optional().catch(undefined),
  email: z.string().optional().catch(undefined),
});
const identitySetSchema = z.looseObject({
  user: identitySchema.optional().catch(undefined),
  siteUser: identitySchema.optional().catch(undefined),
});

/** A permission as Graph sends it (reference §2 "permission"); lenient, as Graph adds fields. */
const permissionSchema = z.looseObject({
  id: z.string().min(1),
  roles: z.array(z.string()).catch([]),
  link: z
    .looseObject({
      type: z.string().optional().catch(undefined),
      scope: z.string().optional().catch(undefined),
      webUrl: z.string().optional().catch(undefined),
    })
    .optional()
    .catch(undefined),
  grantedToV2: identitySetSchema.optional().catch(undefined),
  grantedTo: identitySetSchema.optional().catch(undefined),
  grantedToIdentitiesV2: z.array(identitySetSchema).optional().catch(undefined),
  grantedToIdentities: z.array(identitySetSchema).optional().catch(undefined),
  invitation: z
    .looseObject({ email: z.string().optional().catch(undefined) })
    .optional()
    .catch(undefined),
  inheritedFrom: z
    .looseObject({
      name: z.string().optional().catch(undefined),
      path: z.string().optional().catch(undefined),
    })
    .optional()
    .catch(undefined),
  expirationDateTime: z.string().optional().catch(undefined),
  hasPassword: z.boolean().optional().catch(undefined),
});
type Permission = z.infer<typeof permissionSchema>;
const permissionListSchema = z.looseObject({ value: z.array(z.unknown()) });

/** Graph's "no expiry" (reference §2: `0001-01-01T00:00:00Z`). */
const NO_EXPIRY = /^0001-01-01/;

type IdentitySet = z.infer<typeof identitySetSchema>;

/** A person as an identity set names them (`user`, else SharePoint's `siteUser`), or the invitation's e-mail. */
function personOf(identities: IdentitySet | undefined, invited: string | undefined) {
  const who = identities?.user ?? identities?.siteUser;
  const person: { name?: string; email?: string } = {};
  if (who?.displayName) person.name = who.displayName;
  const email = who?.email ?? invited;
  if (email) person.email = email;
  return person.name || person.email ? person : undefined;
}

/** The panel's view of one permission. */
export function toAccessEntry(permission: Permission): AccessEntry {
  const roles = permission.roles;
  const role = roles.includes('owner') ? 'owner' : roles.includes('write') ? 'write' : 'read';
  const entry: AccessEntry = {
    id: permission.id,
    kind: role === 'owner' ? 'owner' : permission.link ? 'link' : 'person',
    role,
  };
  if (permission.link && entry.kind === 'link') {
    // Type and scope stay unset when Graph leaves them out: a guess ("view", "users") would claim too much.
    const link: NonNullable<AccessEntry['link']> = {};
    if (permission.link.type) link.type = permission.link.type;
    if (permission.link.scope) link.scope = permission.link.scope;
    if (permission.link.webUrl?.startsWith('https://')) link.webUrl = permission.link.webUrl;
    if (permission.expirationDateTime && !NO_EXPIRY.test(permission.expirationDateTime))
      link.expires = permission.expirationDateTime;
    if (permission.hasPassword !== undefined) link.hasPassword = permission.hasPassword;
    entry.link = link;
    // A link for specific people names them (grantedToIdentitiesV2). OneDrive for Business answers some
    // invitations with such a link instead of a grant to one person.
    const people = (permission.grantedToIdentitiesV2 ?? permission.grantedToIdentities ?? []).flatMap(
      (identities) => {
        const who = personOf(identities, undefined);
        return who ? [who] : [];
      },
    );
    if (people.length > 0) entry.people = people;
  } else {
    entry.person =
      personOf(permission.grantedToV2 ?? permission.grantedTo, permission.invitation?.email) ?? {};
  }
  if (permission.inheritedFrom) {
    entry.inherited = {};
    const from = permission.inheritedFrom.name ?? permission.inheritedFrom.path?.split('/').pop();
    if (from) entry.inherited.from = decodeURIComponent(from);
  }
  return entry;
}

function parsePermissions(body: unknown): AccessEntry[] | undefined {
  const list = permissionListSchema.safeParse(body);
  if (!list.success) return undefined;
  return list.data.value.flatMap((each) => {
    const permission = permissionSchema.safeParse(each);
    return permission.success ? [toAccessEntry(permission.data)] : [];
  });
}

export interface GraphSharingOptions extends Partial<RetryRuntime> {
  /** Graph root including the version. */
  endpoint: string;
  transport: Transport;
  /** The write token (scope {@link sharingScope}); null when it cannot be had without asking the person. */
  credential: CredentialSource;
  /** Whether someone is signed in at all (to tell "sign in" from "allow sharing" when there is no token). */
  signedIn(): Promise<boolean>;
}

type Refused = Extract<GraphShareOutcome, { ok: false }>;

type Answer = { status: number; body: unknown } | { noAnswer: 'timeout' | 'network' };

/**
 * Answers after which a write may have been carried out all the same: the server failed or gave up after it may
 * have acted (a gateway timeout is a timeout too). Like no answer at all, they are looked up, not sent again.
 */
const MAYBE_DONE = [500, 502, 503, 504];

/** After a write that may have been carried out: whether the list it was looked up in says it was not. */
function notCarriedOut(outcome: GraphShareOutcome): outcome is Refused {
  return !outcome.ok && !outcome.uncertain && outcome.access !== undefined && !outcome.invited?.length;
}

export function createGraphSharing(options: GraphSharingOptions) {
  const { endpoint, transport } = options;
  const now = options.now ?? DEFAULT_RETRY_RUNTIME.now;
  const runtime = { now, sleep: options.sleep ?? DEFAULT_RETRY_RUNTIME.sleep, random: options.random };

  async function call(
    target: ShareTarget,
    path: string,
    method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
    body?: unknown,
  ): Promise<Answer | 'noCredential'> {
    const authorizer = operationAuthorizer(endpoint, options.credential);
    if (!(await authorizer.credential())) return 'noCredential';
    const init: RequestInit = { method, headers: { Accept: 'application/json' } };
    if (body !== undefined) {
      init.body = JSON.stringify(body);
      init.headers = { ...init.headers, 'Content-Type': 'application/json' };
    }
    const url = `${endpoint}${target.ref}${path}`;
    const outcome = await sendWithRetry(() => transport.request(url, { ...init, authorizer }), {
      ...runtime,
      idempotent: method === 'GET',
    });
    if (outcome.type === 'networkError') {
      const timedOut = outcome.error instanceof TransportError && outcome.error.kind === 'timeout';
      return { noAnswer: timedOut ? 'timeout' : 'network' };
    }
    const text = await outcome.response.text();
    let parsed: unknown;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = undefined;
    }
    return { status: outcome.response.status, body: parsed };
  }

  async function noCredential(): Promise<GraphShareOutcome> {
    return (await options.signedIn())
      ? { ok: false, needsConsent: true, message: t('shareNeedsConsent') }
      : { ok: false, signedOut: true, message: t('shareSignIn') };
  }

  /** A plain sentence for a refusal, by action, status and Graph's codes (never its message, §1.6). */
  function refusal(request: GraphShareRequest, status: number, body: unknown): Refused {
    const codes = graphErrorCodes(body);
    if (status === 401) return { ok: false, signedOut: true, message: t('shareSignIn') };
    if (status === 403 && request.action === 'createLink' && request.form.scope === 'anonymous')
      return { ok: false, message: t('shareAnyoneOff') };
    if (status === 403) return { ok: false, message: t('shareNotAllowed') };
    if (status === 404) return { ok: false, message: t('shareItemGone') };
    if (status === 400 && (request.action === 'setRole' || request.action === 'remove'))
      return { ok: false, message: t('shareCannotChange') };
    if (status === 400 && codes.includes('notSupported'))
      return { ok: false, message: t('shareOptionUnsupported') };
    if (status === 400) return { ok: false, message: t('shareRequestRefused') };
    return { ok: false, message: mapGraphError(status, body, undefined, { now: now() }).message };
  }

  async function list(target: ShareTarget): Promise<AccessEntry[] | GraphShareOutcome> {
    const answer = await call(target, '/permissions', 'GET');
    if (answer === 'noCredential') return noCredential();
    if ('noAnswer' in answer)
      return { ok: false, message: t(answer.noAnswer === 'timeout' ? 'graphTimeout' : 'graphUnreachable') };
    if (answer.status !== 200) return refusal({ action: 'list', target }, answer.status, answer.body);
    return parsePermissions(answer.body) ?? { ok: false, message: t('graphBadResponse') };
  }

  /** After a write that got no answer: lists the permissions so the person sees whether it was carried out. */
  async function reconcile(
    target: ShareTarget,
    check: (access: AccessEntry[]) => GraphShareOutcome,
  ): Promise<GraphShareOutcome> {
    const access = await list(target);
    if (!Array.isArray(access)) return { ok: false, uncertain: true, message: t('shareUncertain') };
    return check(access);
  }

  async function createLink(target: ShareTarget, form: CreateLinkForm): Promise<GraphShareOutcome> {
    const body: Record<string, unknown> = { type: form.type, scope: form.scope };
    if (form.scope === 'users') body.recipients = form.recipients.map((email) => ({ email }));
    if (form.expires) body.expirationDateTime = expiryDateTime(form.expires);
    if (form.password) body.password = form.password;
    const answer = await call(target, '/createLink', 'POST', body);
    if (answer === 'noCredential') return noCredential();
    if ('noAnswer' in answer) {
      return reconcile(target, (access) => reconciledLink(access, form));
    }
    if (answer.status !== 200 && answer.status !== 201) {
      const refused = refusal({ action: 'createLink', target, form }, answer.status, answer.body);
      if (!MAYBE_DONE.includes(answer.status)) return refused;
      const outcome = await reconcile(target, (access) => reconciledLink(access, form));
      return notCarriedOut(outcome) ? { ...outcome, message: refused.message } : outcome;
    }
    const permission = permissionSchema.safeParse(answer.body);
    // Made (or found), but the answer does not say what: the list does.
    if (!permission.success) return reconcile(target, (access) => reconciledLink(access, form));
    const link = toAccessEntry(permission.data);
    const access = await list(target);
    return {
      ok: true,
      access: Array.isArray(access) ? access : [link],
      link,
      created: answer.status === 201,
    };
  }

  async function invite(target: ShareTarget, form: InviteForm): Promise<GraphShareOutcome> {
    const body: Record<string, unknown> = {
      recipients: form.recipients.map((email) => ({ email })),
      roles: [form.role],
      requireSignIn: form.requireSignIn,
      sendInvitation: form.sendInvitation,
    };
    if (form.message) body.message = form.message;
    if (form.expires) body.expirationDateTime = expiryDateTime(form.expires);
    const answer = await call(target, '/invite', 'POST', body);
    if (answer === 'noCredential') return noCredential();
    if ('noAnswer' in answer) {
      return reconcile(target, (access) => reconciledInvite(access, form));
    }
    if (answer.status !== 200) {
      const refused = refusal({ action: 'invite', target, form }, answer.status, answer.body);
      if (!MAYBE_DONE.includes(answer.status)) return refused;
      const outcome = await reconcile(target, (access) => reconciledInvite(access, form));
      return notCarriedOut(outcome) ? { ...outcome, message: refused.message } : outcome;
    }
    const invited = parsePermissions(answer.body);
    // Carried out, but the answer does not say for whom: the list does.
    if (!invited) return reconcile(target, (access) => reconciledInvite(access, form));
    const access = await list(target);
    return { ok: true, access: Array.isArray(access) ? access : invited, invited };
  }

  /** PATCH a role or DELETE a permission; either way the answer is the list as it now stands. */
  async function change(
    request: Extract<GraphShareRequest, { action: 'setRole' | 'remove' }>,
  ): Promise<GraphShareOutcome> {
    const path = `/permissions/${encodeURIComponent(request.permissionId)}`;
    const answer =
      request.action === 'setRole'
        ? await call(request.target, path, 'PATCH', { roles: [request.role] })
        : await call(request.target, path, 'DELETE');
    if (answer === 'noCredential') return noCredential();
    // Both are safe to send again, but not blindly: the list shows whether it happened.
    // Whether the list shows the change made: the permission gone, or holding the role asked for.
    const changed = (access: AccessEntry[]): GraphShareOutcome => {
      const entry = access.find((candidate) => candidate.id === request.permissionId);
      const made = request.action === 'remove' ? !entry : entry?.role === request.role;
      return made
        ? { ok: true, access, reconciled: true }
        : { ok: false, access, message: t('shareChangeUnknown') };
    };
    if ('noAnswer' in answer || MAYBE_DONE.includes(answer.status)) return reconcile(request.target, changed);
    // A permission that is not there (any more) is what a removal wants: if the item is still there, it is done.
    if (request.action === 'remove' && answer.status === 404) {
      const access = await list(request.target);
      if (Array.isArray(access) && !access.some((entry) => entry.id === request.permissionId))
        return { ok: true, access };
      return refusal(request, answer.status, answer.body);
    }
    // Graph answers PATCH with 200 and DELETE with 204 (reference §2); any 2xx means it was done.
    if (answer.status < 200 || answer.status >= 300) return refusal(request, answer.status, answer.body);
    const access = await list(request.target);
    return Array.isArray(access) ? ({ ok: true, access } satisfies GraphShareOutcome) : access;
  }

  return {
    async run(request: GraphShareRequest): Promise<GraphShareOutcome> {
      switch (request.action) {
        case 'list': {
          const access = await list(request.target);
          return Array.isArray(access) ? { ok: true, access } : access;
        }
        case 'createLink':
          return createLink(request.target, request.form);
        case 'invite':
          return invite(request.target, request.form);
        case 'setRole':
        case 'remove':
          return change(request);
      }
    },
  };
}

export type GraphSharing = ReturnType<typeof createGraphSharing>;
