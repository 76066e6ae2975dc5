import { browser } from 'wxt/browser';
import { t } from '@/lib/i18n';
import type { RedeemOutcome } from '@/lib/messages';
import { REDEEMABLE_MATCH_PATTERNS } from '@/lib/providers/info';
import { redeemLink } from './previews';

export const REDEEM_MENU_ID = 'sharelens-redeem';

/** Creates the "Redeem link" menu item, shown only on links to share-link hosts. */
export async function createMenus(): Promise<void> {
  await browser.contextMenus.removeAll();
  browser.contextMenus.create({
    id: REDEEM_MENU_ID,
    title: t('menuRedeem'),
    contexts: ['link'],
    targetUrlPatterns: [...REDEEMABLE_MATCH_PATTERNS],
  });
}

/** Redeems a link and tells the person how it went in a notification. */
export async function redeemAndNotify(url: string): Promise<RedeemOutcome> {
  const result = await redeemLink(url);
  const outcome: RedeemOutcome = result.ok
    ? { redeemed: true, message: t('redeemedMessage', result.value.name), item: result.value }
    : { redeemed: false, message: result.error.message };
  await browser.notifications
    .create({
      type: 'basic',
      iconUrl: browser.runtime.getURL('/icon/128.png'),
      title: outcome.redeemed ? t('redeemedTitle') : t('redeemFailedTitle'),
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
