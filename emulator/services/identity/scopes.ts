/**
 * Scopes as the identity platform reads them (learn.microsoft.com/entra/identity-platform/scopes-oidc):
 * OpenID Connect scopes, and delegated permissions of one resource, named with the resource's URI in front
 * (`https://graph.microsoft.com/Files.Read.All`) or bare (then Microsoft Graph is meant).
 */

/** A resource (API) the emulated directory knows, with the delegated permissions it exposes. */
export interface Resource {
  /** the resource principal: consent and tokens are per principal, whatever URI named it */
  id: 'graph' | 'exchange';
  appId: string;
  /** URIs that name it in scopes; the first is the default audience */
  uris: readonly string[];
  /** delegated permissions, as spelled in the permissions reference */
  permissions: readonly string[];
}

/**
 * Microsoft Graph's delegated permissions that OneDrive, SharePoint, mail and calendar sharing use
 * (learn.microsoft.com/graph/permissions-reference); names outside the list are unknown to the emulator.
 */
const GRAPH_PERMISSIONS = [
  'User.Read',
  'User.ReadBasic.All',
  'User.Read.All',
  'Files.Read',
  'Files.Read.All',
  'Files.ReadWrite',
  'Files.ReadWrite.All',
  'Files.ReadWrite.AppFolder',
  'Files.SelectedOperations.Selected',
  'Sites.Read.All',
  'Sites.ReadWrite.All',
  'Sites.Manage.All',
  'Sites.FullControl.All',
  'Calendars.Read',
  'Calendars.ReadWrite',
  'Calendars.Read.Shared',
  'Calendars.ReadWrite.Shared',
  'Contacts.Read',
  'Contacts.ReadWrite',
  'Mail.Read',
  'Mail.Send',
  'MailboxSettings.Read',
];

/** Graph's hosts in the global and national clouds (learn.microsoft.com/graph/deployments). */
const GRAPH_URIS = [
  'https://graph.microsoft.com',
  'https://graph.microsoft.us',
  'https://dod-graph.microsoft.us',
  'https://microsoftgraph.chinacloudapi.cn',
];

export function resourcesFor(emulatorUrl: string): readonly Resource[] {
  return [
    {
      id: 'graph',
      appId: '00000003-0000-0000-c000-000000000000',
      // The emulator stands in for Graph, so clients pointed at it name it as the resource.
      uris: [...GRAPH_URIS, emulatorUrl],
      permissions: GRAPH_PERMISSIONS,
    },
    {
      id: 'exchange',
      appId: '00000002-0000-0ff1-ce00-000000000000',
      uris: ['https://outlook.office365.com', 'https://outlook.office.com'],
      permissions: ['EWS.AccessAsUser.All'],
    },
  ];
}

/** Scopes that ask for the ID token, the user's profile and a refresh token rather than a resource. */
export const OIDC_SCOPES = ['openid', 'profile', 'email', 'offline_access'] as const;
export type OidcScope = (typeof OIDC_SCOPES)[number];

/** What a valid scope parameter asks for. */
export interface ScopeRequest {
  oidc: Set<OidcScope>;
  resource: Resource;
  /** the URI the client named the resource with (the access token's audience) */
  audience: string;
  /** permissions as the resource spells them; empty with `.default` or OIDC scopes alone */
  permissions: string[];
  /** `{resource}/.default`: every permission already consented */
  default: boolean;
}

export type ScopeProblem = { error: string; code: number; text: string };

// RFC 6749 §3.3: scope-token = 1*( %x21 / %x23-5B / %x5D-7E )
const SCOPE_TOKEN = /^[\x21\x23-\x5b\x5d-\x7e]+$/;

export function splitScopes(scope: string | undefined): string[] {
  return (scope ?? '').split(/\s+/).filter(Boolean);
}

function invalidScope(text: string): ScopeProblem {
  // learn.microsoft.com/entra/identity-platform/reference-error-codes: AADSTS70011 InvalidScope.
  return {
    error: 'invalid_scope',
    code: 70011,
    text: `The provided value for the input parameter 'scope' is not valid. ${text}`,
  };
}

/**
 * Reads a scope parameter. Problems, as the platform reports them:
 * - malformed scopes, or permissions of two resources (or `.default` beside named ones) in one request:
 *   invalid_scope AADSTS70011 — one token is for one resource;
 * - a resource URI the directory does not know: invalid_resource AADSTS500011;
 * - a permission the resource does not expose: invalid_client AADSTS650053 ("asked for scope … that doesn't
 *   exist on the resource", as Microsoft Q&A reports it for Graph).
 */
export function parseScopes(
  scope: string | undefined,
  resources: readonly Resource[],
  context: { clientId: string; tenant: string },
): ScopeRequest | ScopeProblem {
  const oidc = new Set<OidcScope>();
  let chosen: { resource: Resource; audience: string } | undefined;
  const permissions: string[] = [];
  let isDefault = false;
  const all = splitScopes(scope);
  for (const value of all) {
    if (!SCOPE_TOKEN.test(value)) return invalidScope(`The scope '${value}' is not valid.`);
    const oidcScope = OIDC_SCOPES.find((name) => name === value.toLowerCase());
    if (oidcScope) {
      oidc.add(oidcScope);
      continue;
    }
    const slash = value.lastIndexOf('/');
    const uri = slash === -1 ? undefined : value.slice(0, slash);
    const name = slash === -1 ? value : value.slice(slash + 1);
    if (name === '') return invalidScope(`The scope '${value}' is not valid.`);
    const resource =
      uri === undefined
        ? resources[0]!
        : resources.find(
            (candidate) =>
              candidate.appId === uri.toLowerCase() ||
              candidate.uris.some((known) => known.toLowerCase() === uri.toLowerCase()),
          );
    if (!resource) {
      return {
        error: 'invalid_resource',
        code: 500011,
        text:
          `The resource principal named ${uri} was not found in the tenant named ${context.tenant}. This can happen ` +
          'if the application has not been installed by the administrator of the tenant or consented to by any ' +
          'user in the tenant. You might have sent your authentication request to the wrong tenant.',
      };
    }
    const audience = uri === undefined || uri.toLowerCase() === resource.appId ? resource.uris[0]! : uri;
    if (chosen && chosen.resource !== resource) {
      return invalidScope(`One or more scopes in '${all.join(' ')}' are not compatible with each other.`);
    }
    chosen ??= { resource, audience };
    if (name === '.default') {
      isDefault = true;
      continue;
    }
    const permission = resource.permissions.find((known) => known.toLowerCase() === name.toLowerCase());
    if (!permission) {
      return {
        error: 'invalid_client',
        code: 650053,
        text: `The application '${context.clientId}' asked for scope '${name}' that doesn't exist on the resource '${resource.appId}'. Contact the app vendor.`,
      };
    }
    if (!permissions.includes(permission)) permissions.push(permission);
  }
  if (isDefault && permissions.length > 0) {
    return invalidScope(`One or more scopes in '${all.join(' ')}' are not compatible with each other.`);
  }
  // OpenID Connect scopes alone give an access token for Microsoft Graph.
  const { resource, audience } = chosen ?? { resource: resources[0]!, audience: resources[0]!.uris[0]! };
  return { oidc, resource, audience, permissions, default: isDefault };
}

export function isScopeProblem(value: ScopeRequest | ScopeProblem): value is ScopeProblem {
  return 'error' in value;
}
