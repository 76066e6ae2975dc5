import { describe, expect, it } from 'vitest';
import { graphScopes } from './providers/graph/oauth';
import { sharingScope } from './providers/graph/sharing';
import { DEFAULT_SETTINGS } from './settings';
import { permissionsToAdd, setupNeededOnInstall } from './setup';

const withClientId = (clientId: string) => ({
  providers: { ...DEFAULT_SETTINGS.providers, graph: { ...DEFAULT_SETTINGS.providers.graph, clientId } },
});

describe('the permissions the setup page lists', () => {
  it('are the delegated permissions sign-in, sharing and Exchange ask for, by API', () => {
    expect(permissionsToAdd('https://graph.microsoft.com/v1.0')).toEqual([
      { api: 'graph', name: 'openid', use: 'signIn' },
      { api: 'graph', name: 'profile', use: 'signIn' },
      { api: 'graph', name: 'offline_access', use: 'signIn' },
      { api: 'graph', name: 'Files.Read.All', use: 'signIn' },
      { api: 'graph', name: 'Files.ReadWrite.All', use: 'sharing' },
      { api: 'graph', name: 'Calendars.ReadWrite', use: 'exchangeMicrosoft365' },
      { api: 'exchangeOnline', name: 'EWS.AccessAsUser.All', use: 'exchangeServer' },
    ]);
  });

  it('follow the scopes the code requests, so the page and sign-in cannot drift apart', () => {
    const endpoint = 'https://graph.microsoft.com/v1.0';
    const listed = permissionsToAdd(endpoint).map((each) => each.name);
    for (const scope of [...graphScopes(endpoint), sharingScope(endpoint)])
      expect(listed).toContain(scope.replace('https://graph.microsoft.com/', ''));
  });

  it('name a national cloud’s Graph host as Microsoft Graph too', () => {
    const permissions = permissionsToAdd('https://graph.microsoft.us/v1.0');
    expect(permissions.find((each) => each.name === 'Files.Read.All')?.api).toBe('graph');
  });
});

describe('whether installing opens the setup page', () => {
  it('opens it on a fresh install without a Client ID', () => {
    expect(setupNeededOnInstall('install', withClientId(''))).toBe(true);
  });

  it('skips it when a Client ID is already set (an organisation set it by policy)', () => {
    expect(setupNeededOnInstall('install', withClientId('1b2c3d4e-0000-4000-8000-000000000000'))).toBe(false);
  });

  it('never opens it on an update or a browser update', () => {
    expect(setupNeededOnInstall('update', withClientId(''))).toBe(false);
    expect(setupNeededOnInstall('chrome_update', withClientId(''))).toBe(false);
  });
});
