import { Base64 } from 'js-base64';
import { describe, expect, it } from 'vitest';
import {
  AuthError,
  accountFromIdToken,
  authorizeUrl,
  createPkcePair,
  graphScopes,
  parseRedirect,
  pkceChallenge,
  requestTokens,
} from './oauth';

const jwt = (claims: object) =>
  `${Base64.encodeURI('{"alg":"none"}')}.${Base64.encodeURI(JSON.stringify(claims))}.`;

describe('PKCE', () => {
  it('computes the S256 challenge of RFC 7636 appendix B', async () => {
    expect(await pkceChallenge('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk')).toBe(
      'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
    );
  });

  it('makes a fresh 43-character verifier each time', async () => {
    const [a, b] = await Promise.all([createPkcePair(), createPkcePair()]);
    expect(a.verifier).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(a.verifier).not.toBe(b.verifier);
    expect(await pkceChallenge(a.verifier)).toBe(a.challenge);
  });
});

describe('authorize request', () => {
  it('asks for a code with PKCE and Graph scopes of the configured cloud', () => {
    const url = new URL(
      authorizeUrl({
        authority: 'https://login.microsoftonline.us/contoso',
        clientId: 'client',
        redirectUri: 'https://abc.chromiumapp.org/',
        scopes: graphScopes('https://graph.microsoft.us/v1.0'),
        state: 'st',
        challenge: 'ch',
        prompt: 'none',
        loginHint: 'megan@contoso.com',
      }),
    );
    expect(url.origin + url.pathname).toBe('https://login.microsoftonline.us/contoso/oauth2/v2.0/authorize');
    expect(Object.fromEntries(url.searchParams)).toMatchObject({
      client_id: 'client',
      response_type: 'code',
      redirect_uri: 'https://abc.chromiumapp.org/',
      scope: 'openid profile offline_access https://graph.microsoft.us/Files.Read.All',
      code_challenge: 'ch',
      code_challenge_method: 'S256',
      prompt: 'none',
      login_hint: 'megan@contoso.com',
    });
  });

  const expected = { redirectUri: 'https://abc.chromiumapp.org/', state: 's1' };
  const codeOf = (url: string) => () => parseRedirect(url, expected);
  const errorCode = (url: string) => {
    try {
      parseRedirect(url, expected);
    } catch (error) {
      expect(error).toBeInstanceOf(AuthError);
      return (error as AuthError).code;
    }
    return expect.unreachable();
  };

  it('reads the code from the redirect and refuses a state mismatch or an error', () => {
    expect(codeOf('https://abc.chromiumapp.org/?code=c1&state=s1')()).toBe('c1');
    expect(codeOf('https://abc.chromiumapp.org/?code=c1&state=other')).toThrow(/did not match/);
    expect(
      errorCode('https://abc.chromiumapp.org/?error=login_required&error_description=AADSTS50058&state=s1'),
    ).toBe('login_required');
  });

  it('believes nothing from a URL other than the redirect URI, not even an error', () => {
    for (const url of [
      'https://evil.example/?error=login_required&state=s1',
      'https://abc.chromiumapp.org.evil.example/?error=login_required&state=s1',
      'https://abc.chromiumapp.org/elsewhere?error=login_required&state=s1',
      'http://abc.chromiumapp.org/?code=c1&state=s1',
      'not a url',
    ]) {
      expect(errorCode(url), url).toBe('invalid_response');
    }
  });

  it("checks the state before reading an error: an error for another request is not this sign-in's", () => {
    expect(errorCode('https://abc.chromiumapp.org/?error=login_required&state=other')).toBe('state_mismatch');
    expect(errorCode('https://abc.chromiumapp.org/?error=invalid_grant')).toBe('state_mismatch');
  });
});

describe('token requests', () => {
  const respond = (status: number, body: unknown) => async () =>
    new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

  it('posts the grant as a form and returns when the token expires', async () => {
    let sent: { url: string; body: string } | undefined;
    const fetchFn = (async (url: string, init: RequestInit) => {
      sent = { url, body: String(init.body) };
      return respond(200, {
        token_type: 'Bearer',
        access_token: 'at',
        expires_in: 3600,
        refresh_token: 'rt',
      })();
    }) as unknown as typeof fetch;
    const tokens = await requestTokens(fetchFn, {
      authority: 'https://login.example/common',
      clientId: 'client',
      scopes: ['openid'],
      grant: { grant_type: 'refresh_token', refresh_token: 'old' },
      now: 1_000,
    });
    expect(tokens).toEqual({
      accessToken: 'at',
      expiresAt: 3_601_000,
      refreshToken: 'rt',
      idToken: undefined,
    });
    expect(sent?.url).toBe('https://login.example/common/oauth2/v2.0/token');
    expect(Object.fromEntries(new URLSearchParams(sent?.body))).toEqual({
      client_id: 'client',
      scope: 'openid',
      grant_type: 'refresh_token',
      refresh_token: 'old',
    });
  });

  it('turns an identity platform error into an AuthError with its code', async () => {
    const fetchFn = respond(400, {
      error: 'invalid_grant',
      error_description: 'AADSTS700084: The refresh token has expired.',
    }) as unknown as typeof fetch;
    await expect(
      requestTokens(fetchFn, {
        authority: 'https://login.example/common',
        clientId: 'c',
        scopes: [],
        grant: { grant_type: 'refresh_token', refresh_token: 'x' },
      }),
    ).rejects.toMatchObject({ code: 'invalid_grant', message: expect.stringContaining('AADSTS700084') });
  });

  it('reports an unreachable service and a malformed answer clearly', async () => {
    const options = {
      authority: 'https://login.example/common',
      clientId: 'c',
      scopes: [],
      grant: { grant_type: 'refresh_token', refresh_token: 'x' } as const,
    };
    const offline = (async () => {
      throw new TypeError('Failed to fetch');
    }) as unknown as typeof fetch;
    await expect(requestTokens(offline, options)).rejects.toMatchObject({ code: 'network' });
    const garbage = respond(200, { hello: 'world' }) as unknown as typeof fetch;
    await expect(requestTokens(garbage, options)).rejects.toMatchObject({ code: 'invalid_response' });
  });
});

describe('ID token', () => {
  it('reads the account from the claims', () => {
    expect(
      accountFromIdToken(
        jwt({ sub: 's', oid: 'o', tid: 't', name: 'Megan Bowen', preferred_username: 'megan@contoso.com' }),
      ),
    ).toEqual({ id: 'o', displayName: 'Megan Bowen', username: 'megan@contoso.com', tenantId: 't' });
  });

  it('refuses a token it cannot read', () => {
    expect(() => accountFromIdToken('nonsense')).toThrow(AuthError);
    expect(() => accountFromIdToken(`a.${Base64.encodeURI('not json')}.c`)).toThrow(AuthError);
  });
});
