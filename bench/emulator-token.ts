import { createPkcePair, createState } from '../lib/providers/graph/oauth';

/** Signs in to an emulator started with auto-login, the way the extension does (code + PKCE), from Node. */
export async function signInToEmulator(emulatorUrl: string): Promise<string> {
  const pkce = await createPkcePair();
  const state = createState();
  const redirectUri = 'https://bench.chromiumapp.org/';
  const authorize = new URL(`${emulatorUrl}/common/oauth2/v2.0/authorize`);
  for (const [key, value] of Object.entries({
    client_id: 'sharelens-bench',
    response_type: 'code',
    redirect_uri: redirectUri,
    scope: `openid offline_access ${emulatorUrl}/Files.Read.All`,
    state,
    code_challenge: pkce.challenge,
    code_challenge_method: 'S256',
  })) {
    authorize.searchParams.set(key, value);
  }
  const redirect = await fetch(authorize, { redirect: 'manual' });
  const code = new URL(redirect.headers.get('location') ?? '').searchParams.get('code');
  if (!code) throw new Error('The emulator did not sign in (start it with autoLogin).');
  const response = await fetch(`${emulatorUrl}/common/oauth2/v2.0/token`, {
    method: 'POST',
    body: new URLSearchParams({
      client_id: 'sharelens-bench',
      grant_type: 'authorization_code',
      code,
      redirect_uri: redirectUri,
      code_verifier: pkce.verifier,
    }),
  });
  const tokens = (await response.json()) as { access_token?: string };
  if (!tokens.access_token) throw new Error('The emulator gave no access token.');
  return tokens.access_token;
}
