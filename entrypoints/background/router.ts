import { type Browser, browser } from 'wxt/browser';
import { LINK_PREVIEWS_PATH } from '@/content/previews-api';
import { t } from '@/lib/i18n';
import { configuredHosts, detectShareLink, linkSettings } from '@/lib/links';
import {
  type ContentConfig,
  type ContentRequest,
  ContentRequestSchema,
  type ContentResponseMap,
  type PageRequest,
  PageRequestSchema,
  type PageResponseMap,
  type Reply,
} from '@/lib/messages';
import { previewsOnFor } from '@/lib/settings';
import { loadPolicyState, loadSettings, saveSettings } from '@/utils/settings';
import { accountFor, allAccountStatuses } from './accounts';
import { recordIntent } from './intents';
import { clearCache } from './previews';
import { redeemAndNotify } from './redeem';
import { setupInfo } from './setup';
import { allowSharing, runShare } from './sharing';
import { switchSitePreviews } from './site-switch';

type Sender = Browser.runtime.MessageSender;

const isWeb = (url: URL | undefined) => url?.protocol === 'https:' || url?.protocol === 'http:';
const parse = (url: string | undefined) => (url && URL.canParse(url) ? new URL(url) : undefined);

/**
 * The web page a content script runs in, whose site the per-site switch is about. A frame the page wrote
 * itself (about:blank, srcdoc) has no address of its own: it belongs to the origin that made it, which
 * Chrome gives as `origin`; failing that, the tab's address.
 */
export function senderPage(sender: Sender): URL | undefined {
  const own = parse(sender.url);
  if (isWeb(own)) return own;
  if (own?.protocol !== 'about:') return undefined;
  const origin = parse(sender.origin);
  if (isWeb(origin)) return origin;
  const tab = parse(sender.tab?.url);
  return isWeb(tab) ? tab : undefined;
}

/**
 * Who sent a message: the hover card (an extension page framed into web pages), another of our extension pages,
 * our content script in a tab, or nobody we trust. The card runs inside pages that may be hostile and can be
 * clickjacked, so it only watches a preview and retries it (its port); everything else it may not ask.
 */
export function senderKind(sender: Sender): 'page' | 'card' | 'content' | undefined {
  if (sender.id !== browser.runtime.id || !sender.url) return undefined;
  const url = new URL(sender.url);
  const protocol = url.protocol;
  if (protocol === 'chrome-extension:' || protocol === 'moz-extension:') {
    return url.pathname === '/card.html' ? 'card' : 'page';
  }
  if (sender.tab?.id !== undefined && senderPage(sender)) return 'content';
  return undefined;
}

async function handleContent(
  request: ContentRequest,
  sender: Sender,
): Promise<ContentResponseMap[ContentRequest['type']]> {
  const tabId = sender.tab?.id as number;
  const settings = await loadSettings();
  const host = (senderPage(sender) as URL).host;
  switch (request.type) {
    case 'content/config': {
      const config: ContentConfig = {
        enabled: previewsOnFor(settings, host),
        hoverDelayMs: settings.hoverDelayMs,
        hoverModifier: settings.hoverModifier,
      };
      // Configured servers' links (ContentStore) are detected in the page too: only what detection needs.
      if (configuredHosts(settings).length > 0) config.linkSettings = linkSettings(settings.providers);
      return config;
    }
    case 'preview/intent': {
      const link = detectShareLink(request.url, { providers: settings.providers });
      // Checked here too, so switching previews or a site off applies at once in every open tab.
      if (!link || !previewsOnFor(settings, host)) return { accepted: false };
      await recordIntent(tabId, link.url);
      return { accepted: true };
    }
    case 'content/load-previews': {
      await browser.scripting.executeScript({
        target: { tabId, frameIds: [sender.frameId ?? 0] },
        files: [LINK_PREVIEWS_PATH],
      });
      return { loaded: true };
    }
  }
}

async function handlePage(request: PageRequest): Promise<PageResponseMap[PageRequest['type']]> {
  switch (request.type) {
    case 'auth/status':
      return request.provider ? [await accountFor(request.provider).status()] : allAccountStatuses();
    case 'auth/sign-in': {
      const { resource, password, remember } = request;
      const options = { ...(resource ? { resource } : {}), ...(password ? { password, remember } : {}) };
      return Object.keys(options).length > 0
        ? accountFor(request.provider).signIn(options)
        : accountFor(request.provider).signIn();
    }
    case 'auth/sign-out': {
      const signedOut = accountFor(request.provider);
      // which also forgets previews and intents (index.ts)
      await (request.resource ? signedOut.signOut({ resource: request.resource }) : signedOut.signOut());
      return signedOut.status();
    }
    case 'settings/get':
      return loadSettings();
    case 'settings/policy':
      return loadPolicyState();
    case 'settings/save':
      return saveSettings(request.settings);
    case 'settings/site':
      return (await switchSitePreviews(request.host, request.previewsOn)).result;
    case 'cache/clear':
      return { cleared: await clearCache() };
    case 'links/redeem':
      return redeemAndNotify(request.url);
    case 'share/run':
      return runShare(request.provider, request.request);
    case 'share/allow':
      return allowSharing(request.provider);
    case 'setup/info':
      return setupInfo();
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
    if (kind === 'card') throw new Error(t('refusedFromWebPage'));
    if (kind === 'content') {
      const parsed = ContentRequestSchema.safeParse(message);
      if (!parsed.success) throw new Error(t('refusedFromWebPage'));
      return handleContent(parsed.data, sender);
    }
    const parsed = PageRequestSchema.safeParse(message);
    if (!parsed.success) throw new Error(t('refusedMalformed'));
    return handlePage(parsed.data);
  };
  return run().then(
    (data) => ({ ok: true, data }),
    (error: unknown) => ({ ok: false, error: error instanceof Error ? error.message : String(error) }),
  );
}
