/**
 * Exchange's part of the dataset file: the `exchange` section. Each mailbox belongs to an identity `users` entry
 * and has a Calendar, Contacts and Inbox; the domain lists decide what GetSharingMetadata answers for a recipient
 * (README "Exchange (EWS)"). The whole section is optional: without it nobody has a mailbox.
 */
import { z } from 'zod';
import type { DatasetSection, Path } from '../../core/dataset';
import { Id, type IdentityData } from '../identity/dataset';

const Domain = z.string().regex(/^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+$/i, {
  error: 'must be a domain name such as fabrikam.com',
});

/**
 * The RequestServerVersion values a server reports, oldest first (XSD `ExchangeVersionType`, reference §2.1).
 * GetSharingMetadata is Exchange 2010 and later, so the emulated server is at least Exchange2010.
 */
export const SERVER_VERSIONS = [
  'Exchange2010',
  'Exchange2010_SP1',
  'Exchange2010_SP2',
  'Exchange2013',
  'Exchange2013_SP1',
  'Exchange2016',
] as const;
export type ServerVersion = (typeof SERVER_VERSIONS)[number];

export const MailboxSchema = z.looseObject({
  /** an identity `users` id */
  user: Id,
  /** the mailbox's primary SMTP address */
  smtp: z.email({ error: 'must be an e-mail address' }),
});
export type Mailbox = z.infer<typeof MailboxSchema>;

export const ExchangeSchema = z.looseObject({
  mailboxes: z.array(MailboxSchema),
  /** recipient domains with a federation trust: one EncryptedSharedFolderData per domain */
  federatedDomains: z.array(Domain),
  /** SystemPolicyBlocksSharingWithThisRecipient */
  blockedDomains: z.array(Domain).optional(),
  /** [heur] federated, but the STS gives no token: CannotObtainTokenFromSTS */
  tokenFailureDomains: z.array(Domain).optional(),
  /** [heur] federated with another token issuer: RecipientOrganizationFederatedWithUnknownTokenIssuer */
  unknownIssuerDomains: z.array(Domain).optional(),
  /** what ServerVersionInfo reports; default Exchange2016 */
  serverVersion: z.enum(SERVER_VERSIONS).optional(),
});
export type Exchange = z.infer<typeof ExchangeSchema>;

const shape = {
  exchange: ExchangeSchema.optional(),
};
export type ExchangeData = z.infer<z.ZodObject<typeof shape>>;

const DOMAIN_LISTS = [
  'federatedDomains',
  'blockedDomains',
  'tokenFailureDomains',
  'unknownIssuerDomains',
] as const;

export const exchangeDataset: DatasetSection<typeof shape> = {
  shape,
  check(dataset: ExchangeData & Pick<IdentityData, 'users'>, problem) {
    const exchange = dataset.exchange;
    if (!exchange) return;
    const userIds = new Set(dataset.users.map((user) => user.id));
    const users = new Map<string, number>();
    const addresses = new Map<string, number>();
    exchange.mailboxes.forEach((mailbox, index) => {
      const here: Path = ['exchange', 'mailboxes', index];
      if (!userIds.has(mailbox.user)) problem([...here, 'user'], `no user with id "${mailbox.user}"`);
      const sameUser = users.get(mailbox.user);
      if (sameUser !== undefined) problem([...here, 'user'], `same user as exchange.mailboxes[${sameUser}]`);
      else users.set(mailbox.user, index);
      const smtp = mailbox.smtp.toLowerCase();
      const sameSmtp = addresses.get(smtp);
      if (sameSmtp !== undefined)
        problem([...here, 'smtp'], `same address as exchange.mailboxes[${sameSmtp}]`);
      else addresses.set(smtp, index);
    });
    // A domain may stand in one list only: each list is one answer.
    const seen = new Map<string, string>();
    for (const list of DOMAIN_LISTS) {
      exchange[list]?.forEach((domain, index) => {
        const key = domain.toLowerCase();
        const first = seen.get(key);
        if (first !== undefined) problem(['exchange', list, index], `"${domain}" is already in ${first}`);
        else seen.set(key, list);
      });
    }
  },
};
