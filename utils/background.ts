import { browser } from 'wxt/browser';
import type { PageRequest, Reply, ResponseMap } from '@/lib/messages';

/** Sends a request from an extension page to the background and unwraps its {@link Reply}. */
export async function send<T extends PageRequest['type']>(
  request: Extract<PageRequest, { type: T }>,
): Promise<ResponseMap[T]> {
  const reply = (await browser.runtime.sendMessage(request)) as Reply<ResponseMap[T]> | undefined;
  if (!reply) throw new Error('ShareLens did not answer. Reload the page and try again.');
  if (!reply.ok) throw new Error(reply.error);
  return reply.data;
}
