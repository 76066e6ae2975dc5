import { describe, expect, it } from 'vitest';
import { migrateSettings } from '../../settings';
import { ExchangeSettingsSchema, exchangeSettings } from './settings';

const server = {
  mode: 'exchangeServer',
  ewsUrl: 'https://mail.contoso.com/EWS/Exchange.asmx',
  serverVersion: 'Exchange2010',
  auth: 'basic',
  username: 'megan@contoso.com',
};
const issues = (value: object) =>
  ExchangeSettingsSchema.safeParse(value).error?.issues.map((issue) => issue.path.join('.')) ?? [];

describe('Exchange settings', () => {
  it('defaults to off, Exchange2010 and the Microsoft sign-in', () => {
    expect(exchangeSettings.defaults).toEqual({
      mode: 'off',
      ewsUrl: '',
      serverVersion: 'Exchange2010',
      auth: 'oauth',
      username: '',
    });
    expect(ExchangeSettingsSchema.parse(exchangeSettings.defaults)).toEqual(exchangeSettings.defaults);
  });

  it('takes an Exchange Server with Basic over https, and the emulator on loopback http', () => {
    expect(ExchangeSettingsSchema.parse(server)).toEqual(server);
    expect(
      ExchangeSettingsSchema.parse({ ...server, ewsUrl: ' http://127.0.0.1:8787/EWS/Exchange.asmx/ ' })
        .ewsUrl,
    ).toBe('http://127.0.0.1:8787/EWS/Exchange.asmx');
  });

  it.each([
    ['plain http elsewhere', 'http://mail.contoso.com/EWS/Exchange.asmx'],
    ['another path', 'https://mail.contoso.com/owa'],
    ['user info', 'https://me:pw@mail.contoso.com/EWS/Exchange.asmx'],
    ['no URL at all', 'mail.contoso.com'],
  ])('refuses an EWS URL with %s', (_, ewsUrl) => {
    expect(issues({ ...server, ewsUrl })).toEqual(['ewsUrl']);
  });

  it('needs an EWS URL for Exchange Server, and a user name for Basic', () => {
    expect(issues({ ...server, ewsUrl: '', username: '' })).toEqual(['ewsUrl', 'username']);
    expect(issues({ ...server, auth: 'oauth', username: '' })).toEqual([]);
    expect(issues({ ...server, mode: 'microsoft365', ewsUrl: '' })).toEqual([]);
  });

  it('refuses unknown modes, versions and sign-ins, and has no place for a password', () => {
    expect(issues({ ...server, mode: 'imap' })).toEqual(['mode']);
    expect(issues({ ...server, serverVersion: 'Exchange2007' })).toEqual(['serverVersion']);
    expect(issues({ ...server, auth: 'ntlm' })).toEqual(['auth']);
    expect(ExchangeSettingsSchema.parse({ ...server, password: 'secret' })).not.toHaveProperty('password');
  });

  it('reads stored settings whose fields disagree as the defaults', () => {
    const stored = migrateSettings({ version: 2, providers: { exchange: { ...server, ewsUrl: '' } } });
    expect(stored.providers.exchange).toEqual(exchangeSettings.defaults);
    const kept = migrateSettings({ version: 2, providers: { exchange: server } });
    expect(kept.providers.exchange).toEqual(server);
  });
});
