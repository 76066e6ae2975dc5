/**
 * The content script's checks of the messages it receives, without zod (which would triple the script that
 * runs on every page). Each guard accepts exactly what its schema in lib/messages.ts accepts (guards.test.ts).
 */
import type { BackgroundToContent, CardFrameMessage, PageToContent } from '@/lib/messages';

const typeOf = (message: unknown) =>
  typeof message === 'object' && message !== null ? (message as { type?: unknown }).type : undefined;

export function isPageToContent(message: unknown): message is PageToContent {
  return typeOf(message) === 'page/links';
}

export function isBackgroundToContent(message: unknown): message is BackgroundToContent {
  return typeOf(message) === 'settings/changed';
}

export function isCardFrameMessage(message: unknown): message is CardFrameMessage {
  const type = typeOf(message);
  if (type === 'close') return true;
  if (type !== 'resize') return false;
  const { height } = message as { height?: unknown };
  return typeof height === 'number' && Number.isFinite(height) && height >= 0 && height <= 2000;
}
