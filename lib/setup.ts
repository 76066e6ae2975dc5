/**
 * What the first-run page tells a person to register, derived from what the code really asks for: the scopes
 * the Microsoft sign-in requests (`graphScopes`), the one the first share asks for (`sharingScope`), and
 * Exchange's (`CALENDARS_SCOPE`, `EWS_SCOPE`). A scope changed there changes the setup page with it.
 */

import { CALENDARS_SCOPE, EWS_SCOPE } from './providers/exchange/sharing';
import { graphScopes } from './providers/graph/oauth';
import { sharingScope } from './providers/graph/sharing';
import type { Settings } from './settings';

/** When a permission is needed: to sign in and preview, to share onward, or for Exchange. */
export type PermissionUse = 'signIn' | 'sharing' | 'exchangeMicrosoft365' | 'exchangeServer';

export interface PermissionToAdd {
  /** The API as the app registration's "API permissions" lists it: Microsoft Graph, or another resource. */
  api: 'graph' | 'exchangeOnline' | string;
  /** The delegated permission's name there (`Files.Read.All`, `offline_access`). */
  name: string;
  use: PermissionUse;
}

const EXCHANGE_ONLINE_ORIGIN = 'https://outlook.office365.com';

/**
 * One scope as a permission to add. OpenID scopes (`openid`, `profile`, `offline_access`) are listed under
 * Microsoft Graph in the app registration; a scope URI names its resource by origin (a national cloud's Graph
 * host is still Microsoft Graph).
 */
function permission(scope: string, graphOrigin: string, use: PermissionUse): PermissionToAdd {
  if (!scope.includes('://')) return { api: 'graph', name: scope, use };
  const url = new URL(scope);
  const name = url.pathname.slice(1);
  if (url.origin === graphOrigin) return { api: 'graph', name, use };
  if (url.origin === EXCHANGE_ONLINE_ORIGIN) return { api: 'exchangeOnline', name, use };
  return { api: url.origin, name, use };
}

/** The delegated permissions ShareLens asks for with this Graph endpoint, each once, by when it needs them. */
export function permissionsToAdd(graphEndpoint: string): PermissionToAdd[] {
  const graphOrigin = new URL(graphEndpoint).origin;
  const asked: Array<[string, PermissionUse]> = [
    ...graphScopes(graphEndpoint).map((scope): [string, PermissionUse] => [scope, 'signIn']),
    [sharingScope(graphEndpoint), 'sharing'],
    [CALENDARS_SCOPE, 'exchangeMicrosoft365'],
    [EWS_SCOPE, 'exchangeServer'],
  ];
  const seen = new Set<string>();
  const permissions: PermissionToAdd[] = [];
  for (const [scope, use] of asked) {
    const each = permission(scope, graphOrigin, use);
    const key = `${each.api} ${each.name}`;
    if (seen.has(key)) continue;
    seen.add(key);
    permissions.push(each);
  }
  return permissions;
}

/**
 * Whether installing should open the setup page: only a fresh install (not an update or a browser update), and
 * only when the Microsoft account has no Client ID yet — an organisation that set one by policy has set it up.
 */
export function setupNeededOnInstall(reason: string, settings: Pick<Settings, 'providers'>): boolean {
  return reason === 'install' && settings.providers.graph.clientId === '';
}
