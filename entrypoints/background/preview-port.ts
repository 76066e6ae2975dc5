import { type Browser, browser } from 'wxt/browser';
import { t } from '@/lib/i18n';
import { PREVIEW_PORT, PreviewPortMessageSchema, type PreviewUpdate } from '@/lib/messages';
import { openSetupPage } from '@/utils/setup-page';
import { awaitIntent, takeStartedPreview } from './intents';
import { watchPreview } from './previews';
import { senderKind } from './router';

/** How long a card's request waits for its tab's report of intent, which is sent at the same moment. */
const INTENT_WAIT_MS = 1_000;

/**
 * The card's connection: it asks to watch the link its tab reported intent for, and gets every state
 * change (loading, throttled with the retry time, ready or failed) as it happens.
 */
export function handlePreviewPort(port: Browser.runtime.Port): void {
  if (port.name !== PREVIEW_PORT) return;
  const tabId = port.sender?.tab?.id;
  if (!port.sender || senderKind(port.sender) !== 'card' || tabId === undefined) {
    port.disconnect();
    return;
  }
  let connected = true;
  port.onDisconnect.addListener(() => {
    connected = false;
  });
  /** Only the card's newest request reports: a Try again must not be overtaken by the stalled one it replaced. */
  let newest = 0;
  port.onMessage.addListener(async (raw: unknown) => {
    const parsed = PreviewPortMessageSchema.safeParse(raw);
    if (!parsed.success) return;
    if (parsed.data.type === 'options') {
      await browser.runtime.openOptionsPage();
      return;
    }
    if (parsed.data.type === 'setup') {
      await openSetupPage();
      return;
    }
    if (parsed.data.type === 'share') {
      // The share panel in a window of its own: nothing is shared from the card, which a page could clickjack.
      const popup = new URL(browser.runtime.getURL('/popup.html'));
      popup.searchParams.set('share', parsed.data.url);
      await browser.windows.create({ url: popup.href, type: 'popup', width: 480, height: 640 });
      return;
    }
    const { url, type } = parsed.data;
    const request = ++newest;
    const send = (state: PreviewUpdate['state']) => {
      if (connected && request === newest)
        port.postMessage({ type: 'state', url, state } satisfies PreviewUpdate);
    };
    // Most often the tab's report has already started this preview: the card takes it over.
    if (type === 'watch' && takeStartedPreview(tabId, url, send)) return;
    if (!(await awaitIntent(tabId, url, INTENT_WAIT_MS))) {
      send({
        status: 'failed',
        error: { kind: 'invalidLink', message: t('hoverAgain') },
      });
      return;
    }
    if (type === 'watch' && takeStartedPreview(tabId, url, send)) return;
    await watchPreview(url, send, { refresh: type === 'retry' });
  });
}
