import type { Browser } from 'wxt/browser';
import { detectShareLink } from '@/lib/links';
import { ListPortMessageSchema, type ListUpdate } from '@/lib/messages';
import type { PreviewState, ShareLink } from '@/lib/model';
import { LIST_PORT } from '@/lib/ports';
import { resolveMany } from '@/lib/resolve';
import { claimFlights, graphClient, previewCache } from './previews';
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
    // Links a hover is already fetching are waited for; the rest are claimed, so hovers wait for the list.
    const flights = claimFlights(links.map((link) => link.url));
    const claimed = new Set(flights.claimed);
    const total = new Set(links.map((link) => link.url)).size;
    let ownDone = 0;
    let joinedDone = 0;
    const progress = () => post({ type: 'progress', done: ownDone + joinedDone, total });
    const report = (url: string, state: PreviewState) => {
      settled.add(url);
      post({ type: 'result', url, state });
    };
    const waits = flights.joined.map(async ({ url, done }) => {
      const state = (await done) ?? { status: 'failed', error: { kind: 'server', message: ASK_AGAIN } };
      joinedDone++;
      report(url, state);
      progress();
    });
    try {
      await resolveMany(
        links.filter((link) => claimed.has(link.url)),
        {
          cache: previewCache(settings),
          client: graphClient(settings),
          onResult: (url, state) => {
            flights.settle(url, state);
            report(url, state);
          },
          onProgress: (done) => {
            ownDone = done;
            progress();
          },
          onRetry: (event) => post({ type: 'throttled', retryAt: event.retryAt }),
          signal: abort.signal,
        },
      );
      await Promise.all(waits);
    } catch (error) {
      // Aborted (the popup closed), or something unexpected: every link still gets an answer.
      const message = `Something went wrong: ${error instanceof Error ? error.message : error}`;
      for (const link of links) {
        if (!settled.has(link.url)) {
          post({
            type: 'result',
            url: link.url,
            state: { status: 'failed', error: { kind: 'server', message } },
          });
        }
      }
    } finally {
      flights.release();
    }
    post({ type: 'done' });
  });
}

const NOT_A_LINK = 'This is not a OneDrive or SharePoint share link.';
const ASK_AGAIN = 'This link was not resolved. Open the popup again.';
