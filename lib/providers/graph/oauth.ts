import { Base64 } from 'js-base64';
import { z } from 'zod';
import { t } from '../../i18n';

/**
 * OAuth 2.0 authorization code flow with PKCE (S256) against the Microsoft identity platform
 * (reference/graph-shares.md §5). Pure functions: the background supplies fetch and launchWebAuthFlow.
 */

export interface PkcePair {
  verifier: string;
  challenge: string;
}

function randomBase64Url(bytes: number): string {
  return Base64.fromUint8Array(crypto.getRandomValues(new Uint8Array(bytes)), true);
}

export async function createPkcePair(): Promise<PkcePair> {
  const verifier = randomBase64Url(32); // 43 characters, the RFC 7636 minimum
  return { verifier, challenge: await pkceChallenge(verifier) };
}

export async function pkceChallenge(verifier: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier));
  return Base64.fromUint8Array(new Uint8Array(digest), true);
}

export function createState(): string {
  return randomBase64Url(16);
}

/** Delegated scopes for the configured Graph host: national clouds use their own host in scope URIs (§5). */
export function graphScopes(graphEndpoint: string): string[] {
  const resource = new URL(graphEndpoint).origin;
  return ['openid', 'profile', 'offline_access', `${resource}/Files.Read.All`];
}

export interface AuthorizeRequest {
  authority: string;
  clientId: string;
  redirectUri: string;
  scopes: string[];
  state: string;
  challenge: string;
  /** `none` for silent renewal, `select_account` to let the person pick. */
  prompt?: 'none' | 'login' | 'select_account';
  loginHint?: string;
}

export function authorizeUrl(request: AuthorizeRequest): string {
  const url = new URL(`${request.authority}/oauth2/v2.0/authorize`);
  const params = url.searchParams;
  params.set('client_id', request.clientId);
  params.set('response_type', 'code');
  params.set('redirect_uri', request.redirectUri);
  params.set('response_mode', 'query');
  params.set('scope', request.scopes.join(' '));
  params.set('state', request.state);
  params.set('code_challenge', request.challenge);
  params.set('code_challenge_method', 'S256');
  if (request.prompt) params.set('prompt', request.prompt);
  if (request.loginHint) params.set('login_hint', request.loginHint);
  return url.href;
}

export class AuthError extends Error {
  override readonly name = 'AuthError';
  constructor(
    message: string,
    /** OAuth error code (`login_required`, `invalid_grant`, …) or our own (`state_mismatch`, `network`). */
    readonly code: string,
  ) {
    super(message);
  }
}

/**
 * Reads the code out of the URL the identity platform redirected to. In this order: the URL must be our own
 * redirect URI, then carry our `state`, and only then is its `error` believed — an `error` on another page,
 * or on an answer to a request we did not make, must not end the account (a refused grant signs out).
 */
export function parseRedirect(
  redirectedTo: string,
  expected: { redirectUri: string; state: string },
): string {
  if (!URL.canParse(redirectedTo) || !URL.canParse(expected.redirectUri)) {
    throw new AuthError(t('signInUnexpected'), 'invalid_response');
  }
  const url = new URL(redirectedTo);
  const own = new URL(expected.redirectUri);
  if (url.origin !== own.origin || url.pathname !== own.pathname) {
    throw new AuthError(t('signInUnexpected'), 'invalid_response');
  }
  const params = url.searchParams;
  if (params.get('state') !== expected.state) {
    throw new AuthError(t('signInStateMismatch'), 'state_mismatch');
  }
  const error = params.get('error');
  if (error) {
    throw new AuthError(params.get('error_description') ?? error, error);
  }
  const code = params.get('code');
  if (!code) throw new AuthError(t('signInNoCode'), 'invalid_response');
  return code;
}

const TokenResponseSchema = z.object({
  token_type: z.string(),
  access_token: z.string().min(1),
  expires_in: z.coerce.number().positive(),
  refresh_token: z.string().min(1).optional(),
  id_token: z.string().optional(),
  scope: z.string().optional(),
});

const TokenErrorSchema = z.object({
  error: z.string(),
  error_description: z.string().optional(),
  /** `consent_required` on an `invalid_grant`: the refresh token is fine, a permission was never consented */
  suberror: z.string().optional(),
});

export interface TokenSet {
  accessToken: string;
  /** Epoch ms. */
  expiresAt: number;
  refreshToken?: string;
  idToken?: string;
}

export type TokenGrant =
  | { grant_type: 'authorization_code'; code: string; redirect_uri: string; code_verifier: string }
  | { grant_type: 'refresh_token'; refresh_token: string };

/**
 * The lifetime to plan with, in seconds: the answer's, but at most a day (access tokens last 60–90 minutes,
 * reference/graph-shares.md §5; a longer claim is not believed).
 */
export function tokenLifetimeSeconds(expiresIn: number): number {
  return Math.min(86_400, expiresIn);
}

export async function requestTokens(
  fetchFn: typeof fetch,
  options: { authority: string; clientId: string; scopes: string[]; grant: TokenGrant; now?: number },
): Promise<TokenSet> {
  const body = new URLSearchParams({
    client_id: options.clientId,
    scope: options.scopes.join(' '),
    ...options.grant,
  });
  let response: Response;
  try {
    // A form post is a simple CORS request; the identity platform answers SPA clients with CORS headers.
    response = await fetchFn(`${options.authority}/oauth2/v2.0/token`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body,
      // A 307/308 would send the body — a refresh token or a code verifier — on to wherever it points.
      redirect: 'error',
    });
  } catch {
    throw new AuthError(t('signInUnreachable'), 'network');
  }
  const json: unknown = await response.json().catch(() => undefined);
  if (!response.ok) {
    const parsed = TokenErrorSchema.safeParse(json);
    if (parsed.success) {
      const { error, error_description: description, suberror } = parsed.data;
      throw new AuthError(description ?? error, suberror === 'consent_required' ? suberror : error);
    }
    throw new AuthError(t('signInServerStatus', String(response.status)), 'server_error');
  }
  const parsed = TokenResponseSchema.safeParse(json);
  if (!parsed.success) throw new AuthError(t('signInUnexpected'), 'invalid_response');
  const now = options.now ?? Date.now();
  return {
    accessToken: parsed.data.access_token,
    expiresAt: now + tokenLifetimeSeconds(parsed.data.expires_in) * 1000,
    refreshToken: parsed.data.refresh_token,
    idToken: parsed.data.id_token,
  };
}

export interface Account {
  /** Object id of the user; stable across sign-ins. */
  id: string;
  displayName: string;
  username: string;
  tenantId?: string;
}

const IdTokenClaimsSchema = z.object({
  oid: z.string().optional(),
  sub: z.string(),
  tid: z.string().optional(),
  name: z.string().optional(),
  preferred_username: z.string().optional(),
  email: z.string().optional(),
});

/**
 * Reads the claims of an ID token. It came straight from the token endpoint over TLS, so the signature is
 * not checked here (OpenID Connect Core §3.1.3.7 allows this for the code flow).
 */
export function accountFromIdToken(idToken: string): Account {
  const payload = idToken.split('.')[1];
  if (!payload) throw new AuthError(t('signInBadIdToken'), 'invalid_response');
  let claims: z.infer<typeof IdTokenClaimsSchema>;
  try {
    claims = IdTokenClaimsSchema.parse(JSON.parse(Base64.decode(payload)));
  } catch {
    throw new AuthError(t('signInBadIdToken'), 'invalid_response');
  }
  const username = claims.preferred_username ?? claims.email ?? '';
  return {
    id: claims.oid ?? claims.sub,
    displayName: claims.name ?? username,
    username,
    tenantId: claims.tid,
  };
}
