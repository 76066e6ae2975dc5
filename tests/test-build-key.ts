import { createHash } from 'node:crypto';

/**
 * The public key of the policy test build (`SHARELENS_TEST_KEY=1 wxt build`, wxt.config.ts): a manifest `key`
 * gives the unpacked extension a fixed id, so a browser policy can name it. Only this test build carries it:
 * the Chrome Web Store refuses a package with a `key`. The private key was thrown away; nothing is signed.
 */
export const TEST_BUILD_KEY =
  'MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA1kvMrLxgfUxQnsD7GJGxyge9Xz9thJhZjQ0jljjR5qTiAfEFOOeInsTfdewFzZu9aS9ZiZ4Y7C9JUSXEery4gNr3c593/xW4D4AzU/CbKW91iovDOqFJtLIGueX2DkNvFSkDvAnyuq8D99O/BR8syY2CHnhE14nCDYxbtQIG0Dzw9tgPjFmdIfD4TlViuQpYJCfRGGIELrRGUp2OTqBYe+az6Cr2bsWKsDhnIII7Y8wwxiQxnDQ1ZTmGMndLem6WfUo292Xvv69rb5v6Nj4MOKpRvLsA15rDVwvsllRJrDuB8ZFHLIuHPnQEevMe5Wp9VoG0Emp1KoApCOhtNaQjAwIDAQAB';

/** Chrome's id for an extension with this key: sha256 of the DER public key, 32 hex digits written a–p. */
export function extensionIdOf(base64Key: string): string {
  const digest = createHash('sha256').update(Buffer.from(base64Key, 'base64')).digest('hex');
  return [...digest.slice(0, 32)]
    .map((digit) => String.fromCharCode(97 + Number.parseInt(digit, 16)))
    .join('');
}
