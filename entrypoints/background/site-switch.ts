import { type Browser, browser } from 'wxt/browser';
import { t } from '@/lib/i18n';
import type { SaveSettingsResult } from '@/lib/messages';
import { isSiteDisabled, switchSite } from '@/lib/sites';
import { loadSettings, updateSettings } from '@/utils/settings';

/** The keyboard shortcut's name in the manifest (`commands`, wxt.config.ts). */
export const TOGGLE_SITE_COMMAND = 'toggle-site-previews';
/** One notification for the shortcut, replaced at each press rather than piling up. */
const NOTIFICATION_ID = 'sharelens-site-switch';

/**
 * Switches hover previews for one site on or off, or (`'toggle'`) the other way from how they are now, in one
 * read-modify-write of the settings: the popup's switch and the keyboard shortcut both go through here. Open
 * pages follow at once (index.ts tells every tab that the settings changed).
 */
export async function switchSitePreviews(
  host: string,
  previewsOn: boolean | 'toggle',
): Promise<{ result: SaveSettingsResult; previewsOn: boolean }> {
  let on = previewsOn === true;
  const result = await updateSettings((current) => {
    on = previewsOn === 'toggle' ? isSiteDisabled(current, host) : previewsOn;
    return { ...current, disabledSites: switchSite(current.disabledSites, host, on) };
  });
  return { result, previewsOn: on };
}

/**
 * The keyboard shortcut: switches previews for the site of `tab` (the active tab, as the browser hands it to
 * `commands.onCommand`) and says what happened in a notification. A tab that is no web page (the browser's own
 * pages, extension pages, a new tab) has no site to switch: the notification says so, and nothing changes.
 */
export async function toggleSiteOfTab(tab: Pick<Browser.tabs.Tab, 'url'> | undefined): Promise<void> {
  const url = tab?.url && URL.canParse(tab.url) ? new URL(tab.url) : undefined;
  const isWebPage = (url?.protocol === 'https:' || url?.protocol === 'http:') && url.host !== '';
  let message = t('siteSwitchUnavailable');
  if (url && isWebPage && !(await loadSettings()).previewsEnabled) {
    // Off on every site (options or policy): a site switched on would still show nothing.
    message = t('previewsOffEverywhere');
  } else if (url && isWebPage) {
    const { result, previewsOn } = await switchSitePreviews(url.host, 'toggle');
    if (result.saved) message = previewsOn ? t('previewsOnFor', url.host) : t('previewsOffFor', url.host);
    else message = Object.values(result.errors)[0] ?? t('settingNotSaved');
  }
  await browser.notifications
    .create(NOTIFICATION_ID, {
      type: 'basic',
      iconUrl: browser.runtime.getURL('/icon/128.png'),
      title: t('siteSwitchTitle'),
      message,
    })
    .catch(() => {}); // notifications can be switched off; the popup shows the site's state too
}

/** The `commands.onCommand` listener. Some browsers do not pass the tab: then the active one is asked for. */
export async function handleCommand(command: string, tab?: Browser.tabs.Tab): Promise<void> {
  if (command !== TOGGLE_SITE_COMMAND) return;
  const active = tab ?? (await browser.tabs.query({ active: true, lastFocusedWindow: true }))[0];
  await toggleSiteOfTab(active);
}
