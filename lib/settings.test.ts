import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SETTINGS,
  isSiteDisabled,
  migrateSettings,
  SettingsSchema,
  settingsErrors,
} from './settings';
import { switchSite } from './sites';

describe('settings', () => {
  it('defaults to the global Microsoft cloud', () => {
    expect(DEFAULT_SETTINGS.authority).toBe('https://login.microsoftonline.com/common');
    expect(DEFAULT_SETTINGS.graphEndpoint).toBe('https://graph.microsoft.com/v1.0');
    expect(DEFAULT_SETTINGS.hoverDelayMs).toBe(400);
  });

  it('accepts national clouds and the local emulator, trimming trailing slashes', () => {
    const parsed = SettingsSchema.parse({
      ...DEFAULT_SETTINGS,
      authority: ' https://login.microsoftonline.us/contoso.onmicrosoft.us/ ',
      graphEndpoint: 'http://127.0.0.1:8787/v1.0/',
    });
    expect(parsed.authority).toBe('https://login.microsoftonline.us/contoso.onmicrosoft.us');
    expect(parsed.graphEndpoint).toBe('http://127.0.0.1:8787/v1.0');
  });

  it.each([
    ['http://graph.example.com/v1.0', /https/],
    ['graph.microsoft.com', /full URL/],
    ['https://user:pw@graph.microsoft.com/v1.0', /user names/],
    ['https://graph.microsoft.com/v1.0?x=1', /query/],
  ])('refuses %s as an endpoint with a message', (endpoint, message) => {
    const result = SettingsSchema.safeParse({ ...DEFAULT_SETTINGS, graphEndpoint: endpoint });
    expect(result.success).toBe(false);
    if (!result.success) expect(settingsErrors(result.error).graphEndpoint).toMatch(message);
  });

  it('keeps what still validates from stored settings and defaults the rest', () => {
    const migrated = migrateSettings({
      clientId: 'abc',
      hoverDelayMs: -5,
      disabledSites: ['mail.example.com'],
      junk: 1,
    });
    expect(migrated).toEqual({ ...DEFAULT_SETTINGS, clientId: 'abc', disabledSites: ['mail.example.com'] });
    expect(migrateSettings(undefined)).toEqual(DEFAULT_SETTINGS);
    expect(migrateSettings('garbage')).toEqual(DEFAULT_SETTINGS);
  });

  it('switches previews off for listed hosts and wildcard subdomains only', () => {
    const settings = { disabledSites: ['mail.example.com', '*.corp.example'] };
    expect(isSiteDisabled(settings, 'mail.example.com')).toBe(true);
    expect(isSiteDisabled(settings, 'MAIL.example.com')).toBe(true);
    expect(isSiteDisabled(settings, 'wiki.corp.example')).toBe(true);
    expect(isSiteDisabled(settings, 'corp.example')).toBe(true);
    expect(isSiteDisabled(settings, 'evilcorp.example')).toBe(false);
    expect(isSiteDisabled(settings, 'example.com')).toBe(false);
  });
});

describe('switchSite', () => {
  it('adds a host once and removes it, with any wildcard that covers it', () => {
    expect(switchSite([], 'Wiki.Example.com', false)).toEqual(['wiki.example.com']);
    expect(switchSite(['wiki.example.com'], 'wiki.example.com', false)).toEqual(['wiki.example.com']);
    expect(switchSite(['wiki.example.com', 'mail.example.com'], 'wiki.example.com', true)).toEqual([
      'mail.example.com',
    ]);
    expect(switchSite(['*.example.com', 'other.test'], 'wiki.example.com', true)).toEqual(['other.test']);
  });
});
