import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { DEFAULT_SETTINGS } from '@/lib/settings';
import { forgetSettingsCopy, loadSettings } from '@/utils/settings';
import { handleCommand, TOGGLE_SITE_COMMAND } from './site-switch';
import { resetBrowser } from './test-support';

/** The keyboard shortcut as the browser fires it, on a tab with this address. */
const press = (url: string | undefined) => handleCommand(TOGGLE_SITE_COMMAND, { url } as never);

describe('the keyboard shortcut for the current site', () => {
  let notified: string[];
  beforeEach(async () => {
    resetBrowser();
    notified = [];
    vi.spyOn(fakeBrowser.notifications, 'create').mockImplementation((async (
      _id: string,
      options: { message: string },
    ) => {
      notified.push(options.message);
      return 'id';
    }) as never);
    await fakeBrowser.storage.local.set({
      settings: { ...DEFAULT_SETTINGS, disabledSites: ['mail.example.com'] },
    });
    forgetSettingsCopy();
  });

  it('switches previews off for the tab’s site, then on again, and says so each time', async () => {
    await press('https://wiki.example.com:8443/page?x=1');
    expect((await loadSettings()).disabledSites).toEqual(['mail.example.com', 'wiki.example.com:8443']);
    await press('https://wiki.example.com:8443/other');
    expect((await loadSettings()).disabledSites).toEqual(['mail.example.com']);
    expect(notified).toEqual([
      'Previews are off for wiki.example.com:8443.',
      'Previews are on for wiki.example.com:8443.',
    ]);
  });

  it('changes nothing when previews are off on every site, and says so', async () => {
    await fakeBrowser.storage.local.set({
      settings: { ...DEFAULT_SETTINGS, previewsEnabled: false, disabledSites: ['mail.example.com'] },
    });
    forgetSettingsCopy();
    await press('https://wiki.example.com/page');
    expect((await loadSettings()).disabledSites).toEqual(['mail.example.com']);
    expect(notified).toEqual(['Hover previews are off on every site: switch them on in the options.']);
  });

  it('switches on a site that a wildcard switched off, as the popup does', async () => {
    await fakeBrowser.storage.local.set({
      settings: { ...DEFAULT_SETTINGS, disabledSites: ['*.corp.example'] },
    });
    forgetSettingsCopy();
    await press('https://wiki.corp.example/');
    expect((await loadSettings()).disabledSites).toEqual([]);
    expect(notified).toEqual(['Previews are on for wiki.corp.example.']);
  });

  it.each([
    ['the browser’s own pages', 'chrome://settings/'],
    ['extension pages', 'chrome-extension://abcdefghijklmnop/options.html'],
    ['files', 'file:///home/megan/notes.html'],
    ['a tab whose address the extension may not read', undefined],
  ])('changes nothing on %s, and says why', async (_what, url) => {
    await press(url);
    expect((await loadSettings()).disabledSites).toEqual(['mail.example.com']);
    expect(notified).toEqual([
      'Hover previews work on web pages only: there is nothing to switch on this tab.',
    ]);
  });

  it('ignores other commands', async () => {
    await handleCommand('something-else', { url: 'https://wiki.example.com/' } as never);
    expect((await loadSettings()).disabledSites).toEqual(['mail.example.com']);
    expect(notified).toEqual([]);
  });
});
