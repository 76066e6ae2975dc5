/**
 * The Exchange account. With Microsoft 365, or Exchange Server with OAuth, it is the Microsoft account's sign-in
 * (the graph provider's): one sign-in, a token per resource — Graph's Calendars.ReadWrite for calendarPermissions,
 * `https://outlook.office365.com/EWS.AccessAsUser.All` for EWS — each asked for the first time it is needed.
 * With Exchange Server and Basic, it is the user name from the settings and a password the person types on the
 * options page: the password is kept only in `env.local` (the background's IndexedDB credential store, which no
 * content script can open), never in the settings, and is sent only to the configured EWS URL (https, or
 * loopback http for the local emulator).
 */
import { z } from 'zod';
import { t } from '../../i18n';
import type { AccountEnvironment, AccountStatus, LinkedProvider, ProviderAccount } from '../types';
import type { ExchangeSettings } from './settings';
import { EWS_SCOPE } from './sharing';

const BASIC_KEY = 'exchange.basic';
const StoredBasicSchema = z.object({ username: z.string(), password: z.string() });

/** Whether this section signs in with a user name and password (Exchange Server, Basic). */
export const usesBasic = (settings: ExchangeSettings) =>
  settings.mode === 'exchangeServer' && settings.auth === 'basic';

function base64Utf8(text: string): string {
  let binary = '';
  for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte);
  return btoa(binary);
}

export function createExchangeAccount(env: AccountEnvironment<ExchangeSettings>): ProviderAccount {
  const microsoft = (): LinkedProvider => {
    const linked = env.linked?.('graph');
    if (!linked) throw new Error(t('exchangeNeedsMicrosoft'));
    return linked;
  };

  /** A bare permission name (`Calendars.ReadWrite`) is Graph's, on the Microsoft account's Graph host. */
  async function scope(resource: string): Promise<string> {
    if (resource.includes('://')) return resource;
    const graph = (await microsoft().settings()) as { graphEndpoint: string };
    return `${new URL(graph.graphEndpoint).origin}/${resource}`;
  }

  async function storedBasic(settings: ExchangeSettings) {
    const stored = StoredBasicSchema.safeParse(await env.local.get(BASIC_KEY));
    // A password typed for another user name is not this account's.
    return stored.success && stored.data.username === settings.username ? stored.data : undefined;
  }

  async function status(): Promise<AccountStatus> {
    const settings = await env.settings();
    if (settings.mode === 'off') return { provider: 'exchange', configured: false, signedIn: false };
    if (usesBasic(settings)) {
      const stored = await storedBasic(settings);
      return {
        provider: 'exchange',
        configured: Boolean(settings.ewsUrl && settings.username),
        signedIn: Boolean(stored),
        ...(stored ? { account: { displayName: stored.username, username: stored.username } } : {}),
      };
    }
    return { ...(await microsoft().account.status()), provider: 'exchange' };
  }

  return {
    status,
    async signIn(options = {}) {
      const settings = await env.settings();
      if (usesBasic(settings)) {
        if (!options.password) throw new Error(t('exchangePasswordNeeded'));
        await env.local.set(BASIC_KEY, { username: settings.username, password: options.password });
        return status();
      }
      const resource = await scope(options.resource ?? EWS_SCOPE);
      await microsoft().account.signIn({ resource });
      return status();
    },
    /** Forgets the password; the Microsoft account is signed out in its own section. */
    async signOut() {
      await env.local.remove(BASIC_KEY);
      await env.onSignedOut?.();
    },
    async credential({ forceRefresh, resource }) {
      const settings = await env.settings();
      if (usesBasic(settings)) {
        const stored = await storedBasic(settings);
        // A refused password stays refused: the person has to enter it again.
        if (!stored || forceRefresh) return null;
        return {
          name: 'Authorization',
          value: `Basic ${base64Utf8(`${stored.username}:${stored.password}`)}`,
        };
      }
      return microsoft().account.credential({ forceRefresh, resource: await scope(resource ?? EWS_SCOPE) });
    },
  };
}
