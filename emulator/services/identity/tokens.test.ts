/**
 * What the tokens look like: ID tokens signed RS256 with a key published through OpenID Connect discovery,
 * `oid` a GUID, opaque access tokens for personal accounts, and `client_info` when asked for
 * (learn.microsoft.com/entra/identity-platform/id-tokens, v2-protocols-oidc, access-tokens).
 */
import { createPublicKey, type JsonWebKey, verify } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningEmulator, startEmulator } from '../../server';
import {
  authorizationCode,
  authorizeUrl,
  demoLinkUrl,
  encodeSharingUrl,
  hiddenFields,
  pkcePair,
  signIn,
  TEST_CLIENT_ID,
  TEST_REDIRECT_URI,
} from '../../testing';
import { decodeJwt, postForm } from './test-support';
import { CONSUMER_TENANT_ID } from './users';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const MEGAN = { email: 'megan@contoso.com', password: 'megan-pass' };
const DAN = { email: 'dan.jump@outlook.com', password: 'dan-pass' };

let emulator: RunningEmulator;
let base: string;

beforeAll(async () => {
  emulator = await startEmulator({ autoLogin: false });
  base = emulator.url;
});
afterAll(() => emulator.close());

function header(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[0]!, 'base64url').toString('utf8'));
}

describe('OpenID Connect discovery', () => {
  it('publishes the endpoints, the issuer and the keys under the tenant, to any origin', async () => {
    const response = await fetch(`${base}/common/v2.0/.well-known/openid-configuration`, {
      headers: { Origin: 'https://app.example' },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    const config = await response.json();
    expect(config).toMatchObject({
      authorization_endpoint: `${base}/common/oauth2/v2.0/authorize`,
      token_endpoint: `${base}/common/oauth2/v2.0/token`,
      end_session_endpoint: `${base}/common/oauth2/v2.0/logout`,
      jwks_uri: `${base}/common/discovery/v2.0/keys`,
      issuer: `${base}/{tenantid}/v2.0`,
      id_token_signing_alg_values_supported: ['RS256'],
    });
    const consumers = await (await fetch(`${base}/consumers/v2.0/.well-known/openid-configuration`)).json();
    expect(consumers.issuer).toBe(`${base}/${CONSUMER_TENANT_ID}/v2.0`);
  });

  it('signs ID tokens RS256 with a published key, and names the tenant in the issuer', async () => {
    const tokens = await signIn(base, MEGAN);
    const { kid, alg } = header(tokens.id_token);
    expect(alg).toBe('RS256');
    const { keys } = await (await fetch(`${base}/common/discovery/v2.0/keys`)).json();
    const jwk = keys.find((key: { kid: string }) => key.kid === kid);
    expect(jwk).toMatchObject({ kty: 'RSA', use: 'sig' });
    const [head, payload, signature] = tokens.id_token.split('.');
    const valid = verify(
      'sha256',
      Buffer.from(`${head}.${payload}`),
      createPublicKey({ key: jwk as JsonWebKey, format: 'jwk' }),
      Buffer.from(signature!, 'base64url'),
    );
    expect(valid).toBe(true);
    const claims = decodeJwt(tokens.id_token);
    expect(claims.iss).toBe(`${base}/${claims.tid}/v2.0`);
  });
});

describe('claims and token formats', () => {
  it('gives oid as a GUID, the same for every app, while sub differs per app', async () => {
    const first = decodeJwt((await signIn(base, MEGAN)).id_token);
    const other = decodeJwt((await signIn(base, { ...MEGAN, clientId: 'another-app' })).id_token);
    expect(first.oid).toMatch(GUID);
    expect(other.oid).toBe(first.oid);
    expect(other.sub).not.toBe(first.sub);
    const personal = decodeJwt((await signIn(base, DAN)).id_token);
    expect(personal.oid).toMatch(/^00000000-0000-0000-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(personal.tid).toBe(CONSUMER_TENANT_ID);
  });

  it('gives personal accounts opaque access tokens that Graph still accepts; work accounts get JWTs', async () => {
    const personal = await signIn(base, DAN);
    expect(personal.access_token.split('.')).toHaveLength(1);
    const shared = await fetch(`${base}/v1.0/shares/${encodeSharingUrl(demoLinkUrl('personal'))}/driveItem`, {
      headers: { Authorization: `Bearer ${personal.access_token}` },
    });
    expect(shared.status).toBe(200);
    const work = await signIn(base, MEGAN);
    expect(decodeJwt(work.access_token)).toMatchObject({ aud: 'https://graph.microsoft.com' });
  });

  it('answers client_info (base64url {uid, utid}) when the token request asks with client_info=1', async () => {
    const { verifier, challenge } = pkcePair();
    const code = await authorizationCode(base, challenge, MEGAN);
    const form = (extra: Record<string, string>) =>
      new URLSearchParams({
        client_id: TEST_CLIENT_ID,
        grant_type: 'authorization_code',
        code,
        redirect_uri: TEST_REDIRECT_URI,
        code_verifier: verifier,
        ...extra,
      });
    const tokens = await (
      await postForm(`${base}/common/oauth2/v2.0/token`, form({ client_info: '1' }))
    ).json();
    const clientInfo = JSON.parse(Buffer.from(tokens.client_info, 'base64url').toString('utf8'));
    const claims = decodeJwt(tokens.id_token);
    expect(clientInfo).toEqual({ uid: claims.oid, utid: claims.tid });
    const without = await signIn(base, MEGAN);
    expect(without).not.toHaveProperty('client_info');
  });

  it('adds client_info to the authorize redirect when asked, as MSAL reads it there', async () => {
    const url = authorizeUrl(base, pkcePair().challenge, { client_info: '1', prompt: 'login' });
    const fields = hiddenFields(await (await fetch(url)).text());
    fields.set('email', MEGAN.email);
    fields.set('password', MEGAN.password);
    const response = await postForm(`${base}${new URL(url).pathname}`, fields);
    const location = new URL(response.headers.get('location')!);
    const clientInfo = JSON.parse(
      Buffer.from(location.searchParams.get('client_info')!, 'base64url').toString(),
    );
    expect(clientInfo.uid).toMatch(GUID);
    expect(clientInfo.utid).toMatch(GUID);
  });
});
