/**
 * The Microsoft account: authorization code + PKCE through the browser's web-auth window, refresh with
 * rotation, and a silent `prompt=none` renewal when the refresh token has run out (reference/graph-shares.md
 * §5). One sign-in yields a token per resource: Graph, and others by scope (`credential({ resource })`, EWS later).
 *
 * The access tokens live in session storage (memory only, trusted contexts); the refresh token and the account
 * in local storage, which the background closes to content scripts where the browser allows. Nothing lives in
 * module variables except in-flight promises: the service worker can stop at any time.
 */
import { z } from 'zod';
import { transportFetch } from '../../http/transport';
import { t } from '../../i18n';
import type { AccountEnvironment, AccountStatus, ProviderAccount } from '../types';
import {
  AuthError,
  accountFromIdToken,
  authorizeUrl,
  createPkcePair,
  createState,
  graphScopes,
  parseRedirect,
  requestTokens,
  type TokenSet,
} from './oauth';
import type { GraphSettings } from './settings';

interface SessionTokens {
  accessToken: string;
  expiresAt: number;
  /** When to stop using it and renew: a minute before expiry, or halfway through a shorter life. */
  renewAt?: number;
}

/** The account in `env.local` (the background's credential store): who, the refresh token, and which authority, client and endpoint it is for. */
const StoredAccountSchema = z.object({
  id: z.string(),
  displayName: z.string(),
  username: z.string(),
  tenantId: z.string().optional(),
  authority: z.string(),
  clientId: z.string(),
  graphEndpoint: z.string(),
  refreshToken: z.string().optional(),
});
type StoredAccount = z.infer<typeof StoredAccountSchema>;

const ACCOUNT_KEY = 'auth.account';
/** The Graph token keeps the key it had before accounts were per provider. */
const GRAPH_SESSION_KEY = 'auth.session';
/** Tokens for other resources (EWS), by resource, under one key so that signing out can remove them all. */
const RESOURCES_SESSION_KEY = 'auth.session.resources';

/** Renew this long before expiry, so a request never leaves with a token about to lapse. */
const EXPIRY_MARGIN_MS = 60_000;

/**
 * The identity platform refused the grant itself: only a new sign-in helps (not a network or server hiccup).
 * Not `consent_required` (AADSTS65001): the person never consented to what was asked for, so a token for it
 * needs an interactive sign-in that asks (incremental consent); the account itself is fine and stays.
 */
const REFUSED_GRANT = new Set(['invalid_grant', 'interaction_required', 'login_required']);

export function createGraphAccount(env: AccountEnvironment<GraphSettings>): ProviderAccount {
  const fetchTokens = transportFetch(env.transport);
  /**
   * Counts account changes (sign-outs and interactive sign-ins) in this worker's life. Work that started for
   * one account (a renewal, a sign-in) writes nothing once the account changed (in-flight work dies with the
   * worker, so memory is the right place for this).
   */
  let generation = 0;
  /** Writes of the account and its tokens, one after another, so a check and its writes are never split. */
  let writes: Promise<unknown> = Promise.resolve();
  const serially = <T>(work: () => Promise<T>): Promise<T> => {
    const next = writes.then(work, work);
    writes = next.catch(() => {});
    return next;
  };
  let signInInFlight: Promise<AccountStatus> | undefined;
  const renewals = new Map<string, Promise<string | null>>();
  /**
   * The access tokens this worker last read or stored, by resource: a hover on the person's clock then reads no
   * storage. Each is used only under the same settings object (any settings change makes a new one) and in the
   * same generation (no sign-in or sign-out since); storage stays the truth for a restarted worker.
   */
  const known = new Map<
    string,
    { token: string; renewAt: number; settings: GraphSettings; generation: number }
  >();

  /**
   * Scopes for a token: Graph's (national clouds use their own host, §5), or another resource's delegated scope
   * as given (EWS: `https://outlook.office365.com/EWS.AccessAsUser.All`, reference/contentstore-ews.md).
   */
  const scopesFor = (settings: GraphSettings, resource: string | undefined) =>
    resource ? ['openid', 'profile', 'offline_access', resource] : graphScopes(settings.graphEndpoint);

  /**
   * The stored account, when it belongs to the configured authority, client and endpoint. One that does not
   * (the person changed them) or that is not an account at all is signed out: its tokens are of no use and
   * must not stay behind.
   */
  async function readAccount(settings: GraphSettings): Promise<StoredAccount | undefined> {
    const raw = await env.local.get(ACCOUNT_KEY);
    if (raw === undefined) return undefined;
    const stored = StoredAccountSchema.safeParse(raw);
    if (!stored.success) {
      await signOut();
      return undefined;
    }
    const { authority, clientId, graphEndpoint } = stored.data;
    const sameConfig =
      authority === settings.authority &&
      clientId === settings.clientId &&
      graphEndpoint === settings.graphEndpoint;
    if (sameConfig) return stored.data;
    await signOut();
    return undefined;
  }

  /** Keeps new tokens, unless the account changed since `startedAt` (then it throws `signed_out`). */
  function store(
    tokens: TokenSet,
    account: StoredAccount,
    resource: string | undefined,
    startedAt: number,
  ): Promise<void> {
    return serially(async () => {
      if (startedAt !== generation) throw new AuthError(t('signedOutMeanwhile'), 'signed_out');
      const lifetime = tokens.expiresAt - env.now();
      const session: SessionTokens = {
        accessToken: tokens.accessToken,
        expiresAt: tokens.expiresAt,
        renewAt: tokens.expiresAt - Math.min(EXPIRY_MARGIN_MS, lifetime / 2),
      };
      if (resource) {
        const others = ((await env.session.get(RESOURCES_SESSION_KEY)) ?? {}) as Record<
          string,
          SessionTokens
        >;
        await env.session.set(RESOURCES_SESSION_KEY, { ...others, [resource]: session });
      } else {
        await env.session.set(GRAPH_SESSION_KEY, session);
      }
      // Always keep the newest refresh token: the identity platform rotates them (§5).
      await env.local.set(ACCOUNT_KEY, {
        ...account,
        refreshToken: tokens.refreshToken ?? account.refreshToken,
      });
    });
  }

  async function status(): Promise<AccountStatus> {
    const settings = await env.settings();
    const account = await readAccount(settings);
    return {
      provider: 'graph',
      configured: settings.clientId !== '',
      signedIn: account !== undefined,
      account: account && { displayName: account.displayName, username: account.username },
    };
  }

  /** Runs the authorization code + PKCE flow in the browser's auth window. */
  async function authorize(
    settings: GraphSettings,
    options: { interactive: boolean; loginHint?: string; resource?: string; startedAt: number },
  ): Promise<TokenSet> {
    if (!settings.clientId) throw new AuthError(t('needClientId'), 'not_configured');
    const redirectUri = env.webAuth.redirectUrl();
    const pkce = await createPkcePair();
    const state = createState();
    const scopes = scopesFor(settings, options.resource);
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
      redirectedTo = await env.webAuth.launch(url, options.interactive);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (options.interactive) throw new AuthError(t('signInNotFinishedDetail', message), 'cancelled');
      // With prompt=none the identity platform answers a needed sign-in through the redirect
      // (`error=login_required`, read below). A window that ends without one did not reach it (offline, a
      // timeout, a page that would not load): the account is kept and only this request fails.
      throw new AuthError(t('silentSignInFailed'), 'network');
    }
    if (!redirectedTo) throw new AuthError(t('signInNotFinished'), 'cancelled');
    const code = parseRedirect(redirectedTo, { redirectUri, state });
    const tokens = await requestTokens(fetchTokens, {
      now: env.now(),
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
    if (!tokens.idToken) throw new AuthError(t('noIdToken'), 'invalid_response');
    const account: StoredAccount = {
      ...accountFromIdToken(tokens.idToken),
      authority: settings.authority,
      clientId: settings.clientId,
      graphEndpoint: settings.graphEndpoint,
    };
    await store(tokens, account, options.resource, options.startedAt);
    return tokens;
  }

  function signIn(options: { resource?: string } = {}): Promise<AccountStatus> {
    signInInFlight ??= (async () => {
      try {
        // A new sign-in may be another person: renewals for the old account must not write any more.
        const startedAt = ++generation;
        const settings = await env.settings();
        // Asking the signed-in person for one more permission: the window suggests their account.
        const current = options.resource ? await readAccount(settings) : undefined;
        await authorize(settings, {
          interactive: true,
          startedAt,
          resource: options.resource,
          loginHint: current?.username,
        });
        return await status();
      } finally {
        signInInFlight = undefined;
      }
    })();
    return signInInFlight;
  }

  /** Removes the account and every token; then the background forgets what was fetched with them. */
  async function signOut(): Promise<void> {
    generation++;
    known.clear();
    await serially(async () => {
      await env.local.remove(ACCOUNT_KEY);
      await env.session.remove(GRAPH_SESSION_KEY);
      await env.session.remove(RESOURCES_SESSION_KEY);
    });
    await env.onSignedOut?.();
  }

  async function renew(
    settings: GraphSettings,
    account: StoredAccount,
    resource: string | undefined,
    startedAt: number,
  ) {
    if (account.refreshToken) {
      try {
        const tokens = await requestTokens(fetchTokens, {
          now: env.now(),
          authority: settings.authority,
          clientId: settings.clientId,
          scopes: scopesFor(settings, resource),
          grant: { grant_type: 'refresh_token', refresh_token: account.refreshToken },
        });
        await store(tokens, account, resource, startedAt);
        return tokens.accessToken;
      } catch (error) {
        // Offline, 5xx, throttled (or signed out meanwhile): keep what is stored and try again next time.
        if (!(error instanceof AuthError && REFUSED_GRANT.has(error.code))) return null;
      }
    }
    // SPA refresh tokens end after 24 h (§5): try the identity platform's session, without any window.
    try {
      const tokens = await authorize(settings, {
        interactive: false,
        loginHint: account.username,
        resource,
        startedAt,
      });
      return tokens.accessToken;
    } catch (error) {
      // Signed out only when the identity platform says a person has to sign in again, and only if nobody
      // signed in or out meanwhile (that account is not this renewal's to end).
      if (error instanceof AuthError && REFUSED_GRANT.has(error.code) && startedAt === generation)
        await signOut();
      return null;
    }
  }

  /**
   * A valid access token for the resource, or null when the person has to sign in. Renews with the refresh
   * token, and when that fails silently with `prompt=none`. Concurrent callers share one renewal.
   */
  async function accessToken(resource: string | undefined, forceRefresh: boolean): Promise<string | null> {
    // Taken before anything is read: an account read just before a sign-out must not be renewed after it.
    const startedAt = generation;
    const settings = await env.settings();
    const key = resource ?? '';
    const remembered = known.get(key);
    if (
      !forceRefresh &&
      remembered &&
      remembered.settings === settings &&
      remembered.generation === startedAt &&
      remembered.renewAt > env.now()
    )
      return remembered.token;
    const account = await readAccount(settings);
    if (!account) return null;
    if (!forceRefresh) {
      const session = resource
        ? ((await env.session.get(RESOURCES_SESSION_KEY)) as Record<string, SessionTokens> | undefined)?.[
            resource
          ]
        : ((await env.session.get(GRAPH_SESSION_KEY)) as SessionTokens | undefined);
      const renewAt = session && (session.renewAt ?? session.expiresAt - EXPIRY_MARGIN_MS);
      if (session && renewAt !== undefined && renewAt > env.now()) {
        known.set(key, { token: session.accessToken, renewAt, settings, generation: startedAt });
        return session.accessToken;
      }
    }
    known.delete(key);
    let renewal = renewals.get(key);
    if (!renewal) {
      renewal = renew(settings, account, resource, startedAt).finally(() => renewals.delete(key));
      renewals.set(key, renewal);
    }
    return renewal;
  }

  return {
    status,
    signIn,
    signOut,
    async credential({ forceRefresh, resource }) {
      const token = await accessToken(resource, forceRefresh);
      return token ? { name: 'Authorization', value: `Bearer ${token}` } : null;
    },
  };
}
