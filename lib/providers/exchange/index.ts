/**
 * Exchange: share a calendar or contacts folder — through Microsoft 365 (Graph calendarPermissions) or an
 * Exchange Server's EWS (GetFolder + GetSharingMetadata). It recognises no links: its client previews nothing.
 */
import { t } from '../../i18n';
import type { ProviderModule } from '../types';
import { createExchangeAccount, usesBasic } from './account';
import { exchangeInfo } from './info';
import { type ExchangeSettings, exchangeSettings } from './settings';
import { CALENDARS_SCOPE, createEwsSharing, createGraphCalendarSharing, EWS_SCOPE } from './sharing';
import {
  type ExchangeShareOutcome,
  type ExchangeShareRequest,
  ExchangeShareRequestSchema,
} from './sharing-forms';

export const exchangeProvider = {
  ...exchangeInfo,
  settings: exchangeSettings,
  createAccount: createExchangeAccount,
  createClient() {
    const none = () => ({ ok: false, error: { kind: 'notFound', message: t('exchangeNoLinks') } }) as const;
    return {
      resolve: async () => none(),
      resolveMany: async (links) => new Map(links.map((link) => [link.url, none()])),
      isThumbnailUrl: () => false,
    };
  },
  sharing: {
    requestSchema: ExchangeShareRequestSchema,
    // The permission sharing needs, asked the first time (incremental consent); Basic needs none.
    consentResource: (settings) =>
      settings.mode === 'microsoft365' ? CALENDARS_SCOPE : usesBasic(settings) ? '' : EWS_SCOPE,
    create({ settings, transport, account, runtime, linked }) {
      const signedIn = async () => (await account.status()).signedIn;
      return {
        async run(raw): Promise<ExchangeShareOutcome> {
          const request = raw as ExchangeShareRequest;
          if (settings.mode === 'off') return { ok: false, message: t('exchangeNotConfigured') };
          if (settings.mode === 'microsoft365') {
            const graph = (await linked?.('graph')?.settings()) as { graphEndpoint?: string } | undefined;
            if (!graph?.graphEndpoint) return { ok: false, message: t('exchangeNeedsMicrosoft') };
            return createGraphCalendarSharing({
              endpoint: graph.graphEndpoint,
              transport,
              ...runtime,
              signedIn,
              credential: ({ forceRefresh }) =>
                account.credential({ forceRefresh, resource: CALENDARS_SCOPE }),
            }).run(request);
          }
          if (request.action !== 'share') return { ok: false, message: t('calendarListOnlyMicrosoft365') };
          const basic = usesBasic(settings);
          return createEwsSharing({
            ewsUrl: settings.ewsUrl,
            version: settings.serverVersion,
            transport,
            ...runtime,
            basic,
            signedIn,
            sender: async () => (await account.status()).account?.username,
            credential: ({ forceRefresh }) =>
              account.credential({ forceRefresh, ...(basic ? {} : { resource: EWS_SCOPE }) }),
          }).share(request.form);
        },
      };
    },
  },
} as const satisfies ProviderModule<'exchange', ExchangeSettings>;
