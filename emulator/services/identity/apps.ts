/**
 * The clients the identity platform knows. With an `apps` section a client id must be registered
 * (AADSTS700016 otherwise) and its redirect URI must be one of the app's; without it any client id is taken,
 * with the redirect URIs an extension or a loopback client can use.
 */
import type { App } from './dataset';

/** How the platform treats a client's token requests (learn.microsoft.com/entra/identity-platform/refresh-tokens). */
export type Platform =
  /** single-page app: cross-origin token requests only, refresh tokens end 24 hours after sign-in */
  | 'spa'
  /** mobile and desktop (public client): no cross-origin token requests, refresh tokens last 90 days */
  | 'public'
  /** any client id (no `apps` section): refresh tokens as for a SPA, Origin not checked */
  | 'any';

export interface Client {
  clientId: string;
  platform: Platform;
  /** registered redirect URIs; undefined for `any` */
  redirectUris: readonly string[] | undefined;
}

const LOOPBACK_HOSTS = ['localhost', '127.0.0.1', '[::1]'];

/**
 * Redirect URIs an unregistered client may use: `https://<id>.chromiumapp.org/…` (Chrome, Edge),
 * `https://<id>.extensions.allizom.org/…` (Firefox), or http on a loopback address (tests, native apps).
 */
function extensionOrLoopback(value: string): boolean {
  const url = new URL(value);
  if (url.protocol === 'https:') return /\.(chromiumapp\.org|extensions\.allizom\.org)$/i.test(url.hostname);
  return url.protocol === 'http:' && LOOPBACK_HOSTS.includes(url.hostname);
}

/**
 * Whether `registered` admits `requested`: the same URI, except that a loopback http URI takes any port at
 * run time (learn.microsoft.com/entra/identity-platform/reply-url, "Localhost exceptions").
 */
function sameRedirectUri(registered: string, requested: URL): boolean {
  if (registered === requested.href) return true;
  const url = new URL(registered);
  if (url.protocol !== 'http:' || !LOOPBACK_HOSTS.includes(url.hostname)) return false;
  const withoutPort = new URL(requested.href);
  withoutPort.port = '';
  url.port = '';
  return url.href === withoutPort.href;
}

export class AppDirectory {
  private readonly byId = new Map<string, App>();

  constructor(private readonly apps: readonly App[] | undefined) {
    for (const app of apps ?? []) this.byId.set(app.clientId.toLowerCase(), app);
  }

  /** The client for an id; undefined when apps are registered and this one is not. */
  client(clientId: string): Client | undefined {
    if (this.apps === undefined) return { clientId, platform: 'any', redirectUris: undefined };
    const app = this.byId.get(clientId.toLowerCase());
    if (!app) return undefined;
    return { clientId: app.clientId, platform: app.spa ? 'spa' : 'public', redirectUris: app.redirectUris };
  }
}

/** Whether the client may use this redirect URI (AADSTS50011 otherwise). */
export function redirectUriAllowed(client: Client, value: string): boolean {
  if (!URL.canParse(value)) return false;
  const url = new URL(value);
  if (url.hash) return false;
  if (!client.redirectUris) return extensionOrLoopback(value);
  return client.redirectUris.some((registered) => sameRedirectUri(registered, url));
}
