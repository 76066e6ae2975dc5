/**
 * What pages know of the Exchange provider: its options section's inputs and that it shares (a calendar or
 * contacts folder, from the popup's "Share calendar or contacts"). No links, no zod, no XML here.
 */
import type { ProviderInfo } from '../types';
import { exchangeLinks } from './links';
import type { ExchangeSettings } from './settings';

const SERVER = { mode: ['exchangeServer'] } as const;

export const exchangeInfo = {
  id: 'exchange',
  name: 'exchangeHeading',
  links: exchangeLinks,
  fields: [
    {
      key: 'mode',
      label: 'exchangeModeLabel',
      hint: 'exchangeModeHint',
      input: 'select',
      options: [
        { value: 'off', label: 'exchangeModeOff' },
        { value: 'microsoft365', label: 'exchangeModeMicrosoft365' },
        { value: 'exchangeServer', label: 'exchangeModeServer' },
      ],
    },
    { key: 'ewsUrl', label: 'exchangeEwsUrlLabel', hint: 'exchangeEwsUrlHint', input: 'url', when: SERVER },
    {
      key: 'serverVersion',
      label: 'exchangeVersionLabel',
      hint: 'exchangeVersionHint',
      input: 'select',
      when: SERVER,
      options: [
        { value: 'Exchange2010', label: 'exchangeVersion2010' },
        { value: 'Exchange2010_SP1', label: 'exchangeVersion2010Sp1' },
        { value: 'Exchange2010_SP2', label: 'exchangeVersion2010Sp2' },
        { value: 'Exchange2013', label: 'exchangeVersion2013' },
        { value: 'Exchange2013_SP1', label: 'exchangeVersion2013Sp1' },
        { value: 'Exchange2016', label: 'exchangeVersion2016' },
      ],
    },
    {
      key: 'auth',
      label: 'exchangeAuthLabel',
      input: 'select',
      when: SERVER,
      options: [
        { value: 'oauth', label: 'exchangeAuthOauth' },
        { value: 'basic', label: 'exchangeAuthBasic' },
      ],
    },
    {
      key: 'username',
      label: 'exchangeUsernameLabel',
      hint: 'exchangeUsernameHint',
      input: 'text',
      when: { mode: ['exchangeServer'], auth: ['basic'] },
    },
  ],
  canShare: true,
  signInKind: (section) =>
    section.mode === 'off'
      ? 'none'
      : section.mode === 'exchangeServer' && section.auth === 'basic'
        ? 'password'
        : 'linked',
  sharesOwnFolders: (section) => section.mode !== 'off',
} as const satisfies ProviderInfo<'exchange', ExchangeSettings>;
