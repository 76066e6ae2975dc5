import { browser } from 'wxt/browser';
import type {
  BackgroundToContent,
  ContentConfig,
  ContentRequest,
  ContentResponseMap,
  PageToContentResponseMap,
  Reply,
} from '@/lib/messages';
import { isBackgroundToContent, isPageToContent } from './guards';
import { HoverController } from './hover';
import { LinkIndex } from './link-index';

async function ask<T extends ContentRequest['type']>(
  request: Extract<ContentRequest, { type: T }>,
): Promise<ContentResponseMap[T] | undefined> {
  try {
    const reply = (await browser.runtime.sendMessage(request)) as Reply<ContentResponseMap[T]> | undefined;
    return reply?.ok ? reply.data : undefined;
  } catch {
    return undefined; // the extension was updated or reloaded under this page
  }
}

/** Waits before asking the background for the config again when it did not answer. */
const CONFIG_RETRY_MS = [500, 1_000, 2_000, 5_000];

export default defineContentScript({
  matches: ['http://*/*', 'https://*/*'],
  runAt: 'document_idle',
  main(ctx) {
    const index = new LinkIndex();
    index.start();
    ctx.onInvalidated(() => index.stop());

    let config: ContentConfig = { enabled: false, hoverDelayMs: 400 };
    let hover: AbortController | undefined;
    /** Attaches or detaches hover previews, as the settings for this site say, without a reload. */
    const apply = (next: ContentConfig) => {
      config = next;
      if (config.enabled && !hover) {
        hover = new AbortController();
        new HoverController({
          delayMs: () => config.hoverDelayMs,
          classify: (anchor) => index.links.get(anchor) ?? index.classify(anchor),
          reportIntent: async (url) => (await ask({ type: 'preview/intent', url }))?.accepted === true,
        }).attach(hover.signal);
      } else if (!config.enabled && hover) {
        hover.abort();
        hover = undefined;
      }
    };
    ctx.onInvalidated(() => hover?.abort());

    /**
     * Asks for this page's config and applies it. Only the newest answer counts (two quick changes must not
     * end with the older one); when the background does not answer (it is starting), it asks again a few times.
     */
    let asked = 0;
    const refreshConfig = async (attempt = 0): Promise<void> => {
      const mine = ++asked;
      const answer = await ask({ type: 'content/config' });
      if (mine !== asked || !ctx.isValid) return;
      if (answer) apply(answer);
      else if (attempt < CONFIG_RETRY_MS.length) {
        ctx.setTimeout(() => {
          if (mine === asked) void refreshConfig(attempt + 1);
        }, CONFIG_RETRY_MS[attempt]);
      }
    };

    // Messages from our extension only, each checked by its guard (zod stays out of this script).
    const onMessage = (message: unknown, sender: { id?: string }) => {
      if (sender.id !== browser.runtime.id) return undefined;
      if (isPageToContent(message)) {
        // The popup asks for the page's share links.
        return index.whenIdle().then((): PageToContentResponseMap['page/links'] => ({
          links: index.listAll(),
          pageUrl: location.href,
        }));
      }
      if (isBackgroundToContent(message)) onBackground(message);
      return undefined;
    };
    /** The settings changed somewhere (options page, popup): ask what they now mean for this page. */
    const onBackground = (message: BackgroundToContent) => {
      if (message.type === 'settings/changed') void refreshConfig();
    };
    browser.runtime.onMessage.addListener(onMessage);
    ctx.onInvalidated(() => browser.runtime.onMessage.removeListener(onMessage));

    void refreshConfig();
  },
});
