import { browser } from 'wxt/browser';
import { t } from '@/lib/i18n';
import type { PageRequest, PageResponseMap, Reply } from '@/lib/messages';

/** Sends a request from an extension page to the background and unwraps its {@link Reply}. */
export async function send<T extends PageRequest['type']>(
  request: Extract<PageRequest, { type: T }>,
): Promise<PageResponseMap[T]> {
  const reply = (await browser.runtime.sendMessage(request)) as Reply<PageResponseMap[T]> | undefined;
  if (!reply) throw new Error(t('noAnswer'));
  if (!reply.ok) throw new Error(reply.error);
  return reply.data;
}
