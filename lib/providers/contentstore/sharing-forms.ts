/**
 * Sharing onward with ContentStore (reference §1.3, seed 003): what the share panel may ask the background to
 * do, checked with the same schema in the popup (per field) and in the background on receipt.
 */
import { z } from 'zod';
import { type MessageKey, t } from '../../i18n';

const say = (key: MessageKey) => ({ error: () => t(key) });

/** `contentstore:{serverId}:{store}:{guid}`, as the preview made it ({@link shareRef}). */
export const ContentStoreTargetSchema = z.object({
  ref: z.string().regex(/^contentstore:[A-Za-z0-9_-]{1,40}:(?:contentstore|drive):[0-9a-f]{32}$/),
  personal: z.boolean().optional(),
});
export type ContentStoreTarget = z.infer<typeof ContentStoreTargetSchema>;

export function parseRef(ref: string): { serverId: string; store: 'contentstore' | 'drive'; guid: string } {
  const [, serverId, store, guid] = ref.split(':') as [string, string, 'contentstore' | 'drive', string];
  return { serverId, store, guid };
}

export const RECIPIENT_KINDS = ['user', 'email', 'group', 'externalGroup'] as const;
export type RecipientKind = (typeof RECIPIENT_KINDS)[number];
export const PERMISSIONS = ['view', 'edit'] as const;
export type Permission = (typeof PERMISSIONS)[number];

export const MAX_MESSAGE_LENGTH = 2_000;

const recipient = z
  .object({
    kind: z.enum(RECIPIENT_KINDS),
    name: z.string().trim().min(1, say('csRecipientNameNeeded')).max(256, say('csRecipientNameNeeded')),
    permission: z.enum(PERMISSIONS),
  })
  .superRefine((value, ctx) => {
    if (value.kind === 'email' && !z.email().safeParse(value.name).success)
      ctx.addIssue({ code: 'custom', path: ['name'], message: t('shareInvalidEmail') });
  });
export type Recipient = z.infer<typeof recipient>;

/** One form for private shares and public links: the panel shows the fields of the mode chosen. */
export const ContentStoreShareFormSchema = z
  .object({
    mode: z.enum(['private', 'public']),
    /** The share's name (`syncWebFolderName`); the item's name when empty. */
    name: z.string().trim().max(200, say('csShareNameTooLong')).default(''),
    recipients: z.array(recipient).max(50, say('shareTooManyRecipients')).default([]),
    /** Private shares: send the recipients an e-mail, with an optional message. */
    sendEmail: z.boolean().default(false),
    message: z.string().max(MAX_MESSAGE_LENGTH, say('shareMessageTooLong')).default(''),
    /** Public links: an optional password. */
    password: z.string().max(256, say('csPasswordTooLong')).default(''),
  })
  .superRefine((form, ctx) => {
    if (form.mode === 'private' && form.recipients.length === 0)
      ctx.addIssue({ code: 'custom', path: ['recipients'], message: t('csRecipientsNeeded') });
  });
export type ContentStoreShareForm = z.infer<typeof ContentStoreShareFormSchema>;

const shareId = z.string().regex(/^[1-9][0-9]{0,11}$/);

export const ContentStoreShareRequestSchema = z.discriminatedUnion('action', [
  /** The item's share as it stands (found among the person's shares), if any. */
  z.object({ action: z.literal('status'), target: ContentStoreTargetSchema }),
  z.object({
    action: z.literal('share'),
    target: ContentStoreTargetSchema,
    form: ContentStoreShareFormSchema,
  }),
  /** The existing share made to say what the form says (`PUT ShareFolder/{id}`). */
  z.object({
    action: z.literal('update'),
    target: ContentStoreTargetSchema,
    shareId,
    form: ContentStoreShareFormSchema,
  }),
  z.object({ action: z.literal('stop'), target: ContentStoreTargetSchema, shareId }),
]);
export type ContentStoreShareRequest = z.infer<typeof ContentStoreShareRequestSchema>;

/** An item's share, as the panel shows it. Every string came from the server: render it as text. */
export interface ShareSummary {
  shareId: string;
  name?: string;
  public: boolean;
  passwordProtected?: boolean;
  /** The public link (reference §1.5 marks its form unconfirmed). */
  url?: string;
  recipients: Array<{ kind: RecipientKind; name: string; permission: number }>;
}

export type ContentStoreShareOutcome =
  | {
      ok: true;
      /** What was done: shared, updated, stopped; or only looked up (status). */
      done: 'shared' | 'updated' | 'stopped' | 'status';
      share?: ShareSummary;
      /** A write that did not answer, found carried out by looking. */
      reconciled?: boolean;
    }
  | {
      ok: false;
      message: string;
      /** 409: the item is already shared; this id can be updated instead. */
      alreadyShared?: { shareId?: string };
      signedOut?: boolean;
      fields?: Record<string, string>;
      uncertain?: boolean;
    };
