import { z } from 'zod';
import type { HoverModifier } from './hover-modifier';
import type { RetryWait } from './http/retry';
import { MAX_URL_LENGTH } from './links/candidate';
import type { PolicyState } from './managed';
import type { PreviewState, Provider, SharedItem } from './model';
import { MAX_PAGE_ANCHORS, PAGE_TEXT_LIMIT } from './page-links';
import type { AccountStatus } from './providers/types';
import type { Settings } from './settings';
import type { PermissionToAdd } from './setup';

/**
 * The message protocol between the extension's parts, in one place, by direction. Every message has a zod
 * schema and is parsed with it on receipt by the background and the extension pages; anything else is refused.
 * The content script, which must stay small, imports only types from here and checks the few messages it
 * receives with zod-free guards (lib/guards.ts) that a test holds equal to these schemas.
 */

const url = z.string().min(1).max(MAX_URL_LENGTH);
const provider = z.string().min(1).max(40);

// ── content script → background (runtime.sendMessage; never privileged) ─────────────────────────────────

export const ContentRequestSchema = z.discriminatedUnion('type', [
  /** Hover delay and whether previews are on for the sender's site (taken from the sender, not the message). */
  z.object({ type: z.literal('content/config') }),
  /** The person hovered or focused a share link past the delay: the only thing that lets a preview load. */
  z.object({ type: z.literal('preview/intent'), url }),
  /**
   * Firefox: run the previews' script in the sender's frame (entrypoints/content-loader.ts). Only the sender's own
   * frame and only ShareLens's own file, so a page gains nothing by making its frame ask.
   */
  z.object({ type: z.literal('content/load-previews') }),
]);
export type ContentRequest = z.infer<typeof ContentRequestSchema>;

export interface ContentConfig {
  enabled: boolean;
  hoverDelayMs: number;
  /** A key that must be held (or pressed on the link) for a card to open; 'none' when hovering is enough. */
  hoverModifier: HoverModifier;
  /**
   * What link detection needs of the settings of providers with configured servers (ContentStore: addresses and
   * link patterns, no user names), by provider id: the content script reads no storage.
   */
  linkSettings?: Record<string, unknown>;
}

export interface ContentResponseMap {
  'content/config': ContentConfig;
  'preview/intent': { accepted: boolean };
  'content/load-previews': { loaded: boolean };
}

// ── extension page (card, popup, options) → background (runtime.sendMessage) ──────────────────────────────

export const PageRequestSchema = z.discriminatedUnion('type', [
  /** Every provider's sign-in state, or one provider's. */
  z.object({ type: z.literal('auth/status'), provider: provider.optional() }),
  /** `resource`: for ContentStore a server id; `password` and `remember` for providers that sign in with one. */
  z.object({
    type: z.literal('auth/sign-in'),
    provider,
    resource: z.string().min(1).max(100).optional(),
    password: z.string().min(1).max(1024).optional(),
    remember: z.boolean().optional(),
  }),
  z.object({ type: z.literal('auth/sign-out'), provider, resource: z.string().min(1).max(100).optional() }),
  /** The effective settings: the stored ones with the IT department's policy laid over them. */
  z.object({ type: z.literal('settings/get') }),
  /** Which settings the policy sets (and which of its values are ignored as invalid). */
  z.object({ type: z.literal('settings/policy') }),
  z.object({ type: z.literal('settings/save'), settings: z.unknown() }),
  /** The popup's per-site switch: changes only that site, whatever else changed meanwhile. */
  z.object({ type: z.literal('settings/site'), host: z.string().min(1).max(253), previewsOn: z.boolean() }),
  z.object({ type: z.literal('cache/clear') }),
  /** Explicit redeem from the popup: durable access, like opening the link (reference §1.3). */
  z.object({ type: z.literal('links/redeem'), url }),
  /** A share panel's request; its shape is the provider's own (checked with its `sharing.requestSchema`). */
  z.object({ type: z.literal('share/run'), provider, request: z.unknown() }),
  /** The person allows the provider's sharing permission (incremental consent), from the share panel. */
  z.object({ type: z.literal('share/allow'), provider }),
  /** What the setup page shows for the app registration: the redirect URI sign-in uses, the permissions it asks for. */
  z.object({ type: z.literal('setup/info') }),
]);
export type PageRequest = z.infer<typeof PageRequestSchema>;

export type SaveSettingsResult =
  | { saved: true; settings: Settings }
  | { saved: false; errors: Record<string, string> };

export interface RedeemOutcome {
  redeemed: boolean;
  /** The sentence the notification showed. */
  message: string;
  item?: SharedItem;
}

export interface PageResponseMap {
  'auth/status': AccountStatus[];
  'auth/sign-in': AccountStatus;
  'auth/sign-out': AccountStatus;
  'settings/get': Settings;
  'settings/policy': PolicyState;
  'settings/save': SaveSettingsResult;
  'settings/site': SaveSettingsResult;
  'cache/clear': { cleared: number };
  'links/redeem': RedeemOutcome;
  /** The provider's own answer (for Graph, `GraphShareOutcome`). */
  'share/run': unknown;
  'share/allow': AccountStatus;
  'setup/info': SetupInfo;
}

export interface SetupInfo {
  redirectUri: string;
  permissions: PermissionToAdd[];
}

/** Every answer is wrapped, so a failure reaches the caller as a message instead of a rejected promise. */
export type Reply<T> = { ok: true; data: T } | { ok: false; error: string };

// ── extension page ↔ background over ports ───────────────────────────────────────────────────────────────

export { LIST_PORT, PREVIEW_PORT } from './ports';

/**
 * The card's port: it watches the link its tab reported intent for; `retry` skips the cache. `options` (the card's
 * Sign in) and `share` (its Share…, with the item's URL) open the options page and the share panel's window: the
 * background opens them, because Firefox gives an extension frame inside a web page neither
 * `runtime.openOptionsPage` nor `windows`.
 */
export const PreviewPortMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('watch'), url }),
  z.object({ type: z.literal('retry'), url }),
  z.object({ type: z.literal('options') }),
  z.object({ type: z.literal('setup') }),
  z.object({ type: z.literal('share'), url }),
]);
export type PreviewPortMessage = z.infer<typeof PreviewPortMessageSchema>;

/** background → card: each state of the watched link as it happens. */
export interface PreviewUpdate {
  type: 'state';
  url: string;
  state: PreviewState;
}

/** The popup's port: it sends the page's links once and gets progress and each link's state back. */
export const ListPortMessageSchema = z.object({
  type: z.literal('resolve'),
  urls: z.array(url).max(2000),
});
export type ListPortMessage = z.infer<typeof ListPortMessageSchema>;

/** background → popup. */
export type ListUpdate =
  | { type: 'progress'; done: number; total: number }
  | { type: 'result'; url: string; state: PreviewState }
  /** A provider asked us to wait; the next attempt is at `retryAt` (epoch ms). */
  | ({ type: 'throttled' } & RetryWait)
  | { type: 'done' };

// ── the page's scan → popup (scripting.executeScript in the content script's world) ──────────────────────────

export interface PageLink {
  url: string;
  provider: Provider;
  /** The link's text on the page, trimmed and shortened. */
  text: string;
}

/**
 * What the popup's scan of a page returns: the page's links that may be share links (their href mentions a
 * share host, or the page is on one), each href once, absolute, with its text; and the page's own address (it
 * may be a shared item itself). The popup decides which are share links: that work stays off the page's main
 * thread. The answer comes from inside the page, so the popup checks it (`isPageLinksAnswer`, lib/guards.ts).
 */
export const PageLinksAnswerSchema = z.object({
  anchors: z
    .array(z.object({ href: z.string().max(MAX_URL_LENGTH), text: z.string().max(PAGE_TEXT_LIMIT) }))
    .max(MAX_PAGE_ANCHORS),
  pageUrl: z.string().max(MAX_URL_LENGTH),
});
export type PageLinksAnswer = z.infer<typeof PageLinksAnswerSchema>;

// ── background → content script (tabs.sendMessage) ─────────────────────────────────────────────────────────

/** The settings changed: the content script asks for its config again (the site switch, the hover delay). */
export const BackgroundToContentSchema = z.object({ type: z.literal('settings/changed') });
export type BackgroundToContent = z.infer<typeof BackgroundToContentSchema>;

// ── content script ↔ card frame (a private MessageChannel) ──────────────────────────────────────────────────

/**
 * card → content script: "close me", or the person pinned (or unpinned) the card, so it stays until closed. The
 * frame's size never follows the card's content: a page could measure it (by hit-testing its own area) and learn
 * the answer — no access, a file, a folder.
 */
export const CardFrameMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('close') }),
  /** Tab or Shift+Tab out of the card: focus goes back to the link, and the card closes unless pinned. */
  z.object({ type: z.literal('leave') }),
  z.object({ type: z.literal('pin'), pinned: z.boolean() }),
]);
export type CardFrameMessage = z.infer<typeof CardFrameMessageSchema>;

/**
 * content script → card, once the card page has loaded: show this link, or go blank. Setting the frame's
 * address instead would load the page again at every hover: it is framed by its per-session URL
 * (`use_dynamic_url`) and runs at its static one, so even a new fragment is a new document.
 */
export const FrameToCardMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('show'), url }),
  z.object({ type: z.literal('hide') }),
]);
export type FrameToCardMessage = z.infer<typeof FrameToCardMessageSchema>;
