/**
 * Sharing a calendar or contacts folder: what the Exchange share panel may ask the background to do, checked
 * with the same schema in the popup (each field says what is wrong before anything is sent) and in the
 * background on receipt, and the answers the panel renders. No XML here: the popup bundles this file.
 */
import { z } from 'zod';
import { type MessageKey, t } from '../../i18n';

export const FOLDERS = ['calendar', 'contacts'] as const;
export type FolderChoice = (typeof FOLDERS)[number];

/**
 * Microsoft 365's calendar roles the panel offers (Graph calendarRoleType): can view when I'm busy, titles and
 * locations, all details, can edit, delegate.
 */
export const CALENDAR_ROLES = [
  'freeBusyRead',
  'limitedRead',
  'read',
  'write',
  'delegateWithoutPrivateEventAccess',
] as const;
export type CalendarRole = (typeof CALENDAR_ROLES)[number];

export const ROLE_LABEL: Record<string, MessageKey> = {
  none: 'exchangeRoleNone',
  freeBusyRead: 'exchangeRoleFreeBusy',
  limitedRead: 'exchangeRoleLimited',
  read: 'exchangeRoleRead',
  write: 'exchangeRoleWrite',
  delegateWithoutPrivateEventAccess: 'exchangeRoleDelegate',
  delegateWithPrivateEventAccess: 'exchangeRoleDelegatePrivate',
  custom: 'exchangeRoleCustom',
};

const MAX_RECIPIENTS = 50;
const say = (key: MessageKey) => ({ error: () => t(key) });

const email = z
  .string()
  .trim()
  .max(254, say('shareInvalidEmail'))
  .pipe(z.email(say('shareInvalidEmail')));

/** The panel's form: which folder, with whom, and (Microsoft 365) what they may do. */
export const ExchangeShareFormSchema = z.object({
  folder: z.enum(FOLDERS),
  recipients: z
    .array(email)
    .min(1, say('shareRecipientsNeeded'))
    .max(MAX_RECIPIENTS, say('shareTooManyRecipients')),
  role: z.enum(CALENDAR_ROLES).default('read'),
});
export type ExchangeShareForm = z.infer<typeof ExchangeShareFormSchema>;

const permissionId = z.string().min(1).max(400);

export const ExchangeShareRequestSchema = z.discriminatedUnion('action', [
  z.object({ action: z.literal('share'), form: ExchangeShareFormSchema }),
  /** Microsoft 365: who the calendar is shared with. */
  z.object({ action: z.literal('list') }),
  /** Microsoft 365: stop sharing the calendar with one of them. */
  z.object({ action: z.literal('remove'), permissionId }),
]);
export type ExchangeShareRequest = z.infer<typeof ExchangeShareRequestSchema>;

/** What happened for one recipient. Every string came from the server or is a sentence: render it as text. */
export type RecipientResult =
  | {
      address: string;
      ok: true;
      /** EWS: the organisation (domain) whose encrypted sharing token covers this recipient. */
      organisation?: string;
      /** Microsoft 365: the role they now have. */
      role?: string;
    }
  | { address: string; ok: false; code: string; reason: string };

/** One entry of the calendar's permissions (Graph calendarPermission). */
export interface CalendarPermission {
  id: string;
  name?: string;
  address?: string;
  role: string;
  removable: boolean;
  inside: boolean;
}

export type ExchangeShareOutcome =
  | {
      ok: true;
      via: 'ews' | 'graph';
      /** share: one entry per recipient, in the order asked. */
      recipients?: RecipientResult[];
      /** EWS: how many encrypted sharing tokens came back (one per organisation). */
      tokens?: number;
      /** Microsoft 365: the calendar's permissions as they now stand. */
      permissions?: CalendarPermission[];
    }
  | {
      ok: false;
      message: string;
      needsConsent?: boolean;
      signedOut?: boolean;
      /** Per field, when the request was refused before it was sent. */
      fields?: Record<string, string>;
      /** Microsoft 365 cannot do this (a contacts folder): nothing was sent. */
      unsupported?: boolean;
      /** A write that may or may not have been carried out. */
      uncertain?: boolean;
      permissions?: CalendarPermission[];
      recipients?: RecipientResult[];
    };

/** The organisation of an address: its domain, lower case. */
export function organisationOf(address: string): string {
  return address.slice(address.lastIndexOf('@') + 1).toLowerCase();
}
