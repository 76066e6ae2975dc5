import type { Browser } from 'wxt/browser';
import { detectShareLink } from '@/lib/links';
import { ListPortMessageSchema, type ListUpdate } from '@/lib/messages';
import type { ShareLink } from '@/lib/model';
import { LIST_PORT } from '@/lib/ports';
import { resolveMany } from '@/lib/resolve';
import { graphClient, previewCache } from './previews';
import { senderKind } from './router';
import { loadSettings } from './settings-store';

/**
 * The popup's connection: it sends every share link of a page once, and gets progress ("12 of 40"),
 * throttling waits and each link's state as they come. Links resolve together through `$batch`.
 */
export function handleListPort(port: Browser.runtime.Port): void {
  if (port.name !== LIST_PORT) return;
  if (!port.sender || senderKind(port.sender) !== 'page') {
    port.disconnect();
    return;
  }
  const abort = new AbortController();
  port.onDisconnect.addListener(() => abort.abort());
  const post = (update: ListUpdate) => {
    if (!abort.signal.aborted) port.postMessage(update);
  };
  port.onMessage.addListener(async (raw: unknown) => {
    const parsed = ListPortMessageSchema.safeParse(raw);
    if (!parsed.success) return;
    const settled = new Set<string>();
    const links: ShareLink[] = [];
    for (const url of parsed.data.urls) {
      const link = detectShareLink(url);
      if (link) links.push(link);
      else {
        settled.add(url);
        post({
          type: 'result',
          url,
          state: { status: 'failed', error: { kind: 'invalidLink', message: NOT_A_LINK } },
        });
      }
    }
    const settings = await loadSettings();
    try {
      await resolveMany(links, {
        cache: previewCache(settings),
        client: graphClient(settings),
        onResult: (url, state) => {
          settled.add(url);
          post({ type: 'result', url, state });
        },
        onProgress: (done, total) => post({ type: 'progress', done, total }),
        onRetry: (event) => post({ type: 'throttled', retryAt: event.retryAt }),
        signal: abort.signal,
      });
    } catch (error) {
      // Aborted (the popup closed), or something unexpected: every link still gets an answer.
      const message = `Something went wrong: ${error instanceof Error ? error.message : error}`;
      for (const link of links) {
        if (!settled.has(link.url))
          post({
            type: 'result',
            url: link.url,
            state: { status: 'failed', error: { kind: 'server', message } },
          });
      }
    }
    post({ type: 'done' });
  });
}

const NOT_A_LINK = 'This is not a OneDrive or SharePoint share link.';
