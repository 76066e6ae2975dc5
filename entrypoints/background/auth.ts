import { browser } from 'wxt/browser';
import {
  type Account,
  AuthError,
  accountFromIdToken,
  authorizeUrl,
  createPkcePair,
  createState,
  graphScopes,
  parseRedirect,
  requestTokens,
  type TokenSet,
} from '@/lib/auth/oauth';
import type { AuthStatus } from '@/lib/messages';
import type { Settings } from '@/lib/settings';
import { loadSettings } from './settings-store';

/**
 * Sign-in state. The access token lives in storage.session (memory only, trusted contexts); the refresh
 * token and the account in storage.local, which Chrome also closes to content scripts (see index.ts).
 * Nothing lives in module variables except in-flight promises: the service worker can stop at any time.
 */

interface SessionTokens {
  accessToken: string;
  expiresAt: number;
}

interface StoredAccount extends Account {
  /** Which authority and client the refresh token belongs to; a change of either signs out. */
  authority: string;
  clientId: string;
  graphEndpoint: string;
  refreshToken?: string;
}

const SESSION_KEY = 'auth.session';
const ACCOUNT_KEY = 'auth.account';
/** Renew this long before expiry, so a request never leaves with a token about to lapse. */
const EXPIRY_MARGIN_MS = 60_000;

async function readAccount(settings: Settings): Promise<StoredAccount | undefined> {
  const stored = (await browser.storage.local.get(ACCOUNT_KEY))[ACCOUNT_KEY] as StoredAccount | undefined;
  if (!stored) return undefined;
  const sameConfig =
    stored.authority === settings.authority &&
    stored.clientId === settings.clientId &&
    stored.graphEndpoint === settings.graphEndpoint;
  return sameConfig ? stored : undefined;
}

/**
 * Counts sign-outs in this worker's life. A renewal that started before a sign-out must not write its
 * tokens back afterwards (in-flight work dies with the worker, so memory is the right place for this).
 */
let signOuts = 0;

async function store(tokens: TokenSet, account: StoredAccount, startedAt = signOuts): Promise<void> {
  if (startedAt !== signOuts) throw new AuthError('You signed out.', 'signed_out');
  const session: SessionTokens = { accessToken: tokens.accessToken, expiresAt: tokens.expiresAt };
  await browser.storage.session.set({ [SESSION_KEY]: session });
  // Always keep the newest refresh token: the identity platform rotates them (§5).
  await browser.storage.local.set({
    [ACCOUNT_KEY]: { ...account, refreshToken: tokens.refreshToken ?? account.refreshToken },
  });
}

export async function authStatus(): Promise<AuthStatus> {
  const settings = await loadSettings();
  const account = await readAccount(settings);
  return {
    configured: settings.clientId !== '',
    signedIn: account !== undefined,
    account: account && { displayName: account.displayName, username: account.username },
  };
}

/** Runs the authorization code + PKCE flow in the browser's auth window. */
async function authorize(
  settings: Settings,
  options: { interactive: boolean; loginHint?: string; startedAt?: number },
): Promise<{ account: StoredAccount; tokens: TokenSet }> {
  if (!settings.clientId)
    throw new AuthError('Enter a Client ID in ShareLens options first.', 'not_configured');
  const redirectUri = browser.identity.getRedirectURL();
  const pkce = await createPkcePair();
  const state = createState();
  const scopes = graphScopes(settings.graphEndpoint);
  const url = authorizeUrl({
    authority: settings.authority,
    clientId: settings.clientId,
    redirectUri,
    scopes,
    state,
    challenge: pkce.challenge,
    // Interactive sign-in reuses the identity platform's session when there is one (single sign-on).
    prompt: options.interactive ? undefined : 'none',
    loginHint: options.loginHint,
  });
  let redirectedTo: string | undefined;
  try {
    redirectedTo = await browser.identity.launchWebAuthFlow({ url, interactive: options.interactive });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new AuthError(
      options.interactive
        ? `Sign-in did not finish: ${message}`
        : 'Silent sign-in needs you to sign in again.',
      options.interactive ? 'cancelled' : 'interaction_required',
    );
  }
  if (!redirectedTo) throw new AuthError('Sign-in did not finish.', 'cancelled');
  const code = parseRedirect(redirectedTo, state);
  const tokens = await requestTokens(fetch, {
    authority: settings.authority,
    clientId: settings.clientId,
    scopes,
    grant: {
      grant_type: 'authorization_code',
      code,
      redirect_uri: redirectUri,
      code_verifier: pkce.verifier,
    },
  });
  if (!tokens.idToken) throw new AuthError('The sign-in service sent no ID token.', 'invalid_response');
  const account: StoredAccount = {
    ...accountFromIdToken(tokens.idToken),
    authority: settings.authority,
    clientId: settings.clientId,
    graphEndpoint: settings.graphEndpoint,
  };
  await store(tokens, account, options.startedAt);
  return { account, tokens };
}

let signInInFlight: Promise<AuthStatus> | undefined;

export function signIn(): Promise<AuthStatus> {
  signInInFlight ??= (async () => {
    try {
      const settings = await loadSettings();
      await authorize(settings, { interactive: true });
      return await authStatus();
    } finally {
      signInInFlight = undefined;
    }
  })();
  return signInInFlight;
}

export async function signOut(): Promise<void> {
  signOuts++;
  await browser.storage.session.remove(SESSION_KEY);
  await browser.storage.local.remove(ACCOUNT_KEY);
}

let renewalInFlight: Promise<string | null> | undefined;

/**
 * A valid access token, or null when the person has to sign in. Renews with the refresh token, and when
 * that fails (SPA refresh tokens expire after 24 h, §5) silently with `prompt=none` while the identity
 * platform still has a session. Concurrent callers share one renewal.
 */
export async function getAccessToken(
  options: { forceRefresh: boolean } = { forceRefresh: false },
): Promise<string | null> {
  const settings = await loadSettings();
  const account = await readAccount(settings);
  if (!account) return null;
  if (!options.forceRefresh) {
    const session = (await browser.storage.session.get(SESSION_KEY))[SESSION_KEY] as
      | SessionTokens
      | undefined;
    if (session && session.expiresAt - EXPIRY_MARGIN_MS > Date.now()) return session.accessToken;
  }
  renewalInFlight ??= renew(settings, account).finally(() => {
    renewalInFlight = undefined;
  });
  return renewalInFlight;
}

/** The identity platform refused the grant itself: only a new sign-in helps (not a network or server hiccup). */
const REFUSED_GRANT = new Set([
  'invalid_grant',
  'interaction_required',
  'login_required',
  'consent_required',
]);

async function renew(settings: Settings, account: StoredAccount): Promise<string | null> {
  const startedAt = signOuts;
  if (account.refreshToken) {
    try {
      const tokens = await requestTokens(fetch, {
        authority: settings.authority,
        clientId: settings.clientId,
        scopes: graphScopes(settings.graphEndpoint),
        grant: { grant_type: 'refresh_token', refresh_token: account.refreshToken },
      });
      await store(tokens, account, startedAt);
      return tokens.accessToken;
    } catch (error) {
      // Offline, 5xx, throttled (or signed out meanwhile): keep what is stored and try again next time.
      if (!(error instanceof AuthError && REFUSED_GRANT.has(error.code))) return null;
    }
  }
  // SPA refresh tokens end after 24 h (§5): try the identity platform's session, without any window.
  try {
    const { tokens } = await authorize(settings, {
      interactive: false,
      loginHint: account.username,
      startedAt,
    });
    return tokens.accessToken;
  } catch (error) {
    // Signed out only when the identity platform says a person has to sign in again.
    if (error instanceof AuthError && REFUSED_GRANT.has(error.code)) await signOut();
    return null;
  }
}
