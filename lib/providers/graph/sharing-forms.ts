/**
 * Sharing onward with Graph (reference/graph-shares.md §2): what the share panel may ask the background to do,
 * checked with the same schemas in the popup (each field says what is wrong before anything is sent) and in the
 * background on receipt. The rules that depend on the kind of account (personal OneDrive or work/school) are
 * here too, so the panel offers only what the account supports and the background refuses the rest.
 */
import { z } from 'zod';
import { type MessageKey, t } from '../../i18n';

/**
 * An item to share, as Graph addresses it: `/drives/{driveId}/items/{itemId}` (from the driveItem, or from its
 * `remoteItem` when it lives in another drive), and whether that drive is a personal OneDrive.
 */
export const ShareTargetSchema = z.object({
  ref: z
    .string()
    .max(600)
    .regex(/^\/drives\/[^/?#\s]+\/items\/[^/?#\s]+$/)
    // `.` and `..` segments (also percent-encoded, which URLs treat alike) would leave the item's path.
    .refine((ref) => !ref.split('/').some((segment) => /^(?:\.|%2e){1,2}$/i.test(segment))),
  personal: z.boolean(),
  /** A folder: embed links are for files only (reference §2 createLink). */
  folder: z.boolean().optional(),
});
export type ShareTarget = z.infer<typeof ShareTargetSchema>;

export const LINK_TYPES = ['view', 'edit', 'embed'] as const;
export const LINK_SCOPES = ['anonymous', 'organization', 'users'] as const;
export type LinkType = (typeof LINK_TYPES)[number];
export type LinkScope = (typeof LINK_SCOPES)[number];
export type Role = 'read' | 'write';

/** Graph's limit on an invitation's message (reference §2, invite). */
export const MAX_MESSAGE_LENGTH = 2_000;
const MAX_RECIPIENTS = 50;

/**
 * Which link options an account kind supports (reference §2, createLink: embed and password on personal only;
 * embed "only available for files in OneDrive personal", so not for a folder).
 */
export function linkOptionsFor(
  personal: boolean,
  folder = false,
): {
  types: readonly LinkType[];
  scopes: readonly LinkScope[];
  password: boolean;
} {
  return personal
    ? { types: folder ? ['view', 'edit'] : ['view', 'edit', 'embed'], scopes: ['anonymous'], password: true }
    : { types: ['view', 'edit'], scopes: ['anonymous', 'organization', 'users'], password: false };
}

/** A message key as a zod error message, looked up when the issue is raised (the popup shows it under the field). */
const say = (key: MessageKey) => ({ error: () => t(key) });

const email = z
  .string()
  .trim()
  .max(254)
  .pipe(z.email(say('shareInvalidEmail')));
const recipients = z.array(email).max(MAX_RECIPIENTS, say('shareTooManyRecipients'));

/** A day from a date input (`yyyy-mm-dd`), or nothing; when given, after today. */
const expiryDay = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, say('shareExpiryInvalid'))
  .refine((day) => !Number.isNaN(Date.parse(`${day}T23:59:59Z`)), say('shareExpiryInvalid'))
  .optional();

/** The end of that day in UTC, as Graph wants it (`yyyy-MM-ddTHH:mm:ssZ`, reference §2). */
export function expiryDateTime(day: string): string {
  return `${day}T23:59:59Z`;
}

function checkExpiry(day: string | undefined, now: number, ctx: z.RefinementCtx): void {
  if (day !== undefined && Date.parse(expiryDateTime(day)) <= now) {
    ctx.addIssue({ code: 'custom', path: ['expires'], message: t('shareExpiryPast') });
  }
}

/** "Copy a link": type, who it works for, and optionally an expiry and (personal only) a password. */
export function createLinkFormSchema(personal: boolean, now = Date.now(), folder = false) {
  const allowed = linkOptionsFor(personal, folder);
  return z
    .object({
      type: z.enum(LINK_TYPES),
      scope: z.enum(LINK_SCOPES),
      recipients: recipients.default([]),
      expires: expiryDay,
      password: z.string().max(256).optional(),
    })
    .superRefine((form, ctx) => {
      if (!allowed.types.includes(form.type))
        ctx.addIssue({ code: 'custom', path: ['type'], message: t('shareOptionUnsupported') });
      if (!allowed.scopes.includes(form.scope))
        ctx.addIssue({ code: 'custom', path: ['scope'], message: t('shareOptionUnsupported') });
      if (form.password && !allowed.password)
        ctx.addIssue({ code: 'custom', path: ['password'], message: t('shareOptionUnsupported') });
      if (form.scope === 'users' && form.recipients.length === 0)
        ctx.addIssue({ code: 'custom', path: ['recipients'], message: t('shareRecipientsNeeded') });
      checkExpiry(form.expires, now, ctx);
    });
}
export type CreateLinkForm = z.infer<ReturnType<typeof createLinkFormSchema>>;

/** "Invite people": who, what they may do, an optional message; expiry only where Graph supports it (personal). */
export function inviteFormSchema(personal: boolean, now = Date.now()) {
  return z
    .object({
      recipients: recipients.min(1, say('shareRecipientsNeeded')),
      role: z.enum(['read', 'write']),
      message: z.string().max(MAX_MESSAGE_LENGTH, say('shareMessageTooLong')).default(''),
      sendInvitation: z.boolean().default(true),
      requireSignIn: z.boolean().default(true),
      expires: expiryDay,
    })
    .superRefine((form, ctx) => {
      // OneDrive for Business sets expiry on links only (reference §2, invite).
      if (form.expires !== undefined && !personal)
        ctx.addIssue({ code: 'custom', path: ['expires'], message: t('shareOptionUnsupported') });
      checkExpiry(form.expires, now, ctx);
    });
}
export type InviteForm = z.infer<ReturnType<typeof inviteFormSchema>>;

const permissionId = z.string().min(1).max(400);

/** What the share panel may ask of the background. Forms are checked again against the target's account kind. */
export const GraphShareRequestSchema = z
  .discriminatedUnion('action', [
    z.object({ action: z.literal('list'), target: ShareTargetSchema }),
    z.object({ action: z.literal('createLink'), target: ShareTargetSchema, form: z.unknown() }),
    z.object({ action: z.literal('invite'), target: ShareTargetSchema, form: z.unknown() }),
    z.object({
      action: z.literal('setRole'),
      target: ShareTargetSchema,
      permissionId,
      role: z.enum(['read', 'write']),
    }),
    z.object({ action: z.literal('remove'), target: ShareTargetSchema, permissionId }),
  ])
  .transform((request, ctx) => {
    const { personal } = request.target;
    if (request.action === 'createLink' || request.action === 'invite') {
      const schema =
        request.action === 'createLink'
          ? createLinkFormSchema(personal, Date.now(), request.target.folder ?? false)
          : inviteFormSchema(personal);
      const form = schema.safeParse(request.form);
      if (!form.success) {
        for (const issue of form.error.issues) ctx.addIssue({ ...issue, path: ['form', ...issue.path] });
        return z.NEVER;
      }
      return { ...request, form: form.data } as GraphShareRequest;
    }
    return request as GraphShareRequest;
  });

export type GraphShareRequest =
  | { action: 'list'; target: ShareTarget }
  | { action: 'createLink'; target: ShareTarget; form: CreateLinkForm }
  | { action: 'invite'; target: ShareTarget; form: InviteForm }
  | { action: 'setRole'; target: ShareTarget; permissionId: string; role: Role }
  | { action: 'remove'; target: ShareTarget; permissionId: string };

/** One entry of "Who has access", in the panel's terms. Every string came from Graph: render it as text. */
export interface AccessEntry {
  id: string;
  kind: 'owner' | 'link' | 'person';
  role: 'owner' | Role;
  /** Type and scope as Graph says them, which may be values ShareLens does not know, or missing. */
  link?: { type?: string; scope?: string; webUrl?: string; expires?: string; hasPassword?: boolean };
  person?: { name?: string; email?: string };
  /** A link for specific people: who they are, when Graph says. */
  people?: { name?: string; email?: string }[];
  /** Given on a folder above; changed or removed only there. The folder's name when Graph says it. */
  inherited?: { from?: string };
}

/** A sharing action's answer. `access` is "Who has access" as it stands after the action, when known. */
export type GraphShareOutcome =
  | {
      ok: true;
      access: AccessEntry[];
      /** createLink: the link (made now, or the existing one of that kind). */
      link?: AccessEntry;
      /** createLink: false when Graph answered with a link of that kind that already existed (200). */
      created?: boolean;
      /** invite: the permission of each recipient. */
      invited?: AccessEntry[];
      /** The request did not answer in time, and listing the permissions found that it had been carried out. */
      reconciled?: boolean;
    }
  | {
      ok: false;
      message: string;
      /** The account has not yet allowed ShareLens to change sharing: ask (incremental consent), then send again. */
      needsConsent?: boolean;
      /** Nobody is signed in. */
      signedOut?: boolean;
      /** Per field, when the request was refused before it was sent. */
      fields?: Record<string, string>;
      /** A write that may or may not have been carried out, and could not be checked: look before trying again. */
      uncertain?: boolean;
      /** "Who has access" as it stands, when it was listed to check on a write that did not answer. */
      access?: AccessEntry[];
      /** invite: recipients that did get access although the request did not answer. */
      invited?: AccessEntry[];
    };

/**
 * The link a createLink asked for, among the permissions: same type and scope, on the item itself; for specific
 * people, one that names every recipient (when Graph says whom a link is for).
 */
export function matchingLink(access: readonly AccessEntry[], form: CreateLinkForm): AccessEntry | undefined {
  const forEveryone = (entry: AccessEntry) => {
    if (form.scope !== 'users' || !entry.people) return true;
    const named = new Set(entry.people.map((person) => person.email?.toLowerCase()));
    return form.recipients.every((email) => named.has(email.toLowerCase()));
  };
  return access.find(
    (entry) =>
      entry.kind === 'link' &&
      !entry.inherited &&
      entry.link?.type === form.type &&
      entry.link.scope === form.scope &&
      forEveryone(entry),
  );
}

/**
 * Recipients of an invite who have access on the item itself now, by e-mail (case-insensitive): a grant to them,
 * or a link for specific people that names them (what OneDrive for Business makes of some invitations).
 */
export function invitedAmong(access: readonly AccessEntry[], form: InviteForm): AccessEntry[] {
  const wanted = new Set(form.recipients.map((email) => email.toLowerCase()));
  const named = (person: { email?: string } | undefined) => wanted.has(person?.email?.toLowerCase() ?? '');
  return access.filter(
    (entry) =>
      !entry.inherited &&
      ((entry.kind === 'person' && named(entry.person)) ||
        (entry.kind === 'link' && entry.role === form.role && (entry.people ?? []).some(named))),
  );
}

/** What a createLink that got no answer turned out to be, from the permissions listed afterwards. */
export function reconciledLink(access: AccessEntry[], form: CreateLinkForm): GraphShareOutcome {
  const link = matchingLink(access, form);
  return link
    ? { ok: true, access, link, reconciled: true }
    : { ok: false, access, message: t('shareLinkNotMade') };
}

/** What an invite that got no answer turned out to be: who has access now, and whether everyone does. */
export function reconciledInvite(access: AccessEntry[], form: InviteForm): GraphShareOutcome {
  const invited = invitedAmong(access, form);
  const covered = new Set(
    invited.flatMap((entry) =>
      [entry.person, ...(entry.people ?? [])].map((who) => who?.email?.toLowerCase()),
    ),
  );
  return form.recipients.every((email) => covered.has(email.toLowerCase()))
    ? { ok: true, access, invited, reconciled: true }
    : { ok: false, access, invited, message: t('shareInviteIncomplete') };
}
