/**
 * The Microsoft identity platform's v2.0 endpoints under `/{tenant}/`: authorize (sign-in form and session
 * cookie), token (code + PKCE, refresh), logout, and OpenID Connect discovery with the signing keys
 * (reference §5). Its errors are the platform's JSON (`{error, error_description, error_codes, …}`).
 */
import { notFound, pathSegments } from '../../core/http';
import type { EmulatorService, ServiceDefinition, ServiceEnv } from '../../core/service';
import { AppDirectory } from './apps';
import { authorize, logout } from './authorize';
import { Consents } from './consent';
import { type IdentityData, identityDataset } from './dataset';
import { openIdConfiguration, signingKeys } from './discovery';
import { identityErrorReply } from './errors';
import { type Resource, resourcesFor } from './scopes';
import { tokenEndpoint } from './token';
import { TokenStore } from './tokens';
import { Directory } from './users';

export interface IdentityOptions {
  /**
   * Whether authorize acts as if a user already had a browser session (it then completes at once, also for
   * `prompt=none`). Unset: when the dataset names a `signedIn` user. `true`: the dataset's `signedIn` user, else
   * the first user. `false`: never; the login form always shows.
   */
  autoLogin?: boolean;
  /** default 3600 */
  accessTokenLifetimeSec?: number;
  /** default 86400 (SPA refresh tokens, reference §5) */
  refreshTokenLifetimeSec?: number;
  /** default 600 */
  authCodeLifetimeSec?: number;
}

/** What the identity routes share. */
export interface IdentityState {
  users: Directory;
  apps: AppDirectory;
  tokens: TokenStore;
  consents: Consents;
  /** the resources scopes can name; the emulator's own URL names Graph */
  resources(baseUrl: string): readonly Resource[];
  /** authorize acts as if this user had a browser session (until a sign-out reset) */
  autoLoginUser: string | undefined;
}

/** The identity service; other services use its `users` and check bearer tokens with `tokens.verifyAccess`. */
export interface IdentityService extends EmulatorService, IdentityState {}

type Route = 'authorize' | 'token' | 'logout' | 'configuration' | 'keys';

/**
 * `/{tenant}/oauth2/v2.0/{authorize|token|logout}`, `/{tenant}/v2.0/.well-known/openid-configuration`,
 * `/{tenant}/discovery/v2.0/keys`.
 */
function routeOf(segments: readonly string[]): Route | undefined {
  if (segments.length !== 4) return undefined;
  const [, a = '', b = '', c = ''] = segments;
  if (a === 'oauth2' && b === 'v2.0') {
    const action = c.toLowerCase();
    return action === 'authorize' || action === 'token' || action === 'logout' ? action : undefined;
  }
  if (a === 'v2.0' && b === '.well-known' && c === 'openid-configuration') return 'configuration';
  if (a === 'discovery' && b === 'v2.0' && c === 'keys') return 'keys';
  return undefined;
}

export const identity = {
  name: 'identity',
  dataset: identityDataset,
  create({ dataset, options }: ServiceEnv<IdentityData, IdentityOptions>): IdentityService {
    const service: IdentityService = {
      name: 'identity',
      users: new Directory(dataset.users),
      apps: new AppDirectory(dataset.apps),
      tokens: new TokenStore({
        accessSec: options.accessTokenLifetimeSec ?? 3600,
        refreshSec: options.refreshTokenLifetimeSec ?? 86_400,
        codeSec: options.authCodeLifetimeSec ?? 600,
      }),
      consents: new Consents(),
      resources: resourcesFor,
      autoLoginUser:
        options.autoLogin === false
          ? undefined
          : options.autoLogin
            ? (dataset.signedIn ?? dataset.users[0]?.id)
            : dataset.signedIn,
      matches: (segments) => routeOf(segments) !== undefined,
      handle(req, ctx) {
        const segments = pathSegments(req.pathname);
        const tenant = segments[0] ?? '';
        const route = routeOf(segments);
        const read = req.method === 'GET' || req.method === 'HEAD';
        switch (route) {
          case 'authorize':
            if (req.method !== 'GET' && req.method !== 'POST') return notFound(req);
            return authorize(service, req, tenant, ctx.baseUrl);
          case 'token':
            return tokenEndpoint(service, req, tenant, ctx.baseUrl);
          case 'logout':
            return logout(service, req);
          case 'configuration':
            return read ? openIdConfiguration(ctx.baseUrl, tenant) : notFound(req);
          case 'keys':
            return read ? signingKeys(ctx.baseUrl, tenant) : notFound(req);
          default:
            return notFound(req);
        }
      },
      errorReply: identityErrorReply,
      // Discovery documents and keys are public, like the platform's.
      anyOrigin: (segments) => {
        const route = routeOf(segments);
        return route === 'configuration' || route === 'keys';
      },
      reset({ signOut }) {
        if (!signOut) return;
        service.tokens.clear();
        service.autoLoginUser = undefined;
      },
      home: (baseUrl) => ({ authority: `${baseUrl}/common` }),
    };
    return service;
  },
} satisfies ServiceDefinition<IdentityService>;
