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
  const graph = DEFAULT_SETTINGS.providers.graph;
  const withGraph = (section: Record<string, unknown>) => ({
    ...DEFAULT_SETTINGS,
    providers: { ...DEFAULT_SETTINGS.providers, graph: { ...graph, ...section } },
  });

  it('defaults to the global Microsoft cloud', () => {
    expect(graph.authority).toBe('https://login.microsoftonline.com/common');
    expect(graph.graphEndpoint).toBe('https://graph.microsoft.com/v1.0');
    expect(DEFAULT_SETTINGS.hoverDelayMs).toBe(400);
    expect(DEFAULT_SETTINGS.version).toBe(2);
  });

  it('accepts national clouds and the local emulator, trimming trailing slashes', () => {
    const parsed = SettingsSchema.parse(
      withGraph({
        authority: ' https://login.microsoftonline.us/contoso.onmicrosoft.us/ ',
        graphEndpoint: 'http://127.0.0.1:8787/v1.0/',
      }),
    );
    expect(parsed.providers.graph.authority).toBe('https://login.microsoftonline.us/contoso.onmicrosoft.us');
    expect(parsed.providers.graph.graphEndpoint).toBe('http://127.0.0.1:8787/v1.0');
  });

  it.each([
    ['http://graph.example.com/v1.0', /https/],
    ['graph.microsoft.com', /full URL/],
    ['https://user:pw@graph.microsoft.com/v1.0', /user names/],
    ['https://graph.microsoft.com/v1.0?x=1', /query/],
  ])('refuses %s as an endpoint with a message', (endpoint, message) => {
    const result = SettingsSchema.safeParse(withGraph({ graphEndpoint: endpoint }));
    expect(result.success).toBe(false);
    if (!result.success)
      expect(settingsErrors(result.error)['providers.graph.graphEndpoint']).toMatch(message);
  });

  it('migrates a stored version 1 value into sections, keeping every setting the person made', () => {
    const v1 = {
      version: 1,
      clientId: '00000000-1111-2222-3333-444444444444',
      authority: 'https://login.microsoftonline.us/contoso.onmicrosoft.us',
      graphEndpoint: 'https://graph.microsoft.us/v1.0',
      hoverDelayMs: 750,
      disabledSites: ['mail.example.com', '*.corp.example'],
      cacheTtlMinutes: 60,
    };
    expect(migrateSettings(v1)).toEqual({
      version: 2,
      // Added later, and on unless switched off.
      previewsEnabled: true,
      hoverDelayMs: 750,
      // Version 1 had no hover key: hovering alone opens cards, as it did.
      hoverModifier: 'none',
      disabledSites: ['mail.example.com', '*.corp.example'],
      cacheTtlMinutes: 60,
      providers: {
        ...DEFAULT_SETTINGS.providers,
        graph: {
          clientId: '00000000-1111-2222-3333-444444444444',
          authority: 'https://login.microsoftonline.us/contoso.onmicrosoft.us',
          graphEndpoint: 'https://graph.microsoft.us/v1.0',
        },
        // Version 1 had no Exchange: its defaults.
        exchange: DEFAULT_SETTINGS.providers.exchange,
      },
    });
    // Reading a current value changes nothing.
    expect(migrateSettings(migrateSettings(v1))).toEqual(migrateSettings(v1));
  });

  it('keeps what still validates from stored settings and defaults the rest', () => {
    const migrated = migrateSettings({
      clientId: 'abc',
      hoverDelayMs: -5,
      disabledSites: ['mail.example.com'],
      graphEndpoint: 'http://graph.example.com/v1.0',
      junk: 1,
    });
    expect(migrated).toEqual({
      ...withGraph({ clientId: 'abc' }),
      disabledSites: ['mail.example.com'],
    });
    expect(migrateSettings(undefined)).toEqual(DEFAULT_SETTINGS);
    expect(migrateSettings('garbage')).toEqual(DEFAULT_SETTINGS);
    expect(migrateSettings({ version: 2, providers: { graph: 'garbage' } })).toEqual(DEFAULT_SETTINGS);
    expect(
      migrateSettings({
        version: 2,
        hoverDelayMs: 900,
        providers: { graph: { clientId: 'x', authority: 7 } },
      }),
    ).toEqual({ ...withGraph({ clientId: 'x' }), hoverDelayMs: 900 });
  });

  it('keeps a chosen hover key, and settings stored before the choice existed open cards on hover', () => {
    const stored = { ...DEFAULT_SETTINGS, hoverDelayMs: 600 } as Record<string, unknown>;
    delete stored.hoverModifier;
    expect(migrateSettings(stored)).toEqual({
      ...DEFAULT_SETTINGS,
      hoverDelayMs: 600,
      hoverModifier: 'none',
    });
    expect(migrateSettings({ ...DEFAULT_SETTINGS, hoverModifier: 'Alt' }).hoverModifier).toBe('Alt');
    // A key that is not offered (typed by hand, or from a later version) falls back to none, the rest is kept.
    expect(migrateSettings({ ...stored, hoverModifier: 'Hyper' })).toEqual(migrateSettings(stored));
  });

  it('refuses a hover key that is not offered, saying so', () => {
    const result = SettingsSchema.safeParse({ ...DEFAULT_SETTINGS, hoverModifier: 'CapsLock' });
    expect(result.success).toBe(false);
    if (!result.success)
      expect(settingsErrors(result.error).hoverModifier).toBe('Choose one of the keys offered');
    for (const key of ['none', 'Alt', 'Control', 'Shift', 'Meta'])
      expect(SettingsSchema.safeParse({ ...DEFAULT_SETTINGS, hoverModifier: key }).success).toBe(true);
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
