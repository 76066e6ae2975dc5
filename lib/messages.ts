import { z } from 'zod';
import type { PreviewState, Provider, SharedItem } from './model';
import type { Settings } from './settings';

/**
 * The message protocol between the extension's parts. Every message is parsed with these schemas on
 * receipt; anything else is refused. Requests are tagged by who may send them.
 */

const url = z.string().min(1).max(8192);

/** Sent by the content script of a web page. Never privileged. */
export const ContentRequestSchema = z.discriminatedUnion('type', [
  /** Hover delay and whether previews are on for the sender's site (taken from the sender, not the message). */
  z.object({ type: z.literal('content/config') }),
  /** The person hovered or focused a share link past the delay: the only thing that lets a preview load. */
  z.object({ type: z.literal('preview/intent'), url }),
]);

/** Sent by extension pages (card, popup, options). */
export const PageRequestSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('auth/status') }),
  z.object({ type: z.literal('auth/sign-in') }),
  z.object({ type: z.literal('auth/sign-out') }),
  z.object({ type: z.literal('settings/get') }),
  z.object({ type: z.literal('settings/save'), settings: z.unknown() }),
  z.object({ type: z.literal('cache/clear') }),
  /** Explicit redeem from the popup: durable access, like opening the link (reference §1.3). */
  z.object({ type: z.literal('links/redeem'), url }),
]);

export type ContentRequest = z.infer<typeof ContentRequestSchema>;
export type PageRequest = z.infer<typeof PageRequestSchema>;

export interface AuthStatus {
  /** Client ID and endpoints are set, so signing in can work. */
  configured: boolean;
  signedIn: boolean;
  account?: { displayName: string; username: string };
}

export interface ContentConfig {
  enabled: boolean;
  hoverDelayMs: number;
}

export type SaveSettingsResult =
  | { saved: true; settings: Settings }
  | { saved: false; errors: Record<string, string> };

/** What each request answers with (inside a {@link Reply}). */
export interface ResponseMap {
  'content/config': ContentConfig;
  'preview/intent': { accepted: boolean };
  'auth/status': AuthStatus;
  'auth/sign-in': AuthStatus;
  'auth/sign-out': AuthStatus;
  'settings/get': Settings;
  'settings/save': SaveSettingsResult;
  'cache/clear': { cleared: number };
  'links/redeem': RedeemOutcome;
}

export interface RedeemOutcome {
  redeemed: boolean;
  /** The sentence the notification showed. */
  message: string;
  item?: SharedItem;
}

/** Every answer is wrapped, so a failure reaches the caller as a message instead of a rejected promise. */
export type Reply<T> = { ok: true; data: T } | { ok: false; error: string };

export { LIST_PORT, PREVIEW_PORT } from './ports';

export const PreviewPortMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('watch'), url }),
  z.object({ type: z.literal('retry'), url }),
]);
export type PreviewPortMessage = z.infer<typeof PreviewPortMessageSchema>;

/** The popup's port: it sends the page's links once and gets progress and each link's state back. */
export const ListPortMessageSchema = z.object({ type: z.literal('resolve'), urls: z.array(url).max(2000) });
export type ListPortMessage = z.infer<typeof ListPortMessageSchema>;

export type ListUpdate =
  | { type: 'progress'; done: number; total: number }
  | { type: 'result'; url: string; state: PreviewState }
  /** Graph asked us to wait; the next attempt is at `retryAt` (epoch ms). */
  | { type: 'throttled'; retryAt: number }
  | { type: 'done' };

export interface PreviewUpdate {
  type: 'state';
  url: string;
  state: PreviewState;
}

/** Sent by extension pages to a tab's content script. */
export type TabRequest = { type: 'page/links' };

export interface PageLink {
  url: string;
  provider: Provider;
  /** The link's text on the page, trimmed and shortened. */
  text: string;
}

export interface TabResponseMap {
  /** The page's share links, and the page's own address (it may be a OneDrive/SharePoint item itself). */
  'page/links': { links: PageLink[]; pageUrl: string };
}
