import { browser } from 'wxt/browser';
import { createCredentialStore, migratingFrom } from '@/lib/credential-store';
import { ALL_PROVIDERS, type ProviderAccount, providerById } from '@/lib/providers';
import { providerSection } from '@/lib/providers/info';
import type { KeyValueArea, LinkedProvider } from '@/lib/providers/types';
import { loadSettings } from '@/utils/settings';
import { transport } from './network';

/**
 * A silent renewal (the browser's sign-in window, hidden) that gets no answer in this time fails, rather than
 * holding every request that waits for a token. A sign-in the person does (interactive) takes as long as they do.
 */
export const SILENT_SIGN_IN_DEADLINE_MS = 15_000;

/** `work`, or an error once `ms` have passed without it settling. */
export function withDeadline<T>(work: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`No answer within ${ms} ms.`)), ms);
    work.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}

/**
 * The address the sign-in window returns to, exactly as sign-in sends it: the setup page shows this one, for
 * the app registration (Chrome and Edge `https://<extension id>.chromiumapp.org/`, Firefox
 * `https://<hash>.extensions.allizom.org/`).
 */
export function webAuthRedirectUrl(): string {
  return browser.identity.getRedirectURL();
}

/** A storage area as a provider account sees it. */
function area(storageArea: typeof browser.storage.local): KeyValueArea {
  return {
    get: async (key) => (await storageArea.get(key))[key],
    set: (key, value) => storageArea.set({ [key]: value }),
    remove: (key) => storageArea.remove(key),
  };
}

/**
 * Where accounts keep what must survive the worker: the account and, for Microsoft, its refresh token in the
 * extension origin's IndexedDB, which no content script can open (storage.local is readable by content scripts
 * in Firefox and in Chrome before 140). Earlier versions kept them in storage.local: each key moves over on
 * first use, and no copy stays there.
 */
const credentials = migratingFrom(area(browser.storage.local), createCredentialStore());

/**
 * One account per provider, made on first use. An account keeps nothing in memory but in-flight work; access
 * credentials live in storage.session (trusted contexts only), the account in `credentials`.
 */
const accounts = new Map<string, ProviderAccount>();

/** What runs after any provider's sign-out (index.ts registers it at every start of the worker). */
let afterSignOut: () => Promise<void> = async () => {};
export function onSignedOut(listener: () => Promise<void>): void {
  afterSignOut = listener;
}

/**
 * Another registered provider's account and settings, for a provider that builds on its sign-in (Exchange on
 * the Microsoft account); undefined for an id nobody registered.
 */
export function linkedProvider(providerId: string): LinkedProvider | undefined {
  if (!providerById(providerId)) return undefined;
  return {
    account: accountFor(providerId),
    settings: async () => providerSection(await loadSettings(), providerId),
  };
}

/** The account of a registered provider; a page naming any other gets an error, not a crash. */
export function accountFor(providerId: string): ProviderAccount {
  let account = accounts.get(providerId);
  if (account) return account;
  const provider = providerById(providerId);
  if (!provider) throw new Error(`ShareLens has no provider "${providerId}".`);
  account = provider.createAccount({
    settings: async () => providerSection(await loadSettings(), providerId),
    local: credentials,
    session: area(browser.storage.session),
    transport,
    webAuth: {
      redirectUrl: webAuthRedirectUrl,
      launch: (url, interactive) => {
        const flow = browser.identity.launchWebAuthFlow({ url, interactive });
        return interactive ? flow : withDeadline(flow, SILENT_SIGN_IN_DEADLINE_MS);
      },
    },
    now: Date.now,
    onSignedOut: () => afterSignOut(),
    linked: linkedProvider,
  });
  accounts.set(providerId, account);
  return account;
}

/** Every provider's sign-in state, in registry order. */
export function allAccountStatuses() {
  return Promise.all(ALL_PROVIDERS.map((provider) => accountFor(provider.id).status()));
}
