/**
 * What a provider is: the contract every folder under `lib/providers/` fulfils, and the only thing the
 * background, the content script, the card, the popup and the options page know about providers.
 */
import type { z } from 'zod';
import type { Credential } from '../http/authorizer';
import type { RetryEvent, RetryRuntime } from '../http/retry';
import type { Transport } from '../http/transport';
import type { MessageKey } from '../i18n';
import type { Result, SharedItem, ShareLink } from '../model';

/** One kind of link (OneDrive, SharePoint, …): its hosts and which pages on them are shared items. */
export interface ShareLinkDetector {
  /** The link kind this detector reports (`ShareLink.provider`). */
  readonly provider: string;
  /**
   * For a configured server: its origin (`https://host[:port]`). Links must be on exactly this origin; only such
   * detectors accept a port other than the scheme's default.
   */
  readonly origin?: string;
  /** True when `hostname` (as the URL parser gives it: lower case, no port) is one of this kind's hosts. */
  ownsHost(hostname: string): boolean;
  /** True when `url`, on one of these hosts, points at a shared item rather than some other page. */
  isShareUrl(url: URL): boolean;
  /**
   * For a URL `isShareUrl` accepted: the URL to resolve instead of the link, or undefined to resolve the link
   * itself. A page that names an item by path in its query (`_layouts/15/onedrive.aspx?id=/sites/Team/…/Plan.docx`)
   * is resolved as that item's own URL.
   */
  itemUrl?(url: URL): string | undefined;
}

/** Which links belong to a provider (kept in `links/` or `links.ts` of its folder). */
export interface LinkRules<Section = unknown> {
  /** The id of the provider these links belong to. */
  readonly providerId: string;
  /** Link kinds this provider reports, e.g. `['onedrive', 'sharepoint']`. */
  readonly kinds: readonly string[];
  /** Detectors for well-known hosts, tried in order; the first that owns the host decides. */
  readonly detectors: readonly ShareLinkDetector[];
  /**
   * Lower-case strings one of which every fixed-host link's authority contains (`sharepoint`, `1drv.ms`):
   * they make the cheap prefilter and the content script's CSS selector.
   */
  readonly hostHints: readonly string[];
  /** Optional fast path for the most common exact forms; must agree with the detectors (property-tested). */
  detectCommon?(href: string): ShareLink | null;
  /** Detectors for hosts the person configured (for example their ContentStore servers). */
  configuredDetectors?(section: Section): readonly ShareLinkDetector[];
  /** What of the section detection needs (no user names): what the background hands the content script. */
  linkSection?(section: Section): unknown;
  /** The configured servers' hosts (`host[:port]`), for the cheap prefilters of the hover and the page scan. */
  configuredHosts?(section: Section): readonly string[];
  /** Match patterns for browser APIs that filter by URL (the "Redeem link" menu). */
  readonly matchPatterns: readonly string[];
}

/** One input of a provider's settings section, rendered by the options page. */
export interface SettingsField<Section> {
  readonly key: keyof Section & string;
  /** Message key of the label (see lib/i18n.ts). */
  readonly label: MessageKey;
  /** Message key of a short hint under the input. */
  readonly hint?: MessageKey;
  readonly input: 'text' | 'url' | 'select';
  /** For `select`: the values offered, each with the message key of its label. */
  readonly options?: readonly { value: string; label: MessageKey }[];
  /** Shown only when another field of the section has one of these values (`{ mode: ['exchangeServer'] }`). */
  readonly when?: Readonly<Record<string, readonly string[]>>;
}

/** A provider's part of the settings (`settings.providers[id]`): how it is checked, its defaults. */
export interface SettingsSection<Section> {
  readonly schema: z.ZodType<Section>;
  readonly defaults: Section;
  /** Reads this section from a version 1 settings object (flat, Microsoft only), where it had one. */
  fromV1?(v1: Record<string, unknown>): Partial<Section>;
}

/** Where one provider's sign-in stands, as the options page, the card and the popup show it. */
export interface AccountStatus {
  provider: string;
  /** Everything signing in needs is set (for Microsoft: a Client ID). */
  configured: boolean;
  signedIn: boolean;
  account?: { displayName: string; username: string };
  /** Providers with several servers (ContentStore): each server's sign-in. */
  servers?: Array<{ id: string; signedIn: boolean; userName?: string; rememberedPassword?: boolean }>;
}

/** A key-value storage area (the background passes its IndexedDB credential store / storage.session). */
export interface KeyValueArea {
  get(key: string): Promise<unknown>;
  set(key: string, value: unknown): Promise<void>;
  remove(key: string): Promise<void>;
}

/**
 * Another provider's account and settings, for a provider that builds on its sign-in (Exchange uses the
 * Microsoft account's tokens for Microsoft 365 and EWS).
 */
export interface LinkedProvider {
  account: ProviderAccount;
  settings(): Promise<unknown>;
}

/** What the background lends a provider's account: storage, the network and the browser's sign-in window. */
export interface AccountEnvironment<Section> {
  /** Another registered provider's account and settings, by id; undefined for an unknown id. */
  linked?(providerId: string): LinkedProvider | undefined;
  /** The provider's current settings section (read fresh on every call). */
  settings(): Promise<Section>;
  /** Survives restarts; closed to content scripts in every browser (the extension origin's IndexedDB). */
  local: KeyValueArea;
  /** Memory only, trusted contexts only. */
  session: KeyValueArea;
  transport: Transport;
  /** Called after every sign-out (asked for or forced by the provider), so nothing fetched with it stays. */
  onSignedOut?(): Promise<void>;
  /** The browser's web-auth window (identity.launchWebAuthFlow) and its redirect URI. */
  webAuth: {
    redirectUrl(): string;
    launch(url: string, interactive: boolean): Promise<string | undefined>;
  };
  now(): number;
}

/** What an interactive sign-in may carry: a resource (Microsoft: a scope; ContentStore: a server id), a password. */
export interface SignInOptions {
  resource?: string;
  /** For providers that sign in with a password (ContentStore): asked in the options page, never stored unless `remember`. */
  password?: string;
  remember?: boolean;
}

/**
 * A provider's sign-in. `credential` is the header its API wants (a bearer token, a ContentStore
 * `Authtoken`), renewed when `forceRefresh`; null when the person has to sign in. Where one sign-in yields
 * tokens for several resources (Microsoft: Graph and EWS), `resource` names one (for Microsoft, its delegated
 * scope); without it, the provider's main API.
 * Clients send it through `operationAuthorizer` (lib/http/authorizer.ts), only under their configured base.
 */
export interface ProviderAccount {
  status(): Promise<AccountStatus>;
  /**
   * Interactive sign-in. With `resource`, asks the signed-in person to allow one more permission (incremental
   * consent: Microsoft's `Files.ReadWrite.All` the first time they share). With `password`, a provider that
   * signs in with a user name and password (Exchange Server's Basic) keeps it where its credentials live.
   */
  signIn(options?: SignInOptions): Promise<AccountStatus>;
  /** Removes every credential of this provider (with `resource`, of that server only). */
  signOut(options?: { resource?: string }): Promise<void>;
  credential(options: { forceRefresh: boolean; resource?: string }): Promise<Credential | null>;
}

/** Everything a client needs to reach its API. */
export interface ClientEnvironment<Section> {
  settings: Section;
  transport: Transport;
  account: ProviderAccount;
  /** Clock, sleep and jitter for retries; tests pass fakes, the extension the real ones. */
  runtime?: Partial<RetryRuntime>;
  /** Another registered provider's account and settings (see {@link AccountEnvironment.linked}). */
  linked?(providerId: string): LinkedProvider | undefined;
}

/**
 * What the provider contract test (lib/providers/contract.test.ts) needs to drive one provider without a
 * server: kept in `contract-fixture.ts` in the provider's folder; a provider without one fails the test.
 */
export interface ContractFixture<Section> {
  /** A configured section (servers and endpoints the fake API below answers for). */
  settings: Section;
  /** Links people write that this provider must claim, and look-alikes it must not. */
  links: readonly string[];
  notLinks: readonly string[];
  /** The fake API's answer to a preview of `links[0]`: a file named {@link ContractFixture.fileName}. */
  fileReply(request: Request): Response | Promise<Response>;
  fileName: string;
  /** An error answer in the provider's own wire format (JSON, XML, SOAP fault) with this HTTP status. */
  errorReply(status: number, headers?: Record<string, string>): Response;
}

export interface ResolveOptions {
  /** Called before each wait for a retry (throttling, network), to show "retrying at …". */
  onRetry?: (event: RetryEvent) => void;
  /** Aborting rejects the returned promise with the signal's reason. */
  signal?: AbortSignal;
}

export interface ResolveManyOptions extends ResolveOptions {
  /** Links resolved so far out of all distinct links; starts at 0 and ends at the total. */
  onProgress?: (done: number, total: number) => void;
  /**
   * Each distinct link's final result as soon as it is known, so callers can cache and show a batch before
   * the next is sent. A returned promise is awaited first; a throw or rejection does not affect other links.
   */
  onResult?: (url: string, result: Result<SharedItem>) => void | Promise<void>;
}

/** What a provider's client does for the previews. Only reads: previews never change anything. */
export interface ProviderClient {
  /** One link, for a hover card. */
  resolve(link: ShareLink, options: ResolveOptions): Promise<Result<SharedItem>>;
  /** Many links, for the popup's list, batched as the API allows; the map is keyed by URL. */
  resolveMany(
    links: readonly ShareLink[],
    options: ResolveManyOptions,
  ): Promise<Map<string, Result<SharedItem>>>;
  /** Where the provider has it: accept the link for good (Graph's redeem), answering with the item. */
  redeem?(link: ShareLink): Promise<Result<SharedItem>>;
  /**
   * Whether `url` (an item's `thumbnailUrl`) is on a host this provider serves thumbnails from: the background
   * fetches nothing else, and follows no redirect off it.
   */
  isThumbnailUrl(url: string): boolean;
}

/**
 * What the pages and the content script know of a provider, without zod, clients or accounts (so they stay
 * small): kept in `info.ts` of its folder and listed in `lib/providers/info.ts`.
 */
export interface ProviderInfo<Id extends string = string, Section = unknown> {
  readonly id: Id;
  /** Message key of the name people see, which heads its options section ("Microsoft account"). */
  readonly name: MessageKey;
  readonly links: LinkRules<Section>;
  /** The inputs of its options section. */
  readonly fields: readonly SettingsField<Section>[];
  /** The token the provider's API addresses a link by, where people may want to copy it (Graph: `u!…`). */
  sharingToken?(url: string): string;
  /** Its client can redeem links (the popup's Redeem, the "Redeem link" menu): see {@link ProviderClient.redeem}. */
  readonly canRedeem?: boolean;
  /** It offers sharing onward (the popup's Share… and the card's): see {@link ProviderModule.sharing}. */
  readonly canShare?: boolean;
  /**
   * How the options page signs this provider in, by its section: its own sign-in window (the default), a
   * password typed on the options page, another provider's account (`linked`: nothing to do here), each of its
   * servers in their own form (`perServer`: ContentStore), or nothing.
   */
  signInKind?(section: Section): 'window' | 'password' | 'linked' | 'perServer' | 'none';
  /** Where it shares something of its own rather than an item behind a link (Exchange: a calendar): when it may. */
  sharesOwnFolders?(section: Section): boolean;
  /** Message key of what the card says when its link needs a sign-in (default: the Microsoft account's). */
  readonly signedOutText?: MessageKey;
}

/**
 * Sharing onward: what a provider's share panel (entrypoints/popup/share/) may ask the background to do. The
 * requests and answers are the provider's own; the background only checks a request with `requestSchema` and
 * hands it to `run`. Writes are not sent twice blindly: an answer that never came is looked up first.
 */
export interface ProviderSharingModule<Section> {
  readonly requestSchema: z.ZodType<unknown>;
  /** The permission sharing needs beyond the previews' (asked for the first time the person shares). */
  consentResource?(settings: Section): string;
  create(environment: ClientEnvironment<Section>): { run(request: unknown): Promise<unknown> };
}

/** One provider: one folder under lib/providers/, one line in lib/providers/index.ts and one in info.ts. */
export interface ProviderModule<Id extends string = string, Section = unknown>
  extends ProviderInfo<Id, Section> {
  readonly settings: SettingsSection<Section>;
  createAccount(environment: AccountEnvironment<Section>): ProviderAccount;
  createClient(environment: ClientEnvironment<Section>): ProviderClient;
  readonly sharing?: ProviderSharingModule<Section>;
}
