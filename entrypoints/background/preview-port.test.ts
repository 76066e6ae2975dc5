import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { PreviewUpdate } from '@/lib/messages';
import { PREVIEW_PORT } from '@/lib/ports';
import { forgetAllIntents, recordIntent } from './intents';
import { handlePreviewPort } from './preview-port';
import { graphReply, resetBrowser, signedIn } from './test-support';

const EXTENSION_ID = 'test-extension-id';
const FILE = 'https://contoso.sharepoint.com/:x:/s/Finance/EbC7aBcD?e=4fQ2';
const OTHER = 'https://contoso.sharepoint.com/:x:/s/Finance/EbOtHeR?e=9zZ9';

/** A port as the browser hands it to the background, from `url` in tab 7; it records what it is sent. */
function portFrom(url: string) {
  const onMessage: Array<(message: unknown) => void> = [];
  const port = {
    name: PREVIEW_PORT,
    sender: { id: EXTENSION_ID, url, tab: { id: 7 } },
    onMessage: { addListener: (listener: (message: unknown) => void) => onMessage.push(listener) },
    onDisconnect: { addListener: () => {} },
    postMessage: vi.fn(),
    disconnect: vi.fn(),
  };
  handlePreviewPort(port as never);
  return {
    port,
    send: (message: unknown) => {
      for (const listener of onMessage) listener(message);
    },
    updates: () => port.postMessage.mock.calls.map(([update]) => update as PreviewUpdate),
  };
}

describe("the card's port", () => {
  beforeEach(() => {
    resetBrowser();
    (fakeBrowser.runtime as { id: string }).id = EXTENSION_ID;
  });
  afterEach(() => vi.unstubAllGlobals());

  it('is only for the card: another extension page is disconnected', () => {
    const { port } = portFrom(`chrome-extension://${EXTENSION_ID}/popup.html`);
    expect(port.disconnect).toHaveBeenCalled();
    expect(
      portFrom(`chrome-extension://${EXTENSION_ID}/card.html#0:x`).port.disconnect,
    ).not.toHaveBeenCalled();
  });

  it('reports only for the newest request: an older one answering late is not shown', async () => {
    await signedIn();
    let calls = 0;
    vi.stubGlobal(
      'fetch',
      vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
        // The first link's answer comes late, after the card has moved on to the second link.
        const call = ++calls;
        await new Promise((resolve) => setTimeout(resolve, call === 1 ? 60 : 0));
        return graphReply(input, init, { id: `item-${call}`, name: `Item ${call}.xlsx`, size: 1, file: {} });
      }),
    );
    await recordIntent(7, FILE);
    const card = portFrom(`chrome-extension://${EXTENSION_ID}/card.html#0:x`);
    card.send({ type: 'watch', url: FILE });
    await vi.waitFor(() => expect(calls).toBe(1));
    await recordIntent(7, OTHER);
    card.send({ type: 'watch', url: OTHER });
    await vi.waitFor(() =>
      expect(card.updates().some((u) => u.url === OTHER && u.state.status === 'ready')).toBe(true),
    );
    await new Promise((resolve) => setTimeout(resolve, 100)); // the first answer has arrived by now
    const afterSecond = card.updates().slice(card.updates().findIndex((u) => u.url === OTHER));
    expect(afterSecond.every((u) => u.url === OTHER)).toBe(true);
  });

  it("starts the preview with the tab's report: the card that asks a moment later takes it over, one request", async () => {
    await signedIn();
    let calls = 0;
    vi.stubGlobal(
      'fetch',
      vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
        calls++;
        await new Promise((resolve) => setTimeout(resolve, 20));
        return graphReply(input, init, { id: 'item-1', name: 'Budget.xlsx', size: 1, file: {} });
      }),
    );
    await recordIntent(7, FILE);
    // The request is under way before the card has said anything.
    await vi.waitFor(() => expect(calls).toBe(1));
    const card = portFrom(`chrome-extension://${EXTENSION_ID}/card.html#0:x`);
    card.send({ type: 'watch', url: FILE });
    await vi.waitFor(() => expect(card.updates().at(-1)?.state.status).toBe('ready'));
    expect(card.updates().map((u) => u.state.status)).toEqual(['loading', 'ready']);
    expect(calls).toBe(1);
  });

  it('hands a card that asks after the answer came that answer, a failure too, without asking Graph again', async () => {
    await signedIn();
    const fetch = vi.fn(
      async () =>
        new Response(JSON.stringify({ error: { code: 'itemNotFound', message: 'Item not found' } }), {
          status: 404,
          headers: { 'content-type': 'application/json' },
        }),
    );
    vi.stubGlobal('fetch', fetch);
    await recordIntent(7, FILE);
    await new Promise((resolve) => setTimeout(resolve, 50)); // the answer is in; failures are not cached
    const card = portFrom(`chrome-extension://${EXTENSION_ID}/card.html#0:x`);
    card.send({ type: 'watch', url: FILE });
    await vi.waitFor(() => expect(card.updates().at(-1)?.state.status).toBe('failed'));
    expect(card.updates().at(-1)?.state).toMatchObject({ error: { kind: 'notFound' } });
    expect(fetch).toHaveBeenCalledTimes(1);
  });

  it('hands over nothing started before a sign-out', async () => {
    await signedIn();
    vi.stubGlobal(
      'fetch',
      vi.fn(async (input: RequestInfo | URL, init?: RequestInit) =>
        graphReply(input, init, { id: 'item-1', name: 'Budget.xlsx', size: 1, file: {} }),
      ),
    );
    await recordIntent(7, FILE);
    await new Promise((resolve) => setTimeout(resolve, 50));
    await forgetAllIntents();
    const card = portFrom(`chrome-extension://${EXTENSION_ID}/card.html#0:x`);
    card.send({ type: 'watch', url: FILE });
    await vi.waitFor(() => expect(card.updates().at(-1)?.state.status).toBe('failed'), { timeout: 3_000 });
    expect(JSON.stringify(card.updates())).not.toContain('Budget.xlsx');
  });
});
