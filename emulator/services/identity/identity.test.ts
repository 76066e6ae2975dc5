/**
 * The identity platform endpoints: authorization code + PKCE, sessions, prompt, refresh rotation and lifetimes
 * (reference §5).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_DATASET_PATH, loadDataset } from '../../dataset';
import { type RunningEmulator, startEmulator } from '../../server';
import {
  authorizationCode,
  authorizeUrl,
  demoLinkUrl,
  encodeSharingUrl,
  hiddenFields,
  pkcePair,
  redeemCode,
  signIn,
  TEST_CLIENT_ID,
  TEST_REDIRECT_URI,
} from '../../testing';
import { decodeJwt, expectOAuthError, postForm } from './test-support';

let emulator: RunningEmulator;
let base: string;

beforeAll(async () => {
  // The demo dataset names a signedIn user, which would be a session: these tests start without one.
  emulator = await startEmulator({ autoLogin: false });
  base = emulator.url;
});
afterAll(() => emulator.close());

function tokenRequest(fields: Record<string, string>, headers: Record<string, string> = {}) {
  return postForm(
    `${base}/common/oauth2/v2.0/token`,
    new URLSearchParams({ client_id: TEST_CLIENT_ID, ...fields }),
    headers,
  );
}

async function graphStatus(accessToken: string, baseUrl = base): Promise<Response> {
  return fetch(`${baseUrl}/v1.0/shares/${encodeSharingUrl(demoLinkUrl('file'))}/driveItem`, {
    headers: { Authorization: `Bearer ${accessToken}` },
  });
}

/** Signs in through the form and returns the session cookie and the code. */
async function formSignIn(email: string, password: string, challenge: string) {
  const url = authorizeUrl(base, challenge);
  const form = await fetch(url);
  const fields = hiddenFields(await form.text());
  fields.set('email', email);
  fields.set('password', password);
  const response = await postForm(`${base}${new URL(url).pathname}`, fields);
  return response;
}

describe('sign-in form', () => {
  it('shows a form with Email and Password labels and a Sign in button, keeping the query in hidden fields', async () => {
    const { challenge } = pkcePair();
    const response = await fetch(authorizeUrl(base, challenge));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/html');
    const html = await response.text();
    expect(html).toMatch(/<label for="email">Email<\/label>/);
    expect(html).toMatch(/<label for="password">Password<\/label>/);
    expect(html).toMatch(/<button type="submit">Sign in<\/button>/);
    const fields = hiddenFields(html);
    expect(fields.get('code_challenge')).toBe(challenge);
    expect(fields.get('redirect_uri')).toBe(TEST_REDIRECT_URI);
    expect(fields.get('state')).toBe('state-123');
  });

  it('re-shows the form on a wrong password, keeping the e-mail', async () => {
    const response = await formSignIn('adele@contoso.com', 'wrong', pkcePair().challenge);
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('Your account or password is incorrect.');
    expect(html).toContain('value="adele@contoso.com"');
    expect(response.headers.get('set-cookie')).toBeNull();
  });

  it('escapes everything it echoes', async () => {
    const hint = '"><script>alert(1)</script>';
    const response = await fetch(
      authorizeUrl(base, pkcePair().challenge, { login_hint: hint, state: '<b>&' }),
    );
    const html = await response.text();
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<b>');
    expect(html).toContain('&#34;&#62;&#60;script&#62;alert(1)&#60;/script&#62;');
  });

  it('only takes the account kinds a tenant allows (consumers: personal accounts)', async () => {
    const url = authorizeUrl(base, pkcePair().challenge, {}, { tenant: 'consumers' });
    const fields = hiddenFields(await (await fetch(url)).text());
    fields.set('email', 'megan@contoso.com');
    fields.set('password', 'megan-pass');
    const response = await postForm(`${base}${new URL(url).pathname}`, fields);
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('personal Microsoft account');
  });
});

describe('authorization code + PKCE', () => {
  it('signs in, sets a session cookie, redirects with code and state, and issues working tokens', async () => {
    const { verifier, challenge } = pkcePair();
    const response = await formSignIn('adele@contoso.com', 'adele-pass', challenge);
    expect(response.status).toBe(302);
    expect(response.headers.get('set-cookie')).toMatch(/^emulator_session=[^;]+; Path=\//);
    const location = new URL(response.headers.get('location')!);
    expect(`${location.origin}${location.pathname}`).toBe(TEST_REDIRECT_URI);
    expect(location.searchParams.get('state')).toBe('state-123');
    const code = location.searchParams.get('code')!;

    const token = await redeemCode(base, code, verifier);
    expect(token.status).toBe(200);
    expect(token.headers.get('access-control-allow-origin')).toBe('chrome-extension://abcdefghijklmnop');
    const body = await token.json();
    expect(body).toMatchObject({ token_type: 'Bearer', expires_in: 3600, ext_expires_in: 3600 });
    expect(body.scope).toContain('Files.Read.All');
    for (const name of ['access_token', 'refresh_token', 'id_token']) expect(body[name]).toBeTypeOf('string');
    const claims = decodeJwt(body.id_token);
    expect(claims).toMatchObject({
      aud: TEST_CLIENT_ID,
      name: 'Adele Vance',
      preferred_username: 'adele@contoso.com',
    });
    expect(claims.oid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    for (const claim of ['iss', 'sub', 'tid', 'iat', 'exp']) expect(claims[claim]).toBeDefined();
    expect((await graphStatus(body.access_token)).status).toBe(200);
  });

  it('answers response_mode=form_post with a page that posts the code and state to the redirect URI', async () => {
    const { verifier, challenge } = pkcePair();
    const url = authorizeUrl(base, challenge, { response_mode: 'form_post', prompt: 'login' });
    const fields = hiddenFields(await (await fetch(url)).text());
    fields.set('email', 'megan@contoso.com');
    fields.set('password', 'megan-pass');
    const response = await postForm(`${base}${new URL(url).pathname}`, fields);
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain(`<form method="post" action="${TEST_REDIRECT_URI}">`);
    // Only the page's own submit script may run.
    expect(response.headers.get('content-security-policy')).toMatch(/script-src 'sha256-[A-Za-z0-9+/=]+'/);
    const posted = hiddenFields(html);
    expect(posted.get('state')).toBe('state-123');
    expect((await redeemCode(base, posted.get('code')!, verifier)).status).toBe(200);
  });

  it('rejects a wrong code_verifier with AADSTS501481, leaving the code usable', async () => {
    const { verifier, challenge } = pkcePair();
    const code = await authorizationCode(base, challenge, {
      email: 'megan@contoso.com',
      password: 'megan-pass',
    });
    await expectOAuthError(await redeemCode(base, code, pkcePair().verifier), 'invalid_grant', 501481);
    expect((await redeemCode(base, code, verifier)).status).toBe(200);
  });

  it('makes codes single-use (AADSTS70008)', async () => {
    const { verifier, challenge } = pkcePair();
    const code = await authorizationCode(base, challenge, {
      email: 'megan@contoso.com',
      password: 'megan-pass',
    });
    expect((await redeemCode(base, code, verifier)).status).toBe(200);
    await expectOAuthError(await redeemCode(base, code, verifier), 'invalid_grant', 70008);
  });

  it('binds a code to its client_id and redirect_uri', async () => {
    const { verifier, challenge } = pkcePair();
    const code = await authorizationCode(base, challenge, {
      email: 'megan@contoso.com',
      password: 'megan-pass',
    });
    const otherClient = await redeemCode(base, code, verifier, { clientId: 'another-client' });
    expect((await otherClient.json()).error).toBe('invalid_grant');
    const otherRedirect = await redeemCode(base, code, verifier, {
      redirectUri: 'https://other.chromiumapp.org/',
    });
    expect((await otherRedirect.json()).error).toBe('invalid_grant');
    expect((await redeemCode(base, code, verifier)).status).toBe(200);
  });

  it('requires the code_verifier', async () => {
    const { challenge } = pkcePair();
    const code = await authorizationCode(base, challenge, {
      email: 'megan@contoso.com',
      password: 'megan-pass',
    });
    const response = await tokenRequest({
      grant_type: 'authorization_code',
      code,
      redirect_uri: TEST_REDIRECT_URI,
    });
    expect((await response.json()).error).toBe('invalid_request');
  });

  it('answers token endpoint misuse like the identity platform', async () => {
    await expectOAuthError(await tokenRequest({}), 'invalid_request', 900144);
    await expectOAuthError(await tokenRequest({ grant_type: 'password' }), 'unsupported_grant_type', 70003);
    await expectOAuthError(
      await tokenRequest({ grant_type: 'refresh_token', refresh_token: 'x', client_secret: 's' }),
      'invalid_client',
      700025,
    );
    await expectOAuthError(
      await tokenRequest({ grant_type: 'refresh_token', refresh_token: 'nope' }),
      'invalid_grant',
      9002313,
    );
  });

  it('answers CORS preflights on the token endpoint with the extension origin', async () => {
    const origin = 'chrome-extension://abcdefghijklmnop';
    const response = await fetch(`${base}/common/oauth2/v2.0/token`, {
      method: 'OPTIONS',
      headers: {
        Origin: origin,
        'Access-Control-Request-Method': 'POST',
        'Access-Control-Request-Headers': 'content-type',
      },
    });
    expect(response.status).toBeLessThan(300);
    expect(response.headers.get('access-control-allow-origin')).toBe(origin);
    expect(response.headers.get('access-control-allow-methods')).toContain('POST');
  });
});

describe('refresh tokens', () => {
  it('gives a new refresh token on each use and leaves the old one valid (not revoked when used)', async () => {
    // learn.microsoft.com/entra/identity-platform/refresh-tokens: the platform "doesn't revoke old refresh
    // tokens when used to fetch new access tokens".
    const first = await signIn(base, { email: 'megan@contoso.com', password: 'megan-pass' });
    const refreshed = await tokenRequest({ grant_type: 'refresh_token', refresh_token: first.refresh_token });
    expect(refreshed.status).toBe(200);
    const second = await refreshed.json();
    expect(second.refresh_token).not.toBe(first.refresh_token);
    expect(second.access_token).not.toBe(first.access_token);
    expect((await graphStatus(second.access_token)).status).toBe(200);
    const reused = await tokenRequest({ grant_type: 'refresh_token', refresh_token: first.refresh_token });
    expect(reused.status).toBe(200);
    const third = await tokenRequest({ grant_type: 'refresh_token', refresh_token: second.refresh_token });
    expect(third.status).toBe(200);
  });

  it('lets two renewals with the same refresh token at once both succeed', async () => {
    const set = await signIn(base, { email: 'megan@contoso.com', password: 'megan-pass' });
    const both = await Promise.all([
      tokenRequest({ grant_type: 'refresh_token', refresh_token: set.refresh_token }),
      tokenRequest({ grant_type: 'refresh_token', refresh_token: set.refresh_token }),
    ]);
    expect(both.map((response) => response.status)).toEqual([200, 200]);
    const [a, b] = await Promise.all(both.map((response) => response.json()));
    expect(a.access_token).not.toBe(b.access_token);
    for (const tokens of [a, b]) expect((await graphStatus(tokens.access_token)).status).toBe(200);
  });

  it('refuses a refresh token from another client', async () => {
    const set = await signIn(base, { email: 'megan@contoso.com', password: 'megan-pass' });
    const response = await postForm(
      `${base}/common/oauth2/v2.0/token`,
      new URLSearchParams({
        client_id: 'someone-else',
        grant_type: 'refresh_token',
        refresh_token: set.refresh_token,
      }),
    );
    expect((await response.json()).error).toBe('invalid_grant');
  });
});

describe('lifetimes', () => {
  let short: RunningEmulator;
  beforeAll(async () => {
    short = await startEmulator({
      autoLogin: false,
      accessTokenLifetimeSec: 1,
      refreshTokenLifetimeSec: 2,
      authCodeLifetimeSec: 1,
    });
  });
  afterAll(() => short.close());

  it('expires access tokens: Graph answers 401 InvalidAuthenticationToken; the refresh token still works', async () => {
    const set = await signIn(short.url, { email: 'megan@contoso.com', password: 'megan-pass' });
    expect(set.expires_in).toBe(1);
    expect((await graphStatus(set.access_token, short.url)).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const expired = await graphStatus(set.access_token, short.url);
    expect(expired.status).toBe(401);
    expect(expired.headers.get('www-authenticate')).toContain('Bearer');
    expect((await expired.json()).error.code).toBe('InvalidAuthenticationToken');
    const refreshed = await postForm(
      `${short.url}/common/oauth2/v2.0/token`,
      new URLSearchParams({
        client_id: TEST_CLIENT_ID,
        grant_type: 'refresh_token',
        refresh_token: set.refresh_token,
      }),
    );
    expect(refreshed.status).toBe(200);
  });

  it('expires refresh tokens at a fixed time that rotation does not extend (AADSTS700084)', async () => {
    const set = await signIn(short.url, { email: 'megan@contoso.com', password: 'megan-pass' });
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const rotated = await postForm(
      `${short.url}/common/oauth2/v2.0/token`,
      new URLSearchParams({
        client_id: TEST_CLIENT_ID,
        grant_type: 'refresh_token',
        refresh_token: set.refresh_token,
      }),
    );
    const next = await rotated.json();
    expect(next.refresh_token_expires_in).toBeLessThanOrEqual(1);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const response = await postForm(
      `${short.url}/common/oauth2/v2.0/token`,
      new URLSearchParams({
        client_id: TEST_CLIENT_ID,
        grant_type: 'refresh_token',
        refresh_token: next.refresh_token,
      }),
    );
    await expectOAuthError(response, 'invalid_grant', 700084);
  });

  it('expires authorization codes (AADSTS70008)', async () => {
    const { verifier, challenge } = pkcePair();
    const code = await authorizationCode(short.url, challenge, {
      email: 'megan@contoso.com',
      password: 'megan-pass',
    });
    await new Promise((resolve) => setTimeout(resolve, 1100));
    await expectOAuthError(await redeemCode(short.url, code, verifier), 'invalid_grant', 70008);
  });
});

describe('sessions and prompt', () => {
  async function sessionCookie(): Promise<string> {
    const response = await formSignIn('adele@contoso.com', 'adele-pass', pkcePair().challenge);
    return response.headers.get('set-cookie')!.split(';')[0]!;
  }

  it('redirects at once when the browser has a session, also for prompt=none', async () => {
    const cookie = await sessionCookie();
    for (const extra of [{}, { prompt: 'none' }] as Record<string, string>[]) {
      const response = await fetch(authorizeUrl(base, pkcePair().challenge, extra), {
        headers: { Cookie: cookie },
        redirect: 'manual',
      });
      expect(response.status).toBe(302);
      expect(new URL(response.headers.get('location')!).searchParams.get('code')).toBeTruthy();
    }
  });

  it('prompt=none without a session redirects with error=login_required and the state', async () => {
    const response = await fetch(authorizeUrl(base, pkcePair().challenge, { prompt: 'none' }), {
      redirect: 'manual',
    });
    expect(response.status).toBe(302);
    const location = new URL(response.headers.get('location')!);
    expect(location.searchParams.get('error')).toBe('login_required');
    expect(location.searchParams.get('error_description')).toMatch(/^AADSTS\d+: /);
    expect(location.searchParams.get('state')).toBe('state-123');
  });

  it('prompt=login always shows the form', async () => {
    const cookie = await sessionCookie();
    const response = await fetch(authorizeUrl(base, pkcePair().challenge, { prompt: 'login' }), {
      headers: { Cookie: cookie },
      redirect: 'manual',
    });
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('Sign in');
  });

  it('prompt=none with a login_hint for another account than the session’s is login_required', async () => {
    const cookie = await sessionCookie();
    const response = await fetch(
      authorizeUrl(base, pkcePair().challenge, { prompt: 'none', login_hint: 'megan@contoso.com' }),
      { headers: { Cookie: cookie }, redirect: 'manual' },
    );
    expect(new URL(response.headers.get('location')!).searchParams.get('error')).toBe('login_required');
  });

  it('logout ends the session', async () => {
    const cookie = await sessionCookie();
    await fetch(`${base}/common/oauth2/v2.0/logout`, { headers: { Cookie: cookie } });
    const response = await fetch(authorizeUrl(base, pkcePair().challenge, { prompt: 'none' }), {
      headers: { Cookie: cookie },
      redirect: 'manual',
    });
    expect(new URL(response.headers.get('location')!).searchParams.get('error')).toBe('login_required');
  });

  it('a dataset that names a signedIn user has that session without --auto-login', async () => {
    const dataset = loadDataset(DEMO_DATASET_PATH);
    const withSession = await startEmulator({ data: dataset });
    const withoutSession = await startEmulator({ data: { ...dataset, signedIn: undefined } });
    try {
      const { challenge } = pkcePair();
      const immediate = await fetch(authorizeUrl(withSession.url, challenge), { redirect: 'manual' });
      expect(new URL(immediate.headers.get('location')!).searchParams.get('code')).toBeTruthy();
      const form = await fetch(authorizeUrl(withoutSession.url, challenge), { redirect: 'manual' });
      expect(form.status).toBe(200);
      expect(await form.text()).toContain('Password');
    } finally {
      await withSession.close();
      await withoutSession.close();
    }
  });

  it('--auto-login acts as a session for the dataset’s signedIn user', async () => {
    const auto = await startEmulator({ autoLogin: true });
    try {
      const { verifier, challenge } = pkcePair();
      const response = await fetch(authorizeUrl(auto.url, challenge), { redirect: 'manual' });
      expect(response.status).toBe(302);
      const code = new URL(response.headers.get('location')!).searchParams.get('code')!;
      const tokens = await (await redeemCode(auto.url, code, verifier)).json();
      expect(decodeJwt(tokens.id_token).preferred_username).toBe('megan@contoso.com');
    } finally {
      await auto.close();
    }
  });
});

describe('authorize validation', () => {
  it('shows an error page (no redirect) for a redirect_uri an extension cannot own, or no client_id', async () => {
    for (const redirectUri of [
      'https://evil.example.com/cb',
      'http://192.0.2.1/cb',
      'chrome-extension://abc/cb',
    ]) {
      const response = await fetch(authorizeUrl(base, pkcePair().challenge, {}, { redirectUri }), {
        redirect: 'manual',
      });
      expect(response.status, redirectUri).toBe(400);
      expect(response.headers.get('location')).toBeNull();
      expect(await response.text()).toContain('AADSTS50011');
    }
    const noClient = await fetch(`${base}/common/oauth2/v2.0/authorize?response_type=code`, {
      redirect: 'manual',
    });
    expect(noClient.status).toBe(400);
    expect(await noClient.text()).toContain('AADSTS900144');
  });

  it('accepts Chrome, Firefox and loopback redirect URIs', async () => {
    for (const redirectUri of [
      'https://abc.chromiumapp.org/',
      'https://0123abcd.extensions.allizom.org/',
      'http://127.0.0.1:5555/callback',
      'http://localhost/cb',
    ]) {
      const response = await fetch(authorizeUrl(base, pkcePair().challenge, {}, { redirectUri }), {
        redirect: 'manual',
      });
      expect(response.status, redirectUri).toBe(200);
    }
  });

  it('redirects other mistakes back as error=… with the state', async () => {
    const cases: [Record<string, string>, string][] = [
      [{ response_type: 'token' }, 'unsupported_response_type'],
      [{ code_challenge: '' }, 'invalid_request'],
      [{ code_challenge_method: 'plain' }, 'invalid_request'],
      [{ scope: '' }, 'invalid_request'],
      [{ prompt: 'sometimes' }, 'invalid_request'],
    ];
    for (const [extra, error] of cases) {
      const response = await fetch(authorizeUrl(base, pkcePair().challenge, extra), { redirect: 'manual' });
      expect(response.status, JSON.stringify(extra)).toBe(302);
      const location = new URL(response.headers.get('location')!);
      expect(location.searchParams.get('error')).toBe(error);
      expect(location.searchParams.get('state')).toBe('state-123');
      expect(location.searchParams.get('code')).toBeNull();
    }
  });
});

describe('injected faults', () => {
  async function fault(spec: unknown) {
    const response = await fetch(`${base}/_emulator/faults`, { method: 'POST', body: JSON.stringify(spec) });
    expect(response.status).toBe(201);
  }

  it('answer in the identity platform’s JSON error shape, on the token endpoint and on authorize', async () => {
    await fault({ match: { path: '/oauth2/v2.0/token' }, status: 429, retryAfter: 2 });
    await fault({ match: { path: '/oauth2/v2.0/authorize' }, status: 500 });
    const token = await tokenRequest(
      { grant_type: 'refresh_token', refresh_token: 'x' },
      { 'client-request-id': 'c-1' },
    );
    const authorize = await fetch(authorizeUrl(base, pkcePair().challenge), { redirect: 'manual' });
    for (const [response, status, error, code] of [
      [token, 429, 'temporarily_unavailable', 90033],
      [authorize, 500, 'server_error', 50000],
    ] as const) {
      expect(response.status).toBe(status);
      expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
      const body = await response.json();
      expect(Object.keys(body)).toEqual([
        'error',
        'error_description',
        'error_codes',
        'timestamp',
        'trace_id',
        'correlation_id',
      ]);
      expect(body.error).toBe(error);
      expect(body.error_description).toMatch(
        new RegExp(
          `^AADSTS${code}: .+ Trace ID: ${body.trace_id} Correlation ID: ${body.correlation_id} Timestamp: `,
        ),
      );
      expect(body.error_codes).toEqual([code]);
      expect(body.timestamp).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ$/);
    }
    expect(token.headers.get('retry-after')).toBe('2');
    expect(
      (await (await tokenRequest({ grant_type: 'refresh_token', refresh_token: 'x' })).json()).error,
    ).toBe('invalid_grant');
  });
});
