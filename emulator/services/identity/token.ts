/**
 * The token endpoint, `POST /{tenant}/oauth2/v2.0/token`: authorization code + PKCE S256, and refresh tokens
 * that rotate (reference §5).
 */
import { createHash } from 'node:crypto';
import { type ApiRequest, json, type Reply } from '../../core/http';
import { oauthError } from './errors';
import type { IdentityState } from './index';
import { splitScopes } from './tokens';

function missing(req: ApiRequest, name: string): Reply {
  return oauthError(
    req,
    400,
    'invalid_request',
    900144,
    `The request body must contain the following parameter: '${name}'.`,
  );
}

export function tokenEndpoint(state: IdentityState, req: ApiRequest, issuerBase: string): Reply {
  if (req.method !== 'POST') {
    return oauthError(
      req,
      400,
      'invalid_request',
      900561,
      `The endpoint only accepts POST, OPTIONS requests. Received a ${req.method} request.`,
    );
  }
  const form = /application\/x-www-form-urlencoded/i.test(req.headers['content-type'] ?? '')
    ? new URLSearchParams(req.body)
    : new URLSearchParams();
  const grantType = form.get('grant_type');
  if (!grantType) return missing(req, 'grant_type');
  const clientId = form.get('client_id');
  if (!clientId) return missing(req, 'client_id');
  if (form.has('client_secret') || form.has('client_assertion')) {
    return oauthError(
      req,
      400,
      'invalid_client',
      700025,
      "Client is public so neither 'client_assertion' nor 'client_secret' should be presented.",
    );
  }
  if (grantType === 'authorization_code') return redeemCode(state, req, form, clientId, issuerBase);
  if (grantType === 'refresh_token') return redeemRefreshToken(state, req, form, clientId, issuerBase);
  return oauthError(
    req,
    400,
    'unsupported_grant_type',
    70003,
    `The app requested an unsupported grant type '${grantType}'.`,
  );
}

function redeemCode(
  state: IdentityState,
  req: ApiRequest,
  form: URLSearchParams,
  clientId: string,
  issuerBase: string,
): Reply {
  const value = form.get('code');
  if (!value) return missing(req, 'code');
  const redirectUri = form.get('redirect_uri');
  if (!redirectUri) return missing(req, 'redirect_uri');
  const code = state.tokens.code(value);
  // The contract uses AADSTS70008 for expired and for already-redeemed codes alike.
  if (!code || code.used || Date.now() >= code.expiresAt) {
    return oauthError(
      req,
      400,
      'invalid_grant',
      70008,
      'The provided authorization code or refresh token has expired due to inactivity or was already redeemed. ' +
        'Send a new interactive authorization request for this user and resource.',
    );
  }
  if (code.clientId !== clientId) {
    return oauthError(
      req,
      400,
      'invalid_grant',
      70000,
      'The provided authorization code was issued to a different client.',
    );
  }
  if (code.redirectUri !== redirectUri) {
    return oauthError(
      req,
      400,
      'invalid_grant',
      500112,
      'The reply address does not match the reply address provided when requesting Authorization code.',
    );
  }
  const verifier = form.get('code_verifier');
  if (!verifier) {
    return oauthError(
      req,
      400,
      'invalid_request',
      9002325,
      'Proof Key for Code Exchange is required for cross-origin authorization code redemption.',
    );
  }
  const computed = createHash('sha256').update(verifier).digest('base64url');
  if (computed !== code.challenge) {
    // A failed attempt leaves the code usable until it expires or is redeemed.
    return oauthError(
      req,
      400,
      'invalid_grant',
      501481,
      'The Code_Verifier does not match the code_challenge supplied in the authorization request.',
    );
  }
  const user = state.users.user(code.userId);
  if (!user) return oauthError(req, 400, 'invalid_grant', 50034, 'The user account does not exist.');
  code.used = true;
  const tokens = state.tokens.issueTokens({
    user,
    clientId,
    scopes: code.scopes,
    tenant: code.tenant,
    nonce: code.nonce,
    issuerBase,
  });
  return json(200, tokens, { 'Cache-Control': 'no-store' });
}

/**
 * Refresh tokens rotate: each use returns a new one and retires the old one (later use → invalid_grant). The
 * new one keeps the original expiry: SPA refresh tokens live a fixed, non-sliding time (reference §5).
 */
function redeemRefreshToken(
  state: IdentityState,
  req: ApiRequest,
  form: URLSearchParams,
  clientId: string,
  issuerBase: string,
): Reply {
  const value = form.get('refresh_token');
  if (!value) return missing(req, 'refresh_token');
  const lookup = state.tokens.lookupRefresh(value);
  if (!lookup.ok) {
    if (lookup.reason === 'expired') {
      const issued = new Date(lookup.record!.issuedAt).toISOString();
      return oauthError(
        req,
        400,
        'invalid_grant',
        700084,
        'The refresh token was issued to a single page app (SPA), and therefore has a fixed, limited lifetime of ' +
          `${state.tokens.lifetimes.refreshSec} seconds, which cannot be extended. It is now expired and a new sign in ` +
          `request must be sent by the SPA to the sign in page. The token was issued on ${issued}.`,
      );
    }
    return oauthError(
      req,
      400,
      'invalid_grant',
      lookup.reason === 'used' ? 70043 : 9002313,
      lookup.reason === 'used'
        ? 'The refresh token has expired or is invalid: it was already redeemed (refresh tokens rotate on use).'
        : 'Invalid request. Request is malformed or invalid: unknown refresh token.',
    );
  }
  const { record } = lookup;
  if (record.clientId !== clientId) {
    return oauthError(
      req,
      400,
      'invalid_grant',
      70000,
      'The refresh token was issued to a different client.',
    );
  }
  const user = state.users.user(record.userId);
  if (!user) return oauthError(req, 400, 'invalid_grant', 50034, 'The user account does not exist.');
  const requested = splitScopes(form.get('scope') ?? undefined);
  state.tokens.retireRefresh(value);
  const tokens = state.tokens.issueTokens({
    user,
    clientId,
    scopes: requested.length > 0 ? requested : record.scopes,
    tenant: record.tenant,
    refreshExpiresAt: record.expiresAt,
    issuerBase,
  });
  return json(200, tokens, { 'Cache-Control': 'no-store' });
}
