/**
 * App registrations (`apps` in the dataset): unknown client ids, registered redirect URIs, and what a SPA or a
 * public client may do at the token endpoint (learn.microsoft.com/entra/identity-platform/reply-url,
 * refresh-tokens; reference §5).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_DATASET_PATH, loadDataset } from '../../dataset';
import { type RunningEmulator, startEmulator } from '../../server';
import { authorizationCode, authorizeUrl, pkcePair, redeemCode, signIn } from '../../testing';
import type { IdentityService } from './index';
import { expectOAuthError, postForm } from './test-support';

const SPA = { clientId: 'spa-app', redirectUris: ['https://abcdefghijklmnop.chromiumapp.org/'], spa: true };
const DESKTOP = { clientId: 'desktop-app', redirectUris: ['http://localhost'] };
const ORIGIN = { Origin: 'chrome-extension://abcdefghijklmnop' };
const MEGAN = { email: 'megan@contoso.com', password: 'megan-pass' };

let emulator: RunningEmulator;
let base: string;

beforeAll(async () => {
  const dataset = { ...loadDataset(DEMO_DATASET_PATH), apps: [SPA, DESKTOP] };
  emulator = await startEmulator({ data: dataset, autoLogin: false });
  base = emulator.url;
});
afterAll(() => emulator.close());

/** A sign-in of the desktop app, whose token requests carry no Origin. */
async function desktopSignIn(redirectUri = 'http://localhost:53123/') {
  const { verifier, challenge } = pkcePair();
  const options = { ...MEGAN, clientId: DESKTOP.clientId, redirectUri };
  const code = await authorizationCode(base, challenge, options);
  return postForm(
    `${base}/common/oauth2/v2.0/token`,
    new URLSearchParams({
      client_id: DESKTOP.clientId,
      grant_type: 'authorization_code',
      code,
      redirect_uri: redirectUri,
      code_verifier: verifier,
      scope: 'openid profile offline_access Files.Read.All',
    }),
  );
}

describe('app registrations', () => {
  it('answers an unknown client id with AADSTS700016: an error page on authorize, unauthorized_client on token', async () => {
    const page = await fetch(authorizeUrl(base, pkcePair().challenge, {}, { clientId: 'nobody' }), {
      redirect: 'manual',
    });
    expect(page.status).toBe(400);
    expect(page.headers.get('location')).toBeNull();
    expect(await page.text()).toMatch(
      /AADSTS700016: Application with identifier &#39;nobody&#39; was not found/,
    );
    const token = await postForm(
      `${base}/common/oauth2/v2.0/token`,
      new URLSearchParams({ client_id: 'nobody', grant_type: 'refresh_token', refresh_token: 'x' }),
    );
    await expectOAuthError(token, 'unauthorized_client', 700016);
  });

  it('takes only the redirect URIs registered for the app (AADSTS50011), loopback ones on any port', async () => {
    const status = async (clientId: string, redirectUri: string) =>
      (
        await fetch(authorizeUrl(base, pkcePair().challenge, {}, { clientId, redirectUri }), {
          redirect: 'manual',
        })
      ).status;
    expect(await status(SPA.clientId, SPA.redirectUris[0]!)).toBe(200);
    expect(await status(SPA.clientId, 'https://otherextension.chromiumapp.org/')).toBe(400);
    expect(await status(DESKTOP.clientId, 'http://localhost:53123/')).toBe(200);
    expect(await status(DESKTOP.clientId, 'http://localhost:53123/elsewhere')).toBe(400);
    expect(await status(DESKTOP.clientId, SPA.redirectUris[0]!)).toBe(400);
  });

  it('makes a SPA redeem cross-origin only (AADSTS9002327), with a fixed refresh lifetime', async () => {
    const { verifier, challenge } = pkcePair();
    const options = { ...MEGAN, clientId: SPA.clientId, redirectUri: SPA.redirectUris[0]! };
    const code = await authorizationCode(base, challenge, options);
    const noOrigin = await postForm(
      `${base}/common/oauth2/v2.0/token`,
      new URLSearchParams({
        client_id: SPA.clientId,
        grant_type: 'authorization_code',
        code,
        redirect_uri: SPA.redirectUris[0]!,
        code_verifier: verifier,
      }),
    );
    await expectOAuthError(noOrigin, 'invalid_request', 9002327);
    const tokens = await signIn(base, options); // redeems with an Origin
    expect(tokens.refresh_token).toBeTypeOf('string');
    expect((tokens as unknown as Record<string, unknown>).refresh_token_expires_in).toBe(86_400);
  });

  it('refuses cross-origin redemption for a public client (AADSTS9002326); its refresh tokens last 90 days', async () => {
    const response = await desktopSignIn();
    expect(response.status).toBe(200);
    const tokens = await response.json();
    expect(tokens).not.toHaveProperty('refresh_token_expires_in');
    const identity = emulator.context.services.find(
      (service) => service.name === 'identity',
    ) as IdentityService;
    const lookup = identity.tokens.lookupRefresh(tokens.refresh_token);
    expect(lookup.ok && lookup.record.expiresAt - Date.now()).toBeGreaterThan(89 * 86_400_000);

    const crossOrigin = await postForm(
      `${base}/common/oauth2/v2.0/token`,
      new URLSearchParams({
        client_id: DESKTOP.clientId,
        grant_type: 'refresh_token',
        refresh_token: tokens.refresh_token,
      }),
      ORIGIN,
    );
    await expectOAuthError(crossOrigin, 'invalid_request', 9002326);
  });

  it('keeps datasets without apps valid: any client id then signs in', async () => {
    const open = await startEmulator({ autoLogin: true });
    try {
      const tokens = await signIn(open.url, { clientId: 'any-client-id-at-all' });
      expect(tokens.access_token).toBeTypeOf('string');
    } finally {
      await open.close();
    }
  });

  it('validates the apps section: unique client ids, https or loopback redirect URIs', () => {
    const demo = loadDataset(DEMO_DATASET_PATH);
    expect(() => loadDataset({ ...demo, apps: [SPA, { ...SPA, clientId: 'SPA-APP' }] })).toThrow(
      'apps[1].clientId: same client id as apps[0]',
    );
    expect(() =>
      loadDataset({ ...demo, apps: [{ clientId: 'x', redirectUris: ['http://example.com/cb'] }] }),
    ).toThrow('apps[0].redirectUris[0]: must be an https URL');
  });
});

describe('the code is bound to the redirect URI it was issued for', () => {
  it('answers AADSTS500112 when the token request names another one', async () => {
    const { verifier, challenge } = pkcePair();
    const code = await authorizationCode(base, challenge, {
      ...MEGAN,
      clientId: SPA.clientId,
      redirectUri: SPA.redirectUris[0]!,
    });
    const response = await redeemCode(base, code, verifier, {
      clientId: SPA.clientId,
      redirectUri: 'https://abcdefghijklmnop.chromiumapp.org/other',
    });
    await expectOAuthError(response, 'invalid_grant', 500112);
  });
});
