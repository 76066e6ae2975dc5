/**
 * Scopes and consent: what a scope parameter may name, what each OpenID Connect scope adds to the answer, and
 * consent per user and app that refresh tokens cannot go beyond (learn.microsoft.com/entra/identity-platform/
 * scopes-oidc, consent-types-developer, refresh-tokens).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningEmulator, startEmulator } from '../../server';
import {
  authorizeUrl,
  demoLinkUrl,
  encodeSharingUrl,
  hiddenFields,
  pkcePair,
  signIn,
  TEST_CLIENT_ID,
} from '../../testing';
import { decodeJwt, expectOAuthError, postForm, redirectError } from './test-support';

const MEGAN = { email: 'megan@contoso.com', password: 'megan-pass' };
const FILES = 'openid profile offline_access https://graph.microsoft.com/Files.Read.All';

let emulator: RunningEmulator;
let base: string;

beforeAll(async () => {
  emulator = await startEmulator({ autoLogin: false });
  base = emulator.url;
});
afterAll(() => emulator.close());

function authorize(scope: string, extra: Record<string, string> = {}, clientId = TEST_CLIENT_ID) {
  return fetch(authorizeUrl(base, pkcePair().challenge, extra, { scope, clientId }), { redirect: 'manual' });
}

function refresh(refreshToken: string, scope?: string, clientId = TEST_CLIENT_ID) {
  return postForm(
    `${base}/common/oauth2/v2.0/token`,
    new URLSearchParams({
      client_id: clientId,
      grant_type: 'refresh_token',
      refresh_token: refreshToken,
      ...(scope ? { scope } : {}),
    }),
    { Origin: 'chrome-extension://abcdefghijklmnop' },
  );
}

async function graphStatus(accessToken: string): Promise<number> {
  const response = await fetch(`${base}/v1.0/shares/${encodeSharingUrl(demoLinkUrl('file'))}/driveItem`, {
    headers: { Authorization: `Bearer ${accessToken}` },
  });
  return response.status;
}

describe('scope validation', () => {
  it('answers a malformed scope, or scopes of two resources, with invalid_scope AADSTS70011', async () => {
    for (const scope of [
      'openid Files.Read"All',
      'openid https://graph.microsoft.com/',
      'openid https://graph.microsoft.com/Files.Read.All https://outlook.office365.com/EWS.AccessAsUser.All',
      'openid https://graph.microsoft.com/.default https://graph.microsoft.com/Files.Read.All',
    ]) {
      expect(redirectError(await authorize(scope)), scope).toEqual({ error: 'invalid_scope', code: '70011' });
    }
  });

  it('answers a permission the resource does not have with AADSTS650053, and an unknown resource with AADSTS500011', async () => {
    expect(
      redirectError(await authorize('openid https://graph.microsoft.com/Files.Read.Everything')),
    ).toEqual({
      error: 'invalid_client',
      code: '650053',
    });
    expect(redirectError(await authorize('openid api://unknown-api/access_as_user'))).toEqual({
      error: 'invalid_resource',
      code: '500011',
    });
  });

  it('checks the scope at the token endpoint too', async () => {
    const tokens = await signIn(base, { ...MEGAN, scope: FILES });
    await expectOAuthError(
      await refresh(tokens.refresh_token, 'openid Files.Nope'),
      'invalid_client',
      650053,
    );
    await expectOAuthError(await refresh(tokens.refresh_token, 'openid Files.Read"'), 'invalid_scope', 70011);
  });

  it('accepts bare Graph permissions, Graph by app id, national clouds and the emulator as the resource', async () => {
    for (const scope of [
      'openid Files.Read.All',
      'openid 00000003-0000-0000-c000-000000000000/Files.Read.All',
      'openid https://graph.microsoft.us/Files.Read.All',
      `openid ${base}/Files.Read.All`,
    ]) {
      const tokens = await signIn(base, { ...MEGAN, scope });
      expect(await graphStatus(tokens.access_token), scope).toBe(200);
    }
  });
});

describe('what the OpenID Connect scopes add', () => {
  it('gives a refresh token only for offline_access and an ID token only for openid', async () => {
    const bare = await signIn(base, { ...MEGAN, scope: 'Files.Read.All' });
    expect(bare).not.toHaveProperty('refresh_token');
    expect(bare).not.toHaveProperty('id_token');
    expect(await graphStatus(bare.access_token)).toBe(200);
  });

  it('puts name and preferred_username in the ID token only for profile, email only for email', async () => {
    const plain = decodeJwt((await signIn(base, { ...MEGAN, scope: 'openid Files.Read.All' })).id_token);
    for (const claim of ['name', 'preferred_username', 'email']) expect(plain).not.toHaveProperty(claim);
    const full = decodeJwt(
      (await signIn(base, { ...MEGAN, scope: 'openid profile email Files.Read.All' })).id_token,
    );
    expect(full).toMatchObject({
      name: 'Megan Bowen',
      preferred_username: 'megan@contoso.com',
      email: 'megan@contoso.com',
    });
  });
});

describe('consent', () => {
  it('lets a refresh token mint only consented scopes (invalid_grant AADSTS65001, suberror consent_required)', async () => {
    const app = 'consent-app-1';
    const tokens = await signIn(base, { ...MEGAN, scope: FILES, clientId: app });
    const more = 'openid offline_access https://graph.microsoft.com/Sites.Read.All';
    const refused = await expectOAuthError(
      await refresh(tokens.refresh_token, more, app),
      'invalid_grant',
      65001,
    );
    expect(refused.suberror).toBe('consent_required');
    // A silent authorize cannot ask either.
    const { challenge } = pkcePair();
    const cookie = await sessionCookie(app);
    const silent = await fetch(
      authorizeUrl(base, challenge, { prompt: 'none' }, { scope: more, clientId: app }),
      {
        headers: { Cookie: cookie },
        redirect: 'manual',
      },
    );
    expect(redirectError(silent)).toEqual({ error: 'consent_required', code: '65001' });

    // Incremental consent: authorize again with the new scope, interactively.
    await signIn(base, { ...MEGAN, scope: more, clientId: app });
    const granted = await refresh(tokens.refresh_token, more, app);
    expect(granted.status).toBe(200);
    // A token carries every permission consented for its resource.
    const filesAgain = await (await refresh(tokens.refresh_token, undefined, app)).json();
    expect(filesAgain.scope.split(' ')).toEqual(expect.arrayContaining(['Files.Read.All', 'Sites.Read.All']));
  });

  it('is per app: another app of the same user has to ask for itself', async () => {
    await signIn(base, { ...MEGAN, scope: FILES, clientId: 'consent-app-2' });
    const cookie = await sessionCookie('consent-app-2');
    const other = await fetch(
      authorizeUrl(
        base,
        pkcePair().challenge,
        { prompt: 'none' },
        { scope: FILES, clientId: 'consent-app-3' },
      ),
      { headers: { Cookie: cookie }, redirect: 'manual' },
    );
    expect(redirectError(other)).toEqual({ error: 'consent_required', code: '65001' });
  });

  it('lets one refresh token mint tokens for another consented resource, which Graph does not accept', async () => {
    const app = 'consent-app-4';
    const ews = 'openid offline_access https://outlook.office365.com/EWS.AccessAsUser.All';
    const tokens = await signIn(base, { ...MEGAN, scope: FILES, clientId: app });
    await expectOAuthError(await refresh(tokens.refresh_token, ews, app), 'invalid_grant', 65001);
    await signIn(base, { ...MEGAN, scope: ews, clientId: app });
    const exchange = await refresh(tokens.refresh_token, ews, app);
    expect(exchange.status).toBe(200);
    const { access_token: accessToken, scope } = await exchange.json();
    expect(scope).toContain('https://outlook.office365.com/EWS.AccessAsUser.All');
    // Another audience: Graph answers 401.
    expect(await graphStatus(accessToken)).toBe(401);
  });
});

/** Signs Megan in through the form for an app and returns the browser session cookie. */
async function sessionCookie(clientId: string): Promise<string> {
  const url = authorizeUrl(base, pkcePair().challenge, { prompt: 'login' }, { scope: FILES, clientId });
  const fields = hiddenFields(await (await fetch(url)).text());
  fields.set('email', MEGAN.email);
  fields.set('password', MEGAN.password);
  const response = await postForm(`${base}${new URL(url).pathname}`, fields);
  return response.headers.get('set-cookie')!.split(';')[0]!;
}
