import { Base64 } from 'js-base64';

/**
 * The Graph shares API takes a sharing URL as `u!` + unpadded base64url of its UTF-8 bytes
 * (reference/graph-shares.md §1.1 and the shares-get seed). Every `=` at the end is dropped and
 * every `+` and `/` is replaced — the bugs in the wild replace only the first one.
 */
export function encodeSharingUrl(url: string): string {
  // Native btoa rather than a library: the popup and the content script's bundle carry this function.
  let binary = '';
  for (const byte of new TextEncoder().encode(url)) binary += String.fromCharCode(byte);
  return `u!${btoa(binary).replace(/=+$/, '').replaceAll('+', '-').replaceAll('/', '_')}`;
}

export class SharingTokenError extends Error {
  override readonly name = 'SharingTokenError';
  constructor(
    message: string,
    readonly token: string,
  ) {
    super(message);
  }
}

const BASE64URL_BODY = /^[A-Za-z0-9_-]+$/;

/** Inverse of {@link encodeSharingUrl}. Throws {@link SharingTokenError} for anything it did not produce. */
export function decodeSharingToken(token: string): string {
  if (typeof token !== 'string' || !token.startsWith('u!')) {
    throw new SharingTokenError('A sharing token starts with "u!".', String(token));
  }
  const body = token.slice(2);
  // A token names a URL, so an empty body is no token. Unpadded base64 never leaves a single character in the
  // last group of four.
  if (!BASE64URL_BODY.test(body) || body.length % 4 === 1) {
    throw new SharingTokenError('A sharing token body is unpadded base64url.', token);
  }
  const bytes = Base64.toUint8Array(body);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new SharingTokenError('A sharing token does not hold UTF-8 text.', token);
  }
  // Leftover bits in the last character mean it was not produced by an encoder.
  if (encodeSharingUrl(text) !== token) {
    throw new SharingTokenError('A sharing token is not in canonical form.', token);
  }
  return text;
}
