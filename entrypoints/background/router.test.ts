import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { forgetSettingsCopy } from '@/utils/settings';
import { handleMessage, senderKind, senderPage } from './router';
import { resetBrowser } from './test-support';

const EXTENSION_ID = 'test-extension-id';
const extensionPage = { id: EXTENSION_ID, url: `chrome-extension://${EXTENSION_ID}/options.html` };
const contentScript = { id: EXTENSION_ID, url: 'https://wiki.example.com/page', tab: { id: 7 } as never };

describe('background router', () => {
  beforeEach(() => {
    resetBrowser();
    // fakeBrowser gives every extension the same id; make ours explicit.
    (fakeBrowser.runtime as { id: string }).id = EXTENSION_ID;
  });

  it('tells extension pages from content scripts, and trusts nobody else', () => {
    expect(senderKind(extensionPage)).toBe('page');
    expect(senderKind(contentScript)).toBe('content');
    expect(senderKind({ ...contentScript, id: 'another-extension' })).toBeUndefined();
    expect(
      senderKind({ id: EXTENSION_ID, url: 'file:///etc/passwd', tab: { id: 1 } as never }),
    ).toBeUndefined();
    expect(senderKind({ id: EXTENSION_ID })).toBeUndefined();
  });

  it('gives the hover card, which runs inside web pages, no privileged request at all', async () => {
    const card = {
      id: EXTENSION_ID,
      url: `chrome-extension://${EXTENSION_ID}/card.html#0:x`,
      tab: { id: 7 } as never,
    };
    expect(senderKind(card)).toBe('card');
    for (const message of [
      { type: 'auth/status' },
      { type: 'auth/sign-in', provider: 'graph' },
      { type: 'auth/sign-out', provider: 'graph' },
      { type: 'settings/get' },
      { type: 'cache/clear' },
      { type: 'setup/info' },
      { type: 'links/redeem', url: 'https://contoso.sharepoint.com/:x:/s/A/Eb?e=1' },
      { type: 'content/config' },
    ]) {
      expect(await handleMessage(message, card)).toEqual({
        ok: false,
        error: expect.stringContaining('Refused'),
      });
    }
    // The options page, an extension page too, still may.
    await expect(handleMessage({ type: 'settings/get' }, extensionPage)).resolves.toMatchObject({ ok: true });
  });

  it('places a frame the page wrote itself on the site that wrote it', () => {
    const mailFrame = { ...contentScript, url: 'about:blank', origin: 'https://mail.example.com' };
    expect(senderKind(mailFrame)).toBe('content');
    expect(senderPage(mailFrame)?.host).toBe('mail.example.com');
    // Without an origin (Firefox), the tab's address says where it is.
    const srcdoc = {
      ...contentScript,
      url: 'about:srcdoc',
      tab: { id: 7, url: 'https://chat.example.org/r/1' },
    };
    expect(senderPage(srcdoc as never)?.host).toBe('chat.example.org');
    // An opaque origin or a browser page is nowhere the switch could be about.
    expect(senderKind({ ...mailFrame, origin: 'null' })).toBeUndefined();
    expect(
      senderKind({ ...contentScript, url: 'about:blank', tab: { id: 7, url: 'chrome://newtab/' } as never }),
    ).toBeUndefined();
    expect(senderKind({ ...contentScript, url: 'data:text/html,<a>' })).toBeUndefined();
  });

  it('refuses privileged requests from a content script', async () => {
    for (const type of ['auth/sign-in', 'auth/sign-out', 'settings/get', 'cache/clear']) {
      const reply = await handleMessage({ type, provider: 'graph' }, contentScript);
      expect(reply).toEqual({ ok: false, error: expect.stringContaining('Refused') });
    }
    await expect(
      handleMessage({ type: 'settings/save', settings: { clientId: 'x' } }, contentScript),
    ).resolves.toMatchObject({ ok: false });
    await expect(
      handleMessage(
        { type: 'links/redeem', url: 'https://contoso.sharepoint.com/:x:/s/A/Eb?e=1' },
        contentScript,
      ),
    ).resolves.toMatchObject({ ok: false });
  });

  it('ignores messages from other extensions entirely', () => {
    expect(handleMessage({ type: 'auth/status' }, { ...extensionPage, id: 'other' })).toBeUndefined();
  });

  it('refuses malformed messages with a reason', async () => {
    await expect(handleMessage({ type: 'nope' }, extensionPage)).resolves.toMatchObject({ ok: false });
    await expect(handleMessage('hello', contentScript)).resolves.toMatchObject({ ok: false });
  });

  it('records a content script intent only for share links, and answers with the site config', async () => {
    const share = 'https://contoso.sharepoint.com/:x:/s/Finance/EbC7aBcD?e=4fQ2';
    await expect(handleMessage({ type: 'preview/intent', url: share }, contentScript)).resolves.toEqual({
      ok: true,
      data: { accepted: true },
    });
    expect(await fakeBrowser.storage.session.get('intent:7')).toEqual({ 'intent:7': share });
    await expect(
      handleMessage(
        { type: 'preview/intent', url: 'https://contoso.sharepoint.com.evil.example/:x:/s/A/Eb' },
        contentScript,
      ),
    ).resolves.toEqual({ ok: true, data: { accepted: false } });

    await fakeBrowser.storage.local.set({
      settings: { disabledSites: ['wiki.example.com'], hoverDelayMs: 700, hoverModifier: 'Alt' },
    });
    forgetSettingsCopy(); // what storage.onChanged does in the browser (the fake lost the listener on reset)
    await expect(handleMessage({ type: 'content/config' }, contentScript)).resolves.toEqual({
      ok: true,
      data: { enabled: false, hoverDelayMs: 700, hoverModifier: 'Alt' },
    });
  });

  it('runs the previews script in the asking frame only, and only for our content script (Firefox)', async () => {
    const injected: unknown[] = [];
    (fakeBrowser as unknown as { scripting: object }).scripting = {
      executeScript: async (injection: unknown) => {
        injected.push(injection);
        return [];
      },
    };
    const inFrame = { ...contentScript, frameId: 3 };
    await expect(handleMessage({ type: 'content/load-previews' }, inFrame)).resolves.toEqual({
      ok: true,
      data: { loaded: true },
    });
    expect(injected).toEqual([{ target: { tabId: 7, frameIds: [3] }, files: ['/link-previews.js'] }]);
    // A card (inside a web page) or a message naming another file or frame gets nothing run.
    const card = {
      id: EXTENSION_ID,
      url: `chrome-extension://${EXTENSION_ID}/card.html`,
      tab: { id: 7 } as never,
    };
    await expect(handleMessage({ type: 'content/load-previews' }, card)).resolves.toMatchObject({
      ok: false,
    });
    await handleMessage({ type: 'content/load-previews', files: ['/background.js'], frameId: 0 }, inFrame);
    expect(injected.at(-1)).toEqual({ target: { tabId: 7, frameIds: [3] }, files: ['/link-previews.js'] });
  });

  it('saves valid settings from the options page and explains invalid ones', async () => {
    const current = (await handleMessage({ type: 'settings/get' }, extensionPage)) as {
      data: { providers: { graph: object; exchange: object } };
    };
    const bad = await handleMessage(
      {
        type: 'settings/save',
        settings: {
          ...current.data,
          providers: {
            ...current.data.providers,
            graph: { ...current.data.providers.graph, graphEndpoint: 'ftp://x' },
          },
        },
      },
      extensionPage,
    );
    expect(bad).toMatchObject({
      ok: true,
      data: { saved: false, errors: { 'providers.graph.graphEndpoint': expect.any(String) } },
    });
    const good = await handleMessage(
      {
        type: 'settings/save',
        settings: {
          ...current.data,
          hoverDelayMs: 250,
          providers: {
            ...current.data.providers,
            graph: { ...current.data.providers.graph, clientId: 'abc' },
          },
        },
      },
      extensionPage,
    );
    expect(good).toMatchObject({
      ok: true,
      data: { saved: true, settings: { hoverDelayMs: 250, providers: { graph: { clientId: 'abc' } } } },
    });
  });

  it('switches one site from the popup without undoing other changes', async () => {
    await fakeBrowser.storage.local.set({
      settings: { version: 2, disabledSites: ['mail.example.com'], hoverDelayMs: 900 },
    });
    const switched = await Promise.all([
      handleMessage({ type: 'settings/site', host: 'Wiki.Example.com', previewsOn: false }, extensionPage),
      handleMessage({ type: 'settings/site', host: 'mail.example.com', previewsOn: true }, extensionPage),
    ]);
    expect(switched.every((reply) => reply?.ok)).toBe(true);
    const current = (await handleMessage({ type: 'settings/get' }, extensionPage)) as {
      data: { disabledSites: string[]; hoverDelayMs: number };
    };
    // Both switches landed, one after the other, and the hover delay stayed.
    expect(current.data.disabledSites).toEqual(['wiki.example.com']);
    expect(current.data.hoverDelayMs).toBe(900);
    await expect(
      handleMessage({ type: 'settings/site', host: 'wiki.example.com', previewsOn: true }, contentScript),
    ).resolves.toMatchObject({ ok: false });
  });

  it('answers sign-in state per provider and refuses providers it does not know', async () => {
    await expect(handleMessage({ type: 'auth/status' }, extensionPage)).resolves.toEqual({
      ok: true,
      data: expect.arrayContaining([
        { provider: 'graph', configured: false, signedIn: false, account: undefined },
        { provider: 'contentstore', configured: false, signedIn: false, servers: [] },
        { provider: 'exchange', configured: false, signedIn: false },
      ]),
    });
    await expect(
      handleMessage({ type: 'auth/sign-in', provider: 'dropbox' }, extensionPage),
    ).resolves.toEqual({
      ok: false,
      error: expect.stringContaining('dropbox'),
    });
  });
});
