import type { Browser } from 'wxt/browser';
import { ListPortMessageSchema, type ListUpdate } from '@/lib/messages';
import { LIST_PORT } from '@/lib/ports';
import { resolveList } from './previews';
import { senderKind } from './router';

/**
 * The popup's connection: it sends every share link of a page once, and gets progress ("12 of 40"),
 * throttling waits and each link's state as they come (the preview service does the work).
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
    if (!parsed.success) {
      // Nothing to resolve, but the popup must not wait for ever.
      post({ type: 'done' });
      return;
    }
    await resolveList(parsed.data.urls, {
      onResult: (url, state) => post({ type: 'result', url, state }),
      onProgress: (done, total) => post({ type: 'progress', done, total }),
      onThrottled: (wait) => post({ type: 'throttled', ...wait }),
      signal: abort.signal,
    });
    post({ type: 'done' });
  });
}
