/**
 * The Microsoft identity platform's v2.0 endpoints under `/{tenant}/oauth2/v2.0/`: authorize (sign-in form and
 * session cookie), token (code + PKCE, refresh with rotation) and logout (reference §5). Its errors are the
 * platform's JSON (`{error, error_description, error_codes, …}`).
 */
import { notFound, pathSegments } from '../../core/http';
import type { EmulatorService, ServiceDefinition, ServiceEnv } from '../../core/service';
import { authorize, logout } from './authorize';
import { type IdentityData, identityDataset } from './dataset';
import { identityErrorReply } from './errors';
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
  tokens: TokenStore;
  /** authorize acts as if this user had a browser session (until a sign-out reset) */
  autoLoginUser: string | undefined;
}

/** The identity service; other services use its `users` and check bearer tokens with `tokens.verifyAccess`. */
export interface IdentityService extends EmulatorService, IdentityState {}

/** `/{tenant}/oauth2/v2.0/{action}` */
function isIdentityPath(segments: readonly string[]): boolean {
  return segments.length === 4 && segments[1] === 'oauth2' && segments[2] === 'v2.0';
}

export const identity = {
  name: 'identity',
  dataset: identityDataset,
  create({ dataset, options }: ServiceEnv<IdentityData, IdentityOptions>): IdentityService {
    const service: IdentityService = {
      name: 'identity',
      users: new Directory(dataset.users),
      tokens: new TokenStore({
        accessSec: options.accessTokenLifetimeSec ?? 3600,
        refreshSec: options.refreshTokenLifetimeSec ?? 86_400,
        codeSec: options.authCodeLifetimeSec ?? 600,
      }),
      autoLoginUser:
        options.autoLogin === false
          ? undefined
          : options.autoLogin
            ? (dataset.signedIn ?? dataset.users[0]?.id)
            : dataset.signedIn,
      matches: isIdentityPath,
      handle(req, ctx) {
        const [tenant = '', , , action = ''] = pathSegments(req.pathname);
        switch (action.toLowerCase()) {
          case 'authorize':
            if (req.method !== 'GET' && req.method !== 'POST') return notFound(req);
            return authorize(service, req, tenant);
          case 'token':
            return tokenEndpoint(service, req, ctx.baseUrl);
          case 'logout':
            return logout(service, req);
          default:
            return notFound(req);
        }
      },
      errorReply: identityErrorReply,
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
