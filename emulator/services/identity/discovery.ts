/**
 * OpenID Connect discovery: `/{tenant}/v2.0/.well-known/openid-configuration` and the signing keys at
 * `/{tenant}/discovery/v2.0/keys` (learn.microsoft.com/entra/identity-platform/v2-protocols-oidc, "Find your
 * app's OpenID configuration document URI"). MSAL reads the endpoints and the issuer from here.
 */
import { json, type Reply } from '../../core/http';
import { jwks } from './keys';
import { CONSUMER_TENANT_ID } from './users';

/**
 * The issuer a tenant's documents name: `{tenantid}` is a placeholder for the multi-tenant authorities, as in
 * the real `common` document; `consumers` is the Microsoft account tenant.
 */
function issuerOf(baseUrl: string, tenant: string): string {
  const lower = tenant.toLowerCase();
  const id =
    lower === 'common' || lower === 'organizations'
      ? '{tenantid}'
      : lower === 'consumers'
        ? CONSUMER_TENANT_ID
        : tenant;
  return `${baseUrl}/${id}/v2.0`;
}

export function openIdConfiguration(baseUrl: string, tenant: string): Reply {
  const authority = `${baseUrl}/${tenant}`;
  return json(200, {
    token_endpoint: `${authority}/oauth2/v2.0/token`,
    token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
    jwks_uri: `${authority}/discovery/v2.0/keys`,
    response_modes_supported: ['query', 'fragment', 'form_post'],
    subject_types_supported: ['pairwise'],
    id_token_signing_alg_values_supported: ['RS256'],
    response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
    scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
    issuer: issuerOf(baseUrl, tenant),
    request_uri_parameter_supported: false,
    authorization_endpoint: `${authority}/oauth2/v2.0/authorize`,
    http_logout_supported: true,
    frontchannel_logout_supported: true,
    end_session_endpoint: `${authority}/oauth2/v2.0/logout`,
    claims_supported: [
      'sub',
      'iss',
      'aud',
      'exp',
      'iat',
      'auth_time',
      'nonce',
      'preferred_username',
      'name',
      'tid',
      'ver',
      'email',
    ],
    tenant_region_scope: null,
  });
}

export function signingKeys(baseUrl: string, tenant: string): Reply {
  return json(200, jwks(issuerOf(baseUrl, tenant)));
}
