/**
 * The previews proper, loaded by the every-page loader (entrypoints/content-loader.ts) into the content
 * scripts' isolated world on first need: the person points at a link or moves to one from the keyboard. It
 * hands its entry points to the loader through a global of that world (pages cannot see it) rather than
 * exports, as the build makes classic scripts.
 */
import { browser } from 'wxt/browser';
import { HoverController } from '@/content/hover';
import { LINK_PREVIEWS_KEY, type LinkPreviews, type StartOptions } from '@/content/previews-api';
import { type ConfiguredLinks, classifyAnchor } from '@/content/scan';
import { isBackgroundToContent } from '@/lib/guards';
import { configuredHosts } from '@/lib/links';
import type {
  BackgroundToContent,
  ContentConfig,
  ContentRequest,
  ContentResponseMap,
  Reply,
} from '@/lib/messages';

/** Aborted when the extension was updated, reloaded or removed under this page: this copy then stops. */
const alive = new AbortController();

async function ask<T extends ContentRequest['type']>(
  request: Extract<ContentRequest, { type: T }>,
): Promise<ContentResponseMap[T] | undefined> {
  try {
    const reply = (await browser.runtime.sendMessage(request)) as Reply<ContentResponseMap[T]> | undefined;
    return reply?.ok ? reply.data : undefined;
  } catch {
    if (!browser.runtime?.id) alive.abort();
    return undefined;
  }
}

/** Waits before asking the background for the config again when it did not answer. */
const CONFIG_RETRY_MS = [500, 1_000, 2_000, 5_000];

function start({ trigger }: StartOptions): void {
  const { signal } = alive;
  let config: ContentConfig = { enabled: false, hoverDelayMs: 400, hoverModifier: 'none' };
  /** Configured servers (ContentStore) whose links count too, from the latest config. */
  let configured: ConfiguredLinks | undefined;
  let hover: { controller: HoverController; detach: AbortController } | undefined;
  let pendingTrigger: typeof trigger | undefined = trigger;

  /** Attaches or detaches hover previews, as the settings for this site say, without a reload. */
  const apply = (next: ContentConfig) => {
    config = next;
    const detect = next.linkSettings ? { providers: next.linkSettings } : undefined;
    configured = detect && { detect, hosts: configuredHosts(detect).map((host) => host.toLowerCase()) };
    if (config.enabled && !hover) {
      const controller = new HoverController({
        delayMs: () => config.hoverDelayMs,
        modifier: () => config.hoverModifier,
        classify: (anchor) => classifyAnchor(anchor, configured),
        reportIntent: async (url) => (await ask({ type: 'preview/intent', url }))?.accepted === true,
      });
      hover = { controller, detach: new AbortController() };
      controller.attach(AbortSignal.any([signal, hover.detach.signal]));
    } else if (!config.enabled && hover) {
      hover.detach.abort();
      hover = undefined;
    }
    // What made the previews load counts once, with the first answer.
    if (pendingTrigger) hover?.controller.begin(pendingTrigger);
    pendingTrigger = undefined;
  };

  /**
   * Asks for this page's config and applies it. Only the newest answer counts (two quick changes must not
   * end with the older one); when the background does not answer (it is starting), it asks again a few times.
   */
  let asked = 0;
  const refreshConfig = async (attempt = 0): Promise<void> => {
    const mine = ++asked;
    const answer = await ask({ type: 'content/config' });
    if (mine !== asked || signal.aborted) return;
    if (answer) apply(answer);
    else if (attempt < CONFIG_RETRY_MS.length) {
      setTimeout(() => {
        if (mine === asked && !signal.aborted) void refreshConfig(attempt + 1);
      }, CONFIG_RETRY_MS[attempt]);
    }
  };

  // From our extension only, checked by its guard (zod stays out of content scripts).
  const onMessage = (message: unknown, sender: { id?: string }) => {
    if (sender.id !== browser.runtime.id || !isBackgroundToContent(message)) return undefined;
    onBackground(message);
    return undefined;
  };
  /** The settings changed somewhere (options page, popup): ask what they now mean for this page. */
  const onBackground = (message: BackgroundToContent) => {
    if (message.type === 'settings/changed') void refreshConfig();
  };
  browser.runtime.onMessage.addListener(onMessage);
  signal.addEventListener('abort', () => {
    browser.runtime.onMessage.removeListener(onMessage);
    hover?.detach.abort();
  });

  void refreshConfig();
}

const previews: LinkPreviews = { start };

export default defineUnlistedScript(() => {
  (globalThis as Record<symbol, LinkPreviews>)[LINK_PREVIEWS_KEY] = previews;
});
