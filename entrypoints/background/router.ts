import { type Browser, browser } from 'wxt/browser';
import { detectShareLink } from '@/lib/links';
import {
  type ContentRequest,
  ContentRequestSchema,
  type PageRequest,
  PageRequestSchema,
  type Reply,
  type ResponseMap,
} from '@/lib/messages';
import { isSiteDisabled } from '@/lib/settings';
import { authStatus, signIn, signOut } from './auth';
import { recordIntent } from './intents';
import { clearCache } from './previews';
import { redeemAndNotify } from './redeem';
import { loadSettings, saveSettings } from './settings-store';

type Sender = Browser.runtime.MessageSender;

/** Who sent a message: one of our extension pages, our content script in a tab, or nobody we trust. */
export function senderKind(sender: Sender): 'page' | 'content' | undefined {
  if (sender.id !== browser.runtime.id || !sender.url) return undefined;
  const protocol = new URL(sender.url).protocol;
  if (protocol === 'chrome-extension:' || protocol === 'moz-extension:') return 'page';
  if (sender.tab?.id !== undefined && (protocol === 'https:' || protocol === 'http:')) return 'content';
  return undefined;
}

async function handleContent(
  request: ContentRequest,
  sender: Sender,
): Promise<ResponseMap[ContentRequest['type']]> {
  const tabId = sender.tab?.id as number;
  switch (request.type) {
    case 'content/config': {
      const settings = await loadSettings();
      const host = new URL(sender.url as string).host;
      return { enabled: !isSiteDisabled(settings, host), hoverDelayMs: settings.hoverDelayMs };
    }
    case 'preview/intent': {
      const link = detectShareLink(request.url);
      // The site switch is checked here too, so switching a site off applies to tabs already open.
      const settings = await loadSettings();
      if (!link || isSiteDisabled(settings, new URL(sender.url as string).host)) return { accepted: false };
      await recordIntent(tabId, link.url);
      return { accepted: true };
    }
  }
}

async function handlePage(request: PageRequest): Promise<ResponseMap[PageRequest['type']]> {
  switch (request.type) {
    case 'auth/status':
      return authStatus();
    case 'auth/sign-in':
      return signIn();
    case 'auth/sign-out':
      await signOut();
      await clearCache();
      return authStatus();
    case 'settings/get':
      return loadSettings();
    case 'settings/save':
      return saveSettings(request.settings);
    case 'cache/clear':
      return { cleared: await clearCache() };
    case 'links/redeem':
      return redeemAndNotify(request.url);
  }
}

/**
 * The single runtime.onMessage handler: checks the sender, parses the message with its schema, and
 * answers with a {@link Reply}. Privileged requests are only taken from extension pages.
 */
export function handleMessage(message: unknown, sender: Sender): Promise<Reply<unknown>> | undefined {
  const kind = senderKind(sender);
  if (!kind) return undefined;
  const run = async (): Promise<unknown> => {
    if (kind === 'content') {
      const parsed = ContentRequestSchema.safeParse(message);
      if (!parsed.success) throw new Error('Refused: not a message a web page may send.');
      return handleContent(parsed.data, sender);
    }
    const parsed = PageRequestSchema.safeParse(message);
    if (!parsed.success) throw new Error('Refused: unknown or malformed request.');
    return handlePage(parsed.data);
  };
  return run().then(
    (data) => ({ ok: true, data }),
    (error: unknown) => ({ ok: false, error: error instanceof Error ? error.message : String(error) }),
  );
}
