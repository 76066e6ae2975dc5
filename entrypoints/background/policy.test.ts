import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { DEFAULT_SETTINGS } from '@/lib/settings';
import { forgetSettingsCopy, loadSettings, onPolicyChanged } from '@/utils/settings';
import { handleMessage } from './router';
import { resetBrowser } from './test-support';

/** The IT department's policy as the options page, the content script and the stored settings see it. */

const EXTENSION_ID = 'test-extension-id';
const optionsPage = { id: EXTENSION_ID, url: `chrome-extension://${EXTENSION_ID}/options.html` };
const contentScript = { id: EXTENSION_ID, url: 'https://wiki.example.com/page', tab: { id: 7 } as never };

async function setPolicy(policy: Record<string, unknown>): Promise<void> {
  await fakeBrowser.storage.managed.clear();
  await fakeBrowser.storage.managed.set(policy);
  forgetSettingsCopy(); // what storage.onChanged does in the browser (the fake lost the listener on reset)
}

const ask = async (message: unknown, sender: object = optionsPage) =>
  ((await handleMessage(message, sender)) as { ok: true; data: never }).data;

describe('settings set by policy', () => {
  beforeEach(async () => {
    resetBrowser();
    (fakeBrowser.runtime as { id: string }).id = EXTENSION_ID;
    await fakeBrowser.storage.local.set({
      settings: { ...DEFAULT_SETTINGS, hoverDelayMs: 900, cacheTtlMinutes: 30 },
    });
    forgetSettingsCopy();
  });

  it('wins over the person’s settings for every reader, and the options page learns which ones it sets', async () => {
    await setPolicy({
      hoverDelayMs: 150,
      disabledSites: ['wiki.example.com'],
      providers: { graph: { clientId: 'it-client', authority: 'not a url' } },
    });
    const settings = await ask({ type: 'settings/get' });
    expect(settings).toMatchObject({
      hoverDelayMs: 150,
      cacheTtlMinutes: 30,
      disabledSites: ['wiki.example.com'],
      providers: { graph: { clientId: 'it-client', authority: DEFAULT_SETTINGS.providers.graph.authority } },
    });
    expect(await ask({ type: 'settings/policy' })).toEqual({
      managed: ['hoverDelayMs', 'disabledSites', 'providers.graph.clientId'],
      invalid: ['providers.graph.authority'],
    });
    // The page's content script: no card on a site the policy switched off, and the policy's delay.
    expect(await ask({ type: 'content/config' }, contentScript)).toEqual({
      enabled: false,
      hoverDelayMs: 150,
      hoverModifier: 'none',
    });
    // Sign-in reads the effective client ID.
    expect((await ask({ type: 'auth/status', provider: 'graph' }))[0]).toMatchObject({ configured: true });
  });

  it('refuses a save that changes a value the policy sets, and never stores the policy’s values', async () => {
    await setPolicy({ hoverDelayMs: 150, providers: { graph: { clientId: 'it-client' } } });
    const effective = await ask({ type: 'settings/get' });
    expect(
      await ask({ type: 'settings/save', settings: { ...(effective as object), hoverDelayMs: 2000 } }),
    ).toEqual({ saved: false, errors: { hoverDelayMs: 'Set by your organization.' } });
    // The options page sends the policy's values back unchanged with the person's own changes: saved.
    const saved = await ask({
      type: 'settings/save',
      settings: { ...(effective as object), cacheTtlMinutes: 45 },
    });
    expect(saved).toMatchObject({ saved: true, settings: { hoverDelayMs: 150, cacheTtlMinutes: 45 } });
    const stored = (await fakeBrowser.storage.local.get('settings')).settings;
    expect(stored).toMatchObject({
      hoverDelayMs: 900,
      cacheTtlMinutes: 45,
      providers: { graph: { clientId: '' } },
    });
    // The popup's site switch, when the policy sets the sites, says why it cannot.
    await setPolicy({ disabledSites: [] });
    expect(await ask({ type: 'settings/site', host: 'wiki.example.com', previewsOn: false })).toEqual({
      saved: false,
      errors: { disabledSites: 'Set by your organization.' },
    });
  });

  it('gives the person’s own settings back when the policy goes', async () => {
    await setPolicy({ hoverDelayMs: 150 });
    expect((await loadSettings()).hoverDelayMs).toBe(150);
    await setPolicy({});
    expect((await loadSettings()).hoverDelayMs).toBe(900);
    expect(await ask({ type: 'settings/policy' })).toEqual({ managed: [], invalid: [] });
  });

  it('follows a policy change at once: the copy of the settings is dropped', async () => {
    const changed = vi.fn();
    onPolicyChanged(changed);
    onPolicyChanged(forgetSettingsCopy);
    expect((await loadSettings()).hoverDelayMs).toBe(900);
    await fakeBrowser.storage.managed.set({ hoverDelayMs: 150 });
    expect(changed).toHaveBeenCalled();
    expect((await loadSettings()).hoverDelayMs).toBe(150);
  });

  it('reads no policy where the browser has no managed storage for the extension (Firefox without one)', async () => {
    vi.spyOn(fakeBrowser.storage.managed, 'get').mockRejectedValue(
      new Error('Managed storage manifest not found'),
    );
    forgetSettingsCopy();
    expect((await loadSettings()).hoverDelayMs).toBe(900);
    expect(await ask({ type: 'settings/policy' })).toEqual({ managed: [], invalid: [] });
  });

  it('switches every card off with previews off, whoever set it', async () => {
    const effective = await ask({ type: 'settings/get' });
    await ask({ type: 'settings/save', settings: { ...(effective as object), previewsEnabled: false } });
    expect(await ask({ type: 'content/config' }, contentScript)).toEqual({
      enabled: false,
      hoverDelayMs: 900,
      hoverModifier: 'none',
    });
    expect(
      await ask(
        { type: 'preview/intent', url: 'https://contoso.sharepoint.com/:x:/s/A/EbCd?e=1' },
        contentScript,
      ),
    ).toEqual({ accepted: false });
    await setPolicy({ previewsEnabled: true });
    expect(await ask({ type: 'content/config' }, contentScript)).toEqual({
      enabled: true,
      hoverDelayMs: 900,
      hoverModifier: 'none',
    });
  });
});
