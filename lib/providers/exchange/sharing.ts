/**
 * Sharing a calendar or contacts folder, two ways:
 *
 * - Exchange Server (EWS, reference/contentstore-ews.md §2.2): `GetFolder` for the distinguished folder's Id and
 *   ChangeKey, then `GetSharingMetadata` with the recipients. The answer says, per recipient, which organisation
 *   got an encrypted sharing token and why the others did not.
 * - Microsoft 365 (Graph calendarPermissions): list, add (one POST per recipient) and remove. Graph has no
 *   counterpart for a contacts folder: the answer says so and nothing is sent.
 *
 * Writes are never sent twice by themselves (ARCHITECTURE): a POST that got no answer is looked up in the list.
 */
import { z } from 'zod';
import { type CredentialSource, operationAuthorizer } from '../../http/authorizer';
import { DEFAULT_RETRY_RUNTIME, type RetryRuntime, sendWithRetry } from '../../http/retry';
import { type Transport, TransportError } from '../../http/transport';
import { t } from '../../i18n';
import { ewsErrorSentence, recipientReason } from './errors';
import type { EwsVersion } from './settings';
import {
  type CalendarPermission,
  type ExchangeShareForm,
  type ExchangeShareOutcome,
  type ExchangeShareRequest,
  organisationOf,
  type RecipientResult,
} from './sharing-forms';
import {
  type EwsError,
  getFolderRequest,
  getSharingMetadataRequest,
  type Parsed,
  parseGetFolder,
  parseSharingMetadata,
  SOAP_CONTENT_TYPE,
} from './soap';

/** The delegated scope of an EWS token (reference §2.7). */
export const EWS_SCOPE = 'https://outlook.office365.com/EWS.AccessAsUser.All';
/** Graph's calendar write permission, by bare name: the Microsoft account puts its Graph host in front. */
export const CALENDARS_SCOPE = 'Calendars.ReadWrite';

type Answer = { status: number; text: string } | { noAnswer: 'timeout' | 'network' };

interface Common extends Partial<RetryRuntime> {
  transport: Transport;
  credential: CredentialSource;
  /** Whether someone is signed in (tells "sign in" from "allow" when there is no token). */
  signedIn(): Promise<boolean>;
  /** Basic credentials: no consent to ask for, only the options page's sign-in. */
  basic?: boolean;
}

export interface EwsSharingOptions extends Common {
  ewsUrl: string;
  version: EwsVersion;
  /** The signed-in person's SMTP address (SenderSmtpAddress). */
  sender(): Promise<string | undefined>;
}

export interface GraphCalendarOptions extends Common {
  /** Graph root including the version. */
  endpoint: string;
}

function runtimeOf(options: Partial<RetryRuntime>) {
  return {
    now: options.now ?? DEFAULT_RETRY_RUNTIME.now,
    sleep: options.sleep ?? DEFAULT_RETRY_RUNTIME.sleep,
    random: options.random,
  };
}

async function send(
  options: Common,
  scope: string,
  url: string,
  init: RequestInit,
  idempotent: boolean,
): Promise<Answer | 'noCredential'> {
  const authorizer = operationAuthorizer(scope, options.credential);
  if (!(await authorizer.credential())) return 'noCredential';
  const outcome = await sendWithRetry(() => options.transport.request(url, { ...init, authorizer }), {
    ...runtimeOf(options),
    idempotent,
  });
  if (outcome.type === 'networkError') {
    const timedOut = outcome.error instanceof TransportError && outcome.error.kind === 'timeout';
    return { noAnswer: timedOut ? 'timeout' : 'network' };
  }
  return { status: outcome.response.status, text: await outcome.response.text() };
}

async function noCredential(options: Common): Promise<ExchangeShareOutcome> {
  if (options.basic) return { ok: false, signedOut: true, message: t('exchangeSignInBasicFirst') };
  return (await options.signedIn())
    ? { ok: false, needsConsent: true, message: t('exchangeNeedsConsent') }
    : { ok: false, signedOut: true, message: t('shareSignIn') };
}

// ── Exchange Server: EWS ────────────────────────────────────────────────────────────────────────────────────

export function createEwsSharing(options: EwsSharingOptions) {
  const soap = (operation: string, body: string, idempotent: boolean) =>
    send(
      options,
      options.ewsUrl,
      options.ewsUrl,
      {
        method: 'POST',
        headers: {
          'Content-Type': SOAP_CONTENT_TYPE,
          Accept: 'text/xml',
          SOAPAction: `"http://schemas.microsoft.com/exchange/services/2006/messages/${operation}"`,
        },
        body,
      },
      idempotent,
    );

  /** The answer read, or the outcome to show instead. */
  async function answerOf<T>(
    answer: Answer | 'noCredential',
    parse: (xml: string) => Parsed<T>,
  ): Promise<T | ExchangeShareOutcome> {
    if (answer === 'noCredential') return noCredential(options);
    if ('noAnswer' in answer)
      return { ok: false, message: t(answer.noAnswer === 'timeout' ? 'ewsTimeout' : 'ewsUnreachable') };
    if (answer.status === 401)
      return {
        ok: false,
        signedOut: true,
        message: options.basic ? t('exchangeBasicRefused') : t('exchangeTokenRefused'),
      };
    if (answer.status === 403) return { ok: false, message: t('ewsForbidden') };
    if (answer.status === 404) return { ok: false, message: t('ewsNotFound') };
    const parsed = parse(answer.text);
    if (parsed.ok) return parsed.value;
    if ('error' in parsed) return { ok: false, message: ewsErrorSentence(parsed.error) };
    return { ok: false, message: answer.status >= 500 ? t('ewsServerError') : t('ewsBadResponse') };
  }

  return {
    async share(form: ExchangeShareForm): Promise<ExchangeShareOutcome> {
      const folder = await answerOf(
        await soap('GetFolder', getFolderRequest(form.folder, options.version), true),
        parseGetFolder,
      );
      if ('ok' in folder) return folder;
      const sender = await options.sender();
      if (!sender) return noCredential(options);
      const metadata = await answerOf(
        await soap(
          'GetSharingMetadata',
          getSharingMetadataRequest({ folder, sender, recipients: form.recipients }, options.version),
          // It changes nothing on the server, but it is the sharing action: not sent twice by itself.
          false,
        ),
        parseSharingMetadata,
      );
      if ('ok' in metadata) return metadata;
      const invalid = new Map(metadata.invalid.map((each) => [each.address.toLowerCase(), each]));
      const recipients = form.recipients.map((address): RecipientResult => {
        const refused = invalid.get(address.toLowerCase());
        return refused
          ? { address, ok: false, code: refused.code, reason: recipientReason(refused.code) }
          : { address, ok: true, organisation: organisationOf(address) };
      });
      return { ok: true, via: 'ews', recipients, tokens: metadata.tokens };
    },
  };
}

export type { EwsError };

// ── Microsoft 365: Graph calendarPermissions ────────────────────────────────────────────────────────────────

const permissionSchema = z.looseObject({
  id: z.string().min(1),
  role: z.string().catch('none'),
  isRemovable: z.boolean().catch(true),
  isInsideOrganization: z.boolean().catch(false),
  emailAddress: z
    .looseObject({
      name: z.string().nullish().catch(undefined),
      address: z.string().nullish().catch(undefined),
    })
    .nullish()
    .catch(undefined),
});
const listSchema = z.looseObject({ value: z.array(z.unknown()) });

function toPermission(raw: unknown): CalendarPermission | undefined {
  const parsed = permissionSchema.safeParse(raw);
  if (!parsed.success) return undefined;
  const { id, role, isRemovable, isInsideOrganization, emailAddress } = parsed.data;
  const permission: CalendarPermission = { id, role, removable: isRemovable, inside: isInsideOrganization };
  if (emailAddress?.name) permission.name = emailAddress.name;
  if (emailAddress?.address) permission.address = emailAddress.address;
  return permission;
}

function json(text: string): unknown {
  try {
    return text ? JSON.parse(text) : undefined;
  } catch {
    return undefined;
  }
}

export function createGraphCalendarSharing(options: GraphCalendarOptions) {
  const base = `${options.endpoint}/me/calendar/calendarPermissions`;
  const call = (path: string, method: 'GET' | 'POST' | 'DELETE', body?: unknown) =>
    send(
      options,
      options.endpoint,
      `${base}${path}`,
      {
        method,
        headers: {
          Accept: 'application/json',
          ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      },
      method === 'GET',
    );

  /** A refusal in plain words, by status (Graph's messages are not shown). */
  function refusal(status: number): ExchangeShareOutcome {
    if (status === 401) return { ok: false, signedOut: true, message: t('shareSignIn') };
    if (status === 403) return { ok: false, needsConsent: true, message: t('exchangeNeedsConsent') };
    if (status === 404) return { ok: false, message: t('calendarNoMailbox') };
    if (status === 429 || status === 503) return { ok: false, message: t('graphBusyRetrySoon') };
    return { ok: false, message: t('calendarRefused') };
  }

  async function list(): Promise<CalendarPermission[] | ExchangeShareOutcome> {
    const answer = await call('', 'GET');
    if (answer === 'noCredential') return noCredential(options);
    if ('noAnswer' in answer)
      return { ok: false, message: t(answer.noAnswer === 'timeout' ? 'graphTimeout' : 'graphUnreachable') };
    if (answer.status !== 200) return refusal(answer.status);
    const body = listSchema.safeParse(json(answer.text));
    if (!body.success) return { ok: false, message: t('graphBadResponse') };
    return body.data.value.flatMap((each) => toPermission(each) ?? []);
  }

  const listed = async (extra: Partial<Extract<ExchangeShareOutcome, { ok: true }>> = {}) => {
    const permissions = await list();
    return Array.isArray(permissions)
      ? ({ ok: true, via: 'graph', permissions, ...extra } satisfies ExchangeShareOutcome)
      : permissions;
  };

  async function share(form: ExchangeShareForm): Promise<ExchangeShareOutcome> {
    if (form.folder === 'contacts')
      return { ok: false, unsupported: true, message: t('calendarContactsUnsupported') };
    const recipients: RecipientResult[] = [];
    for (const address of form.recipients) {
      const answer = await call('', 'POST', { emailAddress: { address }, role: form.role });
      if (answer === 'noCredential') return noCredential(options);
      if ('noAnswer' in answer) {
        // It may have been carried out: the list says whether this person has access now.
        const now = await list();
        const found =
          Array.isArray(now) && now.find((each) => each.address?.toLowerCase() === address.toLowerCase());
        recipients.push(
          found
            ? { address, ok: true, role: found.role }
            : { address, ok: false, code: 'noAnswer', reason: t('calendarNoAnswer') },
        );
        continue;
      }
      if (answer.status === 200 || answer.status === 201) {
        recipients.push({ address, ok: true, role: toPermission(json(answer.text))?.role ?? form.role });
        continue;
      }
      if (answer.status === 400) {
        recipients.push({ address, ok: false, code: 'refused', reason: t('calendarRecipientRefused') });
        continue;
      }
      const refused = refusal(answer.status);
      if (recipients.length === 0) return refused;
      recipients.push({
        address,
        ok: false,
        code: String(answer.status),
        reason: refused.ok ? '' : refused.message,
      });
    }
    return listed({ recipients });
  }

  async function remove(permissionId: string): Promise<ExchangeShareOutcome> {
    const answer = await call(`/${encodeURIComponent(permissionId)}`, 'DELETE');
    if (answer === 'noCredential') return noCredential(options);
    if ('noAnswer' in answer) {
      const now = await list();
      return {
        ok: false,
        uncertain: true,
        message: t('calendarRemoveUnknown'),
        ...(Array.isArray(now) ? { permissions: now } : {}),
      };
    }
    if (answer.status === 400) return { ok: false, message: t('calendarCannotRemove') };
    if (answer.status !== 204 && answer.status !== 200 && answer.status !== 404)
      return refusal(answer.status);
    return listed();
  }

  return {
    async run(request: ExchangeShareRequest): Promise<ExchangeShareOutcome> {
      switch (request.action) {
        case 'list':
          return listed();
        case 'share':
          return share(request.form);
        case 'remove':
          return remove(request.permissionId);
      }
    },
  };
}
