import { browser } from 'wxt/browser';
import type {
  ContentConfig,
  ContentRequest,
  Reply,
  ResponseMap,
  TabRequest,
  TabResponseMap,
} from '@/lib/messages';
import { HoverController } from './hover';
import { LinkIndex } from './link-index';

async function ask<T extends ContentRequest['type']>(
  request: Extract<ContentRequest, { type: T }>,
): Promise<ResponseMap[T] | undefined> {
  try {
    const reply = (await browser.runtime.sendMessage(request)) as Reply<ResponseMap[T]> | undefined;
    return reply?.ok ? reply.data : undefined;
  } catch {
    return undefined; // the extension was updated or reloaded under this page
  }
}

export default defineContentScript({
  matches: ['http://*/*', 'https://*/*'],
  runAt: 'document_idle',
  main(ctx) {
    const index = new LinkIndex();
    index.start();
    ctx.onInvalidated(() => index.stop());

    // The popup asks for the page's share links (zod stays out of this script to keep it small).
    const onMessage = (
      message: unknown,
      sender: { id?: string },
    ): Promise<TabResponseMap['page/links']> | undefined => {
      if (sender.id !== browser.runtime.id || (message as TabRequest | undefined)?.type !== 'page/links')
        return undefined;
      return index.whenIdle().then(() => ({ links: index.listAll(), pageUrl: location.href }));
    };
    browser.runtime.onMessage.addListener(onMessage);
    ctx.onInvalidated(() => browser.runtime.onMessage.removeListener(onMessage));

    void ask({ type: 'content/config' }).then((config: ContentConfig | undefined) => {
      if (!config?.enabled || !ctx.isValid) return;
      const hover = new HoverController({
        delayMs: config.hoverDelayMs,
        classify: (anchor) => index.links.get(anchor) ?? index.classify(anchor),
        reportIntent: async (url) => (await ask({ type: 'preview/intent', url }))?.accepted === true,
      });
      const controller = new AbortController();
      hover.attach(controller.signal);
      ctx.onInvalidated(() => controller.abort());
    });
  },
});
