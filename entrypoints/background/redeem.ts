import { browser } from 'wxt/browser';
import { SHARE_LINK_MATCH_PATTERNS } from '@/lib/links';
import type { RedeemOutcome } from '@/lib/messages';
import { redeemLink } from './previews';

export const REDEEM_MENU_ID = 'sharelens-redeem';

/** Creates the "Redeem link" menu item, shown only on links to share-link hosts. */
export async function createMenus(): Promise<void> {
  await browser.contextMenus.removeAll();
  browser.contextMenus.create({
    id: REDEEM_MENU_ID,
    title: 'Redeem link',
    contexts: ['link'],
    targetUrlPatterns: [...SHARE_LINK_MATCH_PATTERNS],
  });
}

/** Redeems a link and tells the person how it went in a notification. */
export async function redeemAndNotify(url: string): Promise<RedeemOutcome> {
  const result = await redeemLink(url);
  const outcome: RedeemOutcome = result.ok
    ? { redeemed: true, message: `Added '${result.value.name}' to your shared items`, item: result.value }
    : { redeemed: false, message: result.error.message };
  await browser.notifications
    .create({
      type: 'basic',
      iconUrl: browser.runtime.getURL('/icon/128.png'),
      title: outcome.redeemed ? 'Link redeemed' : 'Could not redeem the link',
      message: outcome.message,
    })
    .catch(() => {}); // notifications can be switched off; the popup still shows the outcome
  return outcome;
}

export async function handleMenuClick(info: {
  menuItemId: string | number;
  linkUrl?: string;
}): Promise<void> {
  if (info.menuItemId !== REDEEM_MENU_ID) return;
  if (!info.linkUrl) return;
  await redeemAndNotify(info.linkUrl);
}
