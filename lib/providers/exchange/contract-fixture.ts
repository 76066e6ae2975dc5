/**
 * The Exchange provider in the contract test: it recognises no links (it shares mailbox folders chosen in the
 * popup), so the contract's link and preview checks do not apply; its settings section is checked as any other.
 */
import type { ContractFixture } from '../types';
import type { ExchangeSettings } from './settings';

export const exchangeContract: ContractFixture<ExchangeSettings> = {
  settings: {
    mode: 'exchangeServer',
    ewsUrl: 'https://mail.contoso.com/EWS/Exchange.asmx',
    serverVersion: 'Exchange2010',
    auth: 'basic',
    username: 'megan@contoso.com',
  },
  links: [],
  notLinks: ['https://mail.contoso.com/EWS/Exchange.asmx', 'https://outlook.office365.com/owa/calendar/'],
  fileName: '',
  fileReply: () => new Response(null, { status: 404 }),
  errorReply: (status) => new Response(null, { status }),
};
