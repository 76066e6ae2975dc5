/**
 * Helpers for code that drives a running emulator over HTTP (its own tests, e2e fixtures, benchmarks): PKCE,
 * a complete sign-in through the real authorize + token endpoints, and finding demo links by label.
 */
import { createHash, randomBytes } from 'node:crypto';
import { type Dataset, DEMO_DATASET_PATH, loadDataset } from './dataset';
import { encodeSharingUrl } from './services/graph/share-key';

export { encodeSharingUrl };

export const TEST_CLIENT_ID = '6f1c2b0e-4a8d-4a57-9d0e-2d1f5e0c9a11';
export const TEST_REDIRECT_URI = 'https://abcdefghijklmnopabcdefghijklmnop.chromiumapp.org/';
export const GRAPH_FILES_SCOPE = 'openid profile offline_access https://graph.microsoft.com/Files.Read.All';

export function pkcePair(): { verifier: string; challenge: string } {
  const verifier = randomBytes(48).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

export interface TokenSet {
  access_token: string;
  refresh_token: string;
  id_token: string;
  expires_in: number;
  scope: string;
  token_type: string;
}

export interface SignInOptions {
  /** sign in through the form with these credentials; without them an existing session (auto-login) is used */
  email?: string;
  password?: string;
  scope?: string;
  tenant?: string;
  clientId?: string;
  redirectUri?: string;
}

export function authorizeUrl(
  baseUrl: string,
  challenge: string,
  extra: Record<string, string> = {},
  options: SignInOptions = {},
): string {
  const params = new URLSearchParams({
    client_id: options.clientId ?? TEST_CLIENT_ID,
    response_type: 'code',
    redirect_uri: options.redirectUri ?? TEST_REDIRECT_URI,
    scope: options.scope ?? GRAPH_FILES_SCOPE,
    state: 'state-123',
    code_challenge: challenge,
    code_challenge_method: 'S256',
    ...extra,
  });
  return `${baseUrl}/${options.tenant ?? 'common'}/oauth2/v2.0/authorize?${params}`;
}

/** The hidden inputs of the sign-in form, as the browser would post them back. */
export function hiddenFields(html: string): URLSearchParams {
  const fields = new URLSearchParams();
  const decode = (text: string) =>
    text.replace(/&#(\d+);/g, (_, code: string) => String.fromCharCode(Number(code)));
  for (const match of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) {
    fields.set(match[1]!, decode(match[2]!));
  }
  return fields;
}

/** Runs authorize (form or session) and returns the authorization code from the redirect. */
export async function authorizationCode(
  baseUrl: string,
  challenge: string,
  options: SignInOptions = {},
): Promise<string> {
  let response: Response;
  if (options.email !== undefined) {
    const url = authorizeUrl(baseUrl, challenge, { prompt: 'login' }, options);
    const form = await fetch(url);
    const fields = hiddenFields(await form.text());
    fields.set('email', options.email);
    fields.set('password', options.password ?? '');
    response = await fetch(`${baseUrl}${new URL(url).pathname}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: fields,
      redirect: 'manual',
    });
  } else {
    response = await fetch(authorizeUrl(baseUrl, challenge, {}, options), { redirect: 'manual' });
  }
  const location = response.headers.get('location');
  const code = location ? new URL(location).searchParams.get('code') : null;
  if (response.status !== 302 || !code) {
    throw new Error(`authorize did not redirect with a code (HTTP ${response.status}, Location ${location})`);
  }
  return code;
}

export async function redeemCode(
  baseUrl: string,
  code: string,
  verifier: string,
  options: SignInOptions = {},
): Promise<Response> {
  return fetch(`${baseUrl}/${options.tenant ?? 'common'}/oauth2/v2.0/token`, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/x-www-form-urlencoded',
      Origin: 'chrome-extension://abcdefghijklmnop',
    },
    body: new URLSearchParams({
      client_id: options.clientId ?? TEST_CLIENT_ID,
      grant_type: 'authorization_code',
      code,
      redirect_uri: options.redirectUri ?? TEST_REDIRECT_URI,
      code_verifier: verifier,
      scope: options.scope ?? GRAPH_FILES_SCOPE,
    }),
  });
}

/** A full authorization-code + PKCE sign-in. */
export async function signIn(baseUrl: string, options: SignInOptions = {}): Promise<TokenSet> {
  const { verifier, challenge } = pkcePair();
  const code = await authorizationCode(baseUrl, challenge, options);
  const response = await redeemCode(baseUrl, code, verifier, options);
  if (!response.ok) throw new Error(`token endpoint answered ${response.status}: ${await response.text()}`);
  return (await response.json()) as TokenSet;
}

let demo: Dataset | undefined;

/** The URL of a demo dataset link by label ("file", "folder", "bulk-7", ...). */
export function demoLinkUrl(label: string): string {
  demo ??= loadDataset(DEMO_DATASET_PATH);
  const link = demo.links.find((candidate) => candidate.label === label);
  if (!link) throw new Error(`the demo dataset has no link labelled "${label}"`);
  return link.url;
}

export const DEMO_PASSWORDS: Record<string, string> = {
  'megan@contoso.com': 'megan-pass',
  'adele@contoso.com': 'adele-pass',
  'alex@fabrikam.com': 'alex-pass',
  'dan.jump@outlook.com': 'dan-pass',
};
