/**
 * The token endpoint, `POST /{tenant}/oauth2/v2.0/token`: authorization code + PKCE S256, and refresh tokens
 * (reference §5; learn.microsoft.com/entra/identity-platform/v2-oauth2-auth-code-flow).
 */
import { createHash } from 'node:crypto';
import { type ApiRequest, json, type Reply } from '../../core/http';
import type { Client } from './apps';
import { oauthError } from './errors';
import type { IdentityState } from './index';
import { isScopeProblem, parseScopes } from './scopes';
import { PUBLIC_CLIENT_REFRESH_SEC } from './tokens';

function missing(req: ApiRequest, name: string): Reply {
  return oauthError(
    req,
    400,
    'invalid_request',
    900144,
    `The request body must contain the following parameter: '${name}'.`,
  );
}

/** What a grant hands to {@link issue}. */
interface Grant {
  userId: string;
  scope: string;
  tenant: string;
  nonce?: string | undefined;
  refreshExpiresAt?: number;
}

export function tokenEndpoint(
  state: IdentityState,
  req: ApiRequest,
  tenant: string,
  issuerBase: string,
): Reply {
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
  const client = state.apps.client(clientId);
  if (!client) return oauthError(req, 400, 'unauthorized_client', 700016, unknownAppText(clientId, tenant));
  if (form.has('client_secret') || form.has('client_assertion')) {
    return oauthError(
      req,
      400,
      'invalid_client',
      700025,
      "Client is public so neither 'client_assertion' nor 'client_secret' should be presented.",
    );
  }
  const origin = req.headers.origin;
  // SPA redirect URIs redeem only cross-origin, others never (reference §5, MicrosoftDocs/azure-docs #62164).
  if (client.platform === 'spa' && origin === undefined) {
    return oauthError(
      req,
      400,
      'invalid_request',
      9002327,
      "Tokens issued for the 'Single-Page Application' client-type may only be redeemed via cross-origin requests.",
    );
  }
  if (client.platform === 'public' && origin !== undefined) {
    return oauthError(
      req,
      400,
      'invalid_request',
      9002326,
      `Cross-origin token redemption is permitted only for the 'Single-Page Application' client-type. Request origin: '${origin}'.`,
    );
  }
  const grant =
    grantType === 'authorization_code'
      ? redeemCode(state, req, form, client)
      : grantType === 'refresh_token'
        ? redeemRefreshToken(state, req, form, client)
        : oauthError(
            req,
            400,
            'unsupported_grant_type',
            70003,
            `The app requested an unsupported grant type '${grantType}'.`,
          );
  if ('status' in grant) return grant;
  return issue(state, req, form, client, grant, issuerBase);
}

/** AADSTS700016's text, at the token endpoint and on the authorize error page. */
export function unknownAppText(clientId: string, tenant: string): string {
  return (
    `Application with identifier '${clientId}' was not found in the directory '${tenant}'. This can happen if ` +
    'the application has not been installed by the administrator of the tenant or consented to by any user in ' +
    'the tenant. You may have sent your authentication request to the wrong tenant.'
  );
}

/**
 * The answer for a grant: the scope is checked (as on authorize), then every resource permission it names must
 * have been consented — otherwise invalid_grant AADSTS65001 with `suberror: consent_required`, which tells the
 * app to send the person through authorize again (incremental consent).
 */
function issue(
  state: IdentityState,
  req: ApiRequest,
  form: URLSearchParams,
  client: Client,
  grant: Grant,
  issuerBase: string,
): Reply {
  const user = state.users.user(grant.userId);
  if (!user) return oauthError(req, 400, 'invalid_grant', 50034, 'The user account does not exist.');
  const request = parseScopes(grant.scope, state.resources(issuerBase), {
    clientId: client.clientId,
    tenant: grant.tenant,
  });
  if (isScopeProblem(request)) return oauthError(req, 400, request.error, request.code, request.text);
  if (!state.consents.covers(user.id, client.clientId, request.resource, request.permissions)) {
    return oauthError(
      req,
      400,
      'invalid_grant',
      65001,
      `The user or administrator has not consented to use the application with ID '${client.clientId}'. ` +
        'Send an interactive authorization request for this user and resource.',
      { suberror: 'consent_required' },
    );
  }
  const tokens = state.tokens.issueTokens({
    user,
    clientId: client.clientId,
    platform: client.platform,
    request,
    scope: grant.scope,
    granted: state.consents.of(user.id, client.clientId, request.resource),
    tenant: grant.tenant,
    issuerBase,
    nonce: grant.nonce,
    ...(grant.refreshExpiresAt === undefined ? {} : { refreshExpiresAt: grant.refreshExpiresAt }),
    // MSAL asks for client_info=1 to build its account ids from.
    clientInfo: form.get('client_info') === '1',
  });
  return json(200, tokens, { 'Cache-Control': 'no-store' });
}

function redeemCode(
  state: IdentityState,
  req: ApiRequest,
  form: URLSearchParams,
  client: Client,
): Grant | Reply {
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
  if (code.clientId !== client.clientId) {
    return oauthError(req, 400, 'invalid_grant', 70000, 'The code was issued to a different client.');
  }
  if (code.redirectUri !== redirectUri) {
    return oauthError(
      req,
      400,
      'invalid_grant',
      500112,
      `The reply address '${redirectUri}' does not match the reply address '${code.redirectUri}' provided when requesting the authorization code.`,
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
  if (createHash('sha256').update(verifier).digest('base64url') !== code.challenge) {
    // A failed PKCE attempt does not use the code up.
    return oauthError(
      req,
      400,
      'invalid_grant',
      501481,
      'The Code_Verifier does not match the code_challenge supplied in the authorization request.',
    );
  }
  code.used = true;
  return {
    userId: code.userId,
    scope: form.get('scope') ?? code.scope,
    tenant: code.tenant,
    nonce: code.nonce,
  };
}

/**
 * Each use returns a new refresh token, and the old one stays valid until it expires (refresh-tokens doc:
 * "doesn't revoke old refresh tokens when used"), so two renewals at once both succeed. A SPA's new token keeps
 * the original expiry: SPA refresh tokens live a fixed 24 hours that is never extended (reference §5). A refresh
 * token is not tied to a resource: it mints a token for any resource the user consented to for this app.
 */
function redeemRefreshToken(
  state: IdentityState,
  req: ApiRequest,
  form: URLSearchParams,
  client: Client,
): Grant | Reply {
  const value = form.get('refresh_token');
  if (!value) return missing(req, 'refresh_token');
  const lookup = state.tokens.lookupRefresh(value);
  if (!lookup.ok) {
    if (lookup.reason === 'expired') {
      const record = lookup.record!;
      if (record.platform === 'public') {
        return oauthError(
          req,
          400,
          'invalid_grant',
          700082,
          `The refresh token has expired due to inactivity. The token was issued on ${new Date(record.issuedAt).toISOString()} and was inactive for ${PUBLIC_CLIENT_REFRESH_SEC / 86_400}.00:00:00.`,
        );
      }
      return oauthError(
        req,
        400,
        'invalid_grant',
        700084,
        'The refresh token was issued to a single page app (SPA), and therefore has a fixed, limited lifetime of ' +
          `${state.tokens.lifetimes.refreshSec} seconds, which cannot be extended. It is now expired and a new sign in ` +
          `request must be sent by the SPA to the sign in page. The token was issued on ${new Date(record.issuedAt).toISOString()}.`,
      );
    }
    return oauthError(
      req,
      400,
      'invalid_grant',
      9002313,
      'Invalid request. Request is malformed or invalid: unknown refresh token.',
    );
  }
  const { record } = lookup;
  if (record.clientId !== client.clientId) {
    return oauthError(
      req,
      400,
      'invalid_grant',
      70000,
      'The refresh token was issued to a different client.',
    );
  }
  return {
    userId: record.userId,
    scope: form.get('scope') ?? record.scope,
    tenant: record.tenant,
    refreshExpiresAt: record.expiresAt,
  };
}
