/**
 * The ContentStore sign-in, per configured server (reference §1.2): `POST Login` with the password base64-encoded
 * answers a `QSDK …` token, sent as `Authtoken`; a 401 renews it with `RenewLoginToken`; `Logout` ends it.
 *
 * Tokens live in `env.session` (storage.session: memory only, trusted contexts). The password is kept only when
 * the person ticks "remember", in `env.local` (the extension origin's IndexedDB, which no content script can
 * open); then a renewal that fails signs in again with it, otherwise the person is asked to sign in again.
 */
import { z } from 'zod';
import { TransportError } from '../../http/transport';
import { t } from '../../i18n';
import type { AccountEnvironment, AccountStatus, ProviderAccount, SignInOptions } from '../types';
import { apiBase, type ContentStoreServer, type ContentStoreSettings } from './settings';
import { base64Utf8, parseAnswer } from './wire';

/** Tokens by server id, each with what it was issued for (a changed server drops it). */
const TOKENS_KEY = 'contentstore.tokens';
/** Remembered passwords by server id (only when the person asked). */
const PASSWORDS_KEY = 'contentstore.passwords';

const TokenSchema = z.object({ token: z.string().min(1), base: z.string(), userName: z.string() });
const TokensSchema = z.record(z.string(), TokenSchema);
const PasswordsSchema = z.record(
  z.string(),
  z.object({ password: z.string(), base: z.string(), userName: z.string() }),
);
type Tokens = z.infer<typeof TokensSchema>;

/** A sign-in that failed, with a sentence for the person. */
export class ContentStoreAuthError extends Error {
  constructor(
    message: string,
    readonly code: 'refused' | 'network' | 'badResponse' | 'noServer' | 'noPassword',
  ) {
    super(message);
    this.name = 'ContentStoreAuthError';
  }
}

const JSON_HEADERS = { Accept: 'application/json', 'Content-Type': 'application/json' };

export function createContentStoreAccount(env: AccountEnvironment<ContentStoreSettings>): ProviderAccount {
  /** Renewals in flight, by server: concurrent 401s share one. */
  const renewals = new Map<string, Promise<string | null>>();
  let writes: Promise<unknown> = Promise.resolve();
  const serially = <T>(work: () => Promise<T>): Promise<T> => {
    const next = writes.then(work, work);
    writes = next.catch(() => {});
    return next;
  };

  const readTokens = async (): Promise<Tokens> => {
    const parsed = TokensSchema.safeParse((await env.session.get(TOKENS_KEY)) ?? {});
    return parsed.success ? parsed.data : {};
  };
  const readPasswords = async () => {
    const parsed = PasswordsSchema.safeParse((await env.local.get(PASSWORDS_KEY)) ?? {});
    return parsed.success ? parsed.data : {};
  };
  const setToken = (server: ContentStoreServer, token: string | undefined) =>
    serially(async () => {
      const tokens = await readTokens();
      if (token) tokens[server.id] = { token, base: apiBase(server), userName: server.userName };
      else delete tokens[server.id];
      await env.session.set(TOKENS_KEY, tokens);
    });
  const setPassword = (server: ContentStoreServer, password: string | undefined) =>
    serially(async () => {
      const passwords = await readPasswords();
      if (password !== undefined)
        passwords[server.id] = { password, base: apiBase(server), userName: server.userName };
      else delete passwords[server.id];
      if (Object.keys(passwords).length === 0) await env.local.remove(PASSWORDS_KEY);
      else await env.local.set(PASSWORDS_KEY, passwords);
    });

  const serverById = async (id: string | undefined) =>
    (await env.settings()).servers.find((server) => server.id === id);
  const sameServer = (server: ContentStoreServer, stored: { base: string; userName: string }) =>
    stored.base === apiBase(server) && stored.userName === server.userName;

  async function tokenOf(server: ContentStoreServer): Promise<string | undefined> {
    const stored = (await readTokens())[server.id];
    return stored && sameServer(server, stored) ? stored.token : undefined;
  }
  async function rememberedPassword(server: ContentStoreServer): Promise<string | undefined> {
    const stored = (await readPasswords())[server.id];
    return stored && sameServer(server, stored) ? stored.password : undefined;
  }

  /** `POST Login`: the token, or an error with a sentence. Not retried (a person is waiting). */
  async function login(server: ContentStoreServer, password: string): Promise<string> {
    let response: Response;
    try {
      response = await env.transport.request(`${apiBase(server)}/Login`, {
        method: 'POST',
        headers: JSON_HEADERS,
        body: JSON.stringify({ username: server.userName, password: base64Utf8(password) }),
      });
    } catch (error) {
      const timedOut = error instanceof TransportError && error.kind === 'timeout';
      throw new ContentStoreAuthError(t(timedOut ? 'csTimeout' : 'csUnreachable'), 'network');
    }
    const answer = parseAnswer(await response.text(), response.headers.get('content-type'));
    const token = answer?.attr('token');
    if (response.ok && token) return token;
    // Wrong credentials come back as 200 with `errList` and no token (reference §1.2).
    if (response.ok && answer?.children('errList').length)
      throw new ContentStoreAuthError(t('csWrongPassword'), 'refused');
    if (response.status === 401 || response.status === 403)
      throw new ContentStoreAuthError(t('csWrongPassword'), 'refused');
    if (response.status === 404) throw new ContentStoreAuthError(t('csNoApiThere'), 'badResponse');
    throw new ContentStoreAuthError(t('csBadResponse'), 'badResponse');
  }

  /** `POST RenewLoginToken` with the old token; null when the server refused it (or did not answer). */
  async function renewToken(server: ContentStoreServer, old: string): Promise<string | null> {
    try {
      const response = await env.transport.request(`${apiBase(server)}/RenewLoginToken`, {
        method: 'POST',
        headers: { ...JSON_HEADERS, Authtoken: old },
        body: JSON.stringify({ sessionId: old }),
      });
      const answer = parseAnswer(await response.text(), response.headers.get('content-type'));
      const token = answer?.attr('token');
      return response.ok && token ? token : null;
    } catch {
      return null;
    }
  }

  async function renew(server: ContentStoreServer): Promise<string | null> {
    const old = await tokenOf(server);
    const renewed = old ? await renewToken(server, old) : null;
    if (renewed) {
      await setToken(server, renewed);
      return renewed;
    }
    const password = await rememberedPassword(server);
    if (password !== undefined) {
      try {
        const token = await login(server, password);
        await setToken(server, token);
        return token;
      } catch {
        // fall through: the person signs in again
      }
    }
    // The renewal failed: the token is of no use; the person is asked to sign in again.
    if (old) {
      await setToken(server, undefined);
      await env.onSignedOut?.();
    }
    return null;
  }

  async function status(): Promise<AccountStatus> {
    const settings = await env.settings();
    const servers = await Promise.all(
      settings.servers.map(async (server) => ({
        id: server.id,
        signedIn: (await tokenOf(server)) !== undefined,
        userName: server.userName,
        rememberedPassword: (await rememberedPassword(server)) !== undefined,
      })),
    );
    return {
      provider: 'contentstore',
      configured: settings.servers.length > 0,
      signedIn: servers.some((server) => server.signedIn),
      servers,
    };
  }

  async function signIn(options: SignInOptions = {}): Promise<AccountStatus> {
    // Without a server (the popup's generic Sign in): the servers whose password is remembered, else the settings.
    if (!options.resource) {
      let signedIn = false;
      for (const server of (await env.settings()).servers) {
        const password = await rememberedPassword(server);
        if (password === undefined) continue;
        await setToken(server, await login(server, password));
        signedIn = true;
      }
      if (!signedIn) throw new ContentStoreAuthError(t('csSignIn'), 'noPassword');
      return status();
    }
    const server = await serverById(options.resource);
    if (!server) throw new ContentStoreAuthError(t('csNoServer'), 'noServer');
    const password = options.password || (await rememberedPassword(server));
    if (!password) throw new ContentStoreAuthError(t('csPasswordNeeded'), 'noPassword');
    const token = await login(server, password);
    await setToken(server, token);
    // Kept only when asked; a sign-in without "remember" forgets an earlier one.
    if (options.remember) await setPassword(server, password);
    else if (options.password) await setPassword(server, undefined);
    return status();
  }

  async function logout(server: ContentStoreServer | undefined, token: string) {
    if (!server) return;
    try {
      await env.transport.request(`${apiBase(server)}/Logout`, {
        method: 'POST',
        headers: { Accept: 'application/json', Authtoken: token },
        timeoutMs: 5_000,
      });
    } catch {
      // Signed out here either way; the server's token then lapses by itself.
    }
  }

  async function signOut(options: { resource?: string } = {}): Promise<void> {
    const settings = await env.settings();
    const tokens = await readTokens();
    const ids = options.resource ? [options.resource] : Object.keys(tokens);
    for (const id of ids) {
      const stored = tokens[id];
      const server = settings.servers.find((each) => each.id === id);
      if (stored && server && sameServer(server, stored)) await logout(server, stored.token);
    }
    await serially(async () => {
      const now = await readTokens();
      const passwords = await readPasswords();
      for (const id of options.resource ? [options.resource] : Object.keys(now)) delete now[id];
      for (const id of options.resource ? [options.resource] : Object.keys(passwords)) delete passwords[id];
      await env.session.set(TOKENS_KEY, now);
      if (Object.keys(passwords).length === 0) await env.local.remove(PASSWORDS_KEY);
      else await env.local.set(PASSWORDS_KEY, passwords);
    });
    await env.onSignedOut?.();
  }

  return {
    status,
    signIn,
    signOut,
    async credential({ forceRefresh, resource }) {
      const server = await serverById(resource);
      if (!server) return null;
      let token = await tokenOf(server);
      if (!token && !forceRefresh) return null;
      if (forceRefresh) {
        let renewal = renewals.get(server.id);
        if (!renewal) {
          renewal = renew(server).finally(() => renewals.delete(server.id));
          renewals.set(server.id, renewal);
        }
        token = (await renewal) ?? undefined;
      }
      return token ? { name: 'Authtoken', value: token } : null;
    },
  };
}
