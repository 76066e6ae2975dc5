import { z } from 'zod';
import { t } from '../../i18n';
import { endpointUrl } from '../../validation';
import type { SettingsSection } from '../types';

/** RequestServerVersion values (types.xsd ExchangeVersionType, plus Exchange2016 as exchangelib sends it). */
export const EWS_VERSIONS = [
  'Exchange2010',
  'Exchange2010_SP1',
  'Exchange2010_SP2',
  'Exchange2013',
  'Exchange2013_SP1',
  'Exchange2016',
] as const;
export type EwsVersion = (typeof EWS_VERSIONS)[number];

/**
 * How calendars and contacts are shared: not at all (`off`, the default: the popup shows no entry point),
 * through Microsoft 365 (Graph calendarPermissions, with the Microsoft sign-in), or through an Exchange Server's
 * EWS (GetSharingMetadata) with the Microsoft sign-in's EWS token or a user name and password (Basic).
 */
export const EXCHANGE_MODES = ['off', 'microsoft365', 'exchangeServer'] as const;
export const EXCHANGE_AUTH = ['oauth', 'basic'] as const;
export type ExchangeMode = (typeof EXCHANGE_MODES)[number];

/** The EWS entry point: an https (or loopback http) URL whose path ends in `/EWS/Exchange.asmx`. */
const ewsUrl = z
  .string()
  .trim()
  .pipe(
    z.union([
      z.literal(''),
      endpointUrl.refine((url) => /\/ews\/exchange\.asmx$/i.test(new URL(url).pathname), {
        error: () => t('exchangeEwsUrlPath'),
      }),
    ]),
  );

export const ExchangeSettingsSchema = z
  .object({
    mode: z.enum(EXCHANGE_MODES),
    ewsUrl,
    serverVersion: z.enum(EWS_VERSIONS),
    auth: z.enum(EXCHANGE_AUTH),
    /** For Basic: the user name (often the e-mail address). The password is never in the settings. */
    username: z
      .string()
      .trim()
      .max(254, { error: () => t('exchangeUsernameTooLong') }),
  })
  .superRefine((section, ctx) => {
    if (section.mode !== 'exchangeServer') return;
    if (!section.ewsUrl)
      ctx.addIssue({ code: 'custom', path: ['ewsUrl'], message: t('exchangeEwsUrlNeeded') });
    if (section.auth === 'basic' && !section.username)
      ctx.addIssue({ code: 'custom', path: ['username'], message: t('exchangeUsernameNeeded') });
  });
export type ExchangeSettings = z.infer<typeof ExchangeSettingsSchema>;

export const exchangeSettings: SettingsSection<ExchangeSettings> = {
  schema: ExchangeSettingsSchema,
  defaults: { mode: 'off', ewsUrl: '', serverVersion: 'Exchange2010', auth: 'oauth', username: '' },
};
