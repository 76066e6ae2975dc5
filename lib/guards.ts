/**
 * Checks of messages received where zod would weigh more than the code it guards: the content script (on every
 * page), the card (framed at every hover) and the popup. Each guard accepts exactly what its schema in
 * lib/messages.ts accepts (guards.test.ts).
 */

import { MAX_URL_LENGTH } from './links/candidate';
import type { BackgroundToContent, CardFrameMessage, FrameToCardMessage, PageLinksAnswer } from './messages';
import { MAX_PAGE_ANCHORS, PAGE_TEXT_LIMIT } from './page-links';

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const typeOf = (message: unknown) => (isRecord(message) ? message.type : undefined);
const isString = (value: unknown, max: number, min = 0): value is string =>
  typeof value === 'string' && value.length >= min && value.length <= max;

export function isBackgroundToContent(message: unknown): message is BackgroundToContent {
  return typeOf(message) === 'settings/changed';
}

export function isCardFrameMessage(message: unknown): message is CardFrameMessage {
  const type = typeOf(message);
  if (type === 'close' || type === 'leave') return true;
  return type === 'pin' && typeof (message as { pinned?: unknown }).pinned === 'boolean';
}

export function isFrameToCardMessage(message: unknown): message is FrameToCardMessage {
  const type = typeOf(message);
  if (type === 'hide') return true;
  return type === 'show' && isString((message as { url?: unknown }).url, MAX_URL_LENGTH, 1);
}

export function isPageLinksAnswer(answer: unknown): answer is PageLinksAnswer {
  if (!isRecord(answer) || !isString(answer.pageUrl, MAX_URL_LENGTH)) return false;
  const { anchors } = answer;
  return (
    Array.isArray(anchors) &&
    anchors.length <= MAX_PAGE_ANCHORS &&
    anchors.every(
      (anchor) =>
        isRecord(anchor) && isString(anchor.href, MAX_URL_LENGTH) && isString(anchor.text, PAGE_TEXT_LIMIT),
    )
  );
}
